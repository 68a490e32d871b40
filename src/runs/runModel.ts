import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { CellOrder, IAnnotatedCell } from './cellOrder';
import { IMlopsLabApi } from './runsApi';
import { IRunDetail } from './runsTypes';
import { errorMessage } from '../common/errorMessage';

/**
 * One run with everything recorded under it, for the run view.
 */
export class RunModel implements IDisposable {
  constructor(options: RunModel.IOptions) {
    this.runId = options.runId;
    this._api = options.api;
    this._readNotebookOrder = options.readNotebookOrder ?? null;
  }

  /**
   * The id the run was opened with.
   */
  readonly runId: string;

  /**
   * Emitted whenever the run, its cells or the error change.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The run, or null before it loaded.
   */
  get detail(): IRunDetail | null {
    return this._detail;
  }

  /**
   * The executed cells with their re-run and out-of-order marks.
   */
  get cells(): readonly IAnnotatedCell[] {
    return this._cells;
  }

  /**
   * Whether the marks use the notebook's own cell order (else the order the
   * cells first ran in).
   */
  get usesNotebookOrder(): boolean {
    return this._notebookOrder !== null;
  }

  /**
   * Why the run could not be loaded, or null.
   */
  get error(): string | null {
    return this._error;
  }

  get isLoading(): boolean {
    return this._isLoading;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Fetch the run (again).
   */
  async load(): Promise<void> {
    this._isLoading = true;
    this._changed.emit();
    try {
      const detail = await this._api.getRun(this.runId);
      if (this._isDisposed) {
        return;
      }
      if (
        this._notebookOrder === null &&
        this._readNotebookOrder &&
        detail.notebook
      ) {
        this._notebookOrder = await this._readNotebookOrder(detail.notebook);
      }
      this._detail = detail;
      this._cells = CellOrder.annotate(detail.cells, this._notebookOrder);
      this._error = null;
    } catch (error) {
      this._error = errorMessage(error);
    } finally {
      this._isLoading = false;
      if (!this._isDisposed) {
        this._changed.emit();
      }
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _api: IMlopsLabApi;
  private _cells: IAnnotatedCell[] = [];
  private _changed = new Signal<this, void>(this);
  private _detail: IRunDetail | null = null;
  private _error: string | null = null;
  private _isDisposed = false;
  private _isLoading = false;
  private _notebookOrder: string[] | null = null;
  private _readNotebookOrder: RunModel.ReadNotebookOrder | null;
}

/**
 * A namespace for `RunModel` statics.
 */
export namespace RunModel {
  /**
   * The cell ids of a notebook top to bottom, or null when it cannot be
   * read (moved, deleted, outside the server's root).
   */
  export type ReadNotebookOrder = (path: string) => Promise<string[] | null>;

  export interface IOptions {
    runId: string;
    api: IMlopsLabApi;
    readNotebookOrder?: ReadNotebookOrder;
  }
}
