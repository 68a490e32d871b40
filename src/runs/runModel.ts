import { CellOrder, IAnnotatedCell } from './cellOrder';
import { IMlopsLabApi } from './runsApi';
import { IRunDetail } from './runsTypes';
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
   * Fetch the run (again).
   */
  async load(): Promise<void> {
    await this.loading(async () => {
      const detail = await this._api.getRun(this.runId);
      if (this.isDisposed) {
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
