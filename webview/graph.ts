/**
 * Draws a laid-out neighbourhood (layout.ts) as SVG: rectangles and text nodes, every label set as
 * text. Nodes with a location are buttons (Enter or Space opens them).
 */
import type { Location } from '../src/core/model';
import { svg } from './dom';
import type { GraphLayout } from './layout';

const LINE_HEIGHT = 15;

export function renderGraph(layout: GraphLayout, label: string, open: (location: Location) => void): SVGSVGElement {
  const root = svg('svg', {
    class: 'neighbourhood',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'group',
    'aria-label': label,
  });
  // Scaled down to fit the pane, but not below 70%: past that the pane scrolls instead.
  root.style.minWidth = `${Math.round(layout.width * 0.7)}px`;
  const edges = svg('g', { class: 'edges', 'aria-hidden': 'true' });
  for (const edge of layout.edges) {
    const d = edge.points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
    edges.append(
      svg('path', { class: 'edge', d }),
      svg('text', { class: 'edge-label', x: edge.labelX.toFixed(1), y: (edge.labelY + 4).toFixed(1), 'text-anchor': 'middle' }, edge.label),
    );
  }
  root.append(edges);
  for (const node of layout.nodes) {
    const classes = ['node', `role-${node.role}`, node.kind ? `kind-${node.kind}` : node.role === 'more' ? 'more' : 'code', node.undefinedId ? 'undefined-id' : ''].filter(Boolean).join(' ');
    const location = node.location;
    const group = svg(
      'g',
      {
        class: classes,
        transform: `translate(${node.x.toFixed(1)},${node.y.toFixed(1)})`,
        ...(location ? { tabindex: 0, role: 'button', 'aria-label': `Open ${node.description}` } : { role: 'img', 'aria-label': node.description }),
      },
      svg('title', {}, node.description),
      svg('rect', { width: node.width, height: node.height, rx: 3, ry: 3 }),
      svg(
        'text',
        { x: 10, y: 0 },
        ...node.lines.map((line, i) => svg('tspan', { x: 10, y: 5 + LINE_HEIGHT * (i + 1) - 3, class: i === 0 ? 'primary' : 'secondary' }, line)),
      ),
    );
    if (location) {
      group.addEventListener('click', () => open(location));
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open(location);
        }
      });
    }
    root.append(group);
  }
  return root;
}
