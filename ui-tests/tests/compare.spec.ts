import { expect, test } from '@jupyterlab/galata';

import {
  NO_RUN_YET,
  openCompareFixture,
  RECORDING,
  runIdOf,
  setSource,
  trackingItem,
  waitForCells
} from './notebookFixture';
import { screenshotPath } from './screenshots';
import { changeStore } from './store';

const NOTEBOOK = 'compare.ipynb';

/**
 * The changes between the two runs: a new learning rate in the `parameters`
 * cell, and the `train` cell squares its decay.
 */
const SECOND_LR = 'lr = 0.3';
const SECOND_TRAIN =
  'import mlops_lab\n\nloss = 1.0\nfor step in range(5):\n' +
  '    loss = loss * (1 - lr) ** 2\n' +
  '    mlops_lab.log_metric("loss", loss, step=step)';

test.afterAll(() => changeStore('forget', NOTEBOOK));

test.describe('Compare view', () => {
  // Room for the panel's columns beside the view, for the screenshots.
  test.use({ viewport: { width: 1440, height: 900 } });

  test('compares two runs of a notebook in three clicks', async ({
    page,
    tmpPath
  }, testInfo) => {
    // Galata's kernels API mock answers a restart with 201 Created, which
    // JupyterLab refuses ("Invalid response"); let it reach the server.
    await page.route(/\/api\/kernels\/[^/?]+\/restart/, route =>
      route.continue()
    );
    await openCompareFixture(page, tmpPath, NOTEBOOK);

    // The first run: lr = 0.1.
    await expect(trackingItem(page, NO_RUN_YET)).toBeVisible({
      timeout: 30000
    });
    await page.notebook.run();
    const item = trackingItem(page, RECORDING);
    await expect(item).toBeVisible();
    const firstId = await runIdOf(item);
    await waitForCells(firstId, 3);

    // Edit a parameter and a cell; a kernel restart starts the second run.
    await setSource(page, 'parameters', SECOND_LR);
    await setSource(page, 'train', SECOND_TRAIN);
    await page.menu.clickMenuItem('Kernel>Restart Kernel and Run All Cells…');
    await page.getByRole('button', { name: 'Confirm Kernel Restart' }).click();
    await expect(item).not.toHaveAttribute('aria-label', new RegExp(firstId), {
      timeout: 30000
    });
    const secondId = await runIdOf(item);
    await waitForCells(secondId, 3);

    // The panel lists the runs of the notebook in focus.
    await page.getByRole('tab', { name: 'Experiments' }).click();
    await page.sidebar.setWidth(520);
    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(
      panel.getByRole('button', { name: NOTEBOOK, pressed: true })
    ).toBeVisible();
    const runs = panel
      .getByRole('list', { name: 'Runs' })
      .getByRole('listitem');
    await expect(runs).toHaveCount(2, { timeout: 15000 });

    // Three clicks: a run, shift+click the other, Compare.
    await runs.nth(0).click();
    await runs.nth(1).click({ modifiers: ['Shift'] });
    await expect(panel.getByText('2 selected')).toBeVisible();
    await page.screenshot({
      path: screenshotPath(testInfo, 'experiments-panel-selection.png')
    });
    await panel.getByRole('button', { name: 'Compare (2)' }).click();

    const view = page.locator('.jp-mlopsLab-CompareViewWidget');
    await expect(
      view.getByRole('heading', { name: /^Comparing .+, .+$/ })
    ).toBeVisible();

    // The baseline is the older run; its lr and the new one, highlighted.
    const params = view.getByRole('table', { name: 'Parameters' });
    const lr = params.getByRole('row', { name: /^lr/ });
    await expect(lr.getByRole('cell')).toHaveText(['changed', '0.1', '0.3']);
    await expect(lr.getByRole('cell').nth(2)).toHaveClass(/jp-mod-different/);
    await expect(lr.getByRole('cell').nth(1)).not.toHaveClass(
      /jp-mod-different/
    );

    // The changed cell, line by line.
    const train = view.getByRole('region', { name: 'Cell train, changed' });
    const removed = train.locator('.jp-mlopsLab-Diff-line.jp-mod-removed');
    const added = train.locator('.jp-mlopsLab-Diff-line.jp-mod-added');
    await expect(removed).toHaveCount(1);
    await expect(removed).toContainText('loss = loss * (1 - lr)');
    await expect(added).toHaveCount(1);
    await expect(added).toContainText('loss = loss * (1 - lr) ** 2');
    await view.getByRole('radio', { name: 'Side by side' }).check();
    await expect(
      train
        .getByRole('table', { name: /^Diff of A/ })
        .locator('.jp-mod-changed')
    ).toHaveCount(1);
    await view.getByRole('radio', { name: 'Unified' }).check();

    // The loss chart has both runs; the environment did not change.
    await expect(
      view.getByRole('img', { name: 'Chart of loss by step, runs overlaid' })
    ).toBeVisible();
    await expect(
      view.getByRole('region', { name: 'Environment' }).getByRole('status')
    ).toContainText('Identical environments');

    await page.screenshot({
      path: screenshotPath(testInfo, 'compare-view.png')
    });
    await train.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: screenshotPath(testInfo, 'compare-view-code.png')
    });

    // Only differences: the cell and the variable that did not change go.
    const evaluate = view.getByRole('region', { name: 'Cell evaluate, same' });
    const variables = view.getByRole('table', { name: 'Variables' });
    await expect(evaluate).toBeVisible();
    await expect(variables.getByRole('row', { name: /^step/ })).toBeVisible();
    await view.getByRole('checkbox', { name: 'Only differences' }).check();
    await expect(evaluate).toHaveCount(0);
    await expect(variables.getByRole('row', { name: /^step/ })).toHaveCount(0);
    await expect(lr).toBeVisible();
    await expect(train).toBeVisible();
  });
});
