import dagre, { EdgeLabel, GraphLabel, NodeLabel } from '@dagrejs/dagre';

import { IPipelineEdge, IPipelineStep } from './pipelineTypes';

/**
 * A step placed by the layout: its centre and size, in SVG units.
 */
export interface IPlacedStep {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * An edge routed by the layout, as the points of a polyline.
 */
export interface IRoutedEdge {
  from: string;
  to: string;
  kind: IPipelineEdge['kind'];
  why: string;
  points: { x: number; y: number }[];
}

/**
 * The whole picture: its size, its steps and its edges.
 */
export interface IDagLayout {
  width: number;
  height: number;
  steps: IPlacedStep[];
  edges: IRoutedEdge[];
}

/**
 * The pixel width of a step's box: its name, with room around it.
 */
const CHARACTER_WIDTH = 7.5;
const BOX_PADDING = 32;
const BOX_HEIGHT = 34;
const MARGIN = 12;

/**
 * Lay the DAG out top to bottom with dagre (layered, few crossings).
 */
export function layoutDag(
  steps: IPipelineStep[],
  edges: IPipelineEdge[]
): IDagLayout {
  const graph = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  graph.setGraph({
    rankdir: 'TB',
    nodesep: 28,
    ranksep: 40,
    marginx: MARGIN,
    marginy: MARGIN
  });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const step of steps) {
    graph.setNode(step.name, {
      width: Math.max(72, step.name.length * CHARACTER_WIDTH + BOX_PADDING),
      height: BOX_HEIGHT
    });
  }
  for (const edge of edges) {
    graph.setEdge(edge.from, edge.to);
  }
  dagre.layout(graph);
  const placed = steps.map(step => {
    const node = graph.node(step.name);
    return {
      name: step.name,
      x: node.x ?? 0,
      y: node.y ?? 0,
      width: node.width ?? 0,
      height: node.height ?? 0
    };
  });
  const routed = edges.map(edge => ({
    from: edge.from,
    to: edge.to,
    kind: edge.kind,
    why: edge.why,
    points: (graph.edge(edge.from, edge.to)?.points ?? []).map(point => ({
      x: point.x,
      y: point.y
    }))
  }));
  const label = graph.graph();
  return {
    width: Math.max(label.width ?? 0, 2 * MARGIN),
    height: Math.max(label.height ?? 0, 2 * MARGIN),
    steps: placed,
    edges: routed
  };
}
