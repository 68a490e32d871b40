import { expect, test } from '@jupyterlab/galata';

import { changeStore, mlopsLab } from './store';

const ADDED = 'to-edit';
const RENAMED = 'edited';

test.describe('Run commands', () => {
  test.afterEach(() => {
    changeStore('delete', ADDED);
    changeStore('delete', RENAMED);
  });

  test('renames, tags and deletes a run from its context menu', async ({
    page
  }) => {
    changeStore('add', ADDED);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const row = (name: string) =>
      panel.getByRole('listitem', { name: `${name}, finished` });
    await expect(row(ADDED)).toBeVisible({ timeout: 15000 });
    const runId = (await row(ADDED).getAttribute('data-run-id')) ?? '';

    await row(ADDED).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Rename Run…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(RENAMED);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect(row(RENAMED)).toBeVisible();

    await row(RENAMED).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Tag Run…' }).click();
    await dialog.getByRole('textbox').fill('stage=candidate');
    await dialog.getByRole('button', { name: 'Tag' }).click();
    await expect
      .poll(() => JSON.parse(mlopsLab('show', runId, '--json')).tags)
      .toEqual({ stage: 'candidate' });

    await row(RENAMED).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete Run' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(row(RENAMED)).toHaveCount(0);
    await expect(
      panel.getByRole('list', { name: 'Runs' }).getByRole('listitem')
    ).toHaveCount(3);
  });

  test('selects runs with the keyboard and opens one with Enter', async ({
    page
  }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    const runs = panel.getByRole('list', { name: 'Runs' }).getByRole('listitem');
    await runs.nth(0).click();
    await page.keyboard.press('Shift+ArrowDown');
    await expect(panel.getByText('2 selected')).toBeVisible();
    await expect(runs.nth(1).getByRole('checkbox')).toBeChecked();

    await page.keyboard.press('ArrowDown');
    await expect(panel.getByText('1 selected')).toBeVisible();
    await expect(runs.nth(2).getByRole('checkbox')).toBeChecked();
    await page.keyboard.press('Enter');
    await expect(
      page
        .locator('.jp-mlopsLab-RunViewWidget')
        .getByRole('heading', { name: 'baseline' })
    ).toBeVisible();
  });
});
