import type { JupyterFrontEnd } from '@jupyterlab/application';
import { expect, galata, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { NotebookPanel } from '@jupyterlab/notebook';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {
  addKernelWithoutMlopsLab,
  changeStore,
  mlopsLab,
  removeKernel
} from './store';

const NOTEBOOKS = path.resolve(__dirname, '..', 'notebooks');
const SCREENSHOT = path.resolve(
  __dirname,
  '..',
  '..',
  'docs',
  'screenshots',
  'tracking.png'
);
const TRACKED = 'capture.ipynb';
const UNTRACKED = 'untracked.ipynb';
const TOGGLED = 'toggled.ipynb';
const RESTARTED = 'restarted.ipynb';
const RETAGGED = 'retagged.ipynb';
const MISSING = 'missing.ipynb';
const MISSING_KERNEL = 'mlops-lab-missing';

/**
 * The cells of the fixture notebook that the kernel runs, in order.
 */
const CODE_CELLS = [
  'imports',
  'parameters',
  'read-data',
  'change-data',
  'log-metric',
  'fail'
];

/**
 * Upload the fixture notebook (under `name`) and its CSV, and open it.
 */
async function openFixture(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string
): Promise<void> {
  await page.contents.uploadFile(
    path.join(NOTEBOOKS, 'capture.csv'),
    `${tmpPath}/capture.csv`
  );
  await page.contents.uploadFile(
    path.join(NOTEBOOKS, 'capture.ipynb'),
    `${tmpPath}/${name}`
  );
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
}

/**
 * Run all cells, and wait until the kernel went through them.
 *
 * Galata's `notebook.run()` waits for every cell to get an execution count;
 * after a failing cell the kernel skips the rest, so this waits for the
 * error the last cell shows (or, if an earlier cell failed, gives up on it).
 */
async function runAll(page: IJupyterLabPageFixture, lastError: string) {
  await page.menu.clickMenuItem('Run>Run All Cells');
  await expect
    .soft(page.locator('.jp-Notebook').getByText(lastError).first())
    .toBeVisible({ timeout: 30000 });
  await page.locator('#jp-main-statusbar >> text=Idle').waitFor();
}

/**
 * The ids of the notebook's cells as JupyterLab holds them.
 */
function cellIds(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() => {
    const app = (window as unknown as { jupyterapp: JupyterFrontEnd })
      .jupyterapp;
    const panel = app.shell.currentWidget as NotebookPanel;
    return Array.from(panel.content.model!.cells)
      .filter(cell => cell.type === 'code')
      .map(cell => cell.id);
  });
}

/**
 * The run id in the status bar item's label.
 */
function runIdOf(label: string): string {
  return /\(([0-9a-f]{32})\)/.exec(label)?.[1] ?? '';
}

/**
 * Set the tags of a cell of the current notebook, as the property
 * inspector does.
 */
async function setTags(
  page: IJupyterLabPageFixture,
  cellId: string,
  tags: string[]
): Promise<void> {
  await page.evaluate(
    ([id, values]) => {
      const app = (window as unknown as { jupyterapp: JupyterFrontEnd })
        .jupyterapp;
      const panel = app.shell.currentWidget as NotebookPanel;
      const cell = Array.from(panel.content.model!.cells).find(
        candidate => candidate.id === id
      );
      if (values.length > 0) {
        cell!.setMetadata('tags', values);
      } else {
        cell!.deleteMetadata('tags');
      }
    },
    [cellId, tags] as const
  );
}

interface IRunSummary {
  id: string;
  name: string;
  notebook: string | null;
}

function listRuns(): IRunSummary[] {
  return JSON.parse(mlopsLab('runs', '--json'));
}

test.afterAll(() => {
  // The kernels are shut down by now, which ended their runs.
  for (const notebook of [
    TRACKED,
    UNTRACKED,
    TOGGLED,
    RESTARTED,
    RETAGGED,
    MISSING
  ]) {
    changeStore('forget', notebook);
  }
});

