/**
 * The parts of the panel around the grid: the coverage summary, the JSP phase view and the detail of the
 * selected item with its neighbourhood graph. Each function builds DOM from the model with `h` (text only).
 */
import { KIND_NAMES, type ItemKind, type Location } from '../src/core/model';
import { MATRIX_VIEW_DEFINITIONS, entryLabel, locationLabel, type MatrixColumn, type MatrixRow, type MatrixView } from '../src/core/report/matrixVocabulary';
import type { PhaseStatus } from '../src/core/report/phases';
import type { TraceSummary } from '../src/core/report/summary';
import { percentOf } from '../src/core/report/coverageWording';
import { ruleTitle } from '../src/core/graph/ruleCatalog';
import { countOf } from '../src/core/util/text';
import type { PanelComparison, RuleStatus } from '../src/protocol';
import type { CoverageFigure } from './coverage';
import { h } from './dom';
import { renderGraph } from './graph';
import { gapLines, isStatement, ruleTooltip } from './labels';
import { layoutNeighbourhood } from './layout';
import { neighbourhood } from './neighbourhood';
import { isFailing, missingColumns, missingSeverity } from './rowStatus';

type Open = (location: Location) => void;

/** A bar of `percent` (0–100); the width is set through the CSSOM, which the CSP allows. */
function bar(percent: number | undefined, label: string): HTMLElement {
  const fill = h('div', { className: 'bar-fill' });
  fill.style.width = `${percent ?? 0}%`;
  const level = percent === undefined ? 'unknown' : percent >= 100 ? 'complete' : percent >= 50 ? 'partial' : 'low';
  return h('div', { className: `bar ${level}`, attrs: { role: 'img', 'aria-label': label } }, fill);
}

/**
 * The coverage figures (counts, percentages, bars) and the findings per rule, in a disclosure whose
 * one-line heading is the summary when it is collapsed.
 */
export function renderSummary(
  figures: readonly CoverageFigure[],
  summary: TraceSummary,
  rules: readonly RuleStatus[],
  open: boolean,
  onToggle: (open: boolean) => void,
  comparison?: PanelComparison,
): HTMLElement {
  const { findings } = summary;
  const line = figures
    .filter((figure) => figure.done !== undefined && figure.key !== 'derived')
    .map((figure) => `${figure.label.toLowerCase()} ${figure.done}/${figure.total}`)
    .join(' · ');
  const details = h(
    'details',
    { className: 'summary', attrs: { open } },
    h(
      'summary',
      { attrs: { 'aria-label': 'Coverage summary' } },
      h('span', { className: 'summary-title' }, 'Coverage'),
      h('span', { className: 'summary-line' }, `${line} · ${countOf(findings.error, 'error')}, ${countOf(findings.warning, 'warning')}${comparison ? ` · ${comparison.added} new, ${comparison.fixed} fixed vs ${comparison.ref}` : ''}`),
    ),
    h(
      'div',
      { className: 'figures' },
      ...figures.map((figure) => {
        const value = figure.done === undefined ? '–' : `${figure.done}/${figure.total}`;
        const percent = figure.percent === undefined ? '' : `${figure.percent}%`;
        const spoken = figure.done === undefined ? `${figure.label}: ${figure.note}` : `${figure.label}: ${figure.done} of ${figure.total}${percent ? `, ${percent}` : ''}`;
        return h(
          'div',
          { className: `figure figure-${figure.key}`, attrs: { role: 'group', 'aria-label': spoken, 'data-figure': figure.key } },
          h(
            'div',
            { className: 'figure-head' },
            h('span', { className: 'figure-label', attrs: { title: figure.label } }, figure.shortLabel),
            h('span', { className: 'figure-value' }, value),
            h('span', { className: 'figure-percent' }, percent),
          ),
          bar(figure.percent, spoken),
          h('div', { className: 'figure-note' }, figure.note),
          comparison ? figureChange(comparison, figure.key) : undefined,
        );
      }),
    ),
    h(
      'div',
      { className: 'findings', attrs: { role: 'group', 'aria-label': 'Findings per rule' } },
      h(
        'span',
        { className: 'findings-total' },
        `${countOf(findings.error, 'error')} · ${countOf(findings.warning, 'warning')}${findings.info ? ` · ${findings.info} info` : ''}`,
      ),
      ...rules.map((rule) => {
        const count = summary.byRule[rule.name] ?? 0;
        return h(
          'span',
          {
            className: `rule-chip ${rule.severity}${count === 0 ? ' clean' : ''}`,
            attrs: { title: ruleTooltip(rule), 'data-rule': rule.name },
          },
          h('span', { className: 'rule-name' }, ruleTitle(rule.name)),
          h('vscode-badge', { attrs: { variant: 'counter', 'aria-label': countOf(count, 'finding') } }, rule.severity === 'off' ? 'off' : String(count)),
        );
      }),
    ),
  );
  details.addEventListener('toggle', () => onToggle((details as HTMLDetailsElement).open));
  return details;
}

