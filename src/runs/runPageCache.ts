import { IRun } from './runsTypes';

/**
 * The pages of the run list loaded so far.
 *
 * Rows are addressed by their position in the sorted list; page `p` holds the
 * rows from `p * pageSize`.
 */
export class RunPageCache {
  constructor(readonly pageSize: number) {
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new Error(`Page size must be a positive integer, not ${pageSize}`);
    }
  }

  /**
   * The number of pages held.
   */
  get pageCount(): number {
    return this._pages.size;
  }

  /**
   * The run at a position, or undefined when its page is not loaded.
   */
  runAt(index: number): IRun | undefined {
    return this._pages.get(this.pageOf(index))?.[index % this.pageSize];
  }

  /**
   * The page that holds a position.
   */
  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /**
   * The pages that cover the positions from `start` to `stop`, inclusive.
   */
  pagesFor(start: number, stop: number): number[] {
    const pages: number[] = [];
    const last = this.pageOf(Math.max(start, stop));
    for (let page = this.pageOf(Math.max(0, start)); page <= last; page++) {
      pages.push(page);
    }
    return pages;
  }

  has(page: number): boolean {
    return this._pages.has(page);
  }

  set(page: number, runs: IRun[]): void {
    this._pages.set(page, runs);
  }

  /**
   * Whether any loaded run is still running.
   */
  hasRunning(): boolean {
    for (const runs of this._pages.values()) {
      if (runs.some(run => run.status === 'running')) {
        return true;
      }
    }
    return false;
  }

  private _pages = new Map<number, IRun[]>();
}
