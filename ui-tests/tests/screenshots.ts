import { TestInfo } from '@playwright/test';
import * as path from 'path';

/**
 * Where a test saves a screenshot: with its other results, or, when
 * `UPDATE_DOCS_SCREENSHOTS=1`, over the copy in `docs/screenshots/` that the
 * README shows. Test runs then leave the work tree as they found it.
 */
export function screenshotPath(testInfo: TestInfo, name: string): string {
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
    return path.resolve(__dirname, '..', '..', 'docs', 'screenshots', name);
  }
  return testInfo.outputPath(name);
}
