import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { setSource } from './notebookFixture';
import { screenshotPath } from './screenshots';
import { changeStore, mlopsLab } from './store';

/*
 * Runs as a data scientist means them, and exact lineage: each "Run All"
 * begins a run of its own; the lineage of a model pushed from a run shows
 * only the cells it depends on; a cell whose input changed is marked stale
 * until it runs again.
 */

const NOTEBOOK = 'lineage-demo.ipynb';
const MODEL = 'lineage-demo';

/**
 * The notebook's code cells: `noise` is unrelated to the model, and `plot`
 * reads what `noise` writes.
 */
const CELLS: [string, string][] = [
  [
    'imports',
    'import random\nfrom sklearn.linear_model import LogisticRegression'
  ],
  ['params', 'C = 1.0'],
  ['data', 'X = [[0, 0], [1, 1], [2, 2], [3, 3]]\ny = [0, 0, 1, 1]'],
  ['noise', 'z = random.random()'],
  ['train', 'model = LogisticRegression(C=C).fit(X, y)'],
  ['push', `%mlops push-model model --name ${MODEL}`],
  ['plot', 'w = z * 2']
];

function writeNotebook(): string {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: CELLS.map(([id, source]) => ({
      id,
      cell_type: 'code',
      source,
      metadata: id === 'params' ? { tags: ['parameters'] } : {},
      outputs: [],
      execution_count: null
    }))
  };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lab-'));
  const file = path.join(folder, NOTEBOOK);
  fs.writeFileSync(file, JSON.stringify(notebook));
  return file;
}

interface IRunJson {
  id: string;
  notebook: string | null;
  started_at: string;
  continues: { run: string; seq: number } | null;
}

/**
 * This notebook's runs, oldest first, through the CLI.
 */
function notebookRuns(): IRunJson[] {
  const runs: IRunJson[] = JSON.parse(mlopsLab('runs', '--json'));
  return runs
    .filter(run => run.notebook?.endsWith(NOTEBOOK))
    .sort((a, b) => a.started_at.localeCompare(b.started_at));
}

function versionCount(name: string): number {
  const models: { name: string; version_count: number }[] = JSON.parse(
    mlopsLab('models', 'list', '--json')
  );
  return models.find(model => model.name === name)?.version_count ?? 0;
}

test.afterAll(() => {
  changeStore('forget', NOTEBOOK);
});

