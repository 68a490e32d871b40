import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { DagLayout } from '../common/dagLayout';
import { DagPicture } from '../common/DagPicture';
import { ILineageSlice } from '../runs/lineageTypes';
import { LineageGraph } from './lineageGraph';
import { ILineage } from './registryTypes';

/**
 * The lineage as a picture, left to right: the cells the model depends on,
 * the variables and files between them, and the model; then the
 * executions in between that it does not depend on, marked, not counted.
 */
export function LineageGraphView(props: {
  lineage: ILineage;
  slice: ILineageSlice | null;
  modelLabel: string;
  trans: TranslationBundle;
}): JSX.Element {
  const { lineage, slice, modelLabel, trans } = props;
  const layout = React.useMemo(() => {
    const graph = LineageGraph.build(lineage, slice, modelLabel, trans);
    const byId = new Map(graph.nodes.map(node => [node.id, node]));
    const placed = DagLayout.layout(
      graph.nodes.map(node => ({
        id: node.id,
        width: DagLayout.boxWidth(node.label, 56),
        height: DagLayout.BOX_HEIGHT
      })),
      graph.edges,
      { direction: 'LR' }
    );
    return {
      ...placed,
      nodes: placed.nodes.map(node => ({ ...node, ...byId.get(node.id)! }))
    };
  }, [lineage, slice, modelLabel, trans]);
  return (
    <div className="jp-mlopsLab-LineageGraph">
      <p className="jp-mlopsLab-LineageGraph-summary">
        {LineageGraph.summary(lineage, trans)}
      </p>
      <div className="jp-mlopsLab-LineageGraph-picture">
        <DagPicture
          layout={layout}
          className="jp-mlopsLab-LineageGraph"
          label={trans.__('Lineage graph of %1', modelLabel)}
          nodeClass={node =>
            `jp-mlopsLab-LineageGraph-node jp-mod-${node.kind}`
          }
          nodeLabel={node => node.label}
          nodeTitle={node => node.title}
        />
      </div>
      {lineage.skipped.length > 0 && (
        <ul
          className="jp-mlopsLab-LineageGraph-skipped"
          aria-label={trans.__('Skipped executions')}
        >
          {lineage.skipped.map(entry => (
            <li
              key={entry.seq}
              className={`jp-mlopsLab-LineageGraph-skip${entry.failed ? ' jp-mod-failed' : ''}`}
              title={
                entry.failed
                  ? trans.__(
                      'Execution %1 failed: it is not part of the lineage',
                      entry.seq
                    )
                  : trans.__('Execution %1 does not feed the model', entry.seq)
              }
            >
              {entry.failed
                ? trans.__('#%1 failed', entry.seq)
                : trans.__('#%1 skipped', entry.seq)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
