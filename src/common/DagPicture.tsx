import * as React from 'react';

import { DagLayout } from './dagLayout';

/**
 * A laid-out graph as an SVG picture: one rounded box per node, an arrow
 * per edge. The pipeline DAG and the model lineage graph draw with it.
 */
export function DagPicture<
  N extends DagLayout.IPlacedNode,
  E extends DagLayout.IRoutedEdge
>(props: DagPicture.IProps<N, E>): JSX.Element {
  const { layout, className } = props;
  // Several pictures can be on the page: each needs its own arrow head id.
  const arrowId = `${className}-arrow-${React.useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg
      className={className}
      role="img"
      aria-label={props.label}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <defs>
        <marker
          id={arrowId}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" className={`${className}-head`} />
        </marker>
      </defs>
      {layout.edges.map(edge => {
        const title = props.edgeTitle?.(edge);
        return (
          <polyline
            key={`${edge.from}->${edge.to}`}
            className={`${className}-edge ${props.edgeClass?.(edge) ?? ''}`}
            points={edge.points.map(point => `${point.x},${point.y}`).join(' ')}
            markerEnd={`url(#${arrowId})`}
          >
            {title && <title>{title}</title>}
          </polyline>
        );
      })}
      {layout.nodes.map(node => {
        const title = props.nodeTitle?.(node);
        return (
          <g
            key={node.id}
            className={props.nodeClass(node)}
            transform={`translate(${node.x - node.width / 2}, ${node.y - node.height / 2})`}
          >
            {title && <title>{title}</title>}
            <rect width={node.width} height={node.height} rx={6} ry={6} />
            <text
              x={node.width / 2}
              y={node.height / 2}
              dominantBaseline="central"
            >
              {props.nodeLabel(node)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * A namespace for `DagPicture` statics.
 */
export namespace DagPicture {
  export interface IProps<N, E> {
    layout: { width: number; height: number; nodes: N[]; edges: E[] };
    /**
     * The class of the picture; its edges get `CLASS-edge`, the arrow head
     * `CLASS-head`.
     */
    className: string;
    /**
     * The picture's accessible name.
     */
    label: string;
    nodeClass: (node: N) => string;
    nodeLabel: (node: N) => string;
    nodeTitle?: (node: N) => string | undefined;
    /**
     * Extra classes of an edge.
     */
    edgeClass?: (edge: E) => string;
    edgeTitle?: (edge: E) => string | undefined;
  }
}
