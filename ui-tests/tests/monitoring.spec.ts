import { expect, test } from '@jupyterlab/galata';

import { changeStore } from './store';

/*
 * The Monitoring section of a model version's view: the drift checks that
 * `mlops-lab monitor` kept on the version, charted over time, and the
 * drifting columns of the latest one.
 */

// A fresh name each time: a retry registers a new model, not version 2.
const model = `churn-${Date.now()}`;

// The run the model was trained in goes with it: other specs count the runs.
test.afterAll(() => {
  changeStore('forget', `${model}.ipynb`);
});

test.describe('Model monitoring', () => {
  test('charts the drift checks of a version and lists the drifting column', async ({
    page
  }) => {
    changeStore('monitored', model);

    await page.evaluate(
      async ([name]) => {
        const app = (window as unknown as { jupyterapp: any }).jupyterapp;
        await app.commands.execute('mlops-lab:open-model-version', {
          name,
          version: 1
        });
      },
      [model]
    );

    const lineage = page.getByRole('main').locator('.jp-mlopsLab-Lineage');
    await expect(
      lineage.getByRole('heading', { name: `${model} version 1` })
    ).toBeVisible();
    const monitoring = lineage.getByRole('region', { name: 'Monitoring' });
    await monitoring.scrollIntoViewIfNeeded();
    await expect(
      monitoring.getByRole('img', { name: 'Largest PSI of 2 checks over time' })
    ).toBeVisible();
    const points = monitoring.locator('.jp-mlopsLab-DriftHistory-points li');
    await expect(points).toHaveCount(2);
    await expect(points.nth(0)).toHaveAttribute('data-verdict', 'ok');
    await expect(points.nth(1)).toHaveAttribute('data-verdict', 'drift');

    await expect(
      monitoring.getByText(/Latest check .* of tuesday\.csv: drift/)
    ).toBeVisible();
    const columns = monitoring.getByRole('table', { name: 'Drifting columns' });
    await expect(
      columns.getByRole('rowheader', { name: 'income' })
    ).toBeVisible();
    await expect(columns.getByRole('row')).toHaveCount(2); // header + income
  });
});
