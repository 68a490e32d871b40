import { ISignal, Signal } from '@lumino/signaling';

import { IRun } from './runsTypes';

/**
 * Which param and metric columns the run list shows: those the user picked
 * for a scope (a notebook's runs, or all runs), kept per scope; else the
 * `runColumns` setting when it names some; else the params and metrics
 * whose values differ among the runs in view, so that a newcomer's second
 * run shows what changed without picking anything.
 */
export class ColumnChoice {
  /**
   * Emitted when the picks or the default columns change.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The columns of a scope; `runs` gives the runs in view, read only when
   * nothing was picked for the scope and no default is set.
   */
  columnsFor(scope: string, runs: () => readonly IRun[]): readonly string[] {
    const picked = this._picks[scope];
    if (picked) {
      return picked;
    }
    if (this._defaults.length > 0) {
      return this._defaults;
    }
    return ColumnChoice.differing(runs());
  }

  /**
   * Whether the user picked the columns of a scope.
   */
  isPicked(scope: string): boolean {
    return scope in this._picks;
  }

  /**
   * Keep the user's columns for a scope.
   */
  pick(scope: string, columns: readonly string[]): void {
    const before = this._picks[scope];
    if (before && ColumnChoice.same(before, columns)) {
      return;
    }
    this._picks = { ...this._picks, [scope]: [...columns] };
    this._changed.emit();
  }

  /**
   * Every scope's picked columns (the `columnPicks` setting).
   */
  get picks(): { readonly [scope: string]: readonly string[] } {
    return this._picks;
  }
  set picks(picks: { readonly [scope: string]: readonly string[] }) {
    if (JSON.stringify(picks) !== JSON.stringify(this._picks)) {
      this._picks = { ...picks };
      this._changed.emit();
    }
  }

  /**
   * The columns shown where nothing is picked (the `runColumns` setting);
   * empty to show the params and metrics that differ.
   */
  get defaults(): readonly string[] {
    return this._defaults;
  }
  set defaults(columns: readonly string[]) {
    if (!ColumnChoice.same(columns, this._defaults)) {
      this._defaults = [...columns];
      this._changed.emit();
    }
  }

  private _picks: { [scope: string]: readonly string[] } = {};
  private _defaults: readonly string[] = [];
  private _changed = new Signal<this, void>(this);
}

/**
 * A namespace for `ColumnChoice` statics.
 */
export namespace ColumnChoice {
  /**
   * How many runs, from the top of the list, the differing columns are
   * read from.
   */
  export const RUNS_CONSIDERED = 100;

  /**
   * At most this many differing columns are shown by themselves.
   */
  export const MAX_DIFFERING = 6;

  /**
   * The params, then the metrics (each by name), whose values are not all
   * the same among `runs` (a key some runs lack differs too).
   */
  export function differing(runs: readonly IRun[]): string[] {
    if (runs.length < 2) {
      return [];
    }
    const columns: string[] = [];
    for (const kind of ['params', 'metrics'] as const) {
      const names = new Set<string>();
      for (const run of runs) {
        Object.keys(run[kind]).forEach(name => names.add(name));
      }
      for (const name of [...names].sort()) {
        const values = new Set(
          runs.map(run => JSON.stringify(run[kind][name] ?? null))
        );
        if (values.size > 1) {
          columns.push(`${kind}.${name}`);
        }
      }
    }
    return columns.slice(0, MAX_DIFFERING);
  }

  /**
   * Whether two column lists are the same, in the same order.
   */
  export function same(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((column, i) => column === b[i]);
  }
}
