import { ISignal, Signal } from '@lumino/signaling';

import { IRun } from './runsTypes';
import { IRunSelection, SelectionMode } from '../tokens';

/**
 * The runs selected in the run list.
 *
 * Runs are kept by id, with the run as it was listed, so the selection
 * outlives a new sort or filter and the commands can name the runs without
 * asking the server again. The anchor of a shift-click range is a list
 * position, which a reload makes meaningless, so `resetAnchor` drops it.
 */
export class RunSelection implements IRunSelection {
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get runs(): readonly IRun[] {
    return [...this._runs.values()];
  }

  get ids(): readonly string[] {
    return [...this._runs.keys()];
  }

  get size(): number {
    return this._runs.size;
  }

  /**
   * The list position shift-click ranges start from, or null.
   */
  get anchor(): number | null {
    return this._anchor;
  }

  has(id: string): boolean {
    return this._runs.has(id);
  }

  set(runs: readonly IRun[]): void {
    const same =
      runs.length === this._runs.size &&
      runs.every(run => this._runs.has(run.id));
    this._runs = new Map(runs.map(run => [run.id, run]));
    if (!same) {
      this._changed.emit();
    }
  }

  remove(ids: readonly string[]): void {
    let removed = false;
    for (const id of ids) {
      removed = this._runs.delete(id) || removed;
    }
    if (removed) {
      this._changed.emit();
    }
  }

  clear(): void {
    this._anchor = null;
    this.set([]);
  }

  /**
   * Change the selection as a click on the row at `index` does.
   *
   * @param runAt - The runs of the list by position; a range skips the rows
   *   whose page is not loaded (they were never on screen).
   */
  click(
    index: number,
    mode: SelectionMode,
    runAt: (index: number) => IRun | undefined
  ): void {
    const run = runAt(index);
    if (!run) {
      return;
    }
    if (mode === 'extend' && this._anchor !== null) {
      const start = Math.min(this._anchor, index);
      const stop = Math.max(this._anchor, index);
      const range: IRun[] = [];
      for (let i = start; i <= stop; i++) {
        const candidate = runAt(i);
        if (candidate) {
          range.push(candidate);
        }
      }
      // The anchor stays, so the next shift-click redraws the range from it.
      this.set(range);
      return;
    }
    this._anchor = index;
    if (mode === 'toggle') {
      if (this._runs.has(run.id)) {
        this._runs.delete(run.id);
      } else {
        this._runs.set(run.id, run);
      }
      this._changed.emit();
      return;
    }
    this.set([run]);
  }

  /**
   * Forget the anchor: the list's positions changed.
   */
  resetAnchor(): void {
    this._anchor = null;
  }

  /**
   * Keep the latest copies of selected runs that were listed again (a new
   * name, new tags, a run that ended). The selection itself is the same, so
   * nothing is emitted.
   */
  update(runs: readonly IRun[]): void {
    for (const run of runs) {
      if (this._runs.has(run.id)) {
        this._runs.set(run.id, run);
      }
    }
  }

  private _anchor: number | null = null;
  private _changed = new Signal<this, void>(this);
  private _runs = new Map<string, IRun>();
}
