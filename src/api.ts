import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from './request';
import {
  IReproduceApi,
  IReproduction,
  IReproductionRequest
} from './reproduce/types';
import { IInfo, IMlopsLabApi, IRunDetail, IRunPage, IRunQuery } from './tokens';

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
  const parameters: { [name: string]: string } = {};
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      parameters[name] = String(value);
    }
  }
  return requestAPI<IRunPage>(
    `runs${URLExt.objectToQueryString(parameters)}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/runs/{id}`: one run with its executed cells.
 */
export function getRun(
  id: string,
  serverSettings?: ServerConnection.ISettings
): Promise<IRunDetail> {
  return requestAPI<IRunDetail>(
    `runs/${encodeURIComponent(id)}`,
    { method: 'GET' },
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
 * `POST /mlops-lab/reproductions`: re-execute a run in the background.
 */
export function startReproduction(
  request: IReproductionRequest,
  serverSettings?: ServerConnection.ISettings
): Promise<IReproduction> {
  return requestAPI<IReproduction>(
    'reproductions',
    { method: 'POST', body: JSON.stringify(request) },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/reproductions/{id}`: where a reproduction stands, and its
 * report once done.
 */
export function getReproduction(
  id: string,
  serverSettings?: ServerConnection.ISettings
): Promise<IReproduction> {
  return requestAPI<IReproduction>(
    `reproductions/${encodeURIComponent(id)}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * The reproduction endpoints bound to one Jupyter server.
 */
export function connectReproduceApi(
  serverSettings: ServerConnection.ISettings
): IReproduceApi {
  return {
    startReproduction: request => startReproduction(request, serverSettings),
    getReproduction: id => getReproduction(id, serverSettings)
  };
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
    getRun: id => getRun(id, serverSettings),
    deleteRun: id => deleteRun(id, serverSettings)
  };
}
