/**
 * Lays out the neighbourhood graph of neighbourhood.ts with dagre. Pure (no DOM: node sizes are
 * estimated from character counts), so it is tested in Node.
 */
import dagre from '@dagrejs/dagre';
import type { Neighbourhood, NeighbourEdge, NeighbourNode } from './neighbourhood';

export interface LaidOutNode extends NeighbourNode {
  /** Top-left corner and size, in SVG user units. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The two lines as drawn (shortened with an ellipsis to fit). */
  readonly lines: readonly string[];
}

export interface LaidOutEdge extends NeighbourEdge {
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly labelX: number;
  readonly labelY: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LaidOutNode[];
  readonly edges: readonly LaidOutEdge[];
}

/** Average advance of a character at the graph's 12px font: node sizes are estimated, not measured. */
export const CHAR_WIDTH = 7;
const NODE_MAX_CHARS = 24;
const NODE_PADDING = 10;
const LINE_HEIGHT = 15;

/** Shortens text to at most `max` characters, ending with an ellipsis when it was cut. */
export function ellipsize(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Lays out a neighbourhood top to bottom with dagre: upstream items (what the item derives from and
 * mitigates) above it, what implements and verifies it below — the trace read downwards, and narrow
 * enough for the side pane. Sizes come from character counts, so layout needs no DOM and is tested in Node.
 */
export function layoutNeighbourhood(graph: Neighbourhood): GraphLayout {
  const g = new dagre.graphlib.Graph<{ rankdir: string; nodesep: number; ranksep: number; marginx: number; marginy: number }>();
  g.setGraph({ rankdir: 'TB', nodesep: 10, ranksep: 30, marginx: 4, marginy: 4 });
  g.setDefaultEdgeLabel(() => ({}));
  const lines = new Map<string, string[]>();
  for (const node of graph.nodes) {
    const text = [ellipsize(node.label, NODE_MAX_CHARS), ...(node.detail ? [ellipsize(node.detail, NODE_MAX_CHARS)] : [])];
    lines.set(node.key, text);
    const chars = Math.max(...text.map((line) => line.length));
    g.setNode(node.key, { width: Math.max(56, chars * CHAR_WIDTH + 2 * NODE_PADDING), height: text.length * LINE_HEIGHT + 10 });
  }
  for (const edge of graph.edges) {
    g.setEdge(edge.from, edge.to, { width: edge.label.length * 6 + 8, height: 14, labelpos: 'c' });
  }
  dagre.layout(g);
  const nodes = graph.nodes.map((node) => {
    const laid = g.node(node.key) as { x: number; y: number; width: number; height: number };
    return { ...node, x: laid.x - laid.width / 2, y: laid.y - laid.height / 2, width: laid.width, height: laid.height, lines: lines.get(node.key)! };
  });
  const edges = graph.edges.map((edge) => {
    const laid = g.edge(edge.from, edge.to) as { points: { x: number; y: number }[]; x: number; y: number };
    return { ...edge, points: laid.points.map(({ x, y }) => ({ x, y })), labelX: laid.x, labelY: laid.y };
  });
  const { width, height } = g.graph() as { width: number; height: number };
  return { width: Math.ceil(width), height: Math.ceil(height), nodes, edges };
}
