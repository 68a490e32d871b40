import { DagLayout } from '../common/dagLayout';
import { LineageGraph } from '../registry/lineageGraph';
import { makeSlice, makeVersion } from './fakeRegistryApi';

const RUN = 'a'.repeat(32);

describe('LineageGraph', () => {
  const lineage = makeVersion('iris', 1).lineage!;

  it('links each name from its last writer to its readers, then the model', () => {
    const slice = makeSlice();
    // `df` written twice: the reader's edge comes from the later write.
    slice.executions.splice(2, 0, {
      ...slice.executions[1],
      seq: 4,
      execution_count: 4,
      reads: ['df'],
      writes: ['df'],
      files_read: []
    });
    const graph = LineageGraph.build(lineage, slice, 'iris v1');
    const cell = (seq: number) => `cell:${RUN}:${seq}`;
    expect(graph.edges).toEqual([
      { from: cell(1), to: `variable:pd@${cell(1)}` },
      { from: `variable:pd@${cell(1)}`, to: cell(3) },
      { from: cell(3), to: `variable:df@${cell(3)}` },
      { from: `variable:df@${cell(3)}`, to: cell(4) },
      { from: cell(4), to: `variable:df@${cell(4)}` },
      { from: `variable:df@${cell(4)}`, to: cell(5) },
      { from: cell(5), to: `variable:model@${cell(5)}` },
      { from: `variable:model@${cell(5)}`, to: LineageGraph.MODEL_ID }
    ]);
    // A file read that no cell of the slice wrote has no writer to link.
    expect(graph.nodes.some(node => node.kind === 'file')).toBe(false);
  });

  it('draws a file written by one cell and read by the next', () => {
    const slice = makeSlice();
    slice.executions[0].files_written = ['iris.csv'];
    const graph = LineageGraph.build(lineage, slice, 'iris v1');
    const file = graph.nodes.find(node => node.kind === 'file');
    expect(file?.label).toBe('iris.csv');
    expect(graph.edges).toContainEqual({
      from: file?.id,
      to: `cell:${RUN}:3`
    });
  });

  it('chains the cells in order without a slice', () => {
    const graph = LineageGraph.build(lineage, null, 'iris v1');
    expect(graph.nodes.map(node => node.label)).toEqual([
      'In [1]',
      'In [3]',
      'In [5]',
      'iris v1'
    ]);
    expect(graph.edges).toHaveLength(3);
    expect(graph.nodes[2].title).toBe('model = LogisticRegression().fit(X, y)');
  });

  it('counts the cells that led to the model, not the skipped ones', () => {
    expect(LineageGraph.summary(lineage)).toBe(
      '3 cells led to it; 2 skipped (1 failed)'
    );
    expect(
      LineageGraph.summary({
        ...lineage,
        skipped: [{ seq: 2, cell_id: null, failed: false }]
      })
    ).toBe('3 cells led to it; 1 skipped');
    expect(LineageGraph.summary({ ...lineage, skipped: [] })).toBe(
      '3 cells led to it'
    );
  });

  it('lays a graph out left to right, leaving out unknown edges', () => {
    const layout = DagLayout.layout(
      [
        { id: 'a', width: 60, height: 30 },
        { id: 'b', width: 60, height: 30 }
      ],
      [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'nowhere' }
      ],
      { direction: 'LR' }
    );
    const [a, b] = layout.nodes;
    expect(b.x).toBeGreaterThan(a.x);
    expect(layout.edges).toHaveLength(1);
    expect(DagLayout.boxWidth('x')).toBe(72);
  });
});
