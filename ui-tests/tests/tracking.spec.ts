import { expect, test } from '@jupyterlab/galata';

import { screenshotPath } from './screenshots';

import {
  CODE_CELLS,
  cellIds,
  NO_RUN_YET,
  openFixture,
  RECORDING,
  runAll,
  runIdOf,
  setTags,
  trackingItem,
  waitForError
} from './notebookFixture';
import { changeStore, mlopsLab } from './store';

const TRACKED = 'capture.ipynb';
const RESTARTED = 'restarted.ipynb';
const RETAGGED = 'retagged.ipynb';
const TOGGLED = 'toggled.ipynb';

test.afterAll(() => {
  // The kernels are shut down by now, which ended their runs.
  for (const notebook of [TRACKED, RESTARTED, RETAGGED, TOGGLED]) {
    changeStore('forget', notebook);
  }
});

test.describe('Notebook tracking', () => {
  test('records a notebook run with everything show --json lists', async ({
    page,
    tmpPath
  }, testInfo) => {
    await openFixture(page, tmpPath, TRACKED);

    // Tracking is loaded; the first executed cell begins the run.
    const waiting = trackingItem(page, NO_RUN_YET);
    await expect(waiting).toHaveText('no run yet', { timeout: 30000 });

    await runAll(page, 'ZeroDivisionError');

    // The status is asked again after the cells ran: it names the run.
    const item = trackingItem(page, RECORDING);
    await expect(item).toHaveText(/^capture #\d+$/);
    const runName = (await item.textContent()) ?? '';
    const runId = await runIdOf(item);
    expect(runId).toMatch(/^[0-9a-f]{32}$/);

    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.locator('#mlops-lab-runs-panel');
    await expect(
      panel.getByRole('listitem', { name: `${runName}, running` })
    ).toBeVisible({ timeout: 15000 });
    await page.screenshot({ path: screenshotPath(testInfo, 'tracking.png') });

    const ids = await cellIds(page);
    expect(ids).toEqual(CODE_CELLS);

    // The kernel writes off the reply's path: wait for the last cell.
    const show = () => JSON.parse(mlopsLab('show', runId, '--json'));
    await expect
      .poll(() => show().cells.length)
      .toBeGreaterThanOrEqual(CODE_CELLS.length);
    const run = show();
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
    expect
      .soft(cells.map(cell => cell.execution_count))
      .toEqual([1, 2, 3, 4, 5, 6]);
    expect
      .soft(cells[2]?.code)
      .toBe('df = pd.read_csv("capture.csv").head(rows)\ndf.shape');
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
    expect
      .soft(run.variables?.rows)
      .toEqual(expect.objectContaining({ type: 'int' }));
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
    await expect(trackingItem(page, NO_RUN_YET)).toBeVisible({
      timeout: 30000
    });
    await runAll(page, 'ZeroDivisionError');
    const item = trackingItem(page, RECORDING);
    await expect(item).toBeVisible();
    const firstId = await runIdOf(item);

    await page.menu.clickMenuItem('Kernel>Restart Kernel and Run All Cells…');
    await page.getByRole('button', { name: 'Confirm Kernel Restart' }).click();
    await waitForError(page, 'ZeroDivisionError');

    await expect(item).not.toHaveAttribute('aria-label', new RegExp(firstId));
    const secondId = await runIdOf(item);
    expect(secondId).toMatch(/^[0-9a-f]{32}$/);

    // Tracking was loaded before the first cell the restart queued ran.
    const second = () => JSON.parse(mlopsLab('show', secondId, '--json'));
    await expect
      .poll(() => second().cells.length)
      .toBeGreaterThanOrEqual(CODE_CELLS.length);
    expect.soft(second().cells[0]?.cell_id).toBe(CODE_CELLS[0]);
    const first = JSON.parse(mlopsLab('show', firstId, '--json'));
    expect.soft(first.status).not.toBe('running');
  });

  test('follows the parameters tag as it moves', async ({ page, tmpPath }) => {
    await openFixture(page, tmpPath, RETAGGED);
    await expect(trackingItem(page, NO_RUN_YET)).toBeVisible({
      timeout: 30000
    });

    // Untagged, the cell is code like any other.
    await setTags(page, 'parameters', []);
    await runAll(page, 'ZeroDivisionError');
    const item = trackingItem(page, RECORDING);
    await expect(item).toBeVisible();
    const runId = await runIdOf(item);
    const show = (id: string) => JSON.parse(mlopsLab('show', id, '--json'));
    await expect
      .poll(() => show(runId).cells.length)
      .toBeGreaterThanOrEqual(CODE_CELLS.length);
    expect(show(runId).params).toEqual({});

    // Tagged again and run at once: the kernel hears of the tag first, and
    // the run it records into (this one, or one the parameters cell
    // began) has the parameter.
    await setTags(page, 'parameters', ['parameters']);
    await page.notebook.runCell(CODE_CELLS.indexOf('parameters') + 1);
    await expect
      .poll(async () => show(await runIdOf(item)).params)
      .toEqual({ rows: 20 });
  });

  test('pauses and resumes recording from the status bar', async ({
    page,
    tmpPath
  }) => {
    await openFixture(page, tmpPath, TOGGLED);
    await expect(trackingItem(page, NO_RUN_YET)).toBeVisible({
      timeout: 30000
    });
    await page.notebook.runCell(1);
    const recording = trackingItem(page, RECORDING);
    await expect(recording).toBeVisible({ timeout: 30000 });
    const runName = (await recording.textContent()) ?? '';

    await recording.click();
    const paused = trackingItem(page, /^mlops-lab tracking is off/);
    await expect(paused).toHaveText('tracking off');

    await paused.click();
    await expect(recording).toHaveText(runName);
  });
});
