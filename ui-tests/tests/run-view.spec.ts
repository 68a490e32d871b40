import { expect, test } from '@jupyterlab/galata';

import {
  NO_RUN_YET,
  openCompareFixture,
  RECORDING,
  runIdOf,
  trackingItem,
  waitForCells
} from './notebookFixture';
import { screenshotPath } from './screenshots';
import { changeStore } from './store';

const NOTEBOOK = 'rerun.ipynb';

test.afterAll(() => changeStore('forget', NOTEBOOK));

test.describe('Run view', () => {
  test('opens a run from the panel with its params, metrics and chart', async ({
    page
  }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await panel
      .getByRole('listitem', { name: 'longer-training, finished' })
      .dblclick();

    const view = page.locator('.jp-mlopsLab-RunViewWidget');
    await expect(
      view.getByRole('heading', { name: 'longer-training' })
    ).toBeVisible();
    await expect(
      page.getByRole('tab', { name: 'longer-training' })
    ).toBeVisible();

    const params = view.getByRole('table', { name: 'Parameters' });
    await expect(params.getByRole('row', { name: 'epochs 10' })).toBeVisible();
    await expect(params.getByRole('row', { name: 'lr 0.1' })).toBeVisible();

    const metrics = view.getByRole('table', { name: 'Metrics' });
    await expect(
      metrics.getByRole('row', { name: 'loss 0.21 10' })
    ).toBeVisible();
    await expect(
      view.getByRole('img', { name: 'Chart of loss by step' })
    ).toBeVisible();

    const git = view.getByRole('region', { name: 'Git' });
    await expect(git).toContainText('b07d3e51b07d3e51');
    await expect(git).toContainText('main');

    // The chart is drawn again in the colours of the theme switched to.
    const chart = view.getByRole('img', { name: 'Chart of loss by step' });
    const drawing = () =>
      chart.evaluate(canvas => (canvas as HTMLCanvasElement).toDataURL());
    const light = await drawing();
    await page.theme.setDarkTheme();
    await expect.poll(drawing).not.toBe(light);
  });

  test('opens the run of a row from its context menu', async ({ page }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await panel
      .getByRole('listitem', { name: 'bigger-lr, failed' })
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Open Run' }).click();

    const view = page.locator('.jp-mlopsLab-RunViewWidget');
    await expect(
      view.getByRole('heading', { name: 'bigger-lr' })
    ).toBeVisible();
    await expect(view).toContainText('uncommitted changes');
  });

  test('shows the cells of a notebook run in executed order, with their marks', async ({
    page,
    tmpPath
  }, testInfo) => {
    // Room for the view beside the panel, for the screenshots.
    await page.setViewportSize({ width: 1440, height: 900 });
    await openCompareFixture(page, tmpPath, NOTEBOOK);
    await expect(trackingItem(page, NO_RUN_YET)).toBeVisible({
      timeout: 30000
    });

    // Top to bottom, then the parameters cell again: a re-run, out of order.
    await page.notebook.run();
    await page.notebook.runCell(1);
    const item = trackingItem(page, RECORDING);
    await expect(item).toBeVisible();
    const runId = await runIdOf(item);
    const runName = (await item.textContent()) ?? '';
    await waitForCells(runId, 4);

    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await panel
      .getByRole('listitem', { name: `${runName}, running` })
      .press('Enter');

    const view = page.locator('.jp-mlopsLab-RunViewWidget');
    const cells = view
      .getByRole('list', { name: 'Executed cells' })
      .getByRole('listitem');
    await expect(cells).toHaveCount(4);
    await expect(cells.nth(0)).toHaveAccessibleName(
      'Cell parameters, execution 1'
    );
    await expect(cells.nth(0)).not.toContainText('re-run');
    await expect(cells.nth(3)).toHaveAccessibleName(
      'Cell parameters, execution 4'
    );
    await expect(cells.nth(3)).toContainText('re-run #2');
    await expect(cells.nth(3)).toContainText('out of order');
    await expect(cells.nth(1)).toContainText('loss (created)');
    await expect(
      view.getByRole('img', { name: 'Chart of loss by step' })
    ).toBeVisible();
    await expect(
      view.getByRole('table', { name: 'Variables' }).getByRole('row', {
        name: /^accuracy float/
      })
    ).toBeVisible();

    await page.screenshot({ path: screenshotPath(testInfo, 'run-view.png') });
    await cells.nth(3).scrollIntoViewIfNeeded();
    await page.screenshot({
      path: screenshotPath(testInfo, 'run-view-cells.png')
    });
  });
});
