import { expect, test } from '@jupyterlab/galata';

import { changeStore } from './store';

const NEW_RUN = 'recorded-while-open';

test.describe('Experiments panel refresh', () => {
  test.afterEach(() => {
    changeStore('delete', NEW_RUN);
  });

  test('shows a run recorded while the page is open', async ({ page }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const runs = panel.getByRole('list', { name: 'Runs' }).getByRole('listitem');
    await expect(runs).toHaveCount(3);

    // Recorded through the Python core API, like a kernel would: the panel
    // sees the store's revision move on its next poll (every 3 s).
    changeStore('add', NEW_RUN);

    await expect(runs).toHaveCount(4, { timeout: 15000 });
    await expect(runs.nth(0)).toHaveAccessibleName(`${NEW_RUN}, finished`);
    await expect(panel.getByText('4 runs')).toBeVisible();

    changeStore('delete', NEW_RUN);
    await expect(runs).toHaveCount(3, { timeout: 15000 });
    await expect(runs.nth(0)).toHaveAccessibleName('longer-training, finished');
  });
});
