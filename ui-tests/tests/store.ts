import { execFileSync } from 'child_process';
import * as fs from 'fs';
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

/**
 * Where the test server also looks for kernel specs (see
 * `jupyter_server_test_config.py`).
 */
const KERNELS_PATH = path.resolve(__dirname, '..', '.store', 'kernels');

/**
 * Add a Python kernel spec whose kernels cannot import mlops_lab, as in an
 * environment where it is not installed.
 */
export function addKernelWithoutMlopsLab(kernel: {
  name: string;
  display_name: string;
}): void {
  const folder = path.join(KERNELS_PATH, kernel.name);
  fs.mkdirSync(folder, { recursive: true });
  const launcher = path.resolve(
    __dirname,
    '..',
    'kernels',
    'without_mlops_lab.py'
  );
  const spec = {
    argv: [PYTHON, launcher, '-f', '{connection_file}'],
    display_name: kernel.display_name,
    language: 'python'
  };
  fs.writeFileSync(path.join(folder, 'kernel.json'), JSON.stringify(spec));
}

/**
 * Remove a kernel spec added by a test.
 */
export function removeKernel(name: string): void {
  fs.rmSync(path.join(KERNELS_PATH, name), { recursive: true, force: true });
}
