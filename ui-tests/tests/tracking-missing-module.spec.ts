import { expect, test } from '@jupyterlab/galata';

import {
  CODE_CELLS,
  openFixture,
  runIds,
  trackingItem
} from './notebookFixture';
import { addKernelWithoutMlopsLab, changeStore, removeKernel } from './store';

const NOTEBOOK = 'missing.ipynb';

const KERNEL = {
  name: 'mlops-lab-missing',
  display_name: 'Python 3 (without mlops-lab)'
};

test.describe('A kernel without mlops-lab', () => {
  test.beforeAll(() => addKernelWithoutMlopsLab(KERNEL));
  test.afterAll(() => {
    removeKernel(KERNEL.name);
    // Should a run be recorded after all, it must not stay for other tests.
    changeStore('forget', NOTEBOOK);
  });

  test('says how to install it, and the notebook keeps working', async ({
    page,
    tmpPath
  }) => {
    const before = runIds();
    await openFixture(page, tmpPath, NOTEBOOK, KERNEL);

    const notice =
      "mlops-lab is not installed in this kernel's environment, so the " +
      'notebook is not tracked. Run %pip install mlops-lab and restart the ' +
      'kernel.';
    // One notification, whole.
    await expect(page.getByText(notice)).toHaveCount(1, { timeout: 30000 });
    const item = trackingItem(page, notice);
    await expect(item).toHaveText('not tracked');

    // The notebook works as without mlops-lab.
    const changeData = CODE_CELLS.indexOf('change-data') + 1;
    for (let index = 1; index <= changeData; index++) {
      await page.notebook.runCell(index);
    }
    expect(await page.notebook.getCellTextOutput(changeData)).toEqual([
      '(20, 3)'
    ]);
    await expect(item).toHaveText('not tracked');
    expect(runIds()).toEqual(before);
  });
});
