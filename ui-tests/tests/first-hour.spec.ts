import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';

import { RECORDING, runIdOf, setSource, trackingItem } from './notebookFixture';
import { screenshotPath } from './screenshots';
import { changeStore } from './store';

/*
 * The first hour of a newcomer, on the bundled example as the README tells
 * it: open the panel, run `train.ipynb`, change a parameter and run again,
 * compare the two runs, run the notebook as a pipeline, push the model,
 * open its lineage, and reproduce a run. It also writes the README's
 * quick-start screenshot, and checks that badges and highlights stay
 * readable (WCAG AA, 4.5:1) in the light and the dark theme.
 */

const NOTEBOOK = 'train.ipynb';
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/**
 * The parameters cell of the second run: a new learning rate.
 */
const SECOND_PARAMETERS =
  "# Parameters (papermill's `parameters` tag): change them and run again to compare runs.\n" +
  'learning_rate = 0.1\nepochs = 60\nseed = 7';

/**
 * The test's folder in the server, so that only its runs are forgotten (the
 * seeded runs are of a `train.ipynb` too).
 */
let folder = '';

test.afterAll(() => {
  if (folder) {
    changeStore('forget', `${folder}/${NOTEBOOK}`);
  }
});

test.describe('The first hour', () => {
  // Two runs of the notebook, a pipeline, a push and a reproduction, on a
  // shared machine.
  test.setTimeout(600000);
  test.use({ viewport: { width: 1440, height: 900 }, actionTimeout: 60000 });

  test('every capability of the README on the bundled example', async (
    { page, tmpPath },
    testInfo
  ) => {
    // Galata's kernels API mock answers a restart with 201 Created, which
    // JupyterLab refuses ("Invalid response"); let it reach the server.
    await page.route(/\/api\/kernels\/[^/?]+\/restart/, route =>
      route.continue()
    );
    folder = tmpPath;
    await page.contents.uploadFile(
      path.join(EXAMPLES, 'data', 'measurements.csv'),
      `${tmpPath}/data/measurements.csv`
    );
    await page.contents.uploadFile(
      path.join(EXAMPLES, NOTEBOOK),
      `${tmpPath}/${NOTEBOOK}`
    );

    // The notebook, then the panel beside it (the file browser's place).
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(panel).toBeVisible();

    // The first run, top to bottom (the last cell pushes the model): a run
    // begins at the first cell executed, not when the notebook opens.
    await page.menu.clickMenuItem('Run>Run All Cells');
    const item = trackingItem(page, RECORDING);
    await expect(item).toBeVisible({ timeout: 60000 });
    const firstId = await runIdOf(item);
    const firstName = await runNameOf(item);
    await expectPushed(page);

    // Change a parameter; a restart and Run All make the second run.
    await setSource(page, 'parameters', SECOND_PARAMETERS);
    await page.menu.clickMenuItem('Kernel>Restart Kernel and Run All Cells…');
    await page.getByRole('button', { name: 'Confirm Kernel Restart' }).click();
    // Recording again, another run (the restart shows "no run yet" meanwhile).
    await expect(item).toHaveAttribute(
      'aria-label',
      new RegExp(`^(?!.*${firstId})`),
      { timeout: 60000 }
    );
    const secondName = await runNameOf(item);
    await expectPushed(page);

    // The panel lists both runs, with the parameter and metrics that differ
    // as columns, without picking any; at the default sidebar width.
    const runs = panel.getByRole('list', { name: 'Runs' }).getByRole('listitem');
    await expect(runs).toHaveCount(2, { timeout: 30000 });
    const header = panel.locator('.jp-mlopsLab-RunList-header');
    await expect(header).toContainText('learning_rate');
    await expect(header).toContainText('test_mse');
    await expect(header).not.toContainText('epochs');
    const nameCell = runs.first().locator('.jp-mlopsLab-RunList-name');
    await expect(nameCell).toHaveText(secondName);
    expect((await nameCell.boundingBox())?.width ?? 0).toBeGreaterThan(40);
    await page.screenshot({
      path: screenshotPath(testInfo, 'quick-start.png')
    });

    // Escape closes the Columns menu.
    await panel.getByText('Columns', { exact: true }).click();
    const columnsMenu = panel.getByRole('group', { name: 'Columns' });
    await expect(columnsMenu).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(columnsMenu).toBeHidden();

    // Compare the two runs: the changed parameter, by its runs' names.
    await page.sidebar.setWidth(520);
    await runs.nth(0).click();
    await runs.nth(1).click({ modifiers: ['Shift'] });
    await panel.getByRole('button', { name: 'Compare (2)' }).click();
    const view = page.locator('.jp-mlopsLab-CompareViewWidget');
    await expect(
      view.getByRole('heading', {
        name: `Comparing ${firstName}, ${secondName}`
      })
    ).toBeVisible({ timeout: 30000 });
    const lr = view
      .getByRole('table', { name: 'Parameters' })
      .getByRole('row', { name: /^learning_rate/ });
    await expect(lr.getByRole('cell')).toHaveText(['changed', '0.05', '0.10']);
    // Cells by their place in the notebook and first line of code.
    const parameters = view.getByRole('region', {
      name: 'Cell parameters, changed'
    });
    await expect(parameters.locator('.jp-mlopsLab-CellDiff-id')).toHaveText(
      'cell 1'
    );
    await expect(
      parameters.locator('.jp-mlopsLab-CellDiff-firstLine')
    ).toHaveText('learning_rate = 0.05');
    // Variables by their value; the fingerprint on hover.
    const variables = view.getByRole('table', { name: 'Variables' });
    const learningRate = variables.getByRole('row', { name: /^learning_rate/ });
    await expect(learningRate.getByRole('cell').nth(2)).toHaveText('0.1');
    await expect(learningRate.getByRole('cell').nth(2)).toHaveAttribute(
      'title',
      /fingerprint/
    );
    await checkContrast(page, view.locator('.jp-mod-different').first());

    // The notebook as a pipeline: it asks before saving the edited notebook
    // (edited again here, as JupyterLab may have saved it by itself since).
    await page.notebook.activate(NOTEBOOK);
    await setSource(page, 'parameters', SECOND_PARAMETERS + '\n');
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: 'Pipeline' })
      .click();
    const dialog = page
      .getByRole('dialog')
      .filter({ has: page.getByRole('button', { name: 'Run locally' }) });
    await expect(dialog.getByText(/^4 steps, 3 parameters/)).toBeVisible({
      timeout: 30000
    });
    const graph = dialog.getByRole('img', { name: /^Pipeline graph of/ });
    for (const step of ['load', 'features', 'train', 'evaluate']) {
      await expect(graph.getByText(step, { exact: true })).toBeVisible();
    }
    await dialog.getByRole('button', { name: 'Run locally' }).click();
    const save = dialog.getByRole('alertdialog', {
      name: 'Save the notebook?'
    });
    await expect(save).toBeVisible();
    await save.getByRole('button', { name: 'Save and run' }).click();
    await expect(dialog.getByRole('status')).toHaveText(
      'Pipeline run finished',
      { timeout: 240000 }
    );
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Push the model from the second run: the dialog offers the model this
    // notebook pushed, and shows its alias field without scrolling.
    await page.notebook.activate(NOTEBOOK);
    await page.sidebar.openTab('mlops-lab-runs-panel');
    // The pipeline run is a run of the notebook too; wait for the list to
    // settle, or the right-click below may land on a row that moved.
    await expect(runs).toHaveCount(3, { timeout: 30000 });
    await expect(runs.first()).toHaveAccessibleName(/pipeline/);
    const second = panel.getByRole('listitem', {
      name: new RegExp(`^${escape(secondName)}, `)
    });
    await second.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Push Model…' }).click();
    const push = page.getByRole('dialog');
    await expect(push.getByText(`Push a model from ${secondName}`)).toBeVisible();
    await expect(
      push.getByRole('textbox', { name: 'Model name' })
    ).toHaveValue('regression', { timeout: 30000 });
    await expect(
      push.getByRole('textbox', { name: 'Alias (optional)' })
    ).toBeInViewport();
    await push.getByRole('button', { name: 'Push' }).click();

    // Its lineage, from the Models section.
    const models = panel.getByRole('list', { name: 'Models' });
    const model = models.getByRole('button', { name: /^regression, \d+ versions?$/ });
    await expect(model).toBeVisible({ timeout: 60000 });
    if ((await model.getAttribute('aria-expanded')) !== 'true') {
      await model.click();
    }
    const champion = models.locator('.jp-mlopsLab-ModelList-alias').first();
    await expect(champion).toHaveText('champion');
    await checkContrast(page, champion);
    const version = models
      .getByRole('button', { name: /^regression version \d+$/ })
      .first();
    await version.click();
    const lineage = page.getByRole('main').locator('.jp-mlopsLab-Lineage');
    await expect(
      lineage.getByRole('navigation', { name: 'Lineage' })
    ).toBeVisible({ timeout: 30000 });
    await expect(
      lineage.getByText('The cell that made the model')
    ).toBeVisible();

    // Reproduce the first run: named by its name, and it passes.
    const first = panel.getByRole('listitem', {
      name: new RegExp(`^${escape(firstName)}, `)
    });
    await first.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Reproduce Run' }).click();
    const report = page.locator('.jp-mlopsLab-Reproduction');
    await expect(
      report.getByRole('heading', { name: `Reproduction of ${firstName}` })
    ).toBeVisible();
    await expect(report.getByRole('status').first()).not.toHaveText(
      /another reproduction/
    );
    await expect(
      report.getByText('Reproduced: every metric matches.')
    ).toBeVisible({ timeout: 240000 });
  });
});

