import {
  IModelDetail,
  IModelList,
  IModelSources,
  IModelVersion,
  IPushRequest,
  IRegisteredModel,
  IVersionMonitoring
} from '../registry/registryTypes';
import { IRegistryApi } from '../registry/registryApi';
import { ILineageSlice } from '../runs/lineageTypes';

/**
 * An in-memory registry: pushes number versions from 1 per model.
 */
export class FakeRegistryApi implements IRegistryApi {
  versions: IModelVersion[] = [];
  sources: IModelSources = {
    run_id: 'a'.repeat(32),
    notebook: 'train.ipynb',
    kernel: { live: true, reason: null },
    variables: [
      { name: 'df', type: 'pandas.DataFrame', repr: 'DataFrame' },
      { name: 'model', type: 'sklearn.tree.DecisionTreeClassifier', repr: '' }
    ],
    files: [{ name: 'model.pkl', kind: 'artifact' }]
  };
  pushError: Error | null = null;
  listCalls = 0;
  /**
   * The lineage slice of each name; an unknown name answers 404.
   */
  slices = new Map<string, ILineageSlice>();
  sliceCalls: { runId: string; name: string; at?: number }[] = [];

  async listModels(): Promise<IModelList> {
    this.listCalls++;
    const names = [...new Set(this.versions.map(v => v.name))].sort();
    return { models: names.map(name => this._model(name)) };
  }

  async getModel(name: string): Promise<IModelDetail> {
    return {
      ...this._model(name),
      versions: this.versions
        .filter(v => v.name === name)
        .sort((a, b) => b.version - a.version)
        .map(v => ({ ...v, lineage: null }))
    };
  }

  async getModelVersion(
    name: string,
    version: number | string
  ): Promise<IModelVersion> {
    const found = this.versions.find(
      v =>
        v.name === name &&
        (v.version === version || v.aliases.includes(String(version)))
    );
    if (!found) {
      throw new Error(`Model '${name}' has no version ${version}.`);
    }
    return found;
  }

  async getModelVersionMonitoring(
    name: string,
    version: number | string
  ): Promise<IVersionMonitoring> {
    const found = await this.getModelVersion(name, version);
    return {
      model: found.name,
      version: found.version,
      checks: [],
      promotions: []
    };
  }

  async setModelAlias(
    name: string,
    alias: string,
    version: number
  ): Promise<IModelVersion> {
    for (const v of this.versions.filter(v => v.name === name)) {
      v.aliases = v.aliases.filter(a => a !== alias);
    }
    const found = await this.getModelVersion(name, version);
    found.aliases.push(alias);
    return found;
  }

  async pushModel(request: IPushRequest): Promise<IModelVersion> {
    if (this.pushError) {
      throw this.pushError;
    }
    const number =
      this.versions.filter(v => v.name === request.name).length + 1;
    if (request.alias) {
      for (const v of this.versions.filter(v => v.name === request.name)) {
        v.aliases = v.aliases.filter(a => a !== request.alias);
      }
    }
    const version = makeVersion(request.name, number, request.run);
    version.aliases = request.alias ? [request.alias] : [];
    this.versions.push(version);
    return version;
  }

  async getModelSources(runId: string): Promise<IModelSources> {
    return { ...this.sources, run_id: runId };
  }

  async getRunLineage(
    runId: string,
    name: string,
    at?: number
  ): Promise<ILineageSlice> {
    this.sliceCalls.push({ runId, name, at });
    const slice = this.slices.get(name);
    if (!slice) {
      throw new Error(`${name} is not a variable, metric or file of the run`);
    }
    return slice;
  }

  private _model(name: string): IRegisteredModel {
    const versions = this.versions.filter(v => v.name === name);
    const aliases: { [alias: string]: number } = {};
    for (const v of versions) {
      for (const alias of v.aliases) {
        aliases[alias] = v.version;
      }
    }
    return {
      registry: 'local',
      name,
      description: '',
      tags: {},
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      latest_version: Math.max(...versions.map(v => v.version)),
      version_count: versions.length,
      aliases
    };
  }
}

/**
 * The slice of `model` in the run of `makeVersion`: imports, then the read of
 * iris.csv into `df`, then the training cell.
 */
export function makeSlice(runId = 'a'.repeat(32)): ILineageSlice {
  const execution = (
    seq: number,
    cellId: string,
    code: string,
    flow: Partial<ILineageSlice['executions'][number]>
  ) => ({
    run: runId,
    seq,
    cell_id: cellId,
    execution_count: seq,
    code,
    reads: [],
    writes: [],
    files_read: [],
    files_written: [],
    ...flow
  });
  return {
    run: runId,
    name: 'model',
    kind: 'variable',
    at: 5,
    executions: [
      execution(1, 'imports', 'import pandas as pd', { writes: ['pd'] }),
      execution(3, 'read', 'df = pd.read_csv("iris.csv")', {
        reads: ['pd'],
        writes: ['df'],
        files_read: ['iris.csv']
      }),
      execution(5, 'train', 'model = LogisticRegression().fit(X, y)', {
        reads: ['df'],
        writes: ['model']
      })
    ],
    skipped: [
      { run: runId, seq: 2, cell_id: 'plot', failed: false },
      { run: runId, seq: 4, cell_id: 'typo', failed: true }
    ]
  };
}

/**
 * A version pushed from a run that trained a model on one CSV file.
 */
export function makeVersion(
  name: string,
  version: number,
  runId = 'a'.repeat(32)
): IModelVersion {
  return {
    registry: 'local',
    name,
    version,
    created_at: '2026-01-01T00:00:00Z',
    run_id: runId,
    description: '',
    tags: {},
    aliases: [],
    artifact: {
      filename: 'model.pkl',
      format: 'cloudpickle',
      size: 2048,
      object: 'b'.repeat(64),
      uri: null
    },
    model: {
      type: 'sklearn.linear_model.LogisticRegression',
      framework: 'scikit-learn',
      framework_version: '1.9.1',
      signature: { outputs: { classes: [0, 1, 2] } }
    },
    lineage: {
      run: { id: runId, name: 'train #1', experiment: 'train.ipynb' },
      notebook: { path: 'train.ipynb', fingerprint: 'c'.repeat(32) },
      source: { kind: 'variable', name: 'model', fingerprint: null },
      training_cell: {
        seq: 5,
        cell_id: 'train',
        execution_count: 5,
        code_object: 'd'.repeat(64),
        code: 'model = LogisticRegression().fit(X, y)'
      },
      cells: [
        {
          seq: 1,
          cell_id: 'imports',
          execution_count: 1,
          code_object: 'e'.repeat(64),
          code: 'import pandas as pd'
        },
        {
          seq: 3,
          cell_id: 'read',
          execution_count: 3,
          code_object: 'f'.repeat(64),
          code: 'df = pd.read_csv("iris.csv")'
        }
      ],
      skipped: [
        { seq: 2, cell_id: 'plot', failed: false },
        { seq: 4, cell_id: 'typo', failed: true }
      ],
      data: [{ path: 'iris.csv', size: 4551, fingerprint: '1'.repeat(32) }],
      environment: {
        python: '3.11.7',
        implementation: 'CPython',
        platform: 'Linux',
        packages: { 'scikit-learn': '1.9.1', pandas: '3.1.1' },
        sources: {}
      },
      requirements_object: '2'.repeat(64),
      requirements: 'scikit-learn==1.9.1\n',
      params: { max_iter: 500 },
      metrics: { accuracy: 0.97 },
      git: { commit: '3'.repeat(40), branch: 'main', dirty: false }
    }
  };
}
