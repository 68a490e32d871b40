import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { RunOrigin } from '../remote/runOrigin';
import { SyncFormat } from '../remote/syncFormat';
import { SyncStatus } from '../remote/SyncStatus';
import { RunColumns } from '../runs/runColumns';
import { RunsModel } from '../runs/runsModel';
import { IRunOrigin } from '../remote/remoteTypes';
import { FakeApi } from './fakeApi';
import { createModel, waitFor } from './modelHelpers';

const trans = nullTranslator.load('mlops-lab');

const ORIGIN: IRunOrigin = {
  remote: 'team',
  url: 'mlflow:http://127.0.0.1:5000',
  run_id: 'a1'.repeat(16),
  user: 'alice'
};

/**
 * Three runs made here and two pulled from the team's remote.
 */
function teamApi(): FakeApi {
  const api = new FakeApi(3);
  api.addRun('finished', { name: 'alice-sweep', origin: ORIGIN });
  api.addRun('finished', {
    name: 'bob-baseline',
    origin: { ...ORIGIN, run_id: 'b0'.repeat(16), user: 'bob' }
  });
  return api;
}

function names(model: RunsModel): string[] {
  const result: string[] = [];
  for (let i = 0; i < model.total; i++) {
    result.push(model.runAt(i)?.name ?? '?');
  }
  return result;
}

describe('Team scope', () => {
  let model: RunsModel | null = null;

  afterEach(() => {
    model?.dispose();
    model = null;
  });

  it('lists only the pulled runs, asking the server for scope=team', async () => {
    const api = teamApi();
    model = createModel(api);
    await model.start();
    expect(model.total).toBe(5);

    model.scope = 'team';
    await waitFor(() => model!.total === 2);
    expect(names(model)).toEqual(['bob-baseline', 'alice-sweep']);
    expect(api.listCalls[api.listCalls.length - 1].scope).toBe('team');
    expect(api.listCalls[api.listCalls.length - 1].notebook).toBeUndefined();
    expect(model.scopedNotebook).toBeNull();
    expect(model.columnScope).toBe('team');
    await waitFor(() => api.keysCalls.some(query => query.scope === 'team'));
  });

  it('keeps the notebook scope out of the team list, and back again', async () => {
    const api = teamApi();
    model = createModel(api);
    await model.start();
    model.notebook = 'train.ipynb';
    await waitFor(() => api.listCalls.some(q => q.notebook === 'train.ipynb'));

    model.scope = 'team';
    await waitFor(() => model!.total === 2);
    model.scope = 'notebook';
    await waitFor(() => model!.total === 5);
    const last = api.listCalls[api.listCalls.length - 1];
    expect(last.notebook).toBe('train.ipynb');
    expect(last.scope).toBeUndefined();
  });

  it('keeps the selection across scopes, so both kinds compare together', async () => {
    const api = teamApi();
    model = createModel(api);
    await model.start();
    model.scope = 'all';
    await waitFor(() => model!.total === 5);
    const local = names(model).indexOf('run-0');
    model.selectAt(local, 'replace');

    model.scope = 'team';
    await waitFor(() => model!.total === 2);
    model.selectAt(0, 'toggle');
    expect(model.selection.runs.map(run => run.name)).toEqual([
      'run-0',
      'bob-baseline'
    ]);
  });
});

