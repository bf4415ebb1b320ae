/**
 * The neighbourhood graph of the selected row: its item, what its cells link it to, and one labelled edge
 * per relation, as the core's column definitions name them. Pure (layout.ts lays it out, graph.ts draws it).
 */
import { KIND_NAMES, type ItemKind } from '../src/core/model';
import { columnDefinition, entryLabel, locationLabel, type MatrixColumn, type MatrixEntry, type MatrixRow } from '../src/core/report/matrixVocabulary';
import { shortEntryLabel } from './labels';

/** Entries per column drawn before the rest are summed up in one "+n more" node. */
export const MAX_NEIGHBOURS_PER_COLUMN = 8;

export interface NeighbourNode {
  readonly key: string;
  readonly role: 'center' | 'upstream' | 'downstream' | 'more';
  readonly id?: string;
  readonly kind?: ItemKind;
  /** First line (the ID, or `file:line`), second line (title, or folder). */
  readonly label: string;
  readonly detail: string;
  /** Everything, for the tooltip and the accessible name. */
  readonly description: string;
  readonly location?: MatrixEntry['location'];
  readonly undefinedId?: boolean;
}

export interface NeighbourEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface Neighbourhood {
  readonly nodes: readonly NeighbourNode[];
  readonly edges: readonly NeighbourEdge[];
}

const dirname = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** The node of a cell entry: an item by ID, a code location by place; undefined for an entry with neither. */
function entryNode(entry: MatrixEntry, role: NeighbourNode['role'], kinds: Readonly<Record<string, ItemKind>>): NeighbourNode | undefined {
  if (entry.id !== undefined) {
    const kind = kinds[entry.id];
    return {
      key: `id:${entry.id}`,
      role,
      id: entry.id,
      ...(kind ? { kind } : {}),
      label: entry.id,
      detail: entry.title ?? 'not defined',
      description: entryLabel(entry),
      ...(entry.location ? { location: entry.location } : {}),
      ...(entry.title === undefined ? { undefinedId: true } : {}),
    };
  }
  if (entry.location) {
    const place = locationLabel(entry.location);
    return { key: `loc:${place}`, role, label: shortEntryLabel(entry), detail: dirname(entry.location.path), description: place, location: entry.location };
  }
  return undefined;
}

/**
 * The neighbourhood of a row's item: the item, and what its cells link it to (what it derives from and
 * mitigates upstream; what implements and verifies it downstream), one edge per relation, labelled.
 */
export function neighbourhood(row: MatrixRow, columns: readonly MatrixColumn[], kinds: Readonly<Record<string, ItemKind>>): Neighbourhood {
  const nodes = new Map<string, NeighbourNode>();
  const edges = new Map<string, { from: string; to: string; labels: string[] }>();
  nodes.set('center', {
    key: 'center',
    role: 'center',
    id: row.id,
    kind: row.kind,
    label: row.id,
    detail: row.title,
    description: `${row.id} ${row.title} (${KIND_NAMES[row.kind].toLowerCase()})`,
    location: row.location,
  });
  const addEdge = (from: string, to: string, label: string) => {
    const key = `${from}\u0000${to}`;
    const edge = edges.get(key);
    if (edge) {
      if (!edge.labels.includes(label)) edge.labels.push(label);
    } else {
      edges.set(key, { from, to, labels: [label] });
    }
  };
  for (const column of columns) {
    const definition = columnDefinition(column.key);
    const relation = definition?.relation ?? column.label.toLowerCase();
    const upstream = definition?.upstream ?? false;
    const link = (key: string) => (upstream ? addEdge(key, 'center', relation) : addEdge('center', key, relation));
    const entries = row.cells[column.key] ?? [];
    const shown = entries.length > MAX_NEIGHBOURS_PER_COLUMN ? entries.slice(0, MAX_NEIGHBOURS_PER_COLUMN - 1) : entries;
    for (const entry of shown) {
      const node = entry.id === row.id ? undefined : entryNode(entry, upstream ? 'upstream' : 'downstream', kinds);
      if (node) {
        if (!nodes.has(node.key)) {
          nodes.set(node.key, node);
        }
        link(node.key);
      }
    }
    if (shown.length < entries.length) {
      const key = `more:${column.key}`;
      const count = entries.length - shown.length;
      nodes.set(key, { key, role: 'more', label: `+${count} more`, detail: column.label, description: `${count} more: ${column.label.toLowerCase()}` });
      link(key);
    }
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ from, to, labels }) => ({ from, to, label: labels.join(', ') })),
  };
}
