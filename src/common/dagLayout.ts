import dagre, { EdgeLabel, GraphLabel, NodeLabel } from '@dagrejs/dagre';

/**
 * Layered layout of a small directed acyclic graph with dagre, for the
 * pictures of pipelines and of model lineages.
 */
export namespace DagLayout {
  /**
   * A node to place: its id and box size, in SVG units.
   */
  export interface INode {
    id: string;
    width: number;
    height: number;
  }

  /**
   * An edge between two node ids.
   */
  export interface IEdge {
    from: string;
    to: string;
  }

  /**
   * A node placed by the layout: the centre of its box.
   */
  export interface IPlacedNode extends INode {
    x: number;
    y: number;
  }

  /**
   * An edge routed by the layout, as the points of a polyline.
   */
  export interface IRoutedEdge extends IEdge {
    points: { x: number; y: number }[];
  }

  /**
   * The whole picture: its size, nodes and edges, in the given order.
   */
  export interface ILayout {
    width: number;
    height: number;
    nodes: IPlacedNode[];
    edges: IRoutedEdge[];
  }

  export interface IOptions {
    /**
     * Top to bottom (the default) or left to right.
     */
    direction?: 'TB' | 'LR';
  }

  /**
   * The height of a one-line box.
   */
  export const BOX_HEIGHT = 34;

  /**
   * The margin around the picture.
   */
  export const MARGIN = 12;

  /**
   * The width of a one-line box holding `label`, with room around it.
   */
  export function boxWidth(label: string, minimum = 72): number {
    return Math.max(minimum, label.length * Private.CHARACTER_WIDTH + 32);
  }

  /**
   * Lay the graph out in layers (few crossings); an edge to an unknown
   * node is left out.
   */
  export function layout(
    nodes: readonly INode[],
    edges: readonly IEdge[],
    options: IOptions = {}
  ): ILayout {
    const graph = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
    graph.setGraph({
      rankdir: options.direction ?? 'TB',
      nodesep: 28,
      ranksep: 40,
      marginx: MARGIN,
      marginy: MARGIN
    });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const node of nodes) {
      graph.setNode(node.id, { width: node.width, height: node.height });
    }
    const known = edges.filter(
      edge => graph.hasNode(edge.from) && graph.hasNode(edge.to)
    );
    for (const edge of known) {
      graph.setEdge(edge.from, edge.to);
    }
    dagre.layout(graph);
    const label = graph.graph();
    return {
      width: Math.max(label.width ?? 0, 2 * MARGIN),
      height: Math.max(label.height ?? 0, 2 * MARGIN),
      nodes: nodes.map(node => {
        const placed = graph.node(node.id);
        return { ...node, x: placed.x ?? 0, y: placed.y ?? 0 };
      }),
      edges: known.map(edge => ({
        from: edge.from,
        to: edge.to,
        points: (graph.edge(edge.from, edge.to)?.points ?? []).map(point => ({
          x: point.x,
          y: point.y
        }))
      }))
    };
  }
}

namespace Private {
  /**
   * The pixel width of a character of the 12px UI font, about.
   */
  export const CHARACTER_WIDTH = 7.5;
}
