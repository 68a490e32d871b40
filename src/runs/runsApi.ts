import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { compareRuns } from '../compare/compareApi';
import { ICompareResult } from '../compare/compareTypes';
import { requestAPI } from '../common/request';
import {
  IInfo,
  IRun,
  IRunDetail,
  IRunKeys,
  IRunKeysQuery,
  IRunPage,
  IRunPatch,
  IRunQuery,
  MetricHistory
} from './runsTypes';
import { ILineageSlice } from './lineageTypes';

/**
 * The endpoints the frontend uses, as one object so a model can be given a
 * fake in tests.
 */
export interface IMlopsLabApi {
  getInfo(): Promise<IInfo>;
  listRuns(query: IRunQuery): Promise<IRunPage>;
  getRunKeys(query: IRunKeysQuery): Promise<IRunKeys>;
  getRun(id: string, history?: MetricHistory): Promise<IRunDetail>;
  patchRun(id: string, patch: IRunPatch): Promise<IRun>;
  deleteRun(id: string): Promise<void>;
  compareRuns(ids: string[]): Promise<ICompareResult>;
}

/**
 * `GET /mlops-lab/info`: the server extension's version and its store.
 */
export function getInfo(
  serverSettings?: ServerConnection.ISettings
): Promise<IInfo> {
  return requestAPI<IInfo>('info', { method: 'GET' }, serverSettings);
}

/**
 * `GET /mlops-lab/runs`: one page of runs, filtered and sorted.
 */
export function listRuns(
  query: IRunQuery = {},
  serverSettings?: ServerConnection.ISettings
): Promise<IRunPage> {
  return requestAPI<IRunPage>(
    `runs${Private.queryString(query)}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/runs/keys`: the param, metric and tag names of the runs of
 * an experiment or notebook (of all runs without either).
 */
export function getRunKeys(
  query: IRunKeysQuery = {},
  serverSettings?: ServerConnection.ISettings
): Promise<IRunKeys> {
  return requestAPI<IRunKeys>(
    `runs/keys${Private.queryString(query)}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/runs/{id}`: one run with its executed cells.
 */
export function getRun(
  id: string,
  history: MetricHistory = 'latest',
  serverSettings?: ServerConnection.ISettings
): Promise<IRunDetail> {
  const query = history === 'all' ? '?history=all' : '';
  return requestAPI<IRunDetail>(
    `runs/${encodeURIComponent(id)}${query}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/runs/{id}/lineage?name=&at=`: the executions a variable,
 * metric or file of a run depends on, as of execution `at` (the run's end
 * by default).
 */
export function getRunLineage(
  id: string,
  name: string,
  at?: number,
  serverSettings?: ServerConnection.ISettings
): Promise<ILineageSlice> {
  return requestAPI<ILineageSlice>(
    `runs/${encodeURIComponent(id)}/lineage${Private.queryString({ name, at })}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `PATCH /mlops-lab/runs/{id}`: rename a run, set or delete its tags.
 */
export function patchRun(
  id: string,
  patch: IRunPatch,
  serverSettings?: ServerConnection.ISettings
): Promise<IRun> {
  return requestAPI<IRun>(
    `runs/${encodeURIComponent(id)}`,
    { method: 'PATCH', body: JSON.stringify(patch) },
    serverSettings
  );
}

/**
 * `DELETE /mlops-lab/runs/{id}`: delete a run and everything recorded under it.
 */
export async function deleteRun(
  id: string,
  serverSettings?: ServerConnection.ISettings
): Promise<void> {
  await requestAPI<undefined>(
    `runs/${encodeURIComponent(id)}`,
    { method: 'DELETE' },
    serverSettings
  );
}

/**
 * The endpoints bound to one Jupyter server.
 */
export function connectApi(
  serverSettings: ServerConnection.ISettings
): IMlopsLabApi {
  return {
    getInfo: () => getInfo(serverSettings),
    listRuns: query => listRuns(query, serverSettings),
    getRunKeys: query => getRunKeys(query, serverSettings),
    getRun: (id, history) => getRun(id, history, serverSettings),
    patchRun: (id, patch) => patchRun(id, patch, serverSettings),
    deleteRun: id => deleteRun(id, serverSettings),
    compareRuns: ids => compareRuns(ids, serverSettings)
  };
}

namespace Private {
  /**
   * A query string of the parameters that are set.
   */
  export function queryString(query: object): string {
    const parameters: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) {
        parameters[name] = String(value);
      }
    }
    return URLExt.objectToQueryString(parameters);
  }
}
