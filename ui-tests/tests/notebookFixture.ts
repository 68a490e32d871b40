import type { JupyterFrontEnd } from '@jupyterlab/application';
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { NotebookPanel } from '@jupyterlab/notebook';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Locator } from '@playwright/test';

import { mlopsLab } from './store';

/*
 * The fixture notebook of the tracking tests (`notebooks/capture.ipynb`): a
 * `parameters` cell, a CSV read with pandas, a changed variable, a metric,
 * and a cell that fails on purpose.
 */

const NOTEBOOKS = path.resolve(__dirname, '..', 'notebooks');

/**
 * The ids of the fixture's code cells, in order.
 */
export const CODE_CELLS = [
  'imports',
  'parameters',
  'read-data',
  'change-data',
  'log-metric',
  'fail'
];

/**
 * Upload the fixture notebook (as `name`) and its CSV, and open it.
 *
 * @param kernel - The kernel spec to open it with, if not the default.
 */
export async function openFixture(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string,
  kernel?: { name: string; display_name: string }
): Promise<void> {
  let notebook = path.join(NOTEBOOKS, 'capture.ipynb');
  if (kernel) {
    const content = JSON.parse(fs.readFileSync(notebook, 'utf-8'));
    content.metadata.kernelspec = { ...kernel, language: 'python' };
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lab-'));
    notebook = path.join(folder, name);
    fs.writeFileSync(notebook, JSON.stringify(content));
  }
  await page.contents.uploadFile(
    path.join(NOTEBOOKS, 'capture.csv'),
    `${tmpPath}/capture.csv`
  );
  await page.contents.uploadFile(notebook, `${tmpPath}/${name}`);
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
}

/**
 * The tracking item of the status bar, found by its label.
 */
export function trackingItem(
  page: IJupyterLabPageFixture,
  label: string | RegExp
): Locator {
  return page
    .locator('#jp-main-statusbar')
    .getByRole('button', { name: label });
}

/**
 * The item while a run is recorded; its label names the run.
 */
export const RECORDING = /^mlops-lab is recording run /;

/**
 * The item once tracking is loaded, before the first executed cell begins a
 * run; its text is `no run yet`.
 */
export const NO_RUN_YET = /^mlops-lab records into /;

/**
 * The run id in the tracking item's label.
 */
export async function runIdOf(item: Locator): Promise<string> {
  const label = (await item.getAttribute('aria-label')) ?? '';
  return /\(([0-9a-f]{32})\)/.exec(label)?.[1] ?? '';
}

/**
 * Run all cells, and wait until the kernel went through them.
 *
 * Galata's `notebook.run()` waits for every cell to get an execution count;
 * after a failing cell the kernel skips the rest, so this waits for the
 * error the last cell shows (or, if an earlier cell failed, gives up on it).
 */
export async function runAll(
  page: IJupyterLabPageFixture,
  lastError: string,
  menuItem = 'Run>Run All Cells'
): Promise<void> {
  await page.menu.clickMenuItem(menuItem);
  await waitForError(page, lastError);
}

/**
 * Wait for an error in the notebook's outputs, then for the kernel to idle.
 */
export async function waitForError(
  page: IJupyterLabPageFixture,
  error: string
): Promise<void> {
  await expect
    .soft(page.locator('.jp-Notebook').getByText(error).first())
    .toBeVisible({ timeout: 30000 });
  await page.locator('#jp-main-statusbar >> text=Idle').waitFor();
}

/**
 * The ids of the current notebook's code cells as JupyterLab holds them.
 */
export function cellIds(page: IJupyterLabPageFixture): Promise<string[]> {
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
 * Set the tags of a cell of the current notebook, as the property
 * inspector does.
 */
export async function setTags(
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

/**
 * The ids of the runs in the store, through the CLI.
 */
export function runIds(): string[] {
  const runs: { id: string }[] = JSON.parse(mlopsLab('runs', '--json'));
  return runs.map(run => run.id).sort();
}

/*
 * The fixture notebook of the compare and run view tests
 * (`notebooks/compare.ipynb`): a `parameters` cell (`lr`), a `train` cell
 * logging a loss at 5 steps, and an `evaluate` cell logging an accuracy.
 */

/**
 * Upload the compare fixture notebook (as `name`) and open it.
 */
export async function openCompareFixture(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string
): Promise<void> {
  await page.contents.uploadFile(
    path.join(NOTEBOOKS, 'compare.ipynb'),
    `${tmpPath}/${name}`
  );
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
}

/**
 * Replace a cell's code in the open notebook, keeping its cell id, as
 * typing into it does.
 */
export async function setSource(
  page: IJupyterLabPageFixture,
  cellId: string,
  source: string
): Promise<void> {
  await page.evaluate(
    ([id, text]) => {
      const app = (window as unknown as { jupyterapp: JupyterFrontEnd })
        .jupyterapp;
      const panel = app.shell.currentWidget as NotebookPanel;
      const cell = Array.from(panel.content.model!.cells).find(
        candidate => candidate.id === id
      );
      cell!.sharedModel.setSource(text);
    },
    [cellId, source] as const
  );
}

/**
 * Wait until the kernel wrote every cell of the run into the store.
 */
export async function waitForCells(
  runId: string,
  count: number
): Promise<void> {
  await expect
    .poll(() => JSON.parse(mlopsLab('show', runId, '--json')).cells.length, {
      timeout: 30000
    })
    .toBeGreaterThanOrEqual(count);
}
