import { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { IModelVersion, IPushRequest, IRegisteredModel } from './registryTypes';
import { IRegistryApi } from './registryApi';
import { errorMessage } from '../common/errorMessage';

/**
 * The registered models of the local registry, with the versions of the
 * models the user opened; polled while the panel shows.
 */
export class ModelsModel implements IDisposable {
  constructor(options: ModelsModel.IOptions) {
    this._api = options.api;
    this._poll = new Poll({
      auto: false,
      factory: () => this._load(),
      frequency: {
        interval: (options.refreshInterval ?? 5) * 1000,
        backoff: true,
        max: 60 * 1000
      },
      name: 'mlops-lab:models',
      standby: options.standby ?? 'when-hidden'
    });
  }

  /**
   * Emitted whenever anything the model exposes changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get models(): readonly IRegisteredModel[] {
    return this._models;
  }

  get isLoaded(): boolean {
    return this._isLoaded;
  }

  /**
   * The message of the last failed request, or null.
   */
  get error(): string | null {
    return this._error;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Start polling; resolves after the first list.
   */
  async start(): Promise<void> {
    void this._poll.start();
    await this.refresh();
  }

  /**
   * Ask the server now.
   */
  async refresh(): Promise<void> {
    try {
      await this._load();
    } catch {
      // Shown through `error`.
    }
  }

  /**
   * The versions of an expanded model, newest first; undefined until loaded.
   */
  versionsOf(name: string): readonly IModelVersion[] | undefined {
    return this._versions.get(name);
  }

  isExpanded(name: string): boolean {
    return this._expanded.has(name);
  }

  /**
   * Show or hide the versions of a model (loading them when shown).
   */
  async toggle(name: string): Promise<void> {
    if (this._expanded.delete(name)) {
      this._changed.emit();
      return;
    }
    this._expanded.add(name);
    this._changed.emit();
    await this._loadVersions(name);
  }

  /**
   * Push a model from a run; the list follows.
   */
  async push(request: IPushRequest): Promise<IModelVersion> {
    const version = await this._api.pushModel(request);
    this._expanded.add(version.name);
    await this.refresh();
    return version;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._poll.dispose();
    Signal.clearData(this);
  }

  private async _load(): Promise<void> {
    let models: IRegisteredModel[];
    try {
      models = (await this._api.listModels()).models;
    } catch (error) {
      this._setError(error);
      throw error;
    }
    if (this._isDisposed) {
      return;
    }
    const changed =
      !this._isLoaded ||
      this._error !== null ||
      JSON.stringify(models) !== JSON.stringify(this._models);
    this._models = models;
    this._isLoaded = true;
    this._error = null;
    if (changed) {
      const names = new Set(models.map(model => model.name));
      for (const name of [...this._expanded]) {
        if (!names.has(name)) {
          this._expanded.delete(name);
        }
      }
      this._changed.emit();
      await Promise.all([...this._expanded].map(n => this._loadVersions(n)));
    }
  }

  private async _loadVersions(name: string): Promise<void> {
    try {
      const detail = await this._api.getModel(name);
      this._versions.set(name, detail.versions);
      this._changed.emit();
    } catch (error) {
      this._setError(error);
    }
  }

  private _setError(error: unknown): void {
    this._error = errorMessage(error);
    this._changed.emit();
  }

  private _api: IRegistryApi;
  private _changed = new Signal<this, void>(this);
  private _error: string | null = null;
  private _expanded = new Set<string>();
  private _isDisposed = false;
  private _isLoaded = false;
  private _models: IRegisteredModel[] = [];
  private _poll: Poll;
  private _versions = new Map<string, IModelVersion[]>();
}

/**
 * A namespace for `ModelsModel` statics.
 */
export namespace ModelsModel {
  export interface IOptions {
    api: IRegistryApi;
    /**
     * Seconds between two list requests; 5 by default.
     */
    refreshInterval?: number;
    /**
     * When polling pauses; while the page is hidden by default.
     */
    standby?: Poll.Standby;
  }
}

/**
 * One version with its lineage, for the lineage view.
 */
export class VersionModel implements IDisposable {
  constructor(options: VersionModel.IOptions) {
    this._api = options.api;
    this.name = options.name;
    this.version = options.version;
  }

  readonly name: string;
  readonly version: number;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The version, or null until loaded (or when loading failed).
   */
  get data(): IModelVersion | null {
    return this._data;
  }

  get error(): string | null {
    return this._error;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  async load(): Promise<void> {
    try {
      this._data = await this._api.getModelVersion(this.name, this.version);
      this._error = null;
    } catch (error) {
      this._error = errorMessage(error);
    }
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _api: IRegistryApi;
  private _changed = new Signal<this, void>(this);
  private _data: IModelVersion | null = null;
  private _error: string | null = null;
  private _isDisposed = false;
}

/**
 * A namespace for `VersionModel` statics.
 */
export namespace VersionModel {
  export interface IOptions {
    api: IRegistryApi;
    name: string;
    version: number;
  }
}
