import { compareLocations, type Link } from '../model';
import type { TraceIndex } from '../graph/traceIndex';
import { acceptanceLinks, acceptances, derivations, implementations, mitigations, verifications } from '../graph/coverage';
import { summarize, type TraceSummary } from './summary';
import { pushTo } from '../util/collections';
import { itemTitle } from '../editor/hover';
import {
  MATRIX_VIEW_DEFINITIONS,
  compareIds,
  type MatrixColumnKey,
  type MatrixEntry,
  type MatrixRow,
  type MatrixView,
  type TraceMatrix,
} from './matrixVocabulary';

// An ID defined more than once shows every title ({@link itemTitle}): its links count for each definition.
const itemEntry = (index: TraceIndex, id: string): MatrixEntry => {
  const item = index.graph.item(id);
  return item ? { id, title: itemTitle(index.graph, id), location: item.location } : { id };
};
/** A link's source: the item whose section declares it, or the code location of an annotation. */
const sourceEntry = (index: TraceIndex, link: Link): MatrixEntry => (link.from === undefined ? { location: link.location } : itemEntry(index, link.from));
const linkedItems = (links: readonly Link[], end: 'from' | 'to', index: TraceIndex): MatrixEntry[] =>
  [...new Set(links.flatMap((link) => (link[end] === undefined ? [] : [link[end]!])))].map((id) => itemEntry(index, id));
const outgoing = (index: TraceIndex, id: string, type: Link['type']) => index.graph.outgoing(id).filter((link) => link.type === type);
const incoming = (index: TraceIndex, id: string, type: Link['type']) => index.graph.incoming(id).filter((link) => link.type === type);

/** The entries of each column (matrixVocabulary.ts says what the columns mean), from the graph. */
const COLUMN_ENTRIES: Readonly<Record<MatrixColumnKey, (index: TraceIndex, id: string) => MatrixEntry[]>> = {
  derivesFrom: (index, id) => linkedItems(outgoing(index, id, 'derives'), 'to', index),
  mitigates: (index, id) => linkedItems(outgoing(index, id, 'mitigates'), 'to', index),
  implementedBy: (index, id) => implementations(index.graph, id).map((link) => sourceEntry(index, link)),
  verifiedBy: (index, id) => verifications(index.graph, id).map((link) => sourceEntry(index, link)),
  mitigatedBy: (index, id) => linkedItems(mitigations(index.graph, id), 'from', index),
  acceptedBy: (index, id) => linkedItems(acceptanceLinks(index.graph, id), 'from', index),
  mitigatedInCode: (index, id) => incoming(index, id, 'mitigates').filter((link) => link.from === undefined).map((link) => sourceEntry(index, link)),
  derivedBy: (index, id) => linkedItems(incoming(index, id, 'derives'), 'from', index),
  affects: (index, id) => linkedItems(outgoing(index, id, 'affects'), 'to', index),
  resolvedBy: (index, id) => linkedItems(incoming(index, id, 'resolves'), 'from', index),
};

/** When a row of each view is traced: the rules' conditions, or for views no rule covers, its trace link. */
const TRACED: Readonly<Record<MatrixView, (index: TraceIndex, id: string) => boolean>> = {
  requirements: (index, id) =>
    derivations(index.graph, id).length > 0 && implementations(index.graph, id).length > 0 && verifications(index.graph, id).length > 0,
  threats: (index, id) => mitigations(index.graph, id).length > 0 || acceptances(index.graph, id, index.config.today).length > 0,
  concept: (index, id) => incoming(index, id, 'derives').length > 0,
  vulnerabilities: (index, id) => incoming(index, id, 'resolves').length > 0,
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
  const definition = MATRIX_VIEW_DEFINITIONS[view];
  const traced = TRACED[view];
  const rows: MatrixRow[] = [];
  for (const id of index.graph.ids()) {
    const item = index.graph.item(id)!;
    if (!definition.kinds.includes(item.kind)) {
      continue;
    }
    rows.push({
      id,
      kind: item.kind,
      title: itemTitle(index.graph, id)!,
      location: item.location,
      category: categoryOf(index, id),
      cells: Object.fromEntries(definition.columns.map((column) => [column.key, COLUMN_ENTRIES[column.key](index, id).sort(compareEntries)])),
      status: traced(index, id) ? 'traced' : 'untraced',
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

/** The category of an item; for an ID defined more than once, each distinct category of its definitions. */
function categoryOf(index: TraceIndex, id: string): string | undefined {
  const categories = [...new Set(index.graph.definitions(id).flatMap((item) => item.attributes['category'] ?? []))];
  return categories.length === 0 ? undefined : categories.join(' / ');
}

/** Items first, by ID; then code locations, by path and line: the order does not depend on indexing order. */
function compareEntries(a: MatrixEntry, b: MatrixEntry): number {
  if (a.id !== undefined || b.id !== undefined) {
    return a.id === undefined ? 1 : b.id === undefined ? -1 : compareIds(a.id, b.id);
  }
  return compareLocations(a.location!, b.location!);
}