test.describe('Notebook tracking', () => {
  test('records a notebook run with everything show --json lists', async ({
    page,
    tmpPath
  }) => {
    await openFixture(page, tmpPath, TRACKED);

    const item = page
      .locator('#jp-main-statusbar')
      .getByRole('button', { name: /^mlops-lab is recording run / });
    await expect(item).toBeVisible({ timeout: 30000 });
    await expect(item).toHaveText(/^capture #\d+$/);
    const runName = (await item.textContent()) ?? '';
    const label = (await item.getAttribute('aria-label')) ?? '';
    const runId = runIdOf(label);
    expect(runId).toMatch(/^[0-9a-f]{32}$/);

    await runAll(page, 'ZeroDivisionError');

    // The status is asked again after the cells ran: still the same run.
    await expect(item).toHaveText(runName);
    await expect(item).toHaveAttribute('title', label);

    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(
      panel.getByRole('listitem', { name: `${runName}, running` })
    ).toBeVisible({ timeout: 15000 });
    await page.screenshot({ path: SCREENSHOT });

    const ids = await cellIds(page);
    expect(ids).toEqual(CODE_CELLS);

    const run = JSON.parse(mlopsLab('show', runId, '--json'));
    expect(run.id).toBe(runId);
    expect(run.name).toBe(runName);
    expect.soft(run.status).toBe('running');
    expect.soft(run.notebook).toMatch(/(^|\/)capture\.ipynb$/);
    expect.soft(run.started_at).toMatch(/Z$/);
    expect.soft(run.ended_at).toBeNull();

    // Every code cell, in order, with the notebook's cell ids.
    const cells: {
      cell_id: string;
      code: string;
      execution_count: number;
      duration_ms: number;
      status: string;
      error: { name: string; value: string } | null;
    }[] = run.cells;
    expect.soft(cells.map(cell => cell.cell_id)).toEqual(ids);
    expect.soft(cells.map(cell => cell.execution_count)).toEqual([
      1, 2, 3, 4, 5, 6
    ]);
    expect.soft(cells[2]?.code).toBe(
      'df = pd.read_csv("capture.csv").head(rows)\ndf.shape'
    );
    for (const cell of cells) {
      expect.soft(cell.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect
      .soft(cells.slice(0, -1).map(cell => cell.status))
      .toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const failing = cells[cells.length - 1];
    expect.soft(failing?.status).toBe('error');
    expect.soft(failing?.error?.name).toBe('ZeroDivisionError');

    expect.soft(run.params).toEqual({ rows: 20 });
    expect.soft(run.metrics).toEqual({ accuracy: 0.75 });

    expect.soft(run.data).toContainEqual(
      expect.objectContaining({
        path: expect.stringMatching(/(^|\/)capture\.csv$/),
        mode: 'read',
        size: expect.any(Number),
        fingerprint: expect.any(String)
      })
    );
    expect.soft(run.variables?.df).toEqual(
      expect.objectContaining({
        type: expect.stringContaining('DataFrame'),
        shape: [20, 3],
        fingerprint: expect.any(String)
      })
    );
    expect.soft(run.variables?.rows).toEqual(
      expect.objectContaining({ type: 'int' })
    );
    expect.soft(run.env?.python).toEqual(expect.any(String));
    expect.soft(run.env?.platform).toEqual(expect.any(String));
    expect.soft(run.env?.packages?.pandas).toEqual(expect.any(String));
    // The Galata root folder is not a git repository.
    expect.soft(run).toHaveProperty('git');
    if (run.git !== null && run.git !== undefined) {
      expect.soft(run.git).toEqual(
        expect.objectContaining({
          commit: expect.any(String),
          dirty: expect.any(Boolean)
        })
      );
    }
  });

  test('records into a new run after a kernel restart', async ({
    page,
    tmpPath
  }) => {
    // Galata's kernels API mock answers a restart with 201 Created, which
    // JupyterLab refuses ("Invalid response"); let it reach the server.
    await page.route(/\/api\/kernels\/[^/?]+\/restart/, route =>
      route.continue()
    );
    await openFixture(page, tmpPath, RESTARTED);
    const item = page
      .locator('#jp-main-statusbar')
      .getByRole('button', { name: /^mlops-lab is recording run / });
    await expect(item).toBeVisible({ timeout: 30000 });
    const firstId = runIdOf((await item.getAttribute('aria-label')) ?? '');

    await page.menu.clickMenuItem('Kernel>Restart Kernel and Run All Cells…');
    await page.getByRole('button', { name: 'Confirm Kernel Restart' }).click();
    await expect
      .soft(page.locator('.jp-Notebook').getByText('ZeroDivisionError').first())
      .toBeVisible({ timeout: 30000 });
    await page.locator('#jp-main-statusbar >> text=Idle').waitFor();

    await expect(item).not.toHaveAttribute(
      'aria-label',
      new RegExp(firstId)
    );
    const secondId = runIdOf((await item.getAttribute('aria-label')) ?? '');
    expect(secondId).toMatch(/^[0-9a-f]{32}$/);

    // Tracking was loaded before the first cell the restart queued ran.
    const second = JSON.parse(mlopsLab('show', secondId, '--json'));
    expect.soft(second.cells[0]?.cell_id).toBe(CODE_CELLS[0]);
    const first = JSON.parse(mlopsLab('show', firstId, '--json'));
    expect.soft(first.status).not.toBe('running');
  });

  test('follows the parameters tag as it moves', async ({
    page,
    tmpPath
  }) => {
    await openFixture(page, tmpPath, RETAGGED);
    const item = page
      .locator('#jp-main-statusbar')
      .getByRole('button', { name: /^mlops-lab is recording run / });
    await expect(item).toBeVisible({ timeout: 30000 });
    const runId = runIdOf((await item.getAttribute('aria-label')) ?? '');
    const params = () => JSON.parse(mlopsLab('show', runId, '--json')).params;

    // Untagged, the cell is code like any other.
    await setTags(page, 'parameters', []);
    await runAll(page, 'ZeroDivisionError');
    expect(params()).toEqual({});

    // Tagged again and run at once: the kernel hears of the tag first.
    await setTags(page, 'parameters', ['parameters']);
    await page.notebook.runCell(CODE_CELLS.indexOf('parameters') + 1);
    await expect.poll(params).toEqual({ rows: 20 });
  });

  test('pauses and resumes recording from the status bar', async ({
    page,
    tmpPath
  }) => {
    await openFixture(page, tmpPath, TOGGLED);
    const statusBar = page.locator('#jp-main-statusbar');
    const recording = statusBar.getByRole('button', {
      name: /^mlops-lab is recording run /
    });
    await expect(recording).toBeVisible({ timeout: 30000 });
    const runName = (await recording.textContent()) ?? '';

    await recording.click();
    const paused = statusBar.getByRole('button', {
      name: /^mlops-lab tracking is off/
    });
    await expect(paused).toHaveText('tracking off');

    await paused.click();
    await expect(recording).toHaveText(runName);
  });
});

test.describe('Notebook tracking turned off', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'mlops-lab:plugin': { trackingEnabled: false }
    }
  });

  test('records no run', async ({ page, tmpPath }) => {
    const before = listRuns();
    await openFixture(page, tmpPath, UNTRACKED);

    const item = page
      .locator('#jp-main-statusbar')
      .getByRole('button', { name: /turned off in the settings/ });
    await expect(item).toHaveText('tracking off', { timeout: 30000 });

    // Without the extension, `%mlops` is unknown and stops the run there.
    await runAll(page, 'UsageError');

    await expect(item).toHaveText('tracking off');
    const after = listRuns();
    expect(after.map(run => run.id).sort()).toEqual(
      before.map(run => run.id).sort()
    );
    expect(after.filter(run => run.notebook?.endsWith(UNTRACKED))).toEqual([]);
  });
});

