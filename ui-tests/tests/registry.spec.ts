import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  NO_RUN_YET,
  RECORDING,
  runIdOf,
  trackingItem
} from './notebookFixture';
import { screenshotPath } from './screenshots';
import { changeStore, mlopsLab } from './store';

/*
 * The model registry workflow: train a model in a notebook (the bundled
 * example `examples/iris.ipynb`), push it from the run's row in the
 * Experiments panel, and open the lineage of the new version.
 */

const NOTEBOOK = 'iris.ipynb';
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const MODEL = 'iris-panel';

test.afterAll(() => {
  changeStore('forget', NOTEBOOK);
});

/**
 * The versions of a registered model so far, through the CLI.
 */
function versionCount(name: string): number {
  const models: { name: string; version_count: number }[] = JSON.parse(
    mlopsLab('models', 'list', '--json')
  );
  return models.find(model => model.name === name)?.version_count ?? 0;
}

test.describe('Model registry', () => {
  // Training, a push through the kernel and the lineage view, on a shared machine.
  test.setTimeout(240000);

  test('pushes a model from the panel and opens its lineage', async ({
    page,
    tmpPath
  }, testInfo) => {
    await page.contents.uploadFile(
      path.join(EXAMPLES, 'data', 'iris.csv'),
      `${tmpPath}/data/iris.csv`
    );
    await page.contents.uploadFile(
      path.join(EXAMPLES, NOTEBOOK),
      `${tmpPath}/${NOTEBOOK}`
    );
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await expect(trackingItem(page, NO_RUN_YET)).toBeVisible({
      timeout: 30000
    });

    // Trains the model; its last cell pushes it with %mlops push-model.
    await page.notebook.run();
    await expect(
      page.locator('.jp-Notebook').getByText(/pushed iris version \d+/)
    ).toBeVisible({ timeout: 60000 });
    const item = trackingItem(page, RECORDING);
    await expect(item).toBeVisible();
    const runId = await runIdOf(item);
    const runName = (await item.textContent()) ?? '';

    const expected = versionCount(MODEL) + 1;
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const row = panel.getByRole('listitem', { name: `${runName}, running` });
    await expect(row).toBeVisible({ timeout: 15000 });
    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Push Model…' }).click();

    const dialog = page.getByRole('dialog');
    await expect(
      dialog.getByText(`Push a model from ${runName}`)
    ).toBeVisible();
    // The notebook's kernel is live, so its variable `model` is offered first.
    const variable = dialog.getByRole('radio', { name: /^model \(/ });
    await expect(variable).toBeChecked({ timeout: 30000 });
    await dialog.getByRole('textbox', { name: 'Model name' }).fill(MODEL);
    await dialog
      .getByRole('textbox', { name: 'Alias (optional)' })
      .fill('champion');
    await dialog.getByRole('button', { name: 'Push' }).click();

    const models = panel.getByRole('list', { name: 'Models' });
    const version = models.getByRole('button', {
      name: `${MODEL} version ${expected}`
    });
    await expect(version).toBeVisible({ timeout: 60000 });
    await expect(
      models.getByRole('button', {
        name: new RegExp(`^${MODEL}, ${expected} versions?$`)
      })
    ).toContainText('champion');
    await version.click();

    const lineage = page.getByRole('main').locator('.jp-mlopsLab-Lineage');
    await expect(
      lineage.getByRole('heading', { name: `${MODEL} version ${expected}` })
    ).toBeVisible();
    await expect(
      lineage.getByText('sklearn.linear_model.LogisticRegression')
    ).toBeVisible();
    await expect(
      lineage.getByRole('navigation', { name: 'Lineage' })
    ).toContainText(`Run ${runName}`);
    await expect(
      lineage.getByText('The cell that made the model')
    ).toBeVisible();
    await expect(
      lineage
        .locator('pre')
        .getByText('model = LogisticRegression(C=C, max_iter=500)')
    ).toBeVisible();
    await expect(
      lineage.getByRole('button', { name: /data\/iris\.csv$/ })
    ).toBeVisible();
    await expect(
      lineage.getByText('scikit-learn', { exact: false }).first()
    ).toBeVisible();
    await expect(
      page.getByText(`Pushed ${MODEL} version ${expected}`)
    ).toBeHidden({
      timeout: 15000
    });
    await page.screenshot({
      path: screenshotPath(testInfo, 'model-lineage.png')
    });

    // The same version, as the command line shows it.
    const shown = JSON.parse(
      mlopsLab('models', 'show', `${MODEL}/${expected}`, '--json')
    );
    expect(shown.lineage.run.id).toBe(runId);
    expect(shown.lineage.source).toEqual(
      expect.objectContaining({ kind: 'variable', name: 'model' })
    );
    expect(shown.lineage.training_cell.cell_id).toBe('train');
    expect(shown.aliases).toEqual(['champion']);
  });
});