/** Where a measure stood at the compared branch, and which way it moved: `▲ 12/14 at main`. */
function figureChange(comparison: PanelComparison, measure: string): HTMLElement | undefined {
  const move = comparison.coverage.find((candidate) => candidate.measure === measure);
  if (!move) {
    return undefined;
  }
  const text = `${move.trend ? `${move.trend} ` : ''}${move.before ?? 'not measured'} at ${comparison.ref}`;
  return h('div', { className: `figure-change${move.trend === '▲' ? ' up' : move.trend === '▼' ? ' down' : ''}`, attrs: { title: move.text } }, text);
}

/** The JSP phase view: each phase's outputs, whether they are present and how complete. */
export function renderPhases(phases: readonly PhaseStatus[], open: Open): HTMLElement {
  return h(
    'div',
    { className: 'phases' },
    ...phases.map((phase) =>
      h(
        'section',
        { className: `phase phase-${phase.phase}`, attrs: { 'aria-label': phase.title } },
        h('h2', {}, phase.title),
        h(
          'ul',
          { className: 'outputs' },
          ...phase.outputs.map((output) => {
            const present = output.count > 0;
            const completeness = output.completeness;
            const percent = completeness && percentOf(completeness.done, completeness.total);
            return h(
              'li',
              { className: `output ${present ? 'present' : 'absent'}` },
              h(
                'div',
                { className: 'output-head' },
                h('span', { className: 'output-mark', attrs: { 'aria-hidden': 'true' } }, present ? '✓' : '✗'),
                h('span', { className: 'output-name' }, output.name),
                h('span', { className: 'output-count' }, present ? `${output.count} found` : 'none found'),
              ),
              completeness && completeness.total > 0
                ? h(
                    'div',
                    { className: 'output-completeness' },
                    bar(percent, `${output.name}: ${completeness.done} of ${completeness.total} ${completeness.meaning}`),
                    h('span', {}, `${completeness.done}/${completeness.total} ${completeness.meaning}${percent === undefined ? '' : ` (${percent}%)`}`),
                  )
                : undefined,
              output.files && output.files.length > 0
                ? h(
                    'ul',
                    { className: 'output-files' },
                    ...output.files.map((path) =>
                      h(
                        'li',
                        {},
                        h(
                          'button',
                          {
                            className: 'link code',
                            attrs: { type: 'button', title: `Open ${path}` },
                            on: { click: () => open({ path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }) },
                          },
                          path,
                        ),
                      ),
                    ),
                  )
                : undefined,
            );
          }),
        ),
      ),
    ),
  );
}

export interface DetailContext {
  readonly view: MatrixView;
  readonly columns: readonly MatrixColumn[];
  readonly kinds: Readonly<Record<string, ItemKind>>;
  readonly rules: readonly RuleStatus[];
  readonly severities: ReadonlyMap<string, string>;
  /** False when the filters hide the row in the grid. */
  readonly shown: boolean;
}

function link(text: string, location: Location | undefined, open: Open, className = 'link'): HTMLElement {
  return location
    ? h('button', { className, attrs: { type: 'button', title: `Open ${text}` }, on: { click: () => open(location) } }, text)
    : h('span', { className: `${className} undefined-id` }, text);
}