/**
 * The run name in the tracking item's label (`train #3`).
 */
async function runNameOf(item: Locator): Promise<string> {
  const label = (await item.getAttribute('aria-label')) ?? '';
  return /recording run (.+) \([0-9a-f]{32}\)/.exec(label)?.[1] ?? '';
}

/**
 * Wait for the notebook's last cell to have pushed the model.
 */
async function expectPushed(page: IJupyterLabPageFixture): Promise<void> {
  await expect(
    page.locator('.jp-Notebook').getByText(/pushed regression version \d+/)
  ).toBeVisible({ timeout: 120000 });
  await page.locator('#jp-main-statusbar >> text=Idle').waitFor();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Check that an element's text has a contrast of 4.5:1 or more against
 * what is behind it, in the light and in the dark theme.
 */
async function checkContrast(
  page: IJupyterLabPageFixture,
  element: Locator
): Promise<void> {
  for (const theme of ['JupyterLab Dark', 'JupyterLab Light']) {
    await page.evaluate(async name => {
      const app = (window as unknown as { jupyterapp: any }).jupyterapp;
      await app.commands.execute('apputils:change-theme', { theme: name });
    }, theme);
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-name',
      theme
    );
    const ratio = await element.evaluate(contrastOf);
    expect(ratio, `contrast in ${theme}`).toBeGreaterThanOrEqual(4.5);
  }
}

