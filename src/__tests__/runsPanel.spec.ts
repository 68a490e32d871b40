import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

import { RunsModel } from '../runs/runsModel';
import { ExperimentsPanel, RunsPanel } from '../runs/runsPanel';
import { FakeApi } from './fakeApi';
import { waitFor } from './modelHelpers';

/**
 * Let React commit what the widget asked it to render.
 */
function rendered(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 50));
}

async function showPanel(api: FakeApi): Promise<RunsPanel> {
  const model = new RunsModel({
    api,
    frontendVersion: '0.1.0',
    refreshInterval: 3600,
    standby: 'never'
  });
  await model.start();
  const panel = new RunsPanel({ model });
  Widget.attach(panel, document.body);
  panel.update();
  await rendered();
  return panel;
}

describe('RunsPanel', () => {
  let panel: RunsPanel | null = null;

  afterEach(() => {
    panel?.model.dispose();
    panel?.dispose();
    panel = null;
  });

  it('is the Experiments panel', async () => {
    panel = await showPanel(new FakeApi(0));
    expect(panel.title.label).toBe('Runs');
    expect(panel.node.querySelector('h2')?.textContent).toBe('Experiments');
  });

  it('holds the runs, then the sections other plugins add', async () => {
    panel = await showPanel(new FakeApi(0));
    const experiments = new ExperimentsPanel({ model: panel.model });
    const section = new Widget();
    experiments.addSection(section);
    expect(experiments.id).toBe('mlops-lab-runs-panel');
    expect(experiments.title.caption).toBe('Experiments');
    expect(experiments.widgets).toEqual([experiments.runs, section]);
    experiments.dispose();
  });

  it('says how to record a first run when the store is empty', async () => {
    panel = await showPanel(new FakeApi(0));
    expect(panel.node.textContent).toContain(
      'No runs yet. Run a notebook with %load_ext mlops_lab'
    );
    expect(panel.node.textContent).toContain('0 runs');
  });

  it('shows the run count of a store with runs', async () => {
    panel = await showPanel(new FakeApi(3));
    expect(panel.node.textContent).toContain('3 runs');
    expect(panel.node.textContent).not.toContain('No runs yet');
  });

  it('shows what to run when the server extension is missing', async () => {
    const api = new FakeApi(3);
    api.infoError = new ServerConnection.ResponseError(
      new Response('', { status: 404 }),
      'Not Found'
    );
    panel = await showPanel(api);
    const alert = panel.node.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(
      'pip install mlops-lab && jupyter server extension enable mlops_lab'
    );
    expect(panel.node.querySelector('[role="list"]')).toBeNull();
  });

  it("shows the server's message under the filter box", async () => {
    panel = await showPanel(new FakeApi(3));
    panel.model.filter = 'accuracy>';
    await waitFor(() => panel?.model.filterError !== null);
    panel.update();
    await rendered();
    const input = panel.node.querySelector('input[type="search"]');
    expect(input?.getAttribute('aria-invalid')).toBe('true');
    expect(panel.node.querySelector('[role="alert"]')?.textContent).toBe(
      "Filter term 'accuracy>' lacks a value after >."
    );
  });

  it('offers to compare once two runs are selected', async () => {
    const api = new FakeApi(3);
    panel = await showPanel(api);
    const compareButton = () =>
      Array.from(panel!.node.querySelectorAll('button')).find(button =>
        button.textContent?.startsWith('Compare')
      );
    panel.model.selectAt(0, 'replace');
    await rendered();
    expect(compareButton()).toBeUndefined();
    expect(panel.node.textContent).toContain('1 selected');
    panel.model.selectAt(2, 'toggle');
    await rendered();
    expect(compareButton()?.textContent).toBe('Compare (2)');
  });
});
