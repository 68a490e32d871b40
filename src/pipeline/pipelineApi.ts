import { ServerConnection } from '@jupyterlab/services';
import { ReadonlyJSONValue } from '@lumino/coreutils';

import { requestAPI } from '../common/request';
import {
  IPipelineExport,
  IPipelineJob,
  IPipelinePreview
} from './pipelineTypes';

/**
 * The pipeline endpoints, as one object so the model can be given a fake.
 */
export interface IPipelineApi {
  preview(path: string, content?: ReadonlyJSONValue): Promise<IPipelinePreview>;
  exportPipeline(
    path: string,
    target: string,
    directory?: string
  ): Promise<IPipelineExport>;
  startRun(
    path: string,
    parameters: { [name: string]: ReadonlyJSONValue }
  ): Promise<IPipelineJob>;
  getRun(id: string): Promise<IPipelineJob>;
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
