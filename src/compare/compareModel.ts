import { JSONExt, ReadonlyJSONValue } from '@lumino/coreutils';

import {
  CompareChange,
  CompareCounts,
  ICompareEntry,
  ICompareResult
} from './compareTypes';
import { IMlopsLabApi } from '../runs/runsApi';
import { ServerModel } from '../common/serverModel';

/**
 * The aspects of runs a comparison covers, in the order the view shows them.
 */
export type CompareSectionName =
  'params' | 'metrics' | 'code' | 'env' | 'data' | 'variables';

/**
 * One key of a section as the view shows it.
 */
export interface ICompareRow<E extends ICompareEntry<unknown>> {
  entry: E;
  change: CompareChange;
  /**
   * Per run, whether its value differs from the baseline's (present in one
   * and not the other, or another value); false for the baseline itself.
   */
  differs: boolean[];
}

/**
 * How cell code diffs are shown.
 */
export type DiffMode = 'unified' | 'side-by-side';

/**
 * Two or more runs compared against the first (the baseline), from
 * `GET compare`: what each section holds, which values differ from the
 * baseline, and the view's choices (only differences, diff mode).
 */
export class CompareModel extends ServerModel {
  constructor(options: CompareModel.IOptions) {
    super();
    this.runIds = [...options.runIds];
    this._api = options.api;
  }

  /**
   * The runs asked for; the first is the baseline.
   */
  readonly runIds: readonly string[];

  /**
   * The comparison, or null before it loaded.
   */
  get result(): ICompareResult | null {
    return this._result;
  }

  /**
   * Whether keys equal in every run are left out.
   */
  get onlyDifferences(): boolean {
    return this._onlyDifferences;
  }
  set onlyDifferences(value: boolean) {
    if (value !== this._onlyDifferences) {
      this._onlyDifferences = value;
      this.emitChanged();
    }
  }

  get diffMode(): DiffMode {
    return this._diffMode;
  }
  set diffMode(mode: DiffMode) {
    if (mode !== this._diffMode) {
      this._diffMode = mode;
      this.emitChanged();
    }
  }

  /**
   * Fetch the comparison (again).
   */
  async load(): Promise<void> {
    await this.loading(async () => {
      const result = await this._api.compareRuns([...this.runIds]);
      const positions = await this._cellPositions(result);
      if (this.isDisposed) {
        return;
      }
      this._result = result;
      this._positions = positions;
      this.setError(null);
    });
  }

  /**
   * A section's keys to show: every key, or with `onlyDifferences` those
   * that differ somewhere. Code keeps the server's order (the baseline's
   * execution order), differing cells first; other sections go by key.
   */
  rows<N extends CompareSectionName>(
    name: N
  ): ICompareRow<ICompareResult[N]['changed'][number]>[] {
    type Entry = ICompareResult[N]['changed'][number];
    const section = this._result?.[name];
    if (!section) {
      return [];
    }
    const kinds: CompareChange[] = this._onlyDifferences
      ? ['changed', 'added', 'removed']
      : ['changed', 'added', 'removed', 'unchanged'];
    const rows: ICompareRow<Entry>[] = [];
    for (const change of kinds) {
      for (const entry of section[change] as Entry[]) {
        rows.push({
          entry,
          change,
          differs: CompareModel.differences(name, entry)
        });
      }
    }
    if (name !== 'code') {
      rows.sort((a, b) => CompareModel.keyOrder(a.entry, b.entry));
    }
    return rows;
  }

  /**
   * How many keys of a section fall in each class.
   */
  counts(name: CompareSectionName): CompareCounts {
    const section = this._result?.[name];
    return {
      added: section?.added.length ?? 0,
      removed: section?.removed.length ?? 0,
      changed: section?.changed.length ?? 0,
      unchanged: section?.unchanged.length ?? 0
    };
  }

