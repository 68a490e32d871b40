import { PromiseDelegate } from '@lumino/coreutils';
import { Poll } from '@lumino/polling';

import { ColumnChoice } from './columnChoice';
import { Compatibility } from './compatibility';
import { RunKeysCache } from './runKeysCache';
import { RunPager } from './runPager';
import { RunsQuery } from './runsQuery';
import { RunSelection } from './runSelection';
import {
  ICompatibility,
  IRunSort,
  IRunsModel,
  RunScope,
  SelectionMode
} from '../tokens';
import { IInfo, IRun, IRunKeys } from './runsTypes';
import { IMlopsLabApi } from './runsApi';
import { pollFrequency } from '../common/pollFrequency';
import { ServerModel } from '../common/serverModel';

/**
 * The runs of the store, fetched page by page as the list scrolls.
 *
 * The model polls `GET info`; when the store's `revision` moves it drops the
 * loaded pages and fetches the shown ones again, so the list follows runs
 * recorded by kernels, the CLI or other servers without user action.
 * Filtering and sorting happen on the server, so a few pages are all the
 * browser holds of a store of any size; what is asked for (scope, filter,
 * sort) is kept by a `RunsQuery`, which the model's setters delegate to.
 */
export class RunsModel extends ServerModel implements IRunsModel {
  constructor(options: RunsModel.IOptions) {
    super();
    this._api = options.api;
    this._keys = new RunKeysCache(options.api);
    this._frontendVersion = options.frontendVersion;
    this._compatibility = Compatibility.checking(options.frontendVersion);
    this._refreshInterval =
      options.refreshInterval ?? RunsModel.DEFAULT_REFRESH_INTERVAL;
    this._pager = new RunPager({
      fetch: (offset, limit) =>
        this._api.listRuns(this._query.page(offset, limit)),
      pageSize: options.pageSize ?? RunsModel.DEFAULT_PAGE_SIZE
    });
    this._pager.changed.connect(() => this.emitChanged());
    this._pager.pageLoaded.connect((_, runs) => this.selection.update(runs));
    this.selection.changed.connect(() => this.emitChanged());
    this.columnChoice.changed.connect(() => this.emitChanged());
    this._query.changed.connect(this._onQueryChanged, this);
    this._poll = new Poll({
      auto: false,
      factory: () => this._check(),
      frequency: pollFrequency(this._refreshInterval),
      name: 'mlops-lab:runs',
      standby: options.standby ?? 'when-hidden'
    });
  }

  /**
   * The selected runs.
   */
  readonly selection = new RunSelection();

  get compatibility(): ICompatibility {
    return this._compatibility;
  }

  get info(): IInfo | null {
    return this._info;
  }

  get total(): number {
    return this._pager.total;
  }

  get isLoaded(): boolean {
    return this._pager.isLoaded;
  }

  /**
   * The message of the last failed list request (kept by the pager), or null.
   */
  get error(): string | null {
    return this._pager.error;
  }

  get filterError(): string | null {
    return this._pager.filterError;
  }

  /**
   * A promise that settles after the first handshake (and first page).
   */
  get ready(): Promise<void> {
    return this._ready.promise;
  }

  get hasRunningRuns(): boolean {
    return this._pager.hasRunning();
  }

  get sort(): IRunSort {
    return this._query.sort;
  }
  set sort(sort: IRunSort) {
    this._query.sort = sort;
  }

  get filter(): string {
    return this._query.filter;
  }
  set filter(filter: string) {
    this._query.filter = filter;
  }

  get scope(): RunScope {
    return this._query.scope;
  }
  set scope(scope: RunScope) {
    this._query.scope = scope;
  }

  get notebook(): string | null {
    return this._query.notebook;
  }
  set notebook(path: string | null) {
    this._query.notebook = path;
  }

  get scopedNotebook(): string | null {
    return this._query.scopedNotebook;
  }

  get keys(): IRunKeys {
    return this._keys.keys;
  }

