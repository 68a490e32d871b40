import { ServerConnection } from '@jupyterlab/services';

import {
  getModelSources,
  getModelVersion,
  pushModel,
  setModelAlias
} from '../registry/registryApi';

/**
 * Server settings whose fetch answers `body` and records requests.
 */
function fakeServer(
  body: unknown,
  status = 200
): { settings: ServerConnection.ISettings; requests: Request[] } {
  const requests: Request[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://127.0.0.1:8917/base/',
    fetch: (input: RequestInfo | URL): Promise<Response> => {
      requests.push(input as Request);
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' }
        })
      );
    }
  });
  return { settings, requests };
}

function path(request: Request): string {
  return new URL(request.url).pathname;
}

describe('registry api', () => {
  it('gets a version by number or alias, encoded', async () => {
    const { settings, requests } = fakeServer({});
    await getModelVersion('iris-v2.1', 3, settings);
    await getModelVersion('iris', 'champion', settings);
    expect(requests.map(path)).toEqual([
      '/base/mlops-lab/models/iris-v2.1/versions/3',
      '/base/mlops-lab/models/iris/versions/champion'
    ]);
  });

  it('posts a push request as JSON', async () => {
    const { settings, requests } = fakeServer({ version: 1 }, 201);
    const request = { run: 'abcd1234', name: 'iris', variable: 'model' };
    await expect(pushModel(request, settings)).resolves.toEqual({
      version: 1
    });
    expect(requests[0].method).toBe('POST');
    expect(path(requests[0])).toBe('/base/mlops-lab/models');
    expect(await requests[0].json()).toEqual(request);
  });

  it('puts an alias', async () => {
    const { settings, requests } = fakeServer({});
    await setModelAlias('iris', 'champion', 2, settings);
    expect(requests[0].method).toBe('PUT');
    expect(path(requests[0])).toBe(
      '/base/mlops-lab/models/iris/aliases/champion'
    );
    expect(await requests[0].json()).toEqual({ version: 2 });
  });

  it('asks what a run can push', async () => {
    const { settings, requests } = fakeServer({});
    await getModelSources('abcd1234', settings);
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe('/base/mlops-lab/model-sources');
    expect(url.searchParams.get('run')).toBe('abcd1234');
  });

  it('rejects with the server message', async () => {
    const { settings } = fakeServer(
      { message: "No model named 'nope'", reason: 'Not Found' },
      404
    );
    await expect(getModelVersion('nope', 1, settings)).rejects.toThrow(
      "No model named 'nope'"
    );
  });
});