test.describe('Runs and exact lineage', () => {
  // Two Run Alls that train and push, and the lineage view, on a shared machine.
  test.setTimeout(240000);

  test('each Run All is a run; the lineage holds only the contributing cells; stale cells are marked', async ({
    page,
    tmpPath
  }, testInfo) => {
    const pushedBefore = versionCount(MODEL);
    await page.contents.uploadFile(writeNotebook(), `${tmpPath}/${NOTEBOOK}`);
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);

    // Tracking is loaded, but a run begins only at the first executed cell.
    const statusBar = page.locator('#jp-main-statusbar');
    await expect(statusBar.getByText('no run yet')).toBeVisible({
      timeout: 30000
    });

    const pushed = page
      .locator('.jp-Notebook')
      .getByText(/pushed .* version \d+/);
    await page.menu.clickMenuItem('Run>Run All Cells');
    await expect(pushed).toBeVisible({ timeout: 60000 });
    await page.locator('#jp-main-statusbar >> text=Idle').waitFor();

    // A new parameter value, and Run All again: a second run.
    await setSource(page, 'params', 'C = 0.5');
    await page.menu.clickMenuItem('Run>Run All Cells');
    await expect
      .poll(() => versionCount(MODEL), { timeout: 60000 })
      .toBe(pushedBefore + 2);
    await page.locator('#jp-main-statusbar >> text=Idle').waitFor();

    await expect.poll(() => notebookRuns().length, { timeout: 30000 }).toBe(2);
    const [first, second] = notebookRuns();
    expect.soft(second.continues?.run).toBe(first.id);

    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(
      panel.getByRole('listitem', { name: /^lineage-demo #\d+, / })
    ).toHaveCount(2, { timeout: 15000 });

    // The first run's view links to the run that continues it, and back.
    await panel
      .getByRole('listitem', { name: /^lineage-demo #\d+, finished$/ })
      .dblclick();
    const firstView = page.locator('.jp-mlopsLab-RunViewWidget').last();
    const boundaries = firstView.getByRole('definition').filter({
      hasText: `run ${second.id.slice(0, 8)}`
    });
    await expect(boundaries).toBeVisible({ timeout: 15000 });
    await expect(
      firstView.getByText('Active time', { exact: true })
    ).toBeVisible();
    await boundaries
      .getByRole('button', { name: `run ${second.id.slice(0, 8)}` })
      .click();
    const secondView = page
      .locator('.jp-mlopsLab-RunViewWidget')
      .filter({ hasText: `run ${first.id.slice(0, 8)}, after execution` });
    await expect(secondView).toBeVisible({ timeout: 15000 });
    const allPoints = secondView.getByRole('checkbox', { name: 'All points' });
    await allPoints.check();
    await expect(allPoints).toBeChecked();

    // The lineage of the version the second run pushed.
    const version = pushedBefore + 2;
    const models = panel.getByRole('list', { name: 'Models' });
    const modelRow = models.getByRole('button', {
      name: new RegExp(`^${MODEL}, ${version} versions?$`)
    });
    await expect(modelRow).toBeVisible({ timeout: 30000 });
    if ((await modelRow.getAttribute('aria-expanded')) !== 'true') {
      await modelRow.click();
    }
    await models
      .getByRole('button', { name: `${MODEL} version ${version}` })
      .click();
    const lineage = page.getByRole('main').locator('.jp-mlopsLab-Lineage');
    await expect(
      lineage.getByRole('heading', { name: `${MODEL} version ${version}` })
    ).toBeVisible({ timeout: 15000 });
    // `noise` ran between the cells the model depends on, and is skipped.
    await expect(
      lineage.getByText(/^\d cells led to it; 1 skipped$/)
    ).toBeVisible();
    await expect(lineage.locator('.jp-mlopsLab-LineageGraph-skip')).toHaveCount(
      1
    );
    const graph = lineage.getByRole('img', { name: /^Lineage graph of / });
    await expect(graph).toBeVisible();
    const cellCode = await graph
      .locator('.jp-mlopsLab-LineageGraph-node.jp-mod-cell title')
      .allTextContents();
    expect(cellCode).toContain('C = 0.5');
    expect(cellCode).toContain('model = LogisticRegression(C=C).fit(X, y)');
    expect(cellCode).not.toContain('z = random.random()');
    expect(cellCode).not.toContain('w = z * 2');
    await page.screenshot({
      path: screenshotPath(testInfo, 'lineage-graph.png')
    });

    // Re-running `noise` rewrites `z`, which `plot` read: `plot` is stale.
    await page.notebook.activate(NOTEBOOK);
    const plot = page.locator('.jp-Notebook .jp-Cell').nth(6);
    const marker = plot.locator('.jp-mlopsLab-StaleMarker');
    await expect(marker).toHaveCount(0);
    await page.notebook.runCell(3);
    await expect(marker).toBeVisible({ timeout: 15000 });
    await expect(marker).toHaveAttribute('title', /^`z` changed by \[\d+\]$/);
    await expect(plot).toHaveClass(/jp-mlopsLab-stale/);
    await expect(page.locator('.jp-mlopsLab-StaleMarker')).toHaveCount(1);
    await plot.screenshot({
      path: screenshotPath(testInfo, 'stale-cell.png')
    });

    // Running it again clears the mark.
    await page.notebook.runCell(6);
    await expect(marker).toHaveCount(0, { timeout: 15000 });
    await expect(plot).not.toHaveClass(/jp-mlopsLab-stale/);
  });
});
