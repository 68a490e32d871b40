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

    const runs = panel
      .getByRole('list', { name: 'Runs' })
      .getByRole('listitem');
    await expect(runs).toHaveCount(3);
    await expect(runs.nth(0)).toHaveAccessibleName('longer-training, finished');
    await expect(runs.nth(1)).toHaveAccessibleName('bigger-lr, failed');
    await expect(runs.nth(2)).toHaveAccessibleName('baseline, finished');
    await expect(runs.nth(1)).toContainText('failed');
    await expect(runs.nth(2)).toContainText('train.ipynb');
    await expect(runs.nth(2)).toContainText('1m 35s');

    await page.screenshot({
      path: screenshotPath(testInfo, 'experiments-panel.png')
    });
  });

  test('sorts the runs oldest first on request', async ({ page }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const runs = panel
      .getByRole('list', { name: 'Runs' })
      .getByRole('listitem');
    await expect(runs.nth(0)).toHaveAccessibleName('longer-training, finished');

    await panel
      .getByRole('button', { name: 'Start, sorted descending' })
      .click();

    await expect(runs.nth(0)).toHaveAccessibleName('baseline, finished');
    await expect(
      panel.getByRole('button', { name: 'Start, sorted ascending' })
    ).toBeVisible();
  });

  test('filters on the server and shows why a filter is refused', async ({
    page
  }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const runs = panel.getByRole('list', { name: 'Runs' }).getByRole('listitem');
    const filter = panel.getByRole('searchbox', { name: 'Filter runs' });

    await filter.fill('accuracy>0.9');
    await filter.press('Enter');
    await expect(runs).toHaveCount(2);
    await expect(runs.nth(0)).toHaveAccessibleName('longer-training, finished');
    await expect(runs.nth(1)).toHaveAccessibleName('baseline, finished');

    await filter.fill('accuracy>');
    await filter.press('Enter');
    await expect(panel.getByRole('alert')).toHaveText(
      "Filter term 'accuracy>' needs a value after '>', e.g. accuracy>0.5."
    );
    await expect(filter).toHaveAttribute('aria-invalid', 'true');

    // Text is looked for in names, notebooks and tags.
    await filter.fill('-lr');
    await filter.press('Enter');
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await expect(runs).toHaveCount(1);
    await expect(runs.nth(0)).toHaveAccessibleName('bigger-lr, failed');
  });

  test('shows a picked metric as a column, sorts by it, and remembers it', async ({
    page
  }, testInfo) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    await page.sidebar.setWidth(600);
    const panel = page.locator('#mlops-lab-runs-panel');
    const runs = panel.getByRole('list', { name: 'Runs' }).getByRole('listitem');

    await panel.getByText('Columns').click();
    const picker = panel.getByRole('group', { name: 'Columns' });
    await picker
      .getByRole('group', { name: 'Metrics' })
      .getByRole('checkbox', { name: 'accuracy' })
      .check();
    await panel.getByText('Columns').click();
    await expect(runs.nth(1)).toContainText('0.42');

    await panel.getByRole('button', { name: 'Sort by accuracy' }).click();
    await expect(runs.nth(0)).toHaveAccessibleName('longer-training, finished');
    await expect(runs.nth(1)).toHaveAccessibleName('baseline, finished');
    await expect(runs.nth(2)).toHaveAccessibleName('bigger-lr, failed');
    await panel
      .getByRole('button', { name: 'accuracy, sorted descending' })
      .click();
    await expect(runs.nth(0)).toHaveAccessibleName('bigger-lr, failed');
    await page.screenshot({
      path: screenshotPath(testInfo, 'experiments-panel-columns.png')
    });

    // The column is a setting: it is there after a reload.
    await page.reload();
    await page.sidebar.openTab('mlops-lab-runs-panel');
    await expect(
      panel.getByRole('button', { name: 'Sort by accuracy' })
    ).toBeVisible();
  });
});

