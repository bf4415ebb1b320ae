/**
 * The matrix as a virtualized ARIA grid: only the rows in view (plus a few) exist in the DOM, keyed by
 * row key (the ID, or group and ID in a grouped view), so 5,000 rows paint as fast as 50 and a live update re-renders only the rows whose data changed.
 * Row heights follow from the number of entries per cell (gridLayout.ts `rowLines`), so nothing is
 * measured; gridRow.ts builds the rows. vscode-table was not used here: it renders every row as web
 * components (see the README's design notes).
 */
import type { Location } from '../src/core/model';
import { MATRIX_VIEW_DEFINITIONS, rowKey, type MatrixRow } from '../src/core/report/matrixVocabulary';
import { h } from './dom';
import type { PreparedRow } from './filters';
import { LINE_HEIGHT, ROW_PADDING, columnWidths, rowAt, rowLines, rowOffsets } from './gridLayout';
import { buildRow, groupLabel, headerCells, showGroupName, type ClickTargets, type RowContext } from './gridRow';
import type { SortDirection } from './state';

const OVERSCAN_PX = 240;

/** What the grid shows: the view's rows, filtered and sorted, with the sort and the selection. */
export interface GridData extends RowContext {
  /** Filtered and sorted. */
  readonly rows: readonly PreparedRow[];
  readonly sortKey: string;
  readonly sortDir: SortDirection;
  /** The selected row's key (`rowKey`: its ID, or group and ID in a grouped view). */
  readonly selected: string | undefined;
  /** Changes when rule severities or the new gaps change: rows are rebuilt then, as their look depends on them. */
  readonly rulesKey: string;
}

export interface GridCallbacks {
  /** A row was chosen, by its key. */
  select(key: string): void;
  open(location: Location): void;
  sort(key: string): void;
  scrolled(scrollTop: number): void;
}

interface RenderedRow {
  readonly row: MatrixRow;
  readonly element: HTMLElement;
  index: number;
  /** The offset the row is placed at: a row above it that changed height moves it without changing its index. */
  top: number;
  selected: boolean;
  /** In a grouped view: whether the row shows its group's name (it is the first of its group shown). */
  groupShown: boolean | undefined;
}

export class MatrixGrid {
  /** The scrolling element, `role=grid`; it takes the keyboard focus. */
  readonly element: HTMLElement;
  readonly #header: HTMLElement;
  readonly #body: HTMLElement;
  readonly #callbacks: GridCallbacks;
  #data: GridData | undefined;
  /** Which columns the rendered rows were built for: rows are rebuilt when this changes. */
  #layoutKey = '';
  #offsets: Float64Array = new Float64Array(1);
  /** Row heights by row object, for the current columns (cleared when they change). */
  #heights = new WeakMap<MatrixRow, number>();
  #headerKey = '';
  /** The width the column widths were computed for. */
  #width = -1;
  #rendered = new Map<string, RenderedRow>();
  #frame = 0;
  /** What a click on an element does: open a location or select a row (no workspace string in attributes). */
  readonly #targets: ClickTargets = { opens: new WeakMap<Element, Location>(), rowKeys: new WeakMap<Element, string>() };

