import { ServerConnection } from '@jupyterlab/services';

import { compareRuns } from '../compare/compareApi';
import {
  deleteRun,
  getInfo,
  getRun,
  getRunKeys,
  listRuns,
  patchRun
} from '../runs/runsApi';

/**
 * Server settings whose fetch answers with `respond` and records requests.
 */
function fakeServer(respond: (request: Request) => Response): {
  settings: ServerConnection.ISettings;
  requests: Request[];
} {
  const requests: Request[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://127.0.0.1:8917/lab-base/',
    fetch: (input: RequestInfo | URL): Promise<Response> => {
      const request = input as Request;
      requests.push(request);
      return Promise.resolve(respond(request));
    }
  });
  return { settings, requests };
}

/**
 * A request's URL without the cache-busting timestamp that
 * `ServerConnection.makeRequest` appends.
 */
function urlOf(request: Request): URL {
  const url = new URL(request.url);
  for (const key of [...url.searchParams.keys()]) {
    if (/^\d+$/.test(key)) {
      url.searchParams.delete(key);
    }
  }
  return url;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

describe('api', () => {
  it('gets info below the base URL', async () => {
    const info = {
      version: '0.1.0',
      store: '/tmp/.mlops-lab',
      schema_version: 1,
      revision: 7,
      run_count: 2
    };
    const { settings, requests } = fakeServer(() => json(info));
    await expect(getInfo(settings)).resolves.toEqual(info);
    expect(requests[0].method).toBe('GET');
    expect(urlOf(requests[0]).href).toBe(
      'http://127.0.0.1:8917/lab-base/mlops-lab/info'
    );
  });

  it('sends the run query, leaving out unset parameters', async () => {
    const page = { runs: [], total: 0, offset: 100, limit: 100, revision: 0 };
    const { settings, requests } = fakeServer(() => json(page));
    await listRuns(
      {
        sort: 'started_at',
        order: 'desc',
        offset: 100,
        limit: 100,
        experiment: 'dir/train.ipynb',
        status: undefined
      },
      settings
    );
    const url = urlOf(requests[0]);
    expect(url.pathname).toBe('/lab-base/mlops-lab/runs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      sort: 'started_at',
      order: 'desc',
      offset: '100',
      limit: '100',
      experiment: 'dir/train.ipynb'
    });
  });

  it('throws the server message of an error answer', async () => {
    const { settings } = fakeServer(() =>
      json({ message: 'limit must be at most 500', reason: 'Bad Request' }, 400)
    );
    const failure = listRuns({ limit: 501 }, settings);
    await expect(failure).rejects.toBeInstanceOf(
      ServerConnection.ResponseError
    );
    await expect(failure).rejects.toMatchObject({
      message: 'limit must be at most 500',
      response: { status: 400 }
    });
  });

  it('falls back to the status line for an error without JSON', async () => {
    const { settings } = fakeServer(
      () => new Response('gone', { status: 404, statusText: 'Not Found' })
    );
    await expect(getInfo(settings)).rejects.toMatchObject({
      message: '404 Not Found'
    });
  });

  it('deletes a run and accepts the empty 204 answer', async () => {
    const { settings, requests } = fakeServer(
      () => new Response(null, { status: 204 })
    );
    await expect(deleteRun('0123abcd', settings)).resolves.toBeUndefined();
    expect(requests[0].method).toBe('DELETE');
    expect(urlOf(requests[0]).href).toBe(
      'http://127.0.0.1:8917/lab-base/mlops-lab/runs/0123abcd'
    );
  });

  it('sends the filter and a metric sort', async () => {
    const page = { runs: [], total: 0, offset: 0, limit: 100, revision: 0 };
    const { settings, requests } = fakeServer(() => json(page));
    await listRuns(
      { filter: 'acc>0.9 "name=my run"', sort: 'metrics.acc', order: 'asc' },
      settings
    );
    expect(Object.fromEntries(urlOf(requests[0]).searchParams)).toEqual({
      filter: 'acc>0.9 "name=my run"',
      sort: 'metrics.acc',
      order: 'asc'
    });
  });

  it('asks for the keys of a notebook', async () => {
    const keys = { params: ['lr'], metrics: ['acc'], tags: [] };
    const { settings, requests } = fakeServer(() => json(keys));
    await expect(
      getRunKeys({ notebook: 'dir/train.ipynb' }, settings)
    ).resolves.toEqual(keys);
    const url = urlOf(requests[0]);
    expect(url.pathname).toBe('/lab-base/mlops-lab/runs/keys');
    expect(url.searchParams.get('notebook')).toBe('dir/train.ipynb');
  });

  it('asks for every metric point only when told', async () => {
    const { settings, requests } = fakeServer(() => json({}));
    await getRun('abcd', 'latest', settings);
    await getRun('abcd', 'all', settings);
    expect(urlOf(requests[0]).search).toBe('');
    const url = urlOf(requests[1]);
    expect(url.pathname).toBe('/lab-base/mlops-lab/runs/abcd');
    expect(url.searchParams.get('history')).toBe('all');
  });

  it('patches a run with a JSON body', async () => {
    const { settings, requests } = fakeServer(() => json({ id: 'abcd' }));
    await patchRun('abcd', { name: 'best', tags: { stage: null } }, settings);
    expect(requests[0].method).toBe('PATCH');
    expect(urlOf(requests[0]).pathname).toBe('/lab-base/mlops-lab/runs/abcd');
    await expect(requests[0].json()).resolves.toEqual({
      name: 'best',
      tags: { stage: null }
    });
  });

  it('compares runs named in one comma-separated parameter', async () => {
    const { settings, requests } = fakeServer(() => json({ runs: [] }));
    await compareRuns(['aaaa', 'bbbb', 'cccc'], settings);
    const url = urlOf(requests[0]);
    expect(url.pathname).toBe('/lab-base/mlops-lab/compare');
    expect(url.searchParams.get('runs')).toBe('aaaa,bbbb,cccc');
  });
});
