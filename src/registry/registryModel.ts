import { Poll } from '@lumino/polling';

import {
  IModelVersion,
  IPushRequest,
  IRegisteredModel,
  IVersionMonitoring
} from './registryTypes';
import { IRegistryApi } from './registryApi';
import { ChartTheme } from '../common/chartTheme';
import { errorMessage } from '../common/errorMessage';
import { ILineageSlice } from '../runs/lineageTypes';
import { pollFrequency } from '../common/pollFrequency';
import { ServerModel } from '../common/serverModel';

/**
 * The registered models of the local registry, with the versions of the
 * models the user opened; polled while the panel shows.
 */
export class ModelsModel extends ServerModel {
  constructor(options: ModelsModel.IOptions) {
    super();
    this._api = options.api;
    this._poll = new Poll({
      auto: false,
      factory: () => this._load(),
      frequency: pollFrequency(options.refreshInterval ?? 5),
      name: 'mlops-lab:models',
      standby: options.standby ?? 'when-hidden'
    });
  }

  get models(): readonly IRegisteredModel[] {
    return this._models;
  }

  get isLoaded(): boolean {
    return this._isLoaded;
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
      this.emitChanged();
      return;
    }
    this._expanded.add(name);
    this.emitChanged();
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
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    super.dispose();
  }

  private async _load(): Promise<void> {
    let models: IRegisteredModel[];
    try {
      models = (await this._api.listModels()).models;
    } catch (error) {
      this._setError(error);
      throw error;
    }
    if (this.isDisposed) {
      return;
    }
    const changed =
      !this._isLoaded ||
      this.error !== null ||
      JSON.stringify(models) !== JSON.stringify(this._models);
    this._models = models;
    this._isLoaded = true;
    this.setError(null);
    if (changed) {
      const names = new Set(models.map(model => model.name));
      for (const name of [...this._expanded]) {
        if (!names.has(name)) {
          this._expanded.delete(name);
        }
      }
      this.emitChanged();
      await Promise.all([...this._expanded].map(n => this._loadVersions(n)));
    }
  }

  private async _loadVersions(name: string): Promise<void> {
    try {
      const detail = await this._api.getModel(name);
      this._versions.set(name, detail.versions);
      this.emitChanged();
    } catch (error) {
      this._setError(error);
    }
  }

  private _setError(error: unknown): void {
    this.setError(error);
    this.emitChanged();
  }

  private _api: IRegistryApi;
  private _expanded = new Set<string>();
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
export class VersionModel extends ServerModel {
  constructor(options: VersionModel.IOptions) {
    super();
    this._api = options.api;
    this.name = options.name;
    this.version = options.version;
    this.theme = options.theme ?? new ChartTheme();
  }

  readonly name: string;
  readonly version: number;
  /**
   * The colours of the monitoring chart.
   */
  readonly theme: ChartTheme;

  /**
   * The version's drift checks and promotions, or null until loaded (or when
   * loading them failed: `monitoringError` says why).
   */
  get monitoring(): IVersionMonitoring | null {
    return this._monitoring;
  }

  get monitoringError(): string | null {
    return this._monitoringError;
  }

  /**
   * The version, or null until loaded (or when loading failed).
   */
  get data(): IModelVersion | null {
    return this._data;
  }

  /**
   * What each cell of the lineage read and wrote, for its graph; null when
   * unknown (the model came from outside the run's variables and files,
   * or the run's record has no data flow).
   */
  get slice(): ILineageSlice | null {
    return this._slice;
  }

  async load(): Promise<void> {
    const monitoring = this._api
      .getModelVersionMonitoring(this.name, this.version)
      .then(
        found => {
          this._monitoring = found;
          this._monitoringError = null;
        },
        // The lineage shows without its monitoring section's data.
        error => {
          this._monitoringError = errorMessage(error);
        }
      );
    try {
      this._data = await this._api.getModelVersion(this.name, this.version);
      this.setError(null);
    } catch (error) {
      this.setError(error);
    }
    await monitoring;
    this._slice = await this._loadSlice();
    this.emitChanged();
  }

  private async _loadSlice(): Promise<ILineageSlice | null> {
    const lineage = this._data?.lineage;
    const training = lineage?.training_cell;
    if (!lineage || !training) {
      return null;
    }
    const { kind, name } = lineage.source;
    if (kind !== 'variable' && kind !== 'file') {
      return null;
    }
    try {
      return await this._api.getRunLineage(lineage.run.id, name, training.seq);
    } catch (error) {
      // The graph then chains the cells in order; the view stays usable.
      console.warn('mlops-lab: could not load the lineage slice.', error);
      return null;
    }
  }

  private _api: IRegistryApi;
  private _data: IModelVersion | null = null;
  private _monitoring: IVersionMonitoring | null = null;
  private _monitoringError: string | null = null;
  private _slice: ILineageSlice | null = null;
}

/**
 * A namespace for `VersionModel` statics.
 */
export namespace VersionModel {
  export interface IOptions {
    api: IRegistryApi;
    name: string;
    version: number;
    /**
     * The chart theme (following JupyterLab's theme switches); one reading
     * the `--jp-*` variables without following switches by default.
     */
    theme?: ChartTheme;
  }
}
