import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';

import { screenshotPath } from './screenshots';
import { changeStore } from './store';

const NOTEBOOK = 'forecast.ipynb';
const FIXTURE = path.resolve(__dirname, '..', 'notebooks', 'pipeline.ipynb');

test.describe('Export to Pipeline', () => {
  test.afterEach(() => {
    changeStore('forget', NOTEBOOK);
  });

  test('exports a notebook from the toolbar, shows its DAG and runs it locally', async ({
    page,
    tmpPath
  }, testInfo) => {
    await page.contents.uploadFile(FIXTURE, `${tmpPath}/${NOTEBOOK}`);
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);

    await page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: 'Pipeline' })
      .click();

    const dialog = page.getByRole('dialog');
    const graph = dialog.getByRole('img', { name: 'Pipeline graph of forecast' });
    await expect(graph).toBeVisible();
    for (const step of ['load', 'aggregate', 'trend', 'peak', 'report']) {
      await expect(graph.getByText(step, { exact: true })).toBeVisible();
    }
    const reasons = dialog.getByRole('list', {
      name: 'Why the steps depend on each other'
    });
    await expect(reasons).toContainText('aggregate reads `sales` defined by load');
    await expect(reasons).toContainText('report reads `trend` defined by trend');
    await expect(dialog.getByText('5 steps, 3 parameters')).toBeVisible();
    await expect(
      dialog.getByRole('textbox', { name: 'Value of days' })
    ).toHaveValue('30');
    await expect(dialog.getByRole('row', { name: /growth float 1\.05/ })).toBeVisible();

    await dialog.getByRole('textbox', { name: 'Value of region' }).fill('south');
    await runLocally(dialog);

    await expect(dialog.getByRole('status')).toHaveText('Pipeline run finished', {
      timeout: 60000
    });
    const steps = dialog
      .getByRole('list', { name: 'Step progress' })
      .getByRole('listitem');
    await expect(steps).toHaveCount(5);
    for (let index = 0; index < 5; index++) {
      await expect(steps.nth(index)).toContainText('done');
    }

    await dialog.screenshot({
      path: screenshotPath(testInfo, 'pipeline-export.png')
    });

    // The same run again: every step is cached.
    await runLocally(dialog);
    await expect(dialog.getByRole('status')).toHaveText('Pipeline run finished', {
      timeout: 60000
    });
    for (let index = 0; index < 5; index++) {
      await expect(steps.nth(index)).toContainText('cached');
    }
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });

  test('lists the problems, each with a link to its cell', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadFile(FIXTURE, `${tmpPath}/${NOTEBOOK}`);
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    // An unsaved edit: the peak step now reads a variable nothing defines.
    await page.notebook.setCell(6, 'code', 'peak = max(sales) + bonus');

    await page.getByRole('button', { name: 'Pipeline' }).first().click();
    const dialog = page.getByRole('dialog');
    const problems = dialog.getByRole('list', { name: 'Problems' });
    await expect(problems).toContainText(
      "cell 7 (id 'peak') (step 'peak') reads `bonus` before any step defines it"
    );
    await expect(dialog.getByRole('button', { name: 'Run locally' })).toBeDisabled();

    await problems.getByRole('button', { name: 'Go to cell 7' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('.jp-Notebook .jp-Cell.jp-mod-active')).toContainText(
      'bonus'
    );
  });
});

/**
 * Click "Run locally", and agree to save the notebook when the dialog asks
 * (JupyterLab may have changed the notebook since it opened: its kernel
 * spec, its outputs).
 */
async function runLocally(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Run locally' }).click();
  const question = dialog.getByRole('alertdialog', {
    name: 'Save the notebook?'
  });
  const asked = await question
    .waitFor({ timeout: 3000 })
    .then(() => true, () => false);
  if (asked) {
    await question.getByRole('button', { name: 'Save and run' }).click();
  }
}
