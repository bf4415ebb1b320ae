import { compareLocations, type ItemKind, type Link, type Location } from '../model';
import type { TraceIndex } from '../graph/traceIndex';
import { acceptances, derivations, implementations, mitigations, verifications } from '../graph/coverage';
import { compareIds, summarize, type TraceSummary } from './summary';
import { pushTo } from '../util/collections';

/** The row sets the matrix can show. */
export type MatrixView = 'requirements' | 'threats' | 'concept' | 'vulnerabilities';

export const MATRIX_VIEWS: readonly MatrixView[] = ['requirements', 'threats', 'concept', 'vulnerabilities'];

/**
 * One entry of a cell: a linked item (with its definition's location when it is defined), or a code or
 * test location (an annotation), with the location it was written at.
 */
export interface MatrixEntry {
  /** The linked item's ID; absent for a code location. */
  readonly id?: string;
  readonly title?: string;
  /** Where to go on a click: the item's definition, or the annotation. Absent for an undefined ID. */
  readonly location?: Location;
}

export interface MatrixColumn {
  readonly key: string;
  readonly label: string;
}

/** A row of the matrix: one item, its cells by column key, and whether its trace is complete. */
export interface MatrixRow {
  readonly id: string;
  readonly kind: ItemKind;
  readonly title: string;
  readonly location: Location;
  readonly category: string | undefined;
  readonly cells: Readonly<Record<string, readonly MatrixEntry[]>>;
  /** `traced` when every rule about this row's own trace holds; `untraced` otherwise. */
  readonly status: 'traced' | 'untraced';
  /** The rules that report this item. */
  readonly gaps: readonly string[];
}

/** The traceability matrix of one view: what the CLI's exporters and the webview both render. */
export interface TraceMatrix {
  readonly view: MatrixView;
  readonly title: string;
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
  readonly summary: TraceSummary;
}

interface ViewDefinition {
  readonly title: string;
  readonly kinds: readonly ItemKind[];
  readonly columns: readonly (MatrixColumn & { readonly entries: (index: TraceIndex, id: string) => MatrixEntry[] })[];
  readonly traced: (index: TraceIndex, id: string) => boolean;
}

const itemEntry = (index: TraceIndex, id: string): MatrixEntry => {
  const item = index.graph.item(id);
  return item ? { id, title: item.title, location: item.location } : { id };
};
/** A link's source: the item whose section declares it, or the code location of an annotation. */
const sourceEntry = (index: TraceIndex, link: Link): MatrixEntry => (link.from === undefined ? { location: link.location } : itemEntry(index, link.from));
const linkedItems = (links: readonly Link[], end: 'from' | 'to', index: TraceIndex): MatrixEntry[] =>
  [...new Set(links.flatMap((link) => (link[end] === undefined ? [] : [link[end]!])))].map((id) => itemEntry(index, id));
const outgoing = (index: TraceIndex, id: string, type: Link['type']) => index.graph.outgoing(id).filter((link) => link.type === type);
const incoming = (index: TraceIndex, id: string, type: Link['type']) => index.graph.incoming(id).filter((link) => link.type === type);

