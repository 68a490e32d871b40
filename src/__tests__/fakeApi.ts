import { ServerConnection } from '@jupyterlab/services';
import { ReadonlyJSONValue } from '@lumino/coreutils';

import { ICompareResult } from '../compare/compareTypes';
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
} from '../runs/runsTypes';
import { ISyncState } from '../remote/remoteTypes';
import { IMlopsLabApi } from '../runs/runsApi';

/**
 * An in-memory server: runs newest first, a revision bumped on every change,
 * and a log of the requests.
 *
 * Filters follow the server's language for the cases the tests use: `NAME OP
 * VALUE` on metrics and params (a bare name is a metric, else a param), and
 * any other term as text in the name or notebook; a term that ends in an
 * operator is refused with a 400, as the server does.
 */
export class FakeApi implements IMlopsLabApi {
  constructor(count = 0, version = '0.1.0') {
    this.version = version;
    for (let i = 0; i < count; i++) {
      this.addRun();
    }
    this.listCalls = [];
  }

  version: string;
  revision = 0;
  infoError: Error | null = null;
  listCalls: IRunQuery[];
  keysCalls: IRunKeysQuery[] = [];
  compareCalls: string[][] = [];
  patchCalls: { id: string; patch: IRunPatch }[] = [];
  runs: IRun[] = [];
  /**
   * The outbox `getInfo` answers.
   */
  sync: ISyncState = { pending: 0, failing: 0, last_error: null };
  /**
   * What `compareRuns` answers, by the ids joined with commas.
   */
  compareResults = new Map<string, ICompareResult>();
  /**
   * What `getRun` answers beyond the run itself, by run id.
   */
  details = new Map<string, Partial<IRunDetail>>();
  /**
   * The metric history asked by each `getRun`, in order.
   */
  historyCalls: MetricHistory[] = [];

  addRun(
    status: IRun['status'] = 'finished',
    overrides: Partial<IRun> = {}
  ): IRun {
    const n = this.runs.length;
    const started = new Date(Date.UTC(2026, 0, 1) + n * 60_000);
    const run: IRun = {
      id: n.toString(16).padStart(32, '0'),
      name: `run-${n}`,
      experiment: 'train.ipynb',
      notebook: 'train.ipynb',
      status,
      started_at: started.toISOString().replace('.000Z', 'Z'),
      ended_at: null,
      duration: status === 'running' ? null : 1.5,
      active_time: 1.2,
      continues: null,
      continued_by: [],
      cell_count: 3,
      params: { lr: 0.1 },
      metrics: { accuracy: 0.9 },
      tags: {},
      git: null,
      ...overrides
    };
    this.runs.unshift(run);
    this.revision++;
    return run;
  }

  async getInfo(): Promise<IInfo> {
    if (this.infoError) {
      throw this.infoError;
    }
    return {
      version: this.version,
      store: '/tmp/.mlops-lab',
      schema_version: 1,
      revision: this.revision,
      run_count: this.runs.length,
      sync: this.sync
    };
  }

  async listRuns(query: IRunQuery): Promise<IRunPage> {
    this.listCalls.push(query);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    let runs = this.runs.filter(
      run =>
        (query.notebook === undefined || run.notebook === query.notebook) &&
        Private.inScope(run, query.scope)
    );
    if (query.filter) {
      const terms = query.filter.split(/\s+/).map(Private.parseTerm);
      runs = runs.filter(run => terms.every(term => term(run)));
    }
    const key = query.sort ?? 'started_at';
    const valueOf = (run: IRun): ReadonlyJSONValue | undefined =>
      key.startsWith('metrics.')
        ? run.metrics[key.slice('metrics.'.length)]
        : key.startsWith('params.')
          ? run.params[key.slice('params.'.length)]
          : undefined;
    if (key.startsWith('metrics.') || key.startsWith('params.')) {
      runs = Private.sortBy(runs, valueOf, query.order ?? 'desc');
    } else if (query.order === 'asc') {
      runs = [...runs].reverse();
    }
    return {
      runs: runs.slice(offset, offset + limit),
      total: runs.length,
      offset,
      limit,
      revision: this.revision
    };
  }

  async getRunKeys(query: IRunKeysQuery): Promise<IRunKeys> {
    this.keysCalls.push(query);
    const runs = this.runs.filter(
      run =>
        (query.notebook === undefined || run.notebook === query.notebook) &&
        Private.inScope(run, query.scope)
    );
    const names = (of: (run: IRun) => object) =>
      [...new Set(runs.flatMap(run => Object.keys(of(run))))].sort();
    return {
      params: names(run => run.params),
      metrics: names(run => run.metrics),
      tags: names(run => run.tags)
    };
  }