test.describe('A kernel without mlops-lab', () => {
  test.beforeAll(() => addKernelWithoutMlopsLab(MISSING_KERNEL));
  test.afterAll(() => removeKernel(MISSING_KERNEL));

  test('says how to install it, and the notebook keeps working', async ({
    page,
    tmpPath
  }) => {
    // The fixture notebook, on that kernel.
    const notebook = JSON.parse(
      fs.readFileSync(path.join(NOTEBOOKS, 'capture.ipynb'), 'utf-8')
    );
    notebook.metadata.kernelspec = {
      name: MISSING_KERNEL,
      display_name: 'Python 3 (without mlops-lab)',
      language: 'python'
    };
    const local = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lab-')),
      MISSING
    );
    fs.writeFileSync(local, JSON.stringify(notebook));
    await page.contents.uploadFile(local, `${tmpPath}/${MISSING}`);
    await page.contents.uploadFile(
      path.join(NOTEBOOKS, 'capture.csv'),
      `${tmpPath}/capture.csv`
    );
    const before = listRuns();
    await page.notebook.openByPath(`${tmpPath}/${MISSING}`);
    await page.notebook.activate(MISSING);

    const notice =
      "mlops-lab is not installed in this kernel's environment, so the " +
      'notebook is not tracked. Run %pip install mlops-lab and restart the ' +
      'kernel.';
    // One notification, whole.
    await expect(page.getByText(notice)).toHaveCount(1, { timeout: 30000 });
    const item = page
      .locator('#jp-main-statusbar')
      .getByRole('button', { name: notice });
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
    expect(listRuns().map(run => run.id)).toEqual(before.map(run => run.id));
  });
});