  constructor(callbacks: GridCallbacks, label: string) {
    this.#callbacks = callbacks;
    this.#header = h('div', { className: 'mrow mheader', attrs: { role: 'row', 'aria-rowindex': 1 } });
    this.#body = h('div', { className: 'mbody', attrs: { role: 'rowgroup' } });
    this.element = h(
      'div',
      {
        className: 'mgrid',
        attrs: { role: 'grid', tabindex: 0, 'aria-label': label, 'aria-multiselectable': 'false' },
        on: {
          scroll: () => {
            this.#schedule();
            this.#callbacks.scrolled(this.element.scrollTop);
          },
          keydown: (event) => this.#onKey(event),
          click: (event) => this.#onClick(event),
        },
      },
      h('div', { className: 'mheadgroup', attrs: { role: 'rowgroup' } }, this.#header),
      this.#body,
    );
    new ResizeObserver(() => {
      if (this.#data && this.element.clientWidth !== this.#width) {
        this.#setColumnWidths(this.#data);
      }
      this.#schedule();
    }).observe(this.element);
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  set scrollTop(value: number) {
    this.element.scrollTop = value;
    this.render();
  }

  /** New rows, filters, sort or selection: renders at once (keyed, so unchanged rows stay). */
  setData(data: GridData): void {
    const layoutKey = `${data.view}\u0000${data.columns.map((column) => column.key).join('\u0000')}\u0000${data.rulesKey}`;
    if (layoutKey !== this.#layoutKey) {
      this.#layoutKey = layoutKey;
      this.#heights = new WeakMap();
      this.#clearRows();
      this.#setColumnWidths(data);
      this.element.setAttribute('aria-colcount', String(data.columns.length + (groupLabel(data.view) === undefined ? 3 : 4)));
    }
    this.#data = data;
    const headerKey = `${layoutKey}\u0000${data.sortKey}\u0000${data.sortDir}`;
    if (headerKey !== this.#headerKey) {
      this.#headerKey = headerKey;
      this.#header.replaceChildren(...headerCells(data.view, data.columns, data.sortKey, data.sortDir, (key) => this.#callbacks.sort(key)));
    }
    const heights = data.rows.map(({ row }) => {
      let height = this.#heights.get(row);
      if (height === undefined) {
        height = rowLines(row, data.columns) * LINE_HEIGHT + ROW_PADDING;
        this.#heights.set(row, height);
      }
      return height;
    });
    const { offsets, total } = rowOffsets(heights);
    this.#offsets = offsets;
    this.#body.style.height = `${total}px`;
    this.element.setAttribute('aria-rowcount', String(data.rows.length + 1));
    this.render();
  }

  #setColumnWidths(data: GridData): void {
    this.#width = this.element.clientWidth;
    const em = parseFloat(getComputedStyle(this.element).fontSize) || 13;
    const widths = columnWidths(this.#width, data.columns.length, em, { grouped: groupLabel(data.view) !== undefined, longIds: MATRIX_VIEW_DEFINITIONS[data.view].longIds });
    this.element.style.setProperty('--matrix-columns', widths.map((width) => `${width}px`).join(' '));
    this.element.style.setProperty('--matrix-width', `${widths.reduce((a, b) => a + b, 0)}px`);
  }

  /** Moves the selection (a row's key) without re-filtering. */
  setSelected(key: string | undefined): void {
    if (this.#data) {
      this.#data = { ...this.#data, selected: key };
      this.render();
    }
  }

  /** Scrolls so that a row (by its key) is in view; returns false when the filters hide it. */
  scrollToRow(key: string): boolean {
    const data = this.#data;
    const index = data ? data.rows.findIndex(({ row }) => rowKey(row) === key) : -1;
    if (!data || index < 0) {
      return false;
    }
    const top = this.#offsets[index]!;
    const bottom = this.#offsets[index + 1]!;
    const headerHeight = this.#header.offsetHeight;
    const viewTop = this.element.scrollTop;
    const viewBottom = viewTop + this.element.clientHeight - headerHeight;
    if (top < viewTop) {
      this.element.scrollTop = top;
    } else if (bottom > viewBottom) {
      this.element.scrollTop = bottom - (this.element.clientHeight - headerHeight);
    }
    this.render();
    return true;
  }

  #schedule(): void {
    if (!this.#frame) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.render();
      });
    }
  }

  /** Renders the rows in view: keeps the elements of rows that did not change, builds the others. */
  render(): void {
    const data = this.#data;
    if (!data) {
      return;
    }
    const count = data.rows.length;
    const headerHeight = this.#header.offsetHeight;
    const top = Math.max(0, this.element.scrollTop - OVERSCAN_PX);
    const bottom = this.element.scrollTop + Math.max(this.element.clientHeight - headerHeight, 200) + OVERSCAN_PX;
    const first = count === 0 ? 0 : rowAt(this.#offsets, count, top);
    const last = count === 0 ? -1 : rowAt(this.#offsets, count, bottom);
    const keep = new Set<string>();
    for (let index = first; index <= last; index++) {
      const { row } = data.rows[index]!;
      const key = rowKey(row);
      keep.add(key);
      const selected = key === data.selected;
      let rendered = this.#rendered.get(key);
      if (rendered && rendered.row !== row) {
        rendered.element.remove();
        rendered = undefined;
      }
      if (!rendered) {
        rendered = { row, element: buildRow(row, data, this.#targets), index: -1, top: -1, selected: !selected, groupShown: undefined };
        this.#rendered.set(key, rendered);
        this.#body.append(rendered.element);
      }
      const groupShown = row.group !== undefined && (index === 0 || data.rows[index - 1]!.row.group?.name !== row.group.name);
      if (row.group !== undefined && rendered.groupShown !== groupShown) {
        rendered.groupShown = groupShown;
        showGroupName(rendered.element, groupShown);
      }
      if (rendered.top !== this.#offsets[index]) {
        rendered.top = this.#offsets[index]!;
        rendered.element.style.transform = `translateY(${rendered.top}px)`;
      }
      if (rendered.index !== index) {
        rendered.index = index;
        rendered.element.setAttribute('aria-rowindex', String(index + 2));
        rendered.element.classList.toggle('odd', index % 2 === 1);
      }
      if (rendered.selected !== selected) {
        rendered.selected = selected;
        rendered.element.classList.toggle('selected', selected);
        rendered.element.setAttribute('aria-selected', String(selected));
        if (selected) {
          rendered.element.id = 'matrix-active-row';
        } else {
          rendered.element.removeAttribute('id');
        }
      }
    }
    for (const [key, rendered] of this.#rendered) {
      if (!keep.has(key)) {
        rendered.element.remove();
        this.#rendered.delete(key);
      }
    }
    if (data.selected !== undefined && keep.has(data.selected)) {
      this.element.setAttribute('aria-activedescendant', 'matrix-active-row');
    } else {
      this.element.removeAttribute('aria-activedescendant');
    }
  }

  #clearRows(): void {
    for (const rendered of this.#rendered.values()) {
      rendered.element.remove();
    }
    this.#rendered.clear();
  }

  #onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    const link = target?.closest('button.link');
    const rowElement = target?.closest('.mrow');
    const key = rowElement ? this.#targets.rowKeys.get(rowElement) : undefined;
    if (key !== undefined) {
      this.#callbacks.select(key);
    }
    const location = link ? this.#targets.opens.get(link) : undefined;
    if (location) {
      this.#callbacks.open(location);
    }
  }

  #onKey(event: KeyboardEvent): void {
    const data = this.#data;
    if (!data || data.rows.length === 0 || event.target !== this.element) {
      return;
    }
    const current = data.rows.findIndex(({ row }) => rowKey(row) === data.selected);
    const page = Math.max(1, Math.floor(this.element.clientHeight / (LINE_HEIGHT + ROW_PADDING)) - 1);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = current < 0 ? 0 : current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = Math.max(0, current) + page;
        break;
      case 'PageUp':
        next = Math.max(0, current) - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = data.rows.length - 1;
        break;
      case 'Enter':
        if (current >= 0) {
          this.#callbacks.open(data.rows[current]!.row.location);
          event.preventDefault();
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    const key = rowKey(data.rows[Math.min(data.rows.length - 1, Math.max(0, next))]!.row);
    this.#callbacks.select(key);
    this.scrollToRow(key);
  }
}
