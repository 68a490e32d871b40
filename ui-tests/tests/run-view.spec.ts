import { expect, test } from '@jupyterlab/galata';

import { screenshotPath } from './screenshots';

test.describe('Run view', () => {
  test('opens a run from the panel with its params, metrics and chart', async ({
    page
  }, testInfo) => {
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

    await page.screenshot({ path: screenshotPath(testInfo, 'run-view.png') });
  });

  test('opens the run of a row from its context menu', async ({ page }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await panel
      .getByRole('listitem', { name: 'bigger-lr, failed' })
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Open Run' }).click();

    const view = page.locator('.jp-mlopsLab-RunViewWidget');
    await expect(view.getByRole('heading', { name: 'bigger-lr' })).toBeVisible();
    await expect(view).toContainText('uncommitted changes');
  });
});
