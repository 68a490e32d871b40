import { KernelTracker } from '../tracking/kernelTracker';
import { KernelTracking } from '../tracking/kernelTracking';
import { ITrackingStatus } from '../tokens';
import { FakeKernel } from './fakeKernel';

const LOAD = KernelTracking.loadCode(['params']);

function createTracker(
  kernel: FakeKernel,
  enabled = true
): { tracker: KernelTracker; states: string[] } {
  const tracker = new KernelTracker({
    kernel,
    enabled,
    parameterCells: ['params']
  });
  const states: string[] = [];
  tracker.changed.connect((_, status: ITrackingStatus) => {
    states.push(status.state);
  });
  return { tracker, states };
}

describe('KernelTracker', () => {
  it('loads tracking into a Python kernel and shows its run', async () => {
    const kernel = new FakeKernel();
    const { tracker, states } = createTracker(kernel);
    expect(tracker.status.state).toBe('pending');

    await tracker.start('python');

    expect(kernel.codes).toEqual([LOAD]);
    expect(kernel.parameterCells).toEqual(['params']);
    expect(tracker.isLoaded).toBe(true);
    expect(tracker.status).toEqual({
      state: 'recording',
      runId: FakeKernel.RUN_ID,
      runName: 'capture #4',
      store: '/work/project/.mlops-lab',
      version: '0.1.0',
      message: '',
      stale: []
    });
    expect(states).toEqual(['recording']);
  });

  it('leaves a kernel of another language alone', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel);
    await tracker.start('R');
    expect(kernel.requests).toHaveLength(0);
    expect(tracker.status.state).toBe('unsupported');
    expect(tracker.status.message).toBe('R');
  });

  it('sends nothing when tracking is disabled', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel, false);
    await tracker.start('python');
    await tracker.refresh();
    expect(kernel.requests).toHaveLength(0);
    expect(tracker.status.state).toBe('disabled');
  });

  it('says when mlops_lab is not installed in the kernel', async () => {
    const kernel = new FakeKernel({ installed: false });
    const { tracker } = createTracker(kernel);
    await tracker.start('python');
    expect(tracker.status.state).toBe('missing');
    expect(tracker.isLoaded).toBe(false);

    // No status requests to a kernel that cannot answer them.
    await tracker.refresh();
    expect(kernel.requests).toHaveLength(1);
  });

  it('refreshes with an empty silent request once loaded', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel);
    await tracker.refresh();
    expect(kernel.requests).toHaveLength(0);

    await tracker.start('python');
    kernel.runName = 'renamed';
    await tracker.refresh();
    expect(kernel.codes).toEqual([LOAD, '']);
    expect(tracker.status.runName).toBe('renamed');
  });

  it('ends the run before a Run All only once tracking is loaded', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel);
    await tracker.beginRunAll();
    expect(kernel.requests).toHaveLength(0);

    await tracker.start('python');
    await tracker.beginRunAll();
    expect(kernel.codes).toEqual([LOAD, KernelTracking.RUN_ALL_CODE]);
    expect(kernel.runsBegun).toBe(1);
    expect(kernel.requests[1].silent).toBe(true);
  });

  it('follows the stale cells the kernel reports', async () => {
    const kernel = new FakeKernel();
    const { tracker, states } = createTracker(kernel);
    await tracker.start('python');
    const stale = {
      cell_id: 'train',
      execution_count: 3,
      name: 'z',
      kind: 'variable' as const,
      changed_by: { cell_id: 'prep', execution_count: 5 },
      upstream: false
    };
    kernel.stale = [stale];
    await tracker.refresh();
    expect(tracker.status.stale).toEqual([stale]);
    kernel.stale = [];
    await tracker.refresh();
    expect(tracker.status.stale).toEqual([]);
    expect(states).toEqual(['recording', 'recording', 'recording']);
  });

  it('pauses and resumes recording with %mlops off and on', async () => {
    const kernel = new FakeKernel();
    const { tracker, states } = createTracker(kernel);
    await tracker.start('python');

    await tracker.toggle();
    expect(tracker.status.state).toBe('paused');
    expect(tracker.status.runId).toBe(FakeKernel.RUN_ID);

    await tracker.toggle();
    expect(tracker.status.state).toBe('recording');
    expect(kernel.codes).toEqual([LOAD, '%mlops off', '%mlops on']);
    expect(states).toEqual(['recording', 'paused', 'recording']);
  });

  it('loads tracking on a toggle when the setting left it off', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel, false);
    await tracker.start('python');
    await tracker.toggle();
    expect(kernel.codes).toEqual([LOAD]);
    expect(tracker.status.state).toBe('recording');
  });

  it('throws the kernel message when a switch fails, and shows the status', async () => {
    const kernel = new FakeKernel({ hasMagics: false });
    const { tracker } = createTracker(kernel);
    await tracker.start('python');

    await expect(tracker.toggle()).rejects.toThrow(
      'UsageError: Line magic function `%mlops` not found.'
    );
    expect(kernel.codes).toEqual([LOAD, '%mlops off', '']);
    expect(tracker.status.state).toBe('recording');
  });

  it('follows the setting: paused when turned off, loaded when turned on', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel, false);
    await tracker.start('python');
    expect(tracker.status.state).toBe('disabled');

    await tracker.setEnabled(true);
    expect(tracker.status.state).toBe('recording');

    await tracker.setEnabled(false);
    expect(tracker.status.state).toBe('paused');
    expect(kernel.codes).toEqual([LOAD, '%mlops off']);
  });

  it('resumes what the setting paused, and only that', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel);
    await tracker.start('python');

    await tracker.setEnabled(false);
    await tracker.setEnabled(true);
    expect(tracker.status.state).toBe('recording');

    // Paused by the user: the setting does not resume it.
    await tracker.toggle();
    await tracker.setEnabled(false);
    await tracker.setEnabled(true);
    expect(tracker.status.state).toBe('paused');
    expect(kernel.codes).toEqual([
      LOAD,
      '%mlops off',
      '%mlops on',
      '%mlops off'
    ]);
  });

  it('names the parameters cells again only when they change', async () => {
    const kernel = new FakeKernel();
    const { tracker } = createTracker(kernel);
    await tracker.declareParameterCells(['other']);
    // Not loaded yet: the load names them.
    expect(kernel.requests).toHaveLength(0);

    await tracker.start('python');
    expect(kernel.parameterCells).toEqual(['other']);
    await tracker.declareParameterCells(['other']);
    expect(kernel.requests).toHaveLength(1);

    await tracker.declareParameterCells(['other', 'params']);
    expect(kernel.codes[1]).toBe(
      KernelTracking.declareCode(['other', 'params'])
    );
    expect(kernel.parameterCells).toEqual(['other', 'params']);
  });

  it('drops an answer from before a restart, and loads again', async () => {
    const kernel = new FakeKernel();
    const { tracker, states } = createTracker(kernel);
    kernel.holding = true;
    const starting = tracker.start('python');

    tracker.restart();
    kernel.release();
    await starting;
    expect(tracker.status.state).toBe('pending');
    expect(tracker.isLoaded).toBe(false);

    await tracker.start('python');
    expect(tracker.status.state).toBe('recording');
    expect(states).toEqual(['recording']);
  });

  it('sends the load again when the kernel skipped it', async () => {
    const kernel = new FakeKernel();
    kernel.aborting = 1;
    const { tracker } = createTracker(kernel);
    await tracker.start('python');
    expect(kernel.codes).toEqual([LOAD, LOAD]);
    expect(tracker.status.state).toBe('recording');
  });

  it('keeps its status when the kernel skips a refresh', async () => {
    const kernel = new FakeKernel();
    const { tracker, states } = createTracker(kernel);
    await tracker.start('python');
    kernel.aborting = 1;
    await tracker.refresh();
    expect(tracker.status.state).toBe('recording');
    expect(states).toEqual(['recording']);
  });

  it('turns a cancelled request into an error status, never an exception', async () => {
    const kernel = new FakeKernel();
    kernel.requestExecute = () => {
      throw new Error('Kernel is dead');
    };
    const { tracker } = createTracker(kernel);
    await tracker.start('python');
    expect(tracker.status).toEqual(
      expect.objectContaining({ state: 'error', message: 'Kernel is dead' })
    );
  });

  it('sends nothing after it is disposed', async () => {
    const kernel = new FakeKernel();
    const { tracker, states } = createTracker(kernel);
    kernel.holding = true;
    const starting = tracker.start('python');
    tracker.dispose();
    kernel.release();
    await starting;
    expect(states).toEqual([]);
  });
});