/** The gaps of a row, each with the problem it states and its rule's title and severity. */
function gapList(row: MatrixRow, rules: readonly RuleStatus[]): HTMLElement | undefined {
  if (row.gaps.length === 0) {
    return undefined;
  }
  return h(
    'ul',
    { className: 'gaps', attrs: { 'aria-label': 'Gaps' } },
    ...gapLines(row.id, row.gaps, rules).map((gap) =>
      h(
        'li',
        { className: `gap ${gap.severity ?? ''}`, attrs: { 'data-rule': gap.rule } },
        h('span', { className: 'gap-problem' }, gap.problem),
        ' ',
        h('span', { className: 'rule-name', attrs: { title: `Rule ${gap.rule}` } }, `${gap.title}${gap.severity ? ` (${gap.severity})` : ''}`),
      ),
    ),
  );
}

/** The placeholder of an empty group (a category without a requirement or control): what is missing, or why nothing is needed. */
function renderPlaceholder(row: MatrixRow, context: DetailContext, open: Open): HTMLElement {
  const failing = isFailing(row, context.severities);
  const place = row.gaps.length > 0 ? 'Reported at ' : row.status === 'traced' ? 'Justified in ' : undefined;
  return h(
    'div',
    { className: 'detail-content' },
    h(
      'div',
      { className: 'detail-head' },
      h('span', { className: 'item-id' }, row.id),
      h('span', { className: 'kind' }, MATRIX_VIEW_DEFINITIONS[context.view].groupLabel ?? ''),
      h('span', { className: `pill ${row.status}${failing ? ' failing' : ''}` }, row.status),
    ),
    h('h3', { className: 'detail-title' }, row.title),
    place ? h('p', { className: 'detail-meta' }, place, link(locationLabel(row.location), row.location, open, 'link code')) : undefined,
    context.shown ? undefined : h('p', { className: 'detail-hidden' }, 'The current filters hide this row in the matrix.'),
    gapList(row, context.rules),
  );
}

/** The selected item: what it is, its gaps, its neighbourhood graph and every entry of its cells. */
export function renderDetail(row: MatrixRow | undefined, context: DetailContext, open: Open): HTMLElement {
  if (!row) {
    return h('div', { className: 'detail-empty' }, 'Select a row to see its neighbourhood: what it derives from, what it mitigates, and what implements and verifies it.');
  }
  if (row.placeholder) {
    return renderPlaceholder(row, context, open);
  }
  const failing = isFailing(row, context.severities);
  const missing = missingColumns(row, context.view, context.columns);
  const graph = layoutNeighbourhood(neighbourhood(row, context.columns, context.kinds));
  const location = locationLabel(row.location);
  return h(
    'div',
    { className: 'detail-content' },
    h(
      'div',
      { className: 'detail-head' },
      link(row.id, row.location, open, 'link item-id'),
      h('span', { className: 'kind' }, KIND_NAMES[row.kind]),
      h('span', { className: `pill ${row.status}${failing ? ' failing' : ''}` }, row.status),
    ),
    h('h3', { className: 'detail-title' }, row.title),
    h(
      'p',
      { className: 'detail-meta' },
      row.category ? h('span', { className: 'category' }, `${row.category} · `) : undefined,
      'Defined in ',
      link(location, row.location, open, 'link code'),
    ),
    context.shown ? undefined : h('p', { className: 'detail-hidden' }, 'The current filters hide this row in the matrix.'),
    gapList(row, context.rules),
    h('figure', { className: 'graph' }, renderGraph(graph, `Neighbourhood of ${row.id}`, open), h('figcaption', { className: 'visually-hidden' }, `Neighbourhood of ${row.id}`)),
    h(
      'dl',
      { className: 'relations' },
      ...context.columns.flatMap((column) => {
        const entries = row.cells[column.key] ?? [];
        return [
          h('dt', {}, column.label),
          h(
            'dd',
            {},
            entries.length === 0
              ? missing.has(column.key)
                ? h('span', { className: `missing ${missingSeverity(column.key, context.severities)}` }, 'missing')
                : h('span', { className: 'none' }, 'none')
              : h(
                  'ul',
                  {},
                  ...entries.map((entry) =>
                    h('li', {}, isStatement(entry) ? entry.text : link(entryLabel(entry), entry.location, open, entry.id === undefined ? 'link code' : 'link')),
                  ),
                ),
          ),
        ];
      }),
    ),
  );
}
