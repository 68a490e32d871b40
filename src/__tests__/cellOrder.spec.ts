import { CellOrder } from '../runs/cellOrder';
import { ICellExecution } from '../runs/runsTypes';

function cell(seq: number, id: string | null): ICellExecution {
  return {
    seq,
    execution_count: seq,
    cell_id: id,
    code: `# ${id}`,
    started_at: '2026-01-01T10:00:00Z',
    duration_ms: 5,
    status: 'ok',
    error: null,
    variables: [],
    files: []
  };
}

function marks(ids: (string | null)[], order: string[] | null): string[] {
  return CellOrder.annotate(
    ids.map((id, i) => cell(i + 1, id)),
    order
  ).map(
    item =>
      (item.rerun ? `re-run #${item.execution}` : 'first') +
      (item.outOfOrder ? ', out of order' : '')
  );
}

describe('CellOrder.annotate', () => {
  it('marks nothing in a top-to-bottom run', () => {
    expect(marks(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([
      'first',
      'first',
      'first'
    ]);
  });

  it("marks a cell run above the one before it, by the notebook's order", () => {
    // b was run before a, which sits above it; then c, then b again.
    expect(marks(['b', 'a', 'c', 'b'], ['a', 'b', 'c'])).toEqual([
      'first',
      'first, out of order',
      'first',
      're-run #2, out of order'
    ]);
  });

  it('counts re-runs of one cell in a row without calling them out of order', () => {
    expect(marks(['a', 'a', 'a'], ['a'])).toEqual([
      'first',
      're-run #2',
      're-run #3'
    ]);
  });

  it('falls back to the order cells first ran in without the notebook', () => {
    expect(marks(['a', 'b', 'c', 'a', 'c'], null)).toEqual([
      'first',
      'first',
      'first',
      're-run #2, out of order',
      're-run #2'
    ]);
  });

  it('never marks cells without an id, nor the cell after one', () => {
    expect(marks(['b', null, 'a'], ['a', 'b'])).toEqual([
      'first',
      'first',
      'first'
    ]);
  });

  it('reads the cell ids of a notebook document', () => {
    expect(
      CellOrder.notebookCellIds({
        cells: [{ id: 'x' }, { cell_type: 'code' }, { id: 'y' }]
      })
    ).toEqual(['x', 'y']);
    expect(CellOrder.notebookCellIds('not a notebook')).toBeNull();
  });
});
