/**
 * The filters and the sort of a matrix view: free text (IDs without splitting numbers), kind, status and
 * JSP phase; sorting by ID, title, status or a cell column (a column of deadlines by days left), within
 * groups in a grouped view. Pure, tested
 * in plain Node.
 */
import type { ItemKind } from '../src/core/model';
import { columnDefinition, compareIds, entryLabel, type MatrixEntry, type MatrixRow } from '../src/core/report/matrixVocabulary';
import { isFailing, rowPhases, rowStatus } from './rowStatus';
import type { SortDirection, ViewState } from './state';

/** A row with what filtering needs precomputed once (lower-cased ID, title and group). */
export interface PreparedRow {
  readonly row: MatrixRow;
  readonly id: string;
  readonly title: string;
  /** The group's name in a grouped view, else empty. */
  readonly group: string;
}

const prepared = new WeakMap<MatrixRow, PreparedRow>();

/** Prepares a row once per row object: an update that keeps a row keeps its preparation. */
export function prepareRow(row: MatrixRow): PreparedRow {
  let result = prepared.get(row);
  if (!result) {
    result = { row, id: row.id.toLowerCase(), title: row.title.toLowerCase(), group: row.group?.name.toLowerCase() ?? '' };
    prepared.set(row, result);
  }
  return result;
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/**
 * True when an ID contains a search term without splitting a number: `SR-1` finds SR-1 but not SR-10
 * or SR-21, `SR-` finds every requirement. Both are lower-cased.
 */
export function idContains(id: string, term: string): boolean {
  const startsWithDigit = isDigit(term[0]);
  const endsWithDigit = isDigit(term[term.length - 1]);
  for (let at = id.indexOf(term); at >= 0; at = id.indexOf(term, at + 1)) {
    if ((!startsWithDigit || !isDigit(id[at - 1])) && (!endsWithDigit || !isDigit(id[at + term.length]))) {
      return true;
    }
  }
  return false;
}

/** Splits free text into lower-cased terms; every term must match the ID or the title. */
export function searchTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((term) => term.length > 0);
}

/** True when every term is in the row's ID (whole numbers), title or group. */
export function matchesText(row: PreparedRow, terms: readonly string[]): boolean {
  return terms.every((term) => idContains(row.id, term) || row.title.includes(term) || row.group.includes(term));
}

/** What the filters need besides the rows. */
export interface FilterContext {
  readonly severities: ReadonlyMap<string, string>;
  /** The kind of every defined ID, for the phase filter on linked items. */
  readonly kinds: Readonly<Record<string, ItemKind>>;
}

/** The rows that pass a view's filters, in the order given (sort first, then filter: a keystroke only filters). */
export function filterRows(rows: readonly PreparedRow[], state: Pick<ViewState, 'text' | 'kind' | 'status' | 'phase'>, context: FilterContext): PreparedRow[] {
  const terms = searchTerms(state.text);
  return rows.filter((prepared) => {
    const row = prepared.row;
    if (state.kind !== 'all' && row.kind !== state.kind) {
      return false;
    }
    switch (state.status) {
      case 'untraced':
        if (row.status !== 'untraced') return false;
        break;
      case 'covered':
        if (row.status !== 'traced') return false;
        break;
      case 'failing':
        if (!isFailing(row, context.severities)) return false;
        break;
    }
    if (state.phase !== 'all' && !rowPhases(row, context.kinds).has(state.phase)) {
      return false;
    }
    return terms.length === 0 || matchesText(prepared, terms);
  });
}

const STATUS_RANK = { failing: 0, untraced: 1, covered: 2 } as const;

/** The key of the column of a grouped view's groups: sorting by it orders the groups, either way. */
export const GROUP_SORT_KEY = 'group';

/** The days left before the nearest deadline of a cell; a cell without one sorts after every deadline. */
function nearestDeadline(entries: readonly MatrixEntry[]): number {
  return Math.min(Number.MAX_SAFE_INTEGER, ...entries.flatMap((entry) => (entry.daysLeft === undefined ? [] : [entry.daysLeft])));
}

/**
 * Sorts rows by a column: `id` (numeric-aware), `title`, `status` (failing, untraced, covered), a column
 * of deadlines (`sortsByDaysLeft`: by days left, so "overdue by 28 days" comes before "in 3 days") or
 * another cell column (by number of entries, then by the first entry's text); ties by ID. In a grouped
 * view the rows stay in their groups, in the view's order of groups unless sorted by {@link GROUP_SORT_KEY}.
 */
export function sortRows(rows: readonly PreparedRow[], sortKey: string, direction: SortDirection, context: Pick<FilterContext, 'severities'>): PreparedRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const groupSign = sortKey === GROUP_SORT_KEY ? sign : 1;
  const byGroup = (a: PreparedRow, b: PreparedRow) => groupSign * ((a.row.group?.order ?? 0) - (b.row.group?.order ?? 0));
  let keyed: { row: PreparedRow; key: number | string }[];
  if (sortKey === 'id' || sortKey === GROUP_SORT_KEY) {
    const idSign = sortKey === 'id' ? sign : 1;
    return [...rows].sort((a, b) => byGroup(a, b) || idSign * compareIds(a.row.id, b.row.id));
  } else if (sortKey === 'title') {
    keyed = rows.map((row) => ({ row, key: row.title }));
  } else if (sortKey === 'status') {
    keyed = rows.map((row) => ({ row, key: STATUS_RANK[rowStatus(row.row, context.severities)] }));
  } else if (columnDefinition(sortKey)?.sortsByDaysLeft) {
    keyed = rows.map((row) => ({ row, key: nearestDeadline(row.row.cells[sortKey] ?? []) }));
  } else {
    keyed = rows.map((row) => {
      const entries = row.row.cells[sortKey] ?? [];
      // Count first, then text: zero-padding keeps string comparison numeric.
      return { row, key: `${String(entries.length).padStart(6, '0')} ${entries[0] ? entryLabel(entries[0]) : ''}` };
    });
  }
  // Text keys in the same numeric-aware order as IDs (title 2 before title 10).
  keyed.sort((a, b) => {
    const byKey = typeof a.key === 'number' ? (a.key as number) - (b.key as number) : compareIds(a.key as string, b.key as string);
    return byGroup(a.row, b.row) || sign * (byKey || compareIds(a.row.row.id, b.row.row.id));
  });
  return keyed.map(({ row }) => row);
}
