import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Change the store the test server serves, through mlops-lab's Python core
 * API, as a kernel or the CLI would (see `store.py`).
 */
export function changeStore(...args: string[]): void {
  execFileSync(
    process.env.MLOPS_LAB_PYTHON ?? 'python',
    [path.resolve(__dirname, '..', 'store.py'), ...args],
    { stdio: 'inherit' }
  );
}
