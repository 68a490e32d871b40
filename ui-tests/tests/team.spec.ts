import { expect, test } from '@jupyterlab/galata';

import { changeStore } from './store';

const REMOTE = 'team';

test.describe('Team runs', () => {
  test.beforeEach(() => {
    // Runs as `mlops-lab pull team` writes them, without an MLflow server.
    changeStore('pull-fake', REMOTE);
  });

  test.afterEach(() => {
    changeStore('forget-pulled');
  });

  test('lists the runs pulled from a remote with who made them, read-only', async ({
    page
  }) => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await panel.getByRole('button', { name: 'Team' }).click();
    await expect(
      panel.getByRole('button', { name: 'Team', pressed: true })
    ).toBeVisible();

    const runs = panel
      .getByRole('list', { name: 'Runs' })
      .getByRole('listitem');
    await expect(runs).toHaveCount(2, { timeout: 15000 });
    const row = (name: string) =>
      panel.getByRole('listitem', { name: `${name}, finished`, exact: true });
    await expect(row('alice-sweep')).toBeVisible();
    await expect(row('baseline')).toHaveCount(0);

    // The "By" column names who made each run, its tooltip the remote.
    await expect(panel.getByText('By', { exact: true })).toBeVisible();
    const alice = row('alice-sweep').locator('.jp-mlopsLab-RunList-user');
    await expect(alice).toHaveText('alice');
    await expect(alice).toHaveAttribute('title', /pulled from team/);
    await expect(
      row('bob-baseline').locator('.jp-mlopsLab-RunList-user')
    ).toHaveText('bob');
    await expect(row('alice-sweep')).toHaveAttribute(
      'title',
      /Read-only: pulled from team/
    );

    // Rename and tag are disabled on a pulled run.
    await row('alice-sweep').click({ button: 'right' });
    const menu = page.locator('.lm-Menu');
    await expect(
      menu.getByRole('menuitem', { name: 'Rename Run…' })
    ).toHaveAttribute('aria-disabled', 'true');
    await expect(
      menu.getByRole('menuitem', { name: 'Tag Run…' })
    ).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');

    // It opens in the run view, which says where it came from.
    await row('alice-sweep').dblclick();
    const view = page.locator('.jp-mlopsLab-RunViewWidget');
    await expect(
      view.getByRole('heading', { name: 'alice-sweep' })
    ).toBeVisible();
    await expect(
      view.getByText(
        `Pulled from ${REMOTE} (MLflow run ${'a1'.repeat(16)}) by alice`
      )
    ).toBeVisible();

    // Back to all runs: the seeded ones and the pulled ones.
    await panel.getByRole('button', { name: 'All', exact: true }).click();
    await expect(runs).toHaveCount(5);
  });
});
