import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

import { screenshotPath } from './screenshots';
import { changeStore, mlopsLab, STORE_PATH } from './store';

/**
 * The seeded scikit-learn notebook of the CLI tests, with its CSV.
 */
const FIXTURE = path.resolve(
  __dirname,
  '..',
  '..',
  'tests',
  'cli',
  'notebooks',
  'reproduce'
);
const NOTEBOOK = 'train_model.ipynb';

test.describe('Reproduce a run', () => {
  test.afterAll(() => changeStore('forget', NOTEBOOK));

  test('from the panel, ending in a passing report', async ({
    page
  }, testInfo) => {
    // A run with recorded cells, as `mlops-lab track` records it in CI.
    const project = path.join(path.dirname(STORE_PATH), 'reproduce');
    fs.mkdirSync(project, { recursive: true });
    for (const name of [NOTEBOOK, 'measurements.csv']) {
      fs.copyFileSync(path.join(FIXTURE, name), path.join(project, name));
    }
    const runId = mlopsLab('track', path.join(project, NOTEBOOK)).trim();
    expect(runId).toMatch(/^[0-9a-f]{32}$/);

    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const row = panel
      .getByRole('list', { name: 'Runs' })
      .getByRole('listitem', { name: 'train_model #1, finished' });
    await expect(row).toBeVisible({ timeout: 30000 });

    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Reproduce Run' }).click();

    const tab = page.getByRole('tab', { name: 'Reproduce train_model #1' });
    await expect(tab).toBeVisible();
    const report = page.locator('.jp-mlopsLab-Reproduction');
    await expect(
      report.getByRole('heading', {
        name: 'Reproduction of train_model #1'
      })
    ).toBeVisible();

    await expect(
      report.getByText('Reproduced: every metric matches.')
    ).toBeVisible({ timeout: 180000 });
    const checks = report.getByRole('table', { name: 'Metric checks' });
    for (const metric of ['accuracy', 'loss', 'test_rows']) {
      await expect(
        checks.getByRole('row', { name: new RegExp(`^${metric} `) })
      ).toContainText('Pass');
    }
    await expect(
      report.getByRole('region', { name: 'Environment drift' })
    ).toContainText('None: every package has its recorded version.');
    await expect(
      report.getByRole('region', { name: 'Data drift' })
    ).toContainText('None: every input file is as the run read it.');

    // The reproduction is a run of its own, linked to the original.
    await expect(
      panel.getByRole('listitem', {
        name: 'train_model #1 (reproduction), finished'
      })
    ).toBeVisible({ timeout: 30000 });

    await page.screenshot({
      path: screenshotPath(testInfo, 'reproduce-report.png')
    });
  });
});
