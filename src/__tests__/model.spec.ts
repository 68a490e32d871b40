import { ServerConnection } from '@jupyterlab/services';

import { RunsModel } from '../runs/runsModel';
import { FakeApi } from './fakeApi';
import { createModel, waitFor } from './modelHelpers';

describe('RunsModel', () => {
  let model: RunsModel | null = null;

  afterEach(() => {
    model?.dispose();
    model = null;
  });

  describe('version handshake', () => {
    it('is compatible when the server has the frontend version', async () => {
      model = createModel(new FakeApi(2));
      expect(model.compatibility.status).toBe('checking');
      await model.start();
      expect(model.compatibility.status).toBe('compatible');
      expect(model.compatibility.serverVersion).toBe('0.1.0');
      expect(model.compatibility.message).toBe('');
    });

    it('names both versions and the fix on a mismatch', async () => {
      const api = new FakeApi(2, '0.2.0');
      model = createModel(api);
      await model.start();
      expect(model.compatibility.status).toBe('mismatch');
      expect(model.compatibility.message).toBe(
        'Version mismatch: frontend 0.1.0, server 0.2.0. ' +
          'Run pip install --upgrade mlops-lab and restart JupyterLab.'
      );
      expect(api.listCalls).toHaveLength(0);
      expect(model.isLoaded).toBe(false);
    });

    it('says how to install the server extension on a 404', async () => {
      const api = new FakeApi(2);
      api.infoError = new ServerConnection.ResponseError(
        new Response('{"message": "Not Found"}', { status: 404 }),
        'Not Found'
      );
      model = createModel(api);
      await model.start();
      expect(model.compatibility.status).toBe('missing');
      expect(model.compatibility.message).toContain(
        'pip install mlops-lab && jupyter server extension enable mlops_lab'
      );
      expect(model.compatibility.message).toContain('restart JupyterLab');
    });

    it("passes on the server's message for other error answers", async () => {
      const api = new FakeApi(2);
      api.infoError = new ServerConnection.ResponseError(
        new Response('', { status: 503 }),
        'The store at /data/.mlops-lab cannot be opened: it is read-only.'
      );
      model = createModel(api);
      await model.start();
      expect(model.compatibility.status).toBe('unreachable');
      expect(model.compatibility.message).toBe(
        'The mlops-lab server extension reported a problem: ' +
          'The store at /data/.mlops-lab cannot be opened: it is read-only.'
      );
    });

    it('reports a server that cannot be reached', async () => {
      const api = new FakeApi(2);
      api.infoError = new Error('connection refused');
      model = createModel(api);
      await model.start();
      expect(model.compatibility.status).toBe('unreachable');
      expect(model.compatibility.message).toContain('connection refused');
    });

    it('recovers when the server answers again', async () => {
      const api = new FakeApi(2);
      api.infoError = new Error('connection refused');
      model = createModel(api);
      await model.start();
      api.infoError = null;
      await model.refresh();
      expect(model.compatibility.status).toBe('compatible');
      expect(model.total).toBe(2);
    });

    it('matches npm prereleases with their Python spelling', async () => {
      model = new RunsModel({
        api: new FakeApi(0, '0.2.0a1'),
        frontendVersion: '0.2.0-alpha.1',
        standby: 'never'
      });
      await model.start();
      expect(model.compatibility.status).toBe('compatible');
    });
  });

  describe('paging', () => {
    it('loads the first page at start-up', async () => {
      const api = new FakeApi(1000);
      model = createModel(api);
      await model.start();
      expect(model.total).toBe(1000);
      expect(model.isLoaded).toBe(true);
      expect(api.listCalls).toEqual([
        { sort: 'started_at', order: 'desc', offset: 0, limit: 100 }
      ]);
      expect(model.runAt(0)?.name).toBe('run-999');
      expect(model.runAt(99)?.name).toBe('run-900');
      expect(model.runAt(100)).toBeUndefined();
    });

    it('fetches only the pages of the shown rows, once', async () => {
      const api = new FakeApi(1000);
      model = createModel(api);
      await model.start();
      await Promise.all([model.showRange(450, 520), model.showRange(450, 520)]);
      expect(api.requestedOffsets).toEqual([0, 400, 500]);
      expect(model.runAt(450)?.name).toBe('run-549');
      expect(model.runAt(520)?.name).toBe('run-479');
      expect(model.runAt(150)).toBeUndefined();

      await model.showRange(0, 30);
      expect(api.requestedOffsets).toEqual([0, 400, 500]);
    });

    it('does not ask for pages past the end', async () => {
      const api = new FakeApi(150);
      model = createModel(api);
      await model.start();
      await model.showRange(90, 400);
      expect(api.requestedOffsets).toEqual([0, 100]);
    });

    it('reloads with the new sort', async () => {
      const api = new FakeApi(300);
      model = createModel(api);
      await model.start();
      await model.showRange(250, 260);
      const changed = jest.fn();
      model.changed.connect(changed);
      model.sort = { key: 'started_at', order: 'asc' };
      await waitFor(() => model?.runAt(0)?.name === 'run-0');
      expect(changed).toHaveBeenCalled();
      expect(api.listCalls[api.listCalls.length - 1]).toEqual({
        sort: 'started_at',
        order: 'asc',
        offset: 0,
        limit: 100
      });
    });
    it('starts a new query from the top, announcing it at once', async () => {
      const api = new FakeApi(300);
      model = createModel(api);
      await model.start();
      await model.showRange(250, 260);
      api.listCalls = [];
      const changed = jest.fn();
      model.changed.connect(changed);
      model.filter = 'run';
      expect(changed).toHaveBeenCalledTimes(1);
      await waitFor(() => changed.mock.calls.length === 2);
      // The ten shown rows moved to the top: only the first page is asked.
      expect(api.requestedOffsets).toEqual([0]);
      expect(api.listCalls[0].filter).toBe('run');
    });

    it('announces a setting that asks nothing new, without a request', async () => {
      const api = new FakeApi(10);
      model = createModel(api);
      await model.start();
      api.listCalls = [];
      const changed = jest.fn();
      model.changed.connect(changed);
      model.scope = 'all';
      model.notebook = 'train.ipynb';
      expect(changed).toHaveBeenCalledTimes(2);
      await model.refresh();
      expect(api.listCalls).toEqual([]);
    });
  });

  describe('refresh', () => {
    it('does not refetch runs while the revision stays', async () => {
      const api = new FakeApi(10);
      model = createModel(api);
      await model.start();
      await model.refresh();
      await model.refresh();
      expect(api.listCalls).toHaveLength(1);
    });

    it('drops the cache and refetches the shown pages on a new revision', async () => {
      const api = new FakeApi(1000);
      model = createModel(api);
      await model.start();
      await model.showRange(0, 20);
      await model.showRange(700, 720);
      expect(api.requestedOffsets).toEqual([0, 700]);
      expect(model.runAt(0)?.name).toBe('run-999');

      api.addRun('running');
      api.listCalls = [];
      await model.refresh();

      expect(api.requestedOffsets).toEqual([700]);
      expect(model.total).toBe(1001);
      expect(model.runAt(700)?.name).toBe('run-300');
      expect(model.runAt(0)).toBeUndefined();

      await model.showRange(0, 20);
      expect(model.runAt(0)?.name).toBe('run-1000');
      expect(model.runAt(0)?.status).toBe('running');
      expect(model.hasRunningRuns).toBe(true);
    });

    it('refreshes by itself when the store changes', async () => {
      const api = new FakeApi(3);
      model = createModel(api, 0.02);
      await model.start();
      expect(model.total).toBe(3);
      api.addRun();
      await waitFor(() => model?.total === 4);
      expect(model.runAt(0)?.name).toBe('run-3');
    });

    it('reports a failed page request and clears it on success', async () => {
      const api = new FakeApi(300);
      model = createModel(api);
      await model.start();
      const listRuns = api.listRuns.bind(api);
      api.listRuns = () => Promise.reject(new Error('database is locked'));
      await model.showRange(150, 160);
      expect(model.error).toBe('database is locked');
      api.listRuns = listRuns;
      await model.reload();
      expect(model.error).toBeNull();
      expect(model.runAt(150)?.name).toBe('run-149');
    });
  });
});
