import { PromiseDelegate } from '@lumino/coreutils';
import { IPoll, Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { Compatibility } from './compatibility';
import { RunPageCache } from './runPageCache';
import {
  ICompatibility,
  IInfo,
  IMlopsLabApi,
  IRun,
  IRunPage,
  IRunSort,
  IRunsModel
} from './tokens';

/**
 * The runs of the store, fetched page by page as the list scrolls.
 *
 * The model polls `GET info`; when the store's `revision` moves it drops the
 * loaded pages and fetches the shown ones again, so the list follows runs
 * recorded by kernels, the CLI or other servers without user action.
 */
export class RunsModel implements IRunsModel {
  constructor(options: RunsModel.IOptions) {
    this._api = options.api;
    this._frontendVersion = options.frontendVersion;
    this._compatibility = Compatibility.checking(options.frontendVersion);
    this._refreshInterval =
      options.refreshInterval ?? RunsModel.DEFAULT_REFRESH_INTERVAL;
    this._pageSize = options.pageSize ?? RunsModel.DEFAULT_PAGE_SIZE;
    this._cache = new RunPageCache(this._pageSize);
    this._poll = new Poll({
      auto: false,
      factory: () => this._check(),
      frequency: Private.frequency(this._refreshInterval),
      name: 'mlops-lab:runs',
      standby: options.standby ?? 'when-hidden'
    });
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get compatibility(): ICompatibility {
    return this._compatibility;
  }

  get info(): IInfo | null {
    return this._info;
  }

  get total(): number {
    return this._total;
  }

  get isLoaded(): boolean {
    return this._isLoaded;
  }

  get error(): string | null {
    return this._error;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * A promise that settles after the first handshake (and first page).
   */
  get ready(): Promise<void> {
    return this._ready.promise;
  }

  /**
   * Whether any loaded run is still running.
   */
  get hasRunningRuns(): boolean {
    return this._cache.hasRunning();
  }

  get sort(): IRunSort {
    return this._sort;
  }
  set sort(sort: IRunSort) {
    if (sort.key === this._sort.key && sort.order === this._sort.order) {
      return;
    }
    this._sort = { ...sort };
    const height = this._shown.stop - this._shown.start;
    this._shown = { start: 0, stop: height };
    this._changed.emit();
    void this.reload();
  }

  /**
   * Seconds between two `info` requests.
   */
  get refreshInterval(): number {
    return this._refreshInterval;
  }
  set refreshInterval(seconds: number) {
    if (seconds === this._refreshInterval) {
      return;
    }
    this._refreshInterval = seconds;
    this._poll.frequency = Private.frequency(seconds);
  }

  /**
   * Runs fetched per request.
   */
  get pageSize(): number {
    return this._pageSize;
  }
  set pageSize(size: number) {
    if (size === this._pageSize) {
      return;
    }
    this._pageSize = size;
    void this.reload();
  }

  /**
   * Start the handshake and the polling.
   *
   * @returns The `ready` promise.
   */
  start(): Promise<void> {
    void this._poll.start();
    return this.ready;
  }

  runAt(index: number): IRun | undefined {
    return this._cache.runAt(index);
  }

  async showRange(start: number, stop: number): Promise<void> {
    this._shown = { start, stop };
    if (!this._isLoaded || this._cacheGeneration !== this._generation) {
      // The running or next reload fetches the shown pages.
      return;
    }
    const generation = this._generation;
    const cache = this._cache;
    const missing = cache
      .pagesFor(start, stop)
      .filter(
        page =>
          !cache.has(page) &&
          !this._pending.has(page) &&
          page * cache.pageSize < this._total
      );
    await Promise.all(
      missing.map(async page => {
        const request = this._fetchPage(page, cache.pageSize);
        this._pending.add(page);
        try {
          const result = await request;
          if (generation !== this._generation) {
            return;
          }
          cache.set(page, result.runs);
          this._total = result.total;
          this._error = null;
          this._changed.emit();
          if (this._revision !== null && result.revision > this._revision) {
            // The store changed since the other pages were fetched.
            void this.reload();
          }
        } catch (error) {
          if (generation === this._generation) {
            this._setError(error);
          }
        } finally {
          if (generation === this._generation) {
            this._pending.delete(page);
          }
        }
      })
    );
  }

  async refresh(): Promise<void> {
    try {
      await this._check();
    } catch {
      // The failure is shown through `compatibility`.
    }
  }

  async reload(): Promise<void> {
    if (this._compatibility.status !== 'compatible') {
      return;
    }
    const generation = ++this._generation;
    const cache = new RunPageCache(this._pageSize);
    const pages = cache.pagesFor(this._shown.start, this._shown.stop);
    let results: IRunPage[];
    try {
      results = await Promise.all(
        pages.map(page => this._fetchPage(page, cache.pageSize))
      );
    } catch (error) {
      if (generation === this._generation) {
        this._setError(error);
      }
      return;
    }
    if (generation !== this._generation || this._isDisposed) {
      return;
    }
    pages.forEach((page, i) => cache.set(page, results[i].runs));
    this._cache = cache;
    this._cacheGeneration = generation;
    this._pending.clear();
    this._total = results[0].total;
    this._revision = Math.max(...results.map(result => result.revision));
    this._isLoaded = true;
    this._error = null;
    this._changed.emit();
    // The shown rows may have moved while the pages were on their way.
    await this.showRange(this._shown.start, this._shown.stop);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._poll.dispose();
    Signal.clearData(this);
  }

  /**
   * Ask the server for `info`; reload when the store changed.
   *
   * Rejects when the request fails, so the poll backs off.
   */
  private async _check(): Promise<void> {
    let info: IInfo;
    try {
      info = await this._api.getInfo();
    } catch (error) {
      this._setCompatibility(
        Compatibility.fromError(error, this._frontendVersion)
      );
      this._ready.resolve();
      throw error;
    }
    if (this._isDisposed) {
      return;
    }
    this._info = info;
    this._setCompatibility(Compatibility.fromInfo(info, this._frontendVersion));
    if (
      this._compatibility.status === 'compatible' &&
      (!this._isLoaded || info.revision !== this._revision)
    ) {
      await this.reload();
    } else {
      this._changed.emit();
    }
    this._ready.resolve();
  }

  private _fetchPage(page: number, pageSize: number): Promise<IRunPage> {
    return this._api.listRuns({
      sort: this._sort.key,
      order: this._sort.order,
      offset: page * pageSize,
      limit: pageSize
    });
  }

  private _setCompatibility(compatibility: ICompatibility): void {
    const previous = this._compatibility;
    this._compatibility = compatibility;
    if (
      previous.status !== compatibility.status ||
      previous.message !== compatibility.message
    ) {
      this._changed.emit();
    }
  }

  private _setError(error: unknown): void {
    this._error = error instanceof Error ? error.message : String(error);
    this._changed.emit();
  }

  private _api: IMlopsLabApi;
  private _cache: RunPageCache;
  private _cacheGeneration = 0;
  private _changed = new Signal<this, void>(this);
  private _compatibility: ICompatibility;
  private _error: string | null = null;
  private _frontendVersion: string;
  private _generation = 0;
  private _info: IInfo | null = null;
  private _isDisposed = false;
  private _isLoaded = false;
  private _pageSize: number;
  private _pending = new Set<number>();
  private _poll: Poll;
  private _ready = new PromiseDelegate<void>();
  private _refreshInterval: number;
  private _revision: number | null = null;
  private _shown = { start: 0, stop: 0 };
  private _sort: IRunSort = { key: 'started_at', order: 'desc' };
  private _total = 0;
}

/**
 * A namespace for `RunsModel` statics.
 */
export namespace RunsModel {
  /**
   * Seconds between two `info` requests, unless set.
   */
  export const DEFAULT_REFRESH_INTERVAL = 3;

  /**
   * Runs fetched per request, unless set.
   */
  export const DEFAULT_PAGE_SIZE = 100;

  export interface IOptions {
    /**
     * The server endpoints.
     */
    api: IMlopsLabApi;
    /**
     * The version the server extension must have.
     */
    frontendVersion: string;
    /**
     * Seconds between two `info` requests.
     */
    refreshInterval?: number;
    /**
     * Runs fetched per request.
     */
    pageSize?: number;
    /**
     * When the polling pauses; by default while the page is hidden.
     */
    standby?: Poll.Standby;
  }
}

namespace Private {
  /**
   * The poll frequency for a refresh interval in seconds; after failures
   * the poll backs off up to a minute.
   */
  export function frequency(seconds: number): IPoll.Frequency {
    const interval = Math.round(seconds * 1000);
    return {
      backoff: true,
      interval,
      max: Math.max(interval, 60 * 1000)
    };
  }
}
