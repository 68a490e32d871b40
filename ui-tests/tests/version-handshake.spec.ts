import { expect, test } from '@jupyterlab/galata';

const INFO = /\/mlops-lab\/info(\?|$)/;

test.describe('Version handshake', () => {
  test('says what to run when the server extension is missing', async ({
    page
  }) => {
    // What a server without the extension answers.
    await page.route(INFO, route =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ message: 'Not Found', reason: 'Not Found' })
      })
    );
    await page.reload();
    await page.getByRole('tab', { name: 'Experiments' }).click();

    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(panel.getByRole('alert')).toHaveText(
      'The mlops-lab server extension is not installed or not enabled. ' +
        'Run: pip install mlops-lab && jupyter server extension enable mlops_lab, ' +
        'then restart JupyterLab.'
    );
    await expect(panel.getByRole('list', { name: 'Runs' })).toHaveCount(0);
  });

  test('names both versions when they differ', async ({ page }) => {
    await page.route(INFO, async route => {
      const response = await route.fetch();
      const info = await response.json();
      await route.fulfill({ response, json: { ...info, version: '9.9.9' } });
    });
    await page.reload();
    await page.getByRole('tab', { name: 'Experiments' }).click();

    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(panel.getByRole('alert')).toHaveText(
      'Version mismatch: frontend 0.1.0, server 9.9.9. ' +
        'Run pip install --upgrade mlops-lab and restart JupyterLab.'
    );
  });

  test('passes on what the server says is wrong', async ({ page }) => {
    const message =
      'The store at /data/.mlops-lab cannot be opened: permission denied.';
    await page.route(INFO, route =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ message, reason: 'Service Unavailable' })
      })
    );
    await page.reload();
    await page.getByRole('tab', { name: 'Experiments' }).click();

    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(panel.getByRole('alert')).toHaveText(
      `The mlops-lab server extension reported a problem: ${message}`
    );
  });
});
