import { ISignal, Signal } from '@lumino/signaling';

import { IRunSort, RunScope } from '../tokens';
import { IRunKeysQuery, IRunQuery } from './runsTypes';

/**
 * What the run list asks the server for: its scope (the runs of the notebook
 * in focus, of every experiment, or the team's), the notebook in focus, the
 * filter and the sort.
 *
 * The offset of a page is not part of it: which pages are shown is the
 * pager's business, and a new query sends the pager back to the top.
 */
export class RunsQuery {
  /**
   * Emitted when a setting changes, with whether the request changed too.
   *
   * A setting can change without the request: the notebook in focus while
   * all runs are listed, or the scope when no notebook is in focus. Views
   * show those settings, but the list must not be fetched again for them.
   */
  get changed(): ISignal<this, RunsQuery.Change> {
    return this._changed;
  }

  get sort(): IRunSort {
    return this._sort;
  }
  set sort(sort: IRunSort) {
    if (sort.key === this._sort.key && sort.order === this._sort.order) {
      return;
    }
    // A copy, so the caller changing its object later does not change ours.
    this._sort = { ...sort };
    this._changed.emit('request');
  }

  /**
   * The filter, without the spaces around it (they change nothing on the
   * server, so typing them does not fetch the list again).
   */
  get filter(): string {
    return this._filter;
  }
  set filter(filter: string) {
    const trimmed = filter.trim();
    if (trimmed === this._filter) {
      return;
    }
    this._filter = trimmed;
    this._changed.emit('request');
  }

  get scope(): RunScope {
    return this._scope;
  }
  set scope(scope: RunScope) {
    if (scope !== this._scope) {
      const before = this.scopeKey;
      this._scope = scope;
      this._scopeChanged(before);
    }
  }

  /**
   * The path of the notebook in focus, or null; it is listed only in the
   * `notebook` scope.
   */
  get notebook(): string | null {
    return this._notebook;
  }
  set notebook(path: string | null) {
    if (path !== this._notebook) {
      const before = this.scopeKey;
      this._notebook = path;
      this._scopeChanged(before);
    }
  }

  /**
   * The notebook whose runs are listed, or null when all runs (or the team's)
   * are.
   */
  get scopedNotebook(): string | null {
    return this._scope === 'notebook' ? this._notebook : null;
  }

  /**
   * What the scope asks the server for: `notebook:PATH`, `team` or `all` (a
   * notebook scope without a notebook lists all runs). Column picks and the
   * run keys are kept per key.
   */
  get scopeKey(): string {
    if (this._scope === 'team') {
      return 'team';
    }
    const notebook = this.scopedNotebook;
    return notebook === null ? 'all' : `notebook:${notebook}`;
  }

  /**
   * The `GET runs` parameters of the page of `limit` runs from `offset`.
   */
  page(offset: number, limit: number): IRunQuery {
    return {
      notebook: this.scopedNotebook ?? undefined,
      scope: this._scope === 'team' ? 'team' : undefined,
      filter: this._filter || undefined,
      sort: this._sort.key,
      order: this._sort.order,
      offset,
      limit
    };
  }

  /**
   * The `GET runs/keys` parameters of the scope (the filter does not narrow
   * the names the column picker offers).
   */
  keys(): IRunKeysQuery {
    if (this._scope === 'team') {
      return { scope: 'team' };
    }
    const notebook = this.scopedNotebook;
    return notebook === null ? {} : { notebook };
  }

  private _scopeChanged(before: string): void {
    this._changed.emit(this.scopeKey === before ? 'setting' : 'request');
  }

  private _changed = new Signal<this, RunsQuery.Change>(this);
  private _filter = '';
  private _notebook: string | null = null;
  private _scope: RunScope = 'notebook';
  private _sort: IRunSort = { key: 'started_at', order: 'desc' };
}

/**
 * A namespace for `RunsQuery` statics.
 */
export namespace RunsQuery {
  /**
   * `request`: what the list asks the server for changed, so it starts again
   * from its top; `setting`: only a setting the views show changed.
   */
  export type Change = 'request' | 'setting';
}