describe('RunOrigin', () => {
  const local = { id: 'l', origin: null };
  const pulled = { id: 'p', origin: ORIGIN };

  it('tells pulled runs from local ones, older servers included', () => {
    expect(RunOrigin.isPulled(pulled)).toBe(true);
    expect(RunOrigin.isPulled(local)).toBe(false);
    expect(RunOrigin.isPulled({})).toBe(false);
  });

  it('finds the first pulled run among the targets of a command', () => {
    const runs = [local, pulled].map(run => ({
      ...new FakeApi(0).addRun(),
      ...run
    }));
    expect(RunOrigin.firstPulled(['l', 'p'], runs)?.id).toBe('p');
    expect(RunOrigin.firstPulled(['l'], runs)).toBeNull();
    expect(RunOrigin.firstPulled(['unknown'], runs)).toBeNull();
  });

  it('says who made a run and where it came from', () => {
    expect(RunOrigin.user(pulled, trans)).toBe('alice');
    expect(RunOrigin.user(local, trans)).toBe('');
    expect(RunOrigin.user({ origin: { ...ORIGIN, user: null } }, trans)).toBe(
      'unknown'
    );
    expect(RunOrigin.pulledFrom(ORIGIN, trans)).toBe(
      `Pulled from team (MLflow run ${'a1'.repeat(16)}) by alice`
    );
    expect(RunOrigin.pulledFrom({ ...ORIGIN, user: null }, trans)).toBe(
      `Pulled from team (MLflow run ${'a1'.repeat(16)})`
    );
    expect(RunOrigin.readOnlyReason(ORIGIN, trans)).toBe(
      'Read-only: pulled from team'
    );
    expect(RunOrigin.remoteText(ORIGIN)).toBe(
      'team (mlflow:http://127.0.0.1:5000)'
    );
  });
});

describe('RunColumns', () => {
  it('adds the By column after the name for team runs only', () => {
    const ids = (by: boolean) =>
      RunColumns.columns(['metrics.acc'], trans, { by }).map(c => c.id);
    expect(ids(true).slice(0, 3)).toEqual(['name', 'user', 'metrics.acc']);
    expect(ids(false)).not.toContain('user');
    const by = RunColumns.columns([], trans, { by: true })[1];
    expect(by.label).toBe('By');
    expect(by.sort).toBeNull();
  });
});

describe('SyncFormat', () => {
  it('is hidden when nothing waits', () => {
    expect(SyncFormat.isShown(null)).toBe(false);
    expect(
      SyncFormat.isShown({ pending: 0, failing: 0, last_error: null })
    ).toBe(false);
    expect(
      SyncFormat.isShown({ pending: 2, failing: 0, last_error: null })
    ).toBe(true);
  });

  it('counts the runs to push, and says why pushes fail', () => {
    const waiting = { pending: 3, failing: 0, last_error: null };
    expect(SyncFormat.label(waiting, trans)).toBe('⇅ 3 to push');
    const failing = {
      pending: 3,
      failing: 2,
      last_error: 'Connection refused by\nmlflow:http://127.0.0.1:5000'
    };
    expect(SyncFormat.isFailing(failing)).toBe(true);
    expect(SyncFormat.label(failing, trans)).toBe(
      '⇅ 3 to push · push failing: Connection refused by mlflow:http://127.0.0.1:5000'
    );
    expect(SyncFormat.title(failing, trans)).toContain(
      '2 failed at their last attempt: Connection refused by\nmlflow:'
    );
  });

  it('cuts a long error in the label, not in the tooltip', () => {
    const error = 'x'.repeat(200);
    const sync = { pending: 1, failing: 1, last_error: error };
    const label = SyncFormat.label(sync, trans);
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBeLessThan(120);
    expect(SyncFormat.title(sync, trans)).toContain(error);
  });
});

describe('SyncStatus', () => {
  it('follows the info poll: hidden, then the count, then the failure', async () => {
    const api = new FakeApi(1);
    const model = createModel(api);
    await model.start();
    const item = new SyncStatus({ model, onClick: () => undefined });
    Widget.attach(item, document.body);
    item.update();
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(item.isShown).toBe(false);
    expect(item.node.textContent).toBe('');

    api.sync = { pending: 3, failing: 1, last_error: 'HTTP 503' };
    await model.refresh();
    await waitFor(() => item.node.textContent !== '');
    const button = item.node.querySelector('button')!;
    expect(button.textContent).toBe('⇅ 3 to push · push failing: HTTP 503');
    expect(button.classList).toContain('jp-mod-failing');
    item.dispose();
    model.dispose();
  });
});