/**
 * The contrast ratio of an element's text colour against its background,
 * its ancestors' backgrounds composed (WCAG 2 relative luminance).
 */
function contrastOf(node: Element): number {
  type RGBA = [number, number, number, number];
  const parse = (text: string): RGBA => {
    const srgb = /color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)/.exec(
      text
    );
    if (srgb) {
      return [
        Number(srgb[1]) * 255,
        Number(srgb[2]) * 255,
        Number(srgb[3]) * 255,
        srgb[4] === undefined ? 1 : Number(srgb[4])
      ];
    }
    const parts = (/rgba?\(([^)]+)\)/.exec(text)?.[1] ?? '0,0,0,0')
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    return [parts[0], parts[1], parts[2], parts[3] ?? 1];
  };
  const over = (top: RGBA, bottom: RGBA): RGBA => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) {
      return [0, 0, 0, 0];
    }
    const mix = (i: number) =>
      (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const layers: RGBA[] = [];
  for (let at: Element | null = node; at; at = at.parentElement) {
    layers.push(parse(getComputedStyle(at).backgroundColor));
  }
  let background: RGBA = [255, 255, 255, 1];
  for (const layer of layers.reverse()) {
    background = over(layer, background);
  }
  const text = over(parse(getComputedStyle(node).color), background);
  const luminance = ([r, g, b]: RGBA) => {
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const [light, dark] = [luminance(text), luminance(background)].sort(
    (x, y) => y - x
  );
  return (light + 0.05) / (dark + 0.05);
}
