import { expect, test } from '@jupyterlab/galata';

import { changeStore } from './store';

const NEW_RUN = 'recorded-while-open';
const RUNNING_RUN = 'still-running';

test.describe('Experiments panel refresh', () => {
  test.afterEach(() => {
    changeStore('delete', NEW_RUN);
    changeStore('delete', RUNNING_RUN);
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

  test('counts up the duration of a running run', async ({ page }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const running = panel.getByRole('listitem', {
      name: `${RUNNING_RUN}, running`
    });

    changeStore('start', RUNNING_RUN);

    await expect(running).toBeVisible({ timeout: 15000 });
    const duration = running.locator('.jp-mlopsLab-RunList-duration');
    const first = await duration.textContent();
    await expect(duration).not.toHaveText(first ?? '', { timeout: 5000 });
  });
});
