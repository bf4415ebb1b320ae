/**
 * The DOM of the grid's header and rows (grid.ts places them in the virtual list). Every workspace string
 * is text; what a click opens or selects is kept in {@link ClickTargets}, never in an attribute.
 */
import type { Location } from '../src/core/model';
import {
  MATRIX_VIEW_DEFINITIONS,
  columnDefinition,
  entryLabel,
  rowKey,
  type MatrixColumn,
  type MatrixEntry,
  type MatrixRow,
  type MatrixView,
} from '../src/core/report/matrixVocabulary';
import { ruleProblem, ruleTitle } from '../src/core/graph/ruleCatalog';
import { h } from './dom';
import { LINE_HEIGHT, MAX_CELL_LINES, ROW_PADDING, categoryLine, rowLines } from './gridLayout';
import { GROUP_SORT_KEY } from './filters';
import { isStatement, shortEntryLabel } from './labels';
import { isFailing, missingColumns, missingSeverity, otherGaps } from './rowStatus';
import type { SortDirection } from './state';

/** What a row's look depends on besides the row. */
export interface RowContext {
  readonly view: MatrixView;
  readonly columns: readonly MatrixColumn[];
  readonly severities: ReadonlyMap<string, string>;
  /** While comparing with a branch: its name and the IDs whose gaps are new since. */
  readonly newGaps?: { readonly ref: string; readonly items: ReadonlySet<string> };
}

/** What a click on an element does: open a location, or select a row (by its key, see `rowKey`). */
export interface ClickTargets {
  readonly opens: WeakMap<Element, Location>;
  readonly rowKeys: WeakMap<Element, string>;
}

/** The header of a grouped view's first column, which names each row's group; undefined for other views. */
export function groupLabel(view: MatrixView): string | undefined {
  return MATRIX_VIEW_DEFINITIONS[view].groupLabel;
}

/** The header cells: the group in a grouped view, ID, title, one per column and status, each a button that sorts by it. */
export function headerCells(view: MatrixView, columns: readonly MatrixColumn[], sortKey: string, sortDir: SortDirection, sort: (key: string) => void): HTMLElement[] {
  const group = groupLabel(view);
  const headers: [string, string][] = [
    ...(group === undefined ? [] : [[GROUP_SORT_KEY, group] as [string, string]]),
    ['id', 'ID'],
    ['title', 'Title'],
    ...columns.map((column): [string, string] => [column.key, column.label]),
    ['status', 'Status'],
  ];
  return headers.map(([key, label], i) => {
    const sorted = sortKey === key;
    const direction = sorted ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none';
    return h(
      'div',
      { className: 'mcell', attrs: { role: 'columnheader', 'aria-sort': direction, 'aria-colindex': i + 1 } },
      h(
        'button',
        {
          className: `sort${sorted ? ' sorted' : ''}`,
          attrs: { type: 'button', title: `Sort by ${label.toLowerCase()}` },
          on: { click: () => sort(key) },
        },
        label,
        h('span', { className: 'arrow', attrs: { 'aria-hidden': 'true' } }, sorted ? (sortDir === 'asc' ? '▲' : '▼') : ''),
      ),
    );
  });
}

/** An entry of a cell: a link to its location, a statement without one as plain text (`patch in 3 days`), or an ID not defined. */
function entryElement(targets: ClickTargets, entry: MatrixEntry): HTMLElement {
  if (isStatement(entry)) {
    return h('span', { className: 'statement', attrs: { title: entry.text } }, entry.text);
  }
  return link(targets, shortEntryLabel(entry), entry.location, entry.id === undefined ? 'link code' : 'link', entryLabel(entry));
}

function link(targets: ClickTargets, text: string, location: Location | undefined, className = 'link', tooltip = text): HTMLElement {
  if (!location) {
    return h('span', { className: `${className} undefined-id`, attrs: { title: `${tooltip}: not defined in this folder` } }, text);
  }
  const element = h('button', { className, attrs: { type: 'button', tabindex: -1, title: `Open ${tooltip}` } }, text);
  targets.opens.set(element, location);
  return element;
}

