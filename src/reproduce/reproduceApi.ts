import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from '../common/request';
import { IReproduction, IReproductionRequest } from './reproduceTypes';

/**
 * The endpoints of reproductions, as one object so a model can be given a
 * fake in tests.
 */
export interface IReproduceApi {
  startReproduction(request: IReproductionRequest): Promise<IReproduction>;
  getReproduction(id: string): Promise<IReproduction>;
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
