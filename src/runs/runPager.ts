import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { RunPageCache } from './runPageCache';
import { IRun, IRunPage } from './runsTypes';
import { errorMessage } from '../common/errorMessage';

/**
 * The pages of one run query (filter, sort, scope), fetched as the list
 * shows their rows.
 *
 * A reload starts a new generation: answers of an older one are dropped, so
 * a slow page of the previous sort never lands in the new list.
 */
export class RunPager {
  constructor(options: RunPager.IOptions) {
    this._fetch = options.fetch;
    this._cache = new RunPageCache(options.pageSize);
    this._pageSize = options.pageSize;
  }

  /**
   * Emitted whenever the pages, the total or the errors change.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted with the runs of each page that arrives.
   */
  get pageLoaded(): ISignal<this, readonly IRun[]> {
    return this._pageLoaded;
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

  get filterError(): string | null {
    return this._filterError;
  }

  /**
   * The store revision the pages were fetched at, or null before the first.
   */
  get revision(): number | null {
    return this._revision;
  }

  get pageSize(): number {
    return this._pageSize;
  }
  set pageSize(size: number) {
    this._pageSize = size;
  }

  runAt(index: number): IRun | undefined {
    return this._cache.runAt(index);
  }

  hasRunning(): boolean {
    return this._cache.hasRunning();
  }

  /**
   * Shown rows go back to the top, keeping their number (a new query).
   */
  scrollToTop(): void {
    const height = this._shown.stop - this._shown.start;
    this._shown = { start: 0, stop: height };
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
        const request = this._fetch(page * cache.pageSize, cache.pageSize);
        this._pending.add(page);
        try {
          const result = await request;
          if (generation !== this._generation) {
            return;
          }
          cache.set(page, result.runs);
          this._pageLoaded.emit(result.runs);
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

  /**
   * Drop every loaded page and fetch the shown ones again.
   *
   * @param refusal - When the query has a filter, a 400 answer is the server
   *   refusing it: the list is then empty, with the server's message as
   *   `filterError`, at the store revision given here (so that the next
   *   check does not ask again until the store changes).
   */
  async reload(refusal?: { revision: number | null }): Promise<void> {
    const generation = ++this._generation;
    const cache = new RunPageCache(this._pageSize);
    const pages = cache.pagesFor(this._shown.start, this._shown.stop);
    let results: IRunPage[];
    try {
      results = await Promise.all(
        pages.map(page => this._fetch(page * cache.pageSize, cache.pageSize))
      );
    } catch (error) {
      if (generation === this._generation) {
        if (refusal && Private.isBadRequest(error)) {
          this._install(generation, cache, 0, refusal.revision);
          this._filterError = (error as Error).message;
          this._changed.emit();
        } else {
          this._setError(error);
        }
      }
      return;
    }
    if (generation !== this._generation) {
      return;
    }
    pages.forEach((page, i) => {
      cache.set(page, results[i].runs);
      this._pageLoaded.emit(results[i].runs);
    });
    this._install(
      generation,
      cache,
      results[0].total,
      Math.max(...results.map(result => result.revision))
    );
    this._changed.emit();
    // The shown rows may have moved while the pages were on their way.
    await this.showRange(this._shown.start, this._shown.stop);
  }

  /**
   * Stop taking answers of requests on their way (the pager is dropped).
   */
  abandon(): void {
    this._generation++;
  }

  private _install(
    generation: number,
    cache: RunPageCache,
    total: number,
    revision: number | null
  ): void {
    this._cache = cache;
    this._cacheGeneration = generation;
    this._pending.clear();
    this._total = total;
    this._revision = revision;
    this._isLoaded = true;
    this._error = null;
    this._filterError = null;
  }

  private _setError(error: unknown): void {
    this._error = errorMessage(error);
    this._changed.emit();
  }

  private _cache: RunPageCache;
  private _cacheGeneration = 0;
  private _changed = new Signal<this, void>(this);
  private _error: string | null = null;
  private _fetch: RunPager.Fetch;
  private _filterError: string | null = null;
  private _generation = 0;
  private _isLoaded = false;
  private _pageLoaded = new Signal<this, readonly IRun[]>(this);
  private _pageSize: number;
  private _pending = new Set<number>();
  private _revision: number | null = null;
  private _shown = { start: 0, stop: 0 };
  private _total = 0;
}

/**
 * A namespace for `RunPager` statics.
 */
export namespace RunPager {
  /**
   * Fetch the runs of the query from `offset`.
   */
  export type Fetch = (offset: number, limit: number) => Promise<IRunPage>;

  export interface IOptions {
    fetch: Fetch;
    /**
     * Runs fetched per request.
     */
    pageSize: number;
  }
}

namespace Private {
  /**
   * Whether a request failed with a 400 answer.
   */
  export function isBadRequest(error: unknown): boolean {
    return (
      error instanceof ServerConnection.ResponseError &&
      error.response.status === 400
    );
  }
}