  /**
   * The param and metric columns shown (see `ColumnChoice`): those picked
   * for this scope, else the `runColumns` setting, else the params and
   * metrics that differ among the runs loaded.
   */
  get columns(): readonly string[] {
    return this.columnChoice.columnsFor(this.columnScope, () =>
      this._loadedRuns()
    );
  }
  /**
   * Pick the columns of this scope.
   */
  set columns(columns: readonly string[]) {
    this.columnChoice.pick(this.columnScope, columns);
  }

  get columnsPicked(): boolean {
    return this.columnChoice.isPicked(this.columnScope);
  }

  /**
   * The key of the scope that column picks are kept for: `notebook:PATH`,
   * `team` or `all`.
   */
  get columnScope(): string {
    return this._query.scopeKey;
  }

  /**
   * The picked and default columns (the settings' part of `columns`).
   */
  readonly columnChoice = new ColumnChoice();

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
    this._poll.frequency = pollFrequency(seconds);
  }

  /**
   * Runs fetched per request.
   */
  get pageSize(): number {
    return this._pager.pageSize;
  }
  set pageSize(size: number) {
    if (size === this._pager.pageSize) {
      return;
    }
    this._pager.pageSize = size;
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
    return this._pager.runAt(index);
  }

  selectAt(index: number, mode: SelectionMode): void {
    this.selection.click(index, mode, i => this.runAt(i));
  }

  showRange(start: number, stop: number): Promise<void> {
    return this._pager.showRange(start, stop);
  }

  async refresh(): Promise<void> {
    try {
      await this._check();
    } catch {
      // The failure is shown through `compatibility`.
    }
  }

  async reload(): Promise<void> {
    if (this._compatibility.status !== 'compatible' || this.isDisposed) {
      return;
    }
    await this._pager.reload(
      this._query.filter
        ? { revision: this._info?.revision ?? null }
        : undefined
    );
    void this._loadKeys();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._pager.abandon();
    this._poll.dispose();
    super.dispose();
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
    if (this.isDisposed) {
      return;
    }
    this._info = info;
    this._setCompatibility(Compatibility.fromInfo(info, this._frontendVersion));
    if (
      this._compatibility.status === 'compatible' &&
      (!this.isLoaded || info.revision !== this._pager.revision)
    ) {
      await this.reload();
    } else {
      this.emitChanged();
    }
    this._ready.resolve();
  }

  /**
   * Start the list again from its top when what it lists or its order
   * changed; a setting that asks nothing new of the server is only shown.
   */
  private _onQueryChanged(_: RunsQuery, change: RunsQuery.Change): void {
    if (change === 'setting') {
      this.emitChanged();
      return;
    }
    this._pager.scrollToTop();
    // The anchor of a shift-click range is a position in the old list.
    this.selection.resetAnchor();
    this.emitChanged();
    void this.reload();
  }

  /**
   * Fetch the param and metric names of the listed scope, when the scope or
   * the store changed since the last time.
   */
  private async _loadKeys(): Promise<void> {
    const changed = await this._keys.load(
      this._query.scopeKey,
      this._query.keys(),
      this._pager.revision
    );
    if (changed && !this.isDisposed) {
      this.emitChanged();
    }
  }

  private _setCompatibility(compatibility: ICompatibility): void {
    const previous = this._compatibility;
    this._compatibility = compatibility;
    if (
      previous.status !== compatibility.status ||
      previous.message !== compatibility.message
    ) {
      this.emitChanged();
    }
  }

  /**
   * The first runs of the list, as far as they are loaded.
   */
  private _loadedRuns(): IRun[] {
    const runs: IRun[] = [];
    const limit = Math.min(this.total, ColumnChoice.RUNS_CONSIDERED);
    for (let i = 0; i < limit; i++) {
      const run = this.runAt(i);
      if (run) {
        runs.push(run);
      }
    }
    return runs;
  }

  private _api: IMlopsLabApi;
  private _compatibility: ICompatibility;
  private _frontendVersion: string;
  private _info: IInfo | null = null;
  private _keys: RunKeysCache;
  private _pager: RunPager;
  private _poll: Poll;
  private _query = new RunsQuery();
  private _ready = new PromiseDelegate<void>();
  private _refreshInterval: number;
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
