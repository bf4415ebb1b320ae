/**
 * One matrix view's tab: its filters (free text, kind, status, JSP phase), the grid of its rows and the
 * detail pane of the selected row. The panel (main.ts) owns the state; a section reads and patches it.
 */
import { KIND_NAMES, type Location } from '../src/core/model';
import { countOf } from '../src/core/util/text';
import { JSP_PHASES, MATRIX_VIEW_DEFINITIONS, PHASE_TITLES, rowKey, type MatrixRow, type MatrixView } from '../src/core/report/matrixVocabulary';
import type { PanelModel } from '../src/protocol';
import { select, type SelectElement } from './controls';
import { h, replaceChildren } from './dom';
import { filterRows, prepareRow, sortRows, type FilterContext, type PreparedRow } from './filters';
import { MatrixGrid } from './grid';
import { STATUS_LABELS, VIEW_LABELS } from './labels';
import { renderDetail } from './panels';
import { STATUS_FILTERS, type StatusFilter, type ViewState } from './state';

/** What a section asks of the panel: the model, the UI state, the filter context and the host. */
export interface SectionHost {
  readonly model: PanelModel | undefined;
  viewState(view: MatrixView): ViewState;
  setViewState(view: MatrixView, patch: Partial<ViewState>, options?: { lazy?: boolean }): void;
  filterContext(model: PanelModel): FilterContext;
  open(location: Location): void;
  recordTiming(name: 'filterMs', started: number): void;
  /** While the folder is compared with a branch: its name and the IDs whose gaps are new since. */
  newGaps(): { readonly ref: string; readonly items: ReadonlySet<string> } | undefined;
}

/** One matrix view's tab content: filters, grid and the detail pane. */
export class ViewSection {
  readonly element: HTMLElement;
  readonly grid: MatrixGrid;
  readonly #search: HTMLElement & { value: string };
  readonly #kind: SelectElement;
  readonly #status: SelectElement;
  readonly #phase: SelectElement;
  readonly #count: HTMLElement;
  readonly #detail: HTMLElement;
  /** Sorted rows and what they were sorted from, so that a keystroke only filters. */
  #sorted: { rows: readonly MatrixRow[]; key: string; dir: string; rules: unknown; result: PreparedRow[] } | undefined;
  #visible: PreparedRow[] = [];
  #rowsByKey: { rows: readonly MatrixRow[]; map: Map<string, MatrixRow> } | undefined;
  /** Set when the model changed while another tab was shown. */
  dirty = true;
  /** What the detail pane shows, so that a filter keystroke does not lay the graph out again. */
  #detailKey: readonly unknown[] = [];

