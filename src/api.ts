import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { ReadonlyJSONValue } from '@lumino/coreutils';

import {
  IPipelineApi,
  IPipelineExport,
  IPipelineJob,
  IPipelinePreview
} from './pipelineTokens';
import { requestAPI } from './request';
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
