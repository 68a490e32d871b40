import { RunsModel } from '../runs/runsModel';
import { FakeApi } from './fakeApi';
import { createModel, waitFor } from './modelHelpers';

describe('RunsModel queries', () => {
  let model: RunsModel | null = null;

  afterEach(() => {
    model?.dispose();
    model = null;
  });

  /**
   * Runs of two notebooks: train.ipynb (lr 0.1, 0.2, 0.3 with accuracy
   * 0.7, 0.9, 0.8) and eval.ipynb (one run without metrics), newest first.
   */
  function twoNotebooks(): FakeApi {
    const api = new FakeApi();
    [
      [0.1, 0.7],
      [0.2, 0.9],
      [0.3, 0.8]
    ].forEach(([lr, accuracy]) =>
      api.addRun('finished', { params: { lr }, metrics: { accuracy } })
    );
    api.addRun('finished', {
      notebook: 'eval.ipynb',
      experiment: 'eval.ipynb',
      params: { split: 'test' },
      metrics: {}
    });
    api.listCalls = [];
    return api;
  }

  function names(runs: RunsModel): (string | undefined)[] {
    return Array.from({ length: runs.total }, (_, i) => runs.runAt(i)?.name);
  }

  describe('notebook scope', () => {
    it('lists the runs of the notebook in focus, or all without one', async () => {
      const api = twoNotebooks();
      model = createModel(api);
      await model.start();
      expect(model.scope).toBe('notebook');
      expect(model.scopedNotebook).toBeNull();
      expect(model.total).toBe(4);

      model.notebook = 'train.ipynb';
      await waitFor(() => model?.total === 3);
      expect(api.listCalls[api.listCalls.length - 1].notebook).toBe(
        'train.ipynb'
      );
      expect(names(model)).toEqual(['run-2', 'run-1', 'run-0']);
    });

    it('switches to all experiments and back', async () => {
      const api = twoNotebooks();
      model = createModel(api);
      model.notebook = 'eval.ipynb';
      await model.start();
      expect(names(model)).toEqual(['run-3']);

      model.scope = 'all';
      expect(model.scopedNotebook).toBeNull();
      await waitFor(() => model?.total === 4);
      expect(api.listCalls[api.listCalls.length - 1].notebook).toBeUndefined();

      // Another notebook in focus changes nothing while all are listed.
      const calls = api.listCalls.length;
      model.notebook = 'train.ipynb';
      await model.refresh();
      expect(api.listCalls).toHaveLength(calls);

      model.scope = 'notebook';
      await waitFor(() => model?.total === 3);
    });

    it('offers the param and metric names of the scope as columns', async () => {
      const api = twoNotebooks();
      model = createModel(api);
      await model.start();
      await waitFor(() => model?.keys.params.length === 2);
      expect(model.keys).toEqual({
        params: ['lr', 'split'],
        metrics: ['accuracy'],
        tags: []
      });

      model.notebook = 'eval.ipynb';
      await waitFor(() => model?.keys.params.length === 1);
      expect(model.keys.params).toEqual(['split']);
      expect(model.keys.metrics).toEqual([]);
      expect(api.keysCalls[api.keysCalls.length - 1]).toEqual({
        notebook: 'eval.ipynb'
      });
    });

    it('asks for the names again only when the scope or the store changed', async () => {
      const api = twoNotebooks();
      model = createModel(api);
      await model.start();
      await waitFor(() => api.keysCalls.length === 1);
      model.sort = { key: 'metrics.accuracy', order: 'desc' };
      model.filter = 'lr>0';
      await waitFor(() => model?.total === 3);
      expect(api.keysCalls).toHaveLength(1);

      api.addRun();
      await model.refresh();
      await waitFor(() => api.keysCalls.length === 2);
    });
  });

  describe('filter', () => {
    it('sends the filter to the server and lists what matches', async () => {
      const api = twoNotebooks();
      model = createModel(api);
      await model.start();
      model.filter = '  accuracy>=0.8  ';
      expect(model.filter).toBe('accuracy>=0.8');
      await waitFor(() => model?.total === 2);
      expect(api.listCalls[api.listCalls.length - 1].filter).toBe(
        'accuracy>=0.8'
      );
      expect(names(model)).toEqual(['run-2', 'run-1']);

      model.filter = '';
      await waitFor(() => model?.total === 4);
      expect(api.listCalls[api.listCalls.length - 1].filter).toBeUndefined();
    });

    it("shows the server's message when it refuses the filter", async () => {
      const api = twoNotebooks();
      model = createModel(api);
      await model.start();
      model.filter = 'accuracy>';
      await waitFor(() => model?.filterError !== null);
      expect(model.filterError).toBe(
        "Filter term 'accuracy>' lacks a value after >."
      );
      expect(model.error).toBeNull();
      expect(model.total).toBe(0);

      // The refusal is not asked again until the store changes.
      const calls = api.listCalls.length;
      await model.refresh();
      expect(api.listCalls).toHaveLength(calls);

      model.filter = 'accuracy>0.85';
      await waitFor(() => model?.total === 1);
      expect(model.filterError).toBeNull();
    });
  });

  describe('sort', () => {
    it('sorts by a metric on the server, runs lacking it last', async () => {
      const api = twoNotebooks();
      model = createModel(api);
      await model.start();
      model.sort = { key: 'metrics.accuracy', order: 'desc' };
      await waitFor(() => model?.runAt(0)?.name === 'run-1');
      expect(api.listCalls[api.listCalls.length - 1]).toMatchObject({
        sort: 'metrics.accuracy',
        order: 'desc',
        offset: 0
      });
      expect(names(model)).toEqual(['run-1', 'run-2', 'run-0', 'run-3']);

      model.sort = { key: 'params.lr', order: 'asc' };
      await waitFor(() => model?.runAt(0)?.name === 'run-0');
      expect(names(model)).toEqual(['run-0', 'run-1', 'run-2', 'run-3']);
    });
  });

  describe('columns', () => {
    it('announces a new choice of columns, and only a new one', async () => {
      model = createModel(twoNotebooks());
      const changed = jest.fn();
      model.changed.connect(changed);
      model.columns = ['params.lr', 'metrics.accuracy'];
      model.columns = ['params.lr', 'metrics.accuracy'];
      expect(changed).toHaveBeenCalledTimes(1);
      expect(model.columns).toEqual(['params.lr', 'metrics.accuracy']);
    });
  });

  describe('selection', () => {
    async function started(): Promise<RunsModel> {
      const runs = createModel(new FakeApi(10));
      await runs.start();
      return runs;
    }

    it('selects one row on a click, toggles with ctrl, extends with shift', async () => {
      model = await started();
      model.selectAt(1, 'replace');
      expect(model.selection.ids).toEqual([model.runAt(1)?.id]);

      model.selectAt(3, 'toggle');
      expect(model.selection.size).toBe(2);
      model.selectAt(3, 'toggle');
      expect(model.selection.ids).toEqual([model.runAt(1)?.id]);

      model.selectAt(2, 'replace');
      model.selectAt(5, 'extend');
      expect(model.selection.runs.map(run => run.name)).toEqual([
        'run-7',
        'run-6',
        'run-5',
        'run-4'
      ]);
      // A second shift-click redraws the range from the same anchor.
      model.selectAt(0, 'extend');
      expect(model.selection.runs.map(run => run.name)).toEqual([
        'run-9',
        'run-8',
        'run-7'
      ]);

      model.selectAt(4, 'replace');
      expect(model.selection.runs.map(run => run.name)).toEqual(['run-5']);
    });

    it('keeps the selected runs across a new sort, and drops deleted ones', async () => {
      model = await started();
      model.selectAt(0, 'replace');
      model.selectAt(9, 'toggle');
      const ids = [...model.selection.ids];
      model.sort = { key: 'started_at', order: 'asc' };
      await waitFor(() => model?.runAt(0)?.name === 'run-0');
      expect(model.selection.ids).toEqual(ids);
      // The anchor was a position in the old order: shift-click selects one.
      model.selectAt(2, 'extend');
      expect(model.selection.runs.map(run => run.name)).toEqual(['run-2']);

      model.selection.remove([model.selection.ids[0]]);
      expect(model.selection.size).toBe(0);
    });

    it('announces selection changes as model changes', async () => {
      model = await started();
      const changed = jest.fn();
      model.changed.connect(changed);
      model.selectAt(0, 'replace');
      expect(changed).toHaveBeenCalledTimes(1);
      model.selection.clear();
      expect(changed).toHaveBeenCalledTimes(2);
    });
  });
});
