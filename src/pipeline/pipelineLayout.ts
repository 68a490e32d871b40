import { DagLayout } from '../common/dagLayout';
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
 * Lay the pipeline's DAG out top to bottom (see `DagLayout`).
 */
export function layoutDag(
  steps: IPipelineStep[],
  edges: IPipelineEdge[]
): IDagLayout {
  const layout = DagLayout.layout(
    steps.map(step => ({
      id: step.name,
      width: DagLayout.boxWidth(step.name),
      height: DagLayout.BOX_HEIGHT
    })),
    edges
  );
  return {
    width: layout.width,
    height: layout.height,
    steps: layout.nodes.map(({ id, x, y, width, height }) => ({
      name: id,
      x,
      y,
      width,
      height
    })),
    edges: layout.edges.flatMap(routed => {
      const edge = edges.find(
        candidate =>
          candidate.from === routed.from && candidate.to === routed.to
      );
      return edge ? [{ ...routed, kind: edge.kind, why: edge.why }] : [];
    })
  };
}
