import { ICellExecution } from './runsTypes';

/**
 * An executed cell with what its place in the run says about it.
 */
export interface IAnnotatedCell {
  cell: ICellExecution;
  /**
   * 1 for the cell's first execution in the run, 2 for its second...
   */
  execution: number;
  /**
   * Whether the cell had run before in this run.
   */
  rerun: boolean;
  /**
   * Whether the cell sits above the cell executed just before it: the run
   * went back up the notebook, so its state may not match a top-to-bottom
   * run.
   */
  outOfOrder: boolean;
}

/**
 * How the cells of a run were executed, against the notebook's order.
 */
export namespace CellOrder {
  /**
   * Mark re-runs and out-of-order executions.
   *
   * @param cells - The run's executions, in execution order.
   * @param notebookOrder - The notebook's cell ids, top to bottom, when the
   *   notebook could be read; otherwise the order in which cells first ran
   *   stands for it (a cell is out of order when it ran above the cell
   *   before it in that order). Cells without an id are never marked out of
   *   order: their place is unknown.
   */
  export function annotate(
    cells: readonly ICellExecution[],
    notebookOrder: readonly string[] | null
  ): IAnnotatedCell[] {
    const position = new Map<string, number>();
    (notebookOrder ?? []).forEach((id, i) => position.set(id, i));
    const firstRun = new Map<string, number>();
    const executions = new Map<string, number>();
    let previous: number | null = null;
    return cells.map(cell => {
      const id = cell.cell_id;
      if (id === null) {
        previous = null;
        return { cell, execution: 1, rerun: false, outOfOrder: false };
      }
      if (!firstRun.has(id)) {
        firstRun.set(id, firstRun.size);
      }
      const execution = (executions.get(id) ?? 0) + 1;
      executions.set(id, execution);
      const place =
        notebookOrder === null ? firstRun.get(id)! : position.get(id);
      const outOfOrder =
        place !== undefined && previous !== null && place < previous;
      previous = place ?? null;
      return { cell, execution, rerun: execution > 1, outOfOrder };
    });
  }

  /**
   * The cell ids of a notebook document, top to bottom; null when it is not
   * a notebook.
   */
  export function notebookCellIds(content: unknown): string[] | null {
    if (
      typeof content !== 'object' ||
      content === null ||
      !('cells' in content) ||
      !Array.isArray(content.cells)
    ) {
      return null;
    }
    return content.cells
      .map((cell: unknown) =>
        typeof cell === 'object' &&
        cell !== null &&
        'id' in cell &&
        typeof cell.id === 'string'
          ? cell.id
          : null
      )
      .filter((id: string | null): id is string => id !== null);
  }
}