/** A cell of a link column: its entries (up to "+n more"), or "missing" when the trace needs one, or "–". */
function entriesCell(targets: ClickTargets, entries: readonly MatrixEntry[], column: MatrixColumn, colIndex: number, missing: boolean, severities: ReadonlyMap<string, string>): HTMLElement {
  const cell = h('div', { className: 'mcell entries', attrs: { role: 'gridcell', 'aria-colindex': colIndex } });
  if (entries.length === 0) {
    if (missing) {
      const rule = columnDefinition(column.key)?.gapRule;
      const severity = missingSeverity(column.key, severities);
      cell.append(h('div', { className: `line missing ${severity}`, attrs: { title: rule ? `${ruleTitle(rule)} (${severity})` : 'needed for the trace' } }, 'missing'));
    } else {
      cell.append(h('div', { className: 'line none', attrs: { 'aria-label': 'none' } }, '–'));
    }
  }
  const shown = entries.length > MAX_CELL_LINES ? entries.slice(0, MAX_CELL_LINES - 1) : entries;
  for (const entry of shown) {
    cell.append(h('div', { className: 'line' }, entryElement(targets, entry)));
  }
  if (shown.length < entries.length) {
    cell.append(h('div', { className: 'line more' }, `+${entries.length - shown.length} more`));
  }
  return cell;
}

/**
 * The first cell of a row of a grouped view: its group's name, shown on the first row of each group and
 * kept for screen readers only on the rows after it, so that the column reads like merged cells.
 */
function groupCell(row: MatrixRow): HTMLElement {
  const name = row.group?.name ?? '';
  return h('div', { className: 'mcell group', attrs: { role: 'rowheader', 'aria-colindex': 1, title: name } }, h('div', { className: 'line' }, name));
}

/** Shows a row's group name, or keeps it for screen readers only when the row above is in the same group. */
export function showGroupName(element: HTMLElement, shown: boolean): void {
  element.querySelector('.mcell.group .line')?.classList.toggle('visually-hidden', !shown);
}

/**
 * The ID and title cells: the item's, or for the placeholder of an empty group no ID and what the group
 * lacks (shown as missing while that is a gap) or why nothing is needed.
 */
function itemCells(row: MatrixRow, context: RowContext, targets: ClickTargets, first: number): HTMLElement[] {
  const gap = row.placeholder && row.gaps.length > 0;
  const titleClass = gap ? `line missing ${context.severities.get(row.gaps[0]!) ?? 'warning'}` : 'line';
  const category = categoryLine(row);
  return [
    h(
      'div',
      { className: 'mcell id', attrs: { role: 'gridcell', 'aria-colindex': first } },
      row.placeholder ? h('div', { className: 'line none', attrs: { 'aria-label': 'none' } }, '–') : link(targets, row.id, row.location, 'link item-id'),
    ),
    h(
      'div',
      { className: 'mcell title', attrs: { role: 'gridcell', 'aria-colindex': first + 1, title: row.title } },
      h('div', { className: titleClass }, row.title),
      category ? h('div', { className: 'line category' }, category) : undefined,
    ),
  ];
}

/** One row of the grid: the group in a grouped view, ID, title (and category), a cell per column and the status with other gaps. */
export function buildRow(row: MatrixRow, context: RowContext, targets: ClickTargets): HTMLElement {
  const failing = isFailing(row, context.severities);
  const missing = missingColumns(row, context.view, context.columns);
  const lines = rowLines(row, context.columns);
  const first = groupLabel(context.view) === undefined ? 1 : 2;
  const isNew = context.newGaps?.items.has(row.id) ?? false;
  const cells: HTMLElement[] = [
    ...(first === 2 ? [groupCell(row)] : []),
    ...itemCells(row, context, targets, first),
    ...context.columns.map((column, i) => entriesCell(targets, row.cells[column.key] ?? [], column, first + i + 2, missing.has(column.key), context.severities)),
    h(
      'div',
      { className: 'mcell status', attrs: { role: 'gridcell', 'aria-colindex': first + context.columns.length + 2 } },
      h(
        'div',
        { className: 'line' },
        h('span', { className: `pill ${row.status}${failing ? ' failing' : ''}`, attrs: { title: row.gaps.length > 0 ? `Gaps: ${[...new Set(row.gaps)].map((gap) => ruleTitle(gap)).join(', ')}` : row.status === 'traced' ? 'Traced' : 'Untraced' } }, row.status),
        failing ? h('span', { className: 'visually-hidden' }, ', failing') : undefined,
        isNew ? h('span', { className: 'new-gap', attrs: { title: `A gap new since ${context.newGaps!.ref}` } }, 'new') : undefined,
      ),
      ...otherGaps(row)
        .slice(0, MAX_CELL_LINES - 1)
        .map((gap) => h('div', { className: `line gap ${context.severities.get(gap) ?? ''}`, attrs: { title: ruleProblem(gap, row.id) } }, ruleTitle(gap))),
    ),
  ];
  const element = h('div', { className: `mrow lines-${lines}${row.status === 'untraced' ? ' untraced' : ''}${isNew ? ' new-gap-row' : ''}`, attrs: { role: 'row', 'aria-selected': 'false' } }, ...cells);
  element.style.height = `${lines * LINE_HEIGHT + ROW_PADDING}px`;
  targets.rowKeys.set(element, rowKey(row));
  return element;
}
