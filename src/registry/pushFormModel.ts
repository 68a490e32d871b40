import { IModelSources, IPushRequest } from './registryTypes';
import { IRegistryApi } from './registryApi';
import { ServerModel } from '../common/serverModel';

/**
 * What to push: a variable of the live kernel, or a file of the run.
 */
export interface IPushSource {
  kind: 'variable' | 'file';
  name: string;
}

/**
 * The state of the "Push model" dialog of one run: what the run can push,
 * the chosen source, the model name and alias.
 */
export class PushFormModel extends ServerModel {
  constructor(options: PushFormModel.IOptions) {
    super();
    this._api = options.api;
    this.runId = options.runId;
    this._lastModelName = options.lastModelName ?? null;
  }

  readonly runId: string;

  /**
   * What the run can push, or null while loading (or when loading failed).
   */
  get sources(): IModelSources | null {
    return this._sources;
  }

  get source(): IPushSource | null {
    return this._source;
  }
  set source(source: IPushSource | null) {
    const previousDefault = this._defaultName();
    this._source = source;
    if (this._name === '' || this._name === previousDefault) {
      this._name = this._defaultName();
    }
    this.emitChanged();
  }

  get name(): string {
    return this._name;
  }
  set name(name: string) {
    this._name = name;
    this.emitChanged();
  }

  get alias(): string {
    return this._alias;
  }
  set alias(alias: string) {
    this._alias = alias;
    this.emitChanged();
  }

  /**
   * Ask the server what the run can push, and choose a first source: the
   * variable `model` if the kernel can push it, else the first pushable one.
   */
  async load(): Promise<void> {
    try {
      this._sources = await this._api.getModelSources(this.runId);
      this.setError(null);
    } catch (error) {
      this.setError(error);
      this.emitChanged();
      return;
    }
    const sources = this._sources;
    if (sources.notebook && this._lastModelName) {
      // The name last pushed from this notebook: pushing again makes a
      // new version of the same model, which is what a newcomer means.
      try {
        this._remembered = await this._lastModelName(sources.notebook);
      } catch {
        this._remembered = null;
      }
    }
    const variables = sources.kernel.live
      ? sources.variables.map(v => v.name)
      : [];
    const preferred = variables.find(name => name === 'model') ?? variables[0];
    if (preferred !== undefined) {
      this.source = { kind: 'variable', name: preferred };
    } else if (sources.files.length > 0) {
      this.source = { kind: 'file', name: sources.files[0].name };
    } else {
      this.emitChanged();
    }
  }

  /**
   * The push request, or null while something is missing.
   */
  get request(): IPushRequest | null {
    const source = this._source;
    const name = this._name.trim();
    if (source === null || name === '') {
      return null;
    }
    const request: IPushRequest = { run: this.runId, name };
    if (source.kind === 'variable') {
      request.variable = source.name;
    } else {
      request.artifact = source.name;
    }
    const alias = this._alias.trim();
    if (alias !== '') {
      request.alias = alias;
    }
    return request;
  }

  /**
   * A model name from the source: the variable's name, or the file's stem,
   * made of the characters a model name allows.
   */
  private _defaultName(): string {
    if (this._source === null) {
      return '';
    }
    if (this._remembered) {
      return this._remembered;
    }
    const base = this._source.name.split('/').pop() ?? '';
    const stem =
      this._source.kind === 'file' && base.includes('.')
        ? base.slice(0, base.lastIndexOf('.'))
        : base;
    return stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  }

  private _alias = '';
  private _lastModelName: ((notebook: string) => Promise<string | null>) | null;
  private _remembered: string | null = null;
  private _api: IRegistryApi;
  private _name = '';
  private _source: IPushSource | null = null;
  private _sources: IModelSources | null = null;
}

/**
 * A namespace for `PushFormModel` statics.
 */
export namespace PushFormModel {
  export interface IOptions {
    api: IRegistryApi;
    runId: string;
    /**
     * The name of the model last pushed from a notebook, if any: the
     * dialog offers it first.
     */
    lastModelName?: (notebook: string) => Promise<string | null>;
  }

  /**
   * The model most recently pushed from one of `runIds` (a notebook's
   * runs), among the `models` most recently updated registered models.
   */
  export async function lastPushedFrom(
    api: Pick<IRegistryApi, 'listModels' | 'getModel'>,
    runIds: ReadonlySet<string>,
    models = 10
  ): Promise<string | null> {
    const list = (await api.listModels()).models
      .slice()
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at))
      .slice(0, models);
    let best: { name: string; at: string } | null = null;
    for (const model of list) {
      const detail = await api.getModel(model.name);
      for (const version of detail.versions) {
        if (
          version.run_id !== null &&
          runIds.has(version.run_id) &&
          (best === null || version.created_at > best.at)
        ) {
          best = { name: model.name, at: version.created_at };
        }
      }
    }
    return best?.name ?? null;
  }
}