  /**
   * Whether a section is the same in every run.
   */
  isIdentical(name: CompareSectionName): boolean {
    const counts = this.counts(name);
    return counts.added + counts.removed + counts.changed === 0;
  }

  /**
   * A cell's place in the notebook (from 1), as the runs first executed
   * their cells: the baseline's cells, then those only later runs have.
   */
  cellPosition(key: string): number | null {
    return this._positions.get(key) ?? null;
  }

  /**
   * The cells' positions, from the runs' executions; none when a run
   * cannot be read (the cells are then named by id alone).
   */
  private async _cellPositions(
    result: ICompareResult
  ): Promise<Map<string, number>> {
    const positions = new Map<string, number>();
    try {
      const details = await Promise.all(
        result.runs.map(run => this._api.getRun(run.id))
      );
      for (const detail of details) {
        for (const cell of detail.cells) {
          if (cell.cell_id !== null && !positions.has(cell.cell_id)) {
            positions.set(cell.cell_id, positions.size + 1);
          }
        }
      }
    } catch {
      positions.clear();
    }
    return positions;
  }

  private _positions = new Map<string, number>();
  private _api: IMlopsLabApi;
  private _diffMode: DiffMode = 'unified';
  private _onlyDifferences = false;
  private _result: ICompareResult | null = null;
}

/**
 * A namespace for `CompareModel` statics.
 */
export namespace CompareModel {
  export interface IOptions {
    api: IMlopsLabApi;
    /**
     * 2 to 50 run ids; the first is the baseline.
     */
    runIds: readonly string[];
  }

  /**
   * Per run, whether its value differs from the baseline's, compared as
   * the server compares the section: variables on type, shape, dtype and
   * fingerprint (not their repr), files on their fingerprint, DataFrames on
   * fingerprint, shape and dtype; everything else as JSON.
   */
  export function differences(
    section: CompareSectionName,
    entry: ICompareEntry<unknown>
  ): boolean[] {
    const compared = entry.values.map(value =>
      Private.comparable(section, entry, value)
    );
    return entry.values.map(
      (_, i) =>
        i > 0 &&
        (entry.present[i] !== entry.present[0] ||
          !JSONExt.deepEqual(compared[i], compared[0]))
    );
  }

  /**
   * Keys in reading order: the interpreter before packages, then by name.
   */
  export function keyOrder(
    a: ICompareEntry<unknown>,
    b: ICompareEntry<unknown>
  ): number {
    const rank = (entry: ICompareEntry<unknown>) =>
      (entry as { kind?: string }).kind === 'interpreter' ? 0 : 1;
    return rank(a) - rank(b) || a.key.localeCompare(b.key);
  }

  /**
   * The letter that names run `index` in the view: A (the baseline), B...
   */
  export function letter(index: number): string {
    const base = String.fromCharCode(65 + (index % 26));
    return index < 26 ? base : `${base}${Math.floor(index / 26)}`;
  }
}

namespace Private {
  /**
   * The part of a value the server compares.
   */
  export function comparable(
    section: CompareSectionName,
    entry: ICompareEntry<unknown>,
    value: unknown
  ): ReadonlyJSONValue {
    if (value === null || typeof value !== 'object') {
      return value as ReadonlyJSONValue;
    }
    const record = value as { [key: string]: ReadonlyJSONValue | undefined };
    const pick = (...keys: string[]): ReadonlyJSONValue => {
      const picked: { [key: string]: ReadonlyJSONValue } = {};
      for (const key of keys) {
        const part = record[key];
        if (part !== undefined) {
          picked[key] = part;
        }
      }
      return picked;
    };
    if (section === 'variables') {
      return pick('type', 'shape', 'dtype', 'fingerprint');
    }
    if (section === 'data') {
      const kind = (entry as { kind?: string }).kind;
      return kind === 'file'
        ? pick('fingerprint')
        : pick('fingerprint', 'shape', 'dtype');
    }
    return value as ReadonlyJSONValue;
  }
}
