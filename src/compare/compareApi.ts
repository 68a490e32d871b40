import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from '../common/request';
import { ICompareResult } from './compareTypes';

/**
 * `GET /mlops-lab/compare`: 2 to 50 runs compared against the first one.
 */
export function compareRuns(
  ids: string[],
  serverSettings?: ServerConnection.ISettings
): Promise<ICompareResult> {
  return requestAPI<ICompareResult>(
    `compare${URLExt.objectToQueryString({ runs: ids.join(',') })}`,
    { method: 'GET' },
    serverSettings
  );
}
