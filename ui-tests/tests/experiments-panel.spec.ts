import { expect, test } from '@jupyterlab/galata';

import { screenshotPath } from './screenshots';


test.describe('Experiments panel', () => {
  test('lists the recorded runs newest first', async ({ page }, testInfo) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();

    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(panel).toBeVisible();
    await expect(
      panel.getByRole('heading', { name: 'Experiments' })
    ).toBeVisible();
    await expect(panel.getByText('3 runs')).toBeVisible();

    const runs = panel.getByRole('list', { name: 'Runs' }).getByRole('listitem');
    await expect(runs).toHaveCount(3);
    await expect(runs.nth(0)).toHaveAccessibleName('longer-training, finished');
    await expect(runs.nth(1)).toHaveAccessibleName('bigger-lr, failed');
    await expect(runs.nth(2)).toHaveAccessibleName('baseline, finished');
    await expect(runs.nth(1)).toContainText('failed');
    await expect(runs.nth(2)).toContainText('train.ipynb');
    await expect(runs.nth(2)).toContainText('1m 35s');

    await page.screenshot({ path: screenshotPath(testInfo, 'experiments-panel.png') });
  });

  test('sorts the runs oldest first on request', async ({ page }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const runs = panel.getByRole('list', { name: 'Runs' }).getByRole('listitem');
    await expect(runs.nth(0)).toHaveAccessibleName('longer-training, finished');

    await panel
      .getByRole('button', { name: 'Start, sorted descending' })
      .click();

    await expect(runs.nth(0)).toHaveAccessibleName('baseline, finished');
    await expect(
      panel.getByRole('button', { name: 'Start, sorted ascending' })
    ).toBeVisible();
  });
});