  async getRun(
    id: string,
    history: MetricHistory = 'latest'
  ): Promise<IRunDetail> {
    this.historyCalls.push(history);
    const run = this.runs.find(candidate => candidate.id === id);
    if (!run) {
      throw Private.answer(404, `No run ${id}`);
    }
    return {
      ...run,
      cells: [],
      variables: {},
      data: [],
      env: null,
      git: null,
      host: null,
      artifacts: [],
      metric_history: {},
      ...this.details.get(id)
    };
  }

  async patchRun(id: string, patch: IRunPatch): Promise<IRun> {
    this.patchCalls.push({ id, patch });
    const index = this.runs.findIndex(candidate => candidate.id === id);
    if (index < 0) {
      throw Private.answer(404, `No run ${id}`);
    }
    const tags = { ...this.runs[index].tags };
    for (const [key, value] of Object.entries(patch.tags ?? {})) {
      if (value === null) {
        delete tags[key];
      } else {
        tags[key] = value;
      }
    }
    const run = {
      ...this.runs[index],
      name: patch.name ?? this.runs[index].name,
      tags
    };
    this.runs[index] = run;
    this.revision++;
    return run;
  }

  async deleteRun(id: string): Promise<void> {
    this.runs = this.runs.filter(run => run.id !== id);
    this.revision++;
  }

  async compareRuns(ids: string[]): Promise<ICompareResult> {
    this.compareCalls.push(ids);
    if (ids.length < 2) {
      throw Private.answer(400, 'Compare needs at least 2 runs.');
    }
    const result = this.compareResults.get(ids.join(','));
    if (!result) {
      throw Private.answer(404, `No run ${ids[ids.length - 1]}`);
    }
    return result;
  }

  /**
   * The pages asked for so far, as offsets.
   */
  get requestedOffsets(): number[] {
    return this.listCalls.map(query => query.offset ?? 0);
  }
}

namespace Private {
  /**
   * Whether a run is of a scope: made here (`local`), pulled (`team`).
   */
  export function inScope(run: IRun, scope: IRunQuery['scope']): boolean {
    const pulled = (run.origin ?? null) !== null;
    return scope === 'team' ? pulled : scope === 'local' ? !pulled : true;
  }

  /**
   * An error answer of the server, as `requestAPI` throws it.
   */
  export function answer(
    status: number,
    message: string
  ): ServerConnection.ResponseError {
    return new ServerConnection.ResponseError(
      new Response(JSON.stringify({ message }), { status }),
      message
    );
  }

  /**
   * A filter term as a test of a run.
   */
  export function parseTerm(term: string): (run: IRun) => boolean {
    const match = /^([\w.]+)(>=|<=|!=|>|<|=)(.*)$/.exec(term);
    if (!match) {
      const text = term.toLowerCase();
      return run =>
        run.name.toLowerCase().includes(text) ||
        (run.notebook ?? '').toLowerCase().includes(text);
    }
    const [, name, operator, written] = match;
    if (written === '') {
      throw answer(
        400,
        `Filter term '${term}' lacks a value after ${operator}.`
      );
    }
    const value: ReadonlyJSONValue = Number.isNaN(Number(written))
      ? written
      : Number(written);
    return run => {
      const actual = name.startsWith('params.')
        ? run.params[name.slice(7)]
        : name.startsWith('metrics.')
          ? run.metrics[name.slice(8)]
          : (run.metrics[name] ?? run.params[name]);
      if (actual === undefined) {
        return false;
      }
      switch (operator) {
        case '=':
          return actual === value;
        case '!=':
          return actual !== value;
        case '>':
          return (actual as number) > (value as number);
        case '>=':
          return (actual as number) >= (value as number);
        case '<':
          return (actual as number) < (value as number);
        default:
          return (actual as number) <= (value as number);
      }
    };
  }

  /**
   * Runs sorted by a value; those without it last.
   */
  export function sortBy(
    runs: IRun[],
    valueOf: (run: IRun) => ReadonlyJSONValue | undefined,
    order: 'asc' | 'desc'
  ): IRun[] {
    const sign = order === 'asc' ? 1 : -1;
    return [...runs].sort((a, b) => {
      const x = valueOf(a);
      const y = valueOf(b);
      if (x === undefined || y === undefined) {
        return x === y ? 0 : x === undefined ? 1 : -1;
      }
      const [p, q] = [x as number | string, y as number | string];
      return p < q ? -sign : p > q ? sign : 0;
    });
  }
}
