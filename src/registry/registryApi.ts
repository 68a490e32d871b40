import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import {
  IModelDetail,
  IModelList,
  IModelSources,
  IModelVersion,
  IPushRequest,
  IVersionMonitoring
} from './registryTypes';
import { requestAPI } from '../common/request';
import { getRunLineage } from '../runs/runsApi';
import { ILineageSlice } from '../runs/lineageTypes';

/**
 * The registry endpoints, as one object so models can be given a fake in
 * tests.
 */
export interface IRegistryApi {
  listModels(): Promise<IModelList>;
  getModel(name: string): Promise<IModelDetail>;
  /**
   * A version by number, or by alias.
   */
  getModelVersion(
    name: string,
    version: number | string
  ): Promise<IModelVersion>;
  /**
   * The version's drift checks and promotion decisions.
   */
  getModelVersionMonitoring(
    name: string,
    version: number | string
  ): Promise<IVersionMonitoring>;
  setModelAlias(
    name: string,
    alias: string,
    version: number
  ): Promise<IModelVersion>;
  pushModel(request: IPushRequest): Promise<IModelVersion>;
  getModelSources(runId: string): Promise<IModelSources>;
  /**
   * The data flow behind a variable or file of a run (`GET
   * /mlops-lab/runs/{id}/lineage`), drawn in the lineage view.
   */
  getRunLineage(
    runId: string,
    name: string,
    at?: number
  ): Promise<ILineageSlice>;
}

/*
 * One typed function per endpoint of the model registry, as `runs/runsApi.ts` has for
 * runs. Every endpoint takes the local registry (the server's store).
 */

/**
 * `GET /mlops-lab/models`: the registered models.
 */
export function listModels(
  serverSettings?: ServerConnection.ISettings
): Promise<IModelList> {
  return requestAPI<IModelList>('models', { method: 'GET' }, serverSettings);
}

/**
 * `GET /mlops-lab/models/{name}`: a model with its versions, newest first.
 */
export function getModel(
  name: string,
  serverSettings?: ServerConnection.ISettings
): Promise<IModelDetail> {
  return requestAPI<IModelDetail>(
    `models/${encodeURIComponent(name)}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/models/{name}/versions/{version}`: one version with its
 * lineage; `version` is a number or an alias.
 */
export function getModelVersion(
  name: string,
  version: number | string,
  serverSettings?: ServerConnection.ISettings
): Promise<IModelVersion> {
  return requestAPI<IModelVersion>(
    URLExt.join(
      'models',
      encodeURIComponent(name),
      'versions',
      encodeURIComponent(String(version))
    ),
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/models/{name}/versions/{version}/monitoring`: the drift
 * checks (`mlops-lab monitor`) and promotion decisions the version's tags
 * recorded, oldest first.
 */
export function getModelVersionMonitoring(
  name: string,
  version: number | string,
  serverSettings?: ServerConnection.ISettings
): Promise<IVersionMonitoring> {
  return requestAPI<IVersionMonitoring>(
    URLExt.join(
      'models',
      encodeURIComponent(name),
      'versions',
      encodeURIComponent(String(version)),
      'monitoring'
    ),
    { method: 'GET' },
    serverSettings
  );
}

/**
 * `PUT /mlops-lab/models/{name}/aliases/{alias}`: point an alias at a version.
 */
export function setModelAlias(
  name: string,
  alias: string,
  version: number,
  serverSettings?: ServerConnection.ISettings
): Promise<IModelVersion> {
  return requestAPI<IModelVersion>(
    URLExt.join(
      'models',
      encodeURIComponent(name),
      'aliases',
      encodeURIComponent(alias)
    ),
    { method: 'PUT', body: JSON.stringify({ version }) },
    serverSettings
  );
}

/**
 * `POST /mlops-lab/models`: push a model from a run as a new version.
 */
export function pushModel(
  request: IPushRequest,
  serverSettings?: ServerConnection.ISettings
): Promise<IModelVersion> {
  return requestAPI<IModelVersion>(
    'models',
    { method: 'POST', body: JSON.stringify(request) },
    serverSettings
  );
}

/**
 * `GET /mlops-lab/model-sources?run=`: what a run can push.
 */
export function getModelSources(
  runId: string,
  serverSettings?: ServerConnection.ISettings
): Promise<IModelSources> {
  return requestAPI<IModelSources>(
    `model-sources${URLExt.objectToQueryString({ run: runId })}`,
    { method: 'GET' },
    serverSettings
  );
}

/**
 * The registry endpoints bound to one Jupyter server.
 */
export function connectRegistryApi(
  serverSettings: ServerConnection.ISettings
): IRegistryApi {
  return {
    listModels: () => listModels(serverSettings),
    getModel: name => getModel(name, serverSettings),
    getModelVersion: (name, version) =>
      getModelVersion(name, version, serverSettings),
    getModelVersionMonitoring: (name, version) =>
      getModelVersionMonitoring(name, version, serverSettings),
    setModelAlias: (name, alias, version) =>
      setModelAlias(name, alias, version, serverSettings),
    pushModel: request => pushModel(request, serverSettings),
    getModelSources: runId => getModelSources(runId, serverSettings),
    getRunLineage: (runId, name, at) =>
      getRunLineage(runId, name, at, serverSettings)
  };
}
