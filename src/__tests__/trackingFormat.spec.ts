import { TrackingFormat } from '../tracking/trackingFormat';
import { KernelTracker } from '../tracking/kernelTracker';
import { ITrackingStatus, TrackingState } from '../tokens';

const RUN_ID = '0123456789abcdef0123456789abcdef';

function status(
  state: TrackingState,
  fields: Partial<ITrackingStatus> = {}
): ITrackingStatus {
  return { ...KernelTracker.INITIAL_STATUS, state, ...fields };
}

const recording = status('recording', {
  runId: RUN_ID,
  runName: 'train #4',
  store: '/work/project/.mlops-lab',
  version: '0.1.0'
});

describe('TrackingFormat', () => {
  it('shows the run being recorded', () => {
    expect(TrackingFormat.label(recording)).toBe('train #4');
    expect(TrackingFormat.title(recording)).toBe(
      `mlops-lab is recording run train #4 (${RUN_ID}) into ` +
        '/work/project/.mlops-lab. Click to pause tracking.'
    );
  });

  it('says there is no run yet before the first cell', () => {
    const waiting = { ...recording, runId: null, runName: null };
    expect(TrackingFormat.label(waiting)).toBe('no run yet');
    expect(TrackingFormat.title(waiting)).toBe(
      'mlops-lab records into /work/project/.mlops-lab; a run begins at ' +
        'the next executed cell. Click to pause tracking.'
    );
  });

  it('says what changed in a stale cell, one line per input', () => {
    const entry = {
      cell_id: 'train',
      execution_count: 3,
      name: 'z',
      kind: 'variable' as const,
      changed_by: { cell_id: 'prep', execution_count: 5 },
      upstream: false
    };
    const upstream = {
      ...entry,
      name: 'x',
      changed_by: { cell_id: 'mid', execution_count: null },
      upstream: true
    };
    expect(TrackingFormat.staleTitle([entry])).toBe('`z` changed by [5]');
    expect(TrackingFormat.staleTitle([entry, upstream])).toBe(
      '`z` changed by [5]\n`x` comes from cell [ ], which is stale'
    );
    const byCell = TrackingFormat.staleByCell([
      entry,
      upstream,
      { ...entry, cell_id: 'eval' }
    ]);
    expect([...byCell.keys()]).toEqual(['train', 'eval']);
    expect(byCell.get('train')).toEqual([entry, upstream]);
  });

  it('falls back on the start of the run id for a run without a name', () => {
    expect(TrackingFormat.label({ ...recording, runName: '' })).toBe(
      '01234567'
    );
  });

  it('says tracking is off when paused or turned off in the settings', () => {
    const paused = { ...recording, state: 'paused' as const };
    expect(TrackingFormat.label(paused)).toBe('tracking off');
    expect(TrackingFormat.title(paused)).toBe(
      `mlops-lab tracking is off; run train #4 (${RUN_ID}) is paused. ` +
        'Click to record into it again.'
    );
    expect(TrackingFormat.label(status('disabled'))).toBe('tracking off');
    expect(TrackingFormat.title(status('disabled'))).toBe(
      'mlops-lab tracking is turned off in the settings. Click to track this notebook.'
    );
  });

  it('says a notebook is not tracked, and why', () => {
    expect(TrackingFormat.label(status('missing'))).toBe('not tracked');
    expect(TrackingFormat.title(status('missing'))).toBe(
      "mlops-lab is not installed in this kernel's environment, so the " +
        'notebook is not tracked. Run %pip install mlops-lab and restart the ' +
        'kernel.'
    );
    const r = status('unsupported', { message: 'R' });
    expect(TrackingFormat.label(r)).toBe('not tracked');
    expect(TrackingFormat.title(r)).toBe(
      'mlops-lab tracks Python kernels; this kernel runs R.'
    );
    expect(TrackingFormat.label(status('noKernel'))).toBe('not tracked');
  });

  it('says how to install mlops-lab in a toast that shows it whole', () => {
    expect(TrackingFormat.missingNotice().length).toBeLessThanOrEqual(140);
  });

  it("passes on the kernel's error", () => {
    const error = status('error', { message: 'StoreError: read-only' });
    expect(TrackingFormat.label(error)).toBe('tracking error');
    expect(TrackingFormat.title(error)).toBe(
      'mlops-lab could not track this notebook: StoreError: read-only. Click to try again.'
    );
  });

  it('toggles only what a click can change', () => {
    const states: TrackingState[] = [
      'pending',
      'recording',
      'paused',
      'disabled',
      'missing',
      'unsupported',
      'noKernel',
      'error'
    ];
    expect(
      states.filter(state => TrackingFormat.canToggle(status(state)))
    ).toEqual(['recording', 'paused', 'disabled', 'error']);
  });
});