const VIEWS: Readonly<Record<MatrixView, ViewDefinition>> = {
  requirements: {
    title: 'Security requirements',
    kinds: ['requirement'],
    columns: [
      { key: 'derivesFrom', label: 'Derived from', entries: (index, id) => linkedItems(outgoing(index, id, 'derives'), 'to', index) },
      { key: 'mitigates', label: 'Mitigates', entries: (index, id) => linkedItems(outgoing(index, id, 'mitigates'), 'to', index) },
      { key: 'implementedBy', label: 'Implemented by', entries: (index, id) => implementations(index.graph, id).map((link) => sourceEntry(index, link)) },
      { key: 'verifiedBy', label: 'Verified by', entries: (index, id) => verifications(index.graph, id).map((link) => sourceEntry(index, link)) },
    ],
    traced: (index, id) =>
      derivations(index.graph, id).length > 0 && implementations(index.graph, id).length > 0 && verifications(index.graph, id).length > 0,
  },
  threats: {
    title: 'Threats',
    kinds: ['threat'],
    columns: [
      { key: 'mitigatedBy', label: 'Mitigated by', entries: (index, id) => linkedItems(mitigations(index.graph, id), 'from', index) },
      { key: 'acceptedBy', label: 'Accepted by', entries: (index, id) => linkedItems(acceptances(index.graph, id), 'from', index) },
      {
        key: 'mitigatedInCode',
        label: 'Mitigated in code',
        entries: (index, id) => incoming(index, id, 'mitigates').filter((link) => link.from === undefined).map((link) => sourceEntry(index, link)),
      },
    ],
    traced: (index, id) => mitigations(index.graph, id).length > 0 || acceptances(index.graph, id).length > 0,
  },
  concept: {
    title: 'Objectives and misuse cases',
    kinds: ['objective', 'misuse'],
    columns: [{ key: 'derivedBy', label: 'Requirements derived', entries: (index, id) => linkedItems(incoming(index, id, 'derives'), 'from', index) }],
    traced: (index, id) => incoming(index, id, 'derives').length > 0,
  },
  vulnerabilities: {
    title: 'Vulnerabilities',
    kinds: ['vulnerability'],
    columns: [
      { key: 'affects', label: 'Affects', entries: (index, id) => linkedItems(outgoing(index, id, 'affects'), 'to', index) },
      { key: 'resolvedBy', label: 'Resolved by', entries: (index, id) => linkedItems(incoming(index, id, 'resolves'), 'from', index) },
    ],
    traced: (index, id) => incoming(index, id, 'resolves').length > 0,
  },
};

/** Builds the matrix of one view from an index, rows ordered by ID. */
export function buildMatrix(index: TraceIndex, view: MatrixView = 'requirements'): TraceMatrix {
  return buildMatrices(index, [view])[view]!;
}

/**
 * Builds several views at once: the findings, each item's gaps and the summary are computed once and
 * shared by every view (the matrix panel sends all four).
 */
export function buildMatrices<V extends MatrixView>(index: TraceIndex, views: readonly V[]): Record<V, TraceMatrix> {
  const findings = index.findings();
  const gapsById = new Map<string, string[]>();
  for (const finding of findings) {
    pushTo(gapsById, finding.item, finding.rule);
  }
  const summary = summarize(index, findings);
  return Object.fromEntries(views.map((view) => [view, buildView(index, view, gapsById, summary)])) as Record<V, TraceMatrix>;
}

function buildView(index: TraceIndex, view: MatrixView, gapsById: ReadonlyMap<string, readonly string[]>, summary: TraceSummary): TraceMatrix {
  const definition = VIEWS[view];
  const rows: MatrixRow[] = [];
  for (const id of index.graph.ids()) {
    const item = index.graph.item(id)!;
    if (!definition.kinds.includes(item.kind)) {
      continue;
    }
    rows.push({
      id,
      kind: item.kind,
      title: item.title,
      location: item.location,
      category: item.attributes['category'],
      cells: Object.fromEntries(definition.columns.map((column) => [column.key, column.entries(index, id).sort(compareEntries)])),
      status: definition.traced(index, id) ? 'traced' : 'untraced',
      gaps: gapsById.get(id) ?? [],
    });
  }
  rows.sort((a, b) => compareIds(a.id, b.id));
  return {
    view,
    title: definition.title,
    columns: definition.columns.map(({ key, label }) => ({ key, label })),
    rows,
    summary,
  };
}

/** Items first, by ID; then code locations, by path and line: the order does not depend on indexing order. */
function compareEntries(a: MatrixEntry, b: MatrixEntry): number {
  if (a.id !== undefined || b.id !== undefined) {
    return a.id === undefined ? 1 : b.id === undefined ? -1 : compareIds(a.id, b.id);
  }
  return compareLocations(a.location!, b.location!);
}

/** How a cell entry reads as text: `SR-1 Title`, or `path:line` for a code location. */
export function entryText(entry: MatrixEntry): string {
  if (entry.id !== undefined) {
    return entry.title ? `${entry.id} ${entry.title}` : `${entry.id} (not defined)`;
  }
  return entry.location ? `${entry.location.path}:${entry.location.range.start.line + 1}` : '';
}
