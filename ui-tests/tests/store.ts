import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * The Python that has mlops_lab, and the store the test server serves.
 */
const PYTHON = process.env.MLOPS_LAB_PYTHON ?? 'python';
export const STORE_PATH = path.resolve(__dirname, '..', '.store', '.mlops-lab');

/**
 * Change the store the test server serves, through mlops-lab's Python core
 * API, as a kernel or the CLI would (see `store.py`).
 */
export function changeStore(...args: string[]): void {
  execFileSync(PYTHON, [path.resolve(__dirname, '..', 'store.py'), ...args], {
    stdio: 'inherit'
  });
}

/**
 * Run the mlops-lab command line on the test store.
 *
 * @returns What it printed on stdout.
 */
export function mlopsLab(...args: string[]): string {
  return execFileSync(
    PYTHON,
    ['-m', 'mlops_lab.cli', ...args, '--store', STORE_PATH],
    { encoding: 'utf-8' }
  );
}
