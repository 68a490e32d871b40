import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { ILineageExecution, ILineageSlice } from '../runs/lineageTypes';
import { ILineage, ILineageCell } from './registryTypes';

/**
 * The lineage of a model version as a graph: the cells it depends on, the
 * variables and files that flowed between them, and the model at the end.
 */
export namespace LineageGraph {
  export type NodeKind = 'cell' | 'variable' | 'file' | 'model';

  export interface INode {
    id: string;
    kind: NodeKind;
    /**
     * The box's text: `In [5]`, a variable name, a file path, the model.
     */
    label: string;
    /**
     * The tooltip: a cell's code, what a name is.
     */
    title: string;
  }

  export interface IEdge {
    from: string;
    to: string;
  }

  export interface IGraph {
    nodes: INode[];
    edges: IEdge[];
  }

  /**
   * The id of the model's node.
   */
  export const MODEL_ID = 'model';

  /**
   * The graph of a lineage. With the slice of its source (what each cell
   * read and wrote), each name goes from the execution that last wrote it
   * to each later one that read it; without, the cells are chained in the
   * order they ran.
   *
   * @param modelLabel - The model's box text, e.g. `iris v2`.
   */
  export function build(
    lineage: ILineage,
    slice: ILineageSlice | null,
    modelLabel: string,
    trans: TranslationBundle = Private.trans
  ): IGraph {
    const model: INode = {
      id: MODEL_ID,
      kind: 'model',
      label: modelLabel,
      title: trans.__('The registered model')
    };
    if (slice !== null && slice.executions.length > 0) {
      return Private.fromSlice(slice, model, trans);
    }
    const cells = lineage.training_cell
      ? [...lineage.cells, lineage.training_cell]
      : lineage.cells;
    const nodes = cells.map(cell => Private.cellNode(cell, lineage.run.id));
    nodes.push(model);
    return {
      nodes,
      edges: nodes
        .slice(1)
        .map((node, i) => ({ from: nodes[i].id, to: node.id }))
    };
  }

  /**
   * How many cells led to the model, and how many executions between them
   * it does not depend on: "3 cells led to it; 2 skipped (1 failed)".
   */
  export function summary(
    lineage: ILineage,
    trans: TranslationBundle = Private.trans
  ): string {
    const count = lineage.cells.length + (lineage.training_cell ? 1 : 0);
    const led = trans._n('%1 cell led to it', '%1 cells led to it', count);
    const skipped = lineage.skipped.length;
    if (skipped === 0) {
      return led;
    }
    const failed = lineage.skipped.filter(entry => entry.failed).length;
    return failed > 0
      ? trans.__('%1; %2 skipped (%3 failed)', led, skipped, failed)
      : trans.__('%1; %2 skipped', led, skipped);
  }

  /**
   * A cell's prompt: `In [5]`, or `In [ ]` when its count is unknown.
   */
  export function prompt(executionCount: number | null): string {
    return `In [${executionCount ?? ' '}]`;
  }
}

namespace Private {
  export const trans = nullTranslator.load('mlops-lab');

  type Execution = Pick<
    ILineageExecution,
    'run' | 'seq' | 'cell_id' | 'execution_count' | 'code'
  >;

  export function executionId(execution: { run: string; seq: number }): string {
    return `cell:${execution.run}:${execution.seq}`;
  }

  export function cellNode(
    cell: ILineageCell | Execution,
    run: string
  ): LineageGraph.INode {
    return {
      id: executionId({ run: 'run' in cell ? cell.run : run, seq: cell.seq }),
      kind: 'cell',
      label: LineageGraph.prompt(cell.execution_count),
      title: cell.code
    };
  }

  export function fromSlice(
    slice: ILineageSlice,
    model: LineageGraph.INode,
    trans: TranslationBundle
  ): LineageGraph.IGraph {
    const nodes: LineageGraph.INode[] = [];
    const edges: LineageGraph.IEdge[] = [];
    const added = new Set<string>();
    const addNode = (node: LineageGraph.INode) => {
      if (!added.has(node.id)) {
        added.add(node.id);
        nodes.push(node);
      }
    };
    // The name node of what `writer` wrote: one per write, so a name
    // rewritten later is a node of its own.
    const nameNode = (
      kind: 'variable' | 'file',
      name: string,
      writer: ILineageExecution
    ): string => {
      const id = `${kind}:${name}@${executionId(writer)}`;
      addNode({
        id,
        kind,
        label: name,
        title:
          kind === 'variable'
            ? trans.__('Variable %1', name)
            : trans.__('File %1', name)
      });
      if (
        !edges.some(edge => edge.from === executionId(writer) && edge.to === id)
      ) {
        edges.push({ from: executionId(writer), to: id });
      }
      return id;
    };
    const lastWriter = (
      before: number,
      name: string,
      written: (execution: ILineageExecution) => string[]
    ): ILineageExecution | null => {
      for (let i = before - 1; i >= 0; i--) {
        if (written(slice.executions[i]).includes(name)) {
          return slice.executions[i];
        }
      }
      return null;
    };
    slice.executions.forEach((execution, index) => {
      addNode(cellNode(execution, slice.run));
      const inputs: [
        'variable' | 'file',
        string[],
        (e: ILineageExecution) => string[]
      ][] = [
        ['variable', execution.reads, e => e.writes],
        ['file', execution.files_read, e => e.files_written]
      ];
      for (const [kind, names, written] of inputs) {
        for (const name of names) {
          const writer = lastWriter(index, name, written);
          if (writer !== null) {
            edges.push({
              from: nameNode(kind, name, writer),
              to: executionId(execution)
            });
          }
        }
      }
    });
    const last = slice.executions[slice.executions.length - 1];
    const source =
      slice.kind === 'file' ? 'file' : ('variable' as 'variable' | 'file');
    const made = nameNode(source, slice.name, last);
    addNode(model);
    edges.push({ from: made, to: model.id });
    return { nodes, edges };
  }
}