  constructor(
    readonly view: MatrixView,
    readonly app: SectionHost,
  ) {
    const state = app.viewState(view);
    this.#search = h('vscode-textfield', {
      className: 'search',
      attrs: { placeholder: 'Filter by ID or title', 'aria-label': `Filter ${VIEW_LABELS[view].toLowerCase()} by ID or title`, type: 'search' },
    }) as HTMLElement & { value: string };
    this.#search.value = state.text;
    this.#search.addEventListener('input', () => {
      const started = performance.now();
      this.app.setViewState(view, { text: this.#search.value });
      this.refresh();
      app.recordTiming('filterMs', started);
    });
    const kinds = MATRIX_VIEW_DEFINITIONS[view].kinds;
    this.#kind = select('Kind', [['all', 'All kinds'], ...kinds.map((kind): [string, string] => [kind, KIND_NAMES[kind]])], state.kind, (value) => this.#filter({ kind: value as ViewState['kind'] }));
    if (kinds.length < 2) {
      this.#kind.setAttribute('disabled', '');
    }
    this.#status = select('Status', STATUS_FILTERS.map((status): [string, string] => [status, STATUS_LABELS[status]]), state.status, (value) => this.#filter({ status: value as StatusFilter }));
    this.#phase = select(
      'JSP phase',
      [['all', 'All JSP phases'], ...JSP_PHASES.map((phase): [string, string] => [phase, PHASE_TITLES[phase]])],
      state.phase,
      (value) => this.#filter({ phase: value as ViewState['phase'] }),
    );
    this.#count = h('span', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.grid = new MatrixGrid(
      {
        select: (key) => this.select(key),
        open: (location) => app.open(location),
        sort: (key) => {
          const current = app.viewState(view);
          app.setViewState(view, { sortKey: key, sortDir: current.sortKey === key && current.sortDir === 'asc' ? 'desc' : 'asc' });
          this.refresh();
        },
        scrolled: (scrollTop) => app.setViewState(view, { scrollTop }, { lazy: true }),
      },
      `${VIEW_LABELS[view]} traceability matrix`,
    );
    this.#detail = h('aside', { className: 'detail', attrs: { 'aria-label': 'Selected item and its neighbourhood' } });
    this.element = h(
      'div',
      { className: 'view-section' },
      h(
        'div',
        { className: 'filters', attrs: { role: 'search', 'aria-label': `Filter ${VIEW_LABELS[view].toLowerCase()}` } },
        this.#search,
        h('label', { className: 'filter-label' }, 'Kind', this.#kind),
        h('label', { className: 'filter-label' }, 'Status', this.#status),
        h('label', { className: 'filter-label' }, 'Phase', this.#phase),
        this.#count,
      ),
      h('div', { className: 'matrix-body' }, this.grid.element, this.#detail),
    );
  }

  #filter(patch: Partial<ViewState>): void {
    const started = performance.now();
    this.app.setViewState(this.view, patch);
    this.refresh();
    this.app.recordTiming('filterMs', started);
  }

  /** Sets the filter controls from the state (after a filter came from the host). */
  syncControls(): void {
    const state = this.app.viewState(this.view);
    this.#search.value = state.text;
    this.#kind.value = state.kind;
    this.#status.value = state.status;
    this.#phase.value = state.phase;
  }

  focusSearch(): void {
    this.#search.focus();
  }

  #rows(model: PanelModel): PreparedRow[] {
    const matrix = model.matrices[this.view];
    const state = this.app.viewState(this.view);
    const sorted = this.#sorted;
    if (sorted && sorted.rows === matrix.rows && sorted.key === state.sortKey && sorted.dir === state.sortDir && sorted.rules === model.rules) {
      return sorted.result;
    }
    let result: PreparedRow[];
    // The core sends rows in ID order: the default sort needs no sorting (a grouped view keeps its groups).
    if (state.sortKey === 'id' && MATRIX_VIEW_DEFINITIONS[this.view].groupLabel === undefined) {
      result = matrix.rows.map(prepareRow);
      if (state.sortDir === 'desc') {
        result.reverse();
      }
    } else {
      result = sortRows(matrix.rows.map(prepareRow), state.sortKey, state.sortDir, this.app.filterContext(model));
    }
    this.#sorted = { rows: matrix.rows, key: state.sortKey, dir: state.sortDir, rules: model.rules, result };
    return result;
  }

  /** The row of a key (see `rowKey`: the ID, or in a grouped view the group and ID). */
  row(key: string | undefined): MatrixRow | undefined {
    const model = this.app.model;
    if (!model || key === undefined) {
      return undefined;
    }
    const rows = model.matrices[this.view].rows;
    if (this.#rowsByKey?.rows !== rows) {
      this.#rowsByKey = { rows, map: new Map(rows.map((row) => [rowKey(row), row])) };
    }
    return this.#rowsByKey.map.get(key);
  }

  /** The key of an item's row: the first it has in a grouped view (an item is listed under each of its groups). */
  keyOf(id: string): string {
    const rows = this.app.model?.matrices[this.view].rows ?? [];
    const row = rows.find((candidate) => candidate.id === id && !candidate.placeholder);
    return row ? rowKey(row) : id;
  }

  /** Filters (and sorts when needed) and hands the rows to the grid, which re-renders by key. */
  refresh(): void {
    const model = this.app.model;
    if (!model) {
      return;
    }
    this.dirty = false;
    const state = this.app.viewState(this.view);
    const context = this.app.filterContext(model);
    this.#visible = filterRows(this.#rows(model), state, context);
    const matrix = model.matrices[this.view];
    const newGaps = this.app.newGaps();
    this.grid.setData({
      view: this.view,
      newGaps,
      columns: matrix.columns,
      rows: this.#visible,
      sortKey: state.sortKey,
      sortDir: state.sortDir,
      selected: state.selected,
      severities: context.severities,
      rulesKey: `${model.rules.map((rule) => `${rule.name}=${rule.severity}`).join(',')}|${newGaps ? `${newGaps.ref}:${[...newGaps.items].join(',')}` : ''}`,
    });
    const total = matrix.rows.length;
    this.#count.textContent = this.#visible.length === total ? countOf(total, 'row') : `${this.#visible.length} of ${countOf(total, 'row')}`;
    this.renderDetail();
  }

  renderDetail(): void {
    const model = this.app.model;
    if (!model) {
      return;
    }
    const state = this.app.viewState(this.view);
    const row = this.row(state.selected);
    const context = this.app.filterContext(model);
    const shown = row !== undefined && this.#visible.some((prepared) => prepared.row === row);
    const key = [row, shown, model.kinds, model.rules, model.matrices[this.view].columns];
    if (key.every((part, i) => part === this.#detailKey[i])) {
      return;
    }
    this.#detailKey = key;
    replaceChildren(
      this.#detail,
      renderDetail(
        row,
        {
          view: this.view,
          columns: model.matrices[this.view].columns,
          kinds: model.kinds,
          rules: model.rules,
          severities: context.severities,
          shown,
        },
        (location) => this.app.open(location),
      ),
    );
  }

  /** Selects a row by its key. */
  select(key: string): void {
    if (this.app.viewState(this.view).selected === key) {
      return;
    }
    this.app.setViewState(this.view, { selected: key });
    this.grid.setSelected(key);
    this.renderDetail();
  }

  /** Selects an item's row and scrolls to it (revealing from the editor, or a filter from the host). */
  reveal(id: string): void {
    const key = this.keyOf(id);
    this.app.setViewState(this.view, { selected: key });
    this.grid.setSelected(key);
    this.grid.scrollToRow(key);
    this.renderDetail();
  }
}
