import { RunModel } from '../runs/runModel';
import { FakeApi } from './fakeApi';

describe('RunModel', () => {
  it('loads the run and marks its cells against the notebook order', async () => {
    const api = new FakeApi();
    const run = api.addRun();
    const cell = (seq: number, id: string) => ({
      seq,
      execution_count: seq,
      cell_id: id,
      code: id,
      started_at: run.started_at,
      duration_ms: 1,
      status: 'ok' as const,
      error: null,
      variables: [],
      files: []
    });
    api.details.set(run.id, { cells: [cell(1, 'b'), cell(2, 'a')] });
    const read = jest.fn(async () => ['a', 'b']);
    const model = new RunModel({ runId: run.id, api, readNotebookOrder: read });
    const changed = jest.fn();
    model.changed.connect(changed);

    await model.load();

    expect(read).toHaveBeenCalledWith('train.ipynb');
    expect(model.detail?.name).toBe('run-0');
    expect(model.usesNotebookOrder).toBe(true);
    expect(model.cells.map(item => item.outOfOrder)).toEqual([false, true]);
    expect(model.error).toBeNull();
    expect(changed).toHaveBeenCalled();

    // The notebook is read once; later loads reuse its order.
    await model.load();
    expect(read).toHaveBeenCalledTimes(1);
    model.dispose();
  });

  it('loads every metric point on demand, and the latest again', async () => {
    const api = new FakeApi();
    const run = api.addRun();
    const model = new RunModel({ runId: run.id, api });
    await model.load();
    expect(model.history).toBe('latest');

    await model.setHistory('all');
    expect(model.history).toBe('all');
    await model.setHistory('all');
    await model.setHistory('latest');
    expect(api.historyCalls).toEqual(['latest', 'all', 'latest']);
    model.dispose();
  });

  it("keeps the server's message when the run is unknown", async () => {
    const model = new RunModel({ runId: 'feedbeef', api: new FakeApi() });
    await model.load();
    expect(model.detail).toBeNull();
    expect(model.error).toBe('No run feedbeef');
    expect(model.isLoading).toBe(false);
    model.dispose();
  });
});
