import { CellOrder, IAnnotatedCell } from './cellOrder';
import { IMlopsLabApi } from './runsApi';
import { IRunDetail, MetricHistory } from './runsTypes';
import { ServerModel } from '../common/serverModel';

/**
 * One run with everything recorded under it, for the run view.
 */
export class RunModel extends ServerModel {
  constructor(options: RunModel.IOptions) {
    super();
    this.runId = options.runId;
    this._api = options.api;
    this._readNotebookOrder = options.readNotebookOrder ?? null;
  }

  /**
   * The id the run was opened with.
   */
  readonly runId: string;

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
   * Which points of each metric the detail holds: those of the latest
   * execution of each cell that logged it (the default), or all of them.
   */
  get history(): MetricHistory {
    return this._history;
  }

  /**
   * Show the latest points or every point logged, loading the run again.
   */
  async setHistory(history: MetricHistory): Promise<void> {
    if (history === this._history) {
      return;
    }
    this._history = history;
    this.emitChanged();
    await this.load();
  }

  /**
   * Fetch the run (again).
   */
  async load(): Promise<void> {
    await this.loading(async () => {
      const history = this._history;
      const detail = await this._api.getRun(this.runId, history);
      if (this.isDisposed || history !== this._history) {
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
      this.setError(null);
    });
  }

  private _api: IMlopsLabApi;
  private _cells: IAnnotatedCell[] = [];
  private _detail: IRunDetail | null = null;
  private _history: MetricHistory = 'latest';
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
