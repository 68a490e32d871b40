import { expect, galata, test } from '@jupyterlab/galata';

import { openFixture, runAll, runIds, trackingItem } from './notebookFixture';
import { changeStore } from './store';

const NOTEBOOK = 'untracked.ipynb';

test.describe('Notebook tracking turned off', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'mlops-lab:plugin': { trackingEnabled: false }
    }
  });

  // Should a run be recorded after all, it must not stay for other tests.
  test.afterAll(() => changeStore('forget', NOTEBOOK));

  test('records no run', async ({ page, tmpPath }) => {
    const before = runIds();
    await openFixture(page, tmpPath, NOTEBOOK);

    const item = trackingItem(page, /turned off in the settings/);
    await expect(item).toHaveText('tracking off', { timeout: 30000 });

    // Without the extension, `%mlops` is unknown and stops the run there.
    await runAll(page, 'UsageError');

    await expect(item).toHaveText('tracking off');
    expect(runIds()).toEqual(before);
  });
});
