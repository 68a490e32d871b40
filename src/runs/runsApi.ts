import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { ReadonlyJSONValue } from '@lumino/coreutils';

import {
  IPipelineApi,
  IPipelineExport,
  IPipelineJob,
  IPipelinePreview
} from '../pipeline/pipelineTypes';
import { requestAPI } from '../common/request';
import {
  IReproduceApi,
  IReproduction,
  IReproductionRequest
} from '../reproduce/reproduceTypes';
import {
  ICompareResult,
  IInfo,
  IMlopsLabApi,
  IRun,
  IRunDetail,
  IRunKeys,
  IRunKeysQuery,
  IRunPage,
  IRunPatch,
  IRunQuery
} from '../tokens';

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
  serverSettings?: ServerConnection.ISettings
): Promise<IRunDetail> {
  return requestAPI<IRunDetail>(
    `runs/${encodeURIComponent(id)}`,
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
    getRunKeys: query => getRunKeys(query, serverSettings),
    getRun: id => getRun(id, serverSettings),
    patchRun: (id, patch) => patchRun(id, patch, serverSettings),
    deleteRun: id => deleteRun(id, serverSettings),
    compareRuns: ids => compareRuns(ids, serverSettings)
  };
}

/**
 * `POST /mlops-lab/pipeline/preview`: the pipeline a notebook becomes; with
 * `content`, its unsaved JSON is read instead of the file.
 */
export function previewPipeline(
  path: string,
  content?: ReadonlyJSONValue,
  serverSettings?: ServerConnection.ISettings
): Promise<IPipelinePreview> {
  return requestAPI<IPipelinePreview>(
    'pipeline/preview',
    { method: 'POST', body: JSON.stringify({ path, content }) },
    serverSettings
  );
}

/**
 * `POST /mlops-lab/pipeline/export`: write the notebook as a pipeline.
 */
export function exportPipeline(
  path: string,
  target: string,
  directory?: string,
  serverSettings?: ServerConnection.ISettings
): Promise<IPipelineExport> {
  return requestAPI<IPipelineExport>(
    'pipeline/export',
    { method: 'POST', body: JSON.stringify({ path, target, directory }) },
    serverSettings
  );
}

/**
 * `POST /mlops-lab/pipeline/runs`: export to local and run it on the server.
 */
export function startPipelineRun(
  path: string,
  parameters: { [name: string]: ReadonlyJSONValue },
  serverSettings?: ServerConnection.ISettings
): Promise<IPipelineJob> {
  return requestAPI<IPipelineJob>(
    'pipeline/runs',
    { method: 'POST', body: JSON.stringify({ path, parameters }) },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/pipeline/runs/{id}`: how a local run is going.
 */
export function getPipelineRun(
  id: string,
  serverSettings?: ServerConnection.ISettings
): Promise<IPipelineJob> {
  return requestAPI<IPipelineJob>(
    `pipeline/runs/${encodeURIComponent(id)}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * The pipeline endpoints bound to one Jupyter server.
 */
export function connectPipelineApi(
  serverSettings: ServerConnection.ISettings
): IPipelineApi {
  return {
    preview: (path, content) => previewPipeline(path, content, serverSettings),
    exportPipeline: (path, target, directory) =>
      exportPipeline(path, target, directory, serverSettings),
    startRun: (path, parameters) =>
      startPipelineRun(path, parameters, serverSettings),
    getRun: id => getPipelineRun(id, serverSettings)
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
