import {
  IInfo,
  IMlopsLabApi,
  IRun,
  IRunDetail,
  IRunPage,
  IRunQuery
} from '../tokens';

/**
 * An in-memory server: runs newest first, a revision bumped on every change,
 * and a log of the list requests.
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
  runs: IRun[] = [];

  addRun(status: IRun['status'] = 'finished'): IRun {
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
      cell_count: 3,
      params: { lr: 0.1 },
      metrics: { accuracy: 0.9 },
      tags: {}
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
      run_count: this.runs.length
    };
  }

  async listRuns(query: IRunQuery): Promise<IRunPage> {
    this.listCalls.push(query);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    let runs = this.runs;
    if (query.order === 'asc') {
      runs = [...runs].reverse();
    }
    return {
      runs: runs.slice(offset, offset + limit),
      total: this.runs.length,
      offset,
      limit,
      revision: this.revision
    };
  }

  async getRun(id: string): Promise<IRunDetail> {
    const run = this.runs.find(candidate => candidate.id === id);
    if (!run) {
      throw new Error(`No run ${id}`);
    }
    return { ...run, cells: [] };
  }

  async deleteRun(id: string): Promise<void> {
    this.runs = this.runs.filter(run => run.id !== id);
    this.revision++;
  }

  /**
   * The pages asked for so far, as offsets.
   */
  get requestedOffsets(): number[] {
    return this.listCalls.map(query => query.offset ?? 0);
  }
}
