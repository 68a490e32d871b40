import { IMlopsLabApi } from './runsApi';
import { IRunKeys, IRunKeysQuery } from './runsTypes';

/**
 * The param, metric and tag names of the listed scope (the column picker's
 * choices), fetched again only when the scope or the store's revision changed.
 */
export class RunKeysCache {
  constructor(api: IMlopsLabApi) {
    this._api = api;
  }

  /**
   * The names last loaded; empty until then.
   */
  get keys(): IRunKeys {
    return this._keys;
  }

  /**
   * Load the names of ``scope`` (a `RunsQuery.scopeKey`), asked for with
   * ``query``, as of ``revision``; whether they changed (and are still those
   * of ``scope``).
   */
  async load(
    scope: string,
    query: IRunKeysQuery,
    revision: number | null
  ): Promise<boolean> {
    const loaded = this._loadedFor;
    if (loaded?.scope === scope && loaded.revision === revision) {
      return false;
    }
    this._loadedFor = { scope, revision };
    try {
      const keys = await this._api.getRunKeys(query);
      if (this._loadedFor?.scope !== scope) {
        return false; // the scope changed meanwhile: its own load follows
      }
      this._keys = keys;
      return true;
    } catch (error) {
      // The list works without the names; the picker offers what it had.
      this._loadedFor = null;
      console.warn('mlops-lab: could not load the run keys.', error);
      return false;
    }
  }

  private _api: IMlopsLabApi;
  private _keys: IRunKeys = { params: [], metrics: [], tags: [] };
  private _loadedFor: { scope: string; revision: number | null } | null = null;
}
