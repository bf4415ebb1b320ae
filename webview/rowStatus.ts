/**
 * What a row's status is and where its gaps show: failing, untraced or covered; which empty cells are
 * "missing" and how serious that is; the JSP phases a row touches. Pure, tested in plain Node
 * (test/unit/matrixView.test.ts), from the core's matrix vocabulary.
 */
import type { ItemKind } from '../src/core/model';
import {
  GAP_COLUMNS,
  MATRIX_VIEW_DEFINITIONS,
  PHASE_OF_KIND,
  columnDefinition,
  type JspPhase,
  type MatrixColumn,
  type MatrixRow,
  type MatrixView,
} from '../src/core/report/matrixVocabulary';
import type { RuleStatus } from '../src/protocol';

/** Severity of each rule by name, from the model's rule list. */
export function severityMap(rules: readonly RuleStatus[]): ReadonlyMap<string, RuleStatus['severity']> {
  return new Map(rules.map((rule) => [rule.name, rule.severity]));
}

/**
 * How serious an empty column is: the severity of the rule that reports it (`warning` for views no rule
 * covers, such as objectives without a derived requirement).
 */
export function missingSeverity(columnKey: string, severities: ReadonlyMap<string, string>): string {
  const rule = columnDefinition(columnKey)?.gapRule;
  return (rule && severities.get(rule)) || 'warning';
}

/** The columns of a row that are empty although its trace needs them (shown as "missing"). */
export function missingColumns(row: MatrixRow, view: MatrixView, columns: readonly MatrixColumn[]): Set<string> {
  const keys = new Set(columns.map((column) => column.key));
  const missing = new Set<string>();
  for (const gap of row.gaps) {
    const key = GAP_COLUMNS.get(gap);
    if (key !== undefined && keys.has(key) && (row.cells[key]?.length ?? 0) === 0) {
      missing.add(key);
    }
  }
  const traceColumn = MATRIX_VIEW_DEFINITIONS[view].traceColumn;
  if (row.status === 'untraced' && traceColumn !== undefined && (row.cells[traceColumn]?.length ?? 0) === 0) {
    missing.add(traceColumn);
  }
  return missing;
}

/** The gaps of a row that no column shows (e.g. `duplicate-id`): the status cell lists them. */
export function otherGaps(row: MatrixRow): string[] {
  return [...new Set(row.gaps.filter((gap) => !GAP_COLUMNS.has(gap)))];
}

/** True when a finding of severity `error` is about the row's item. */
export function isFailing(row: MatrixRow, severities: ReadonlyMap<string, string>): boolean {
  return row.gaps.some((gap) => severities.get(gap) === 'error');
}

/** The status of a row as one word, for the status cell, sorting and the filter. */
export function rowStatus(row: MatrixRow, severities: ReadonlyMap<string, string>): 'failing' | 'untraced' | 'covered' {
  if (isFailing(row, severities)) {
    return 'failing';
  }
  return row.status === 'traced' ? 'covered' : 'untraced';
}

/**
 * The JSP phases a row touches: its own item's phase (`PHASE_OF_KIND`), the phases of the items it links
 * to, and for code locations the phase of their column — a test (`verifiedBy`) is Verification &
 * Validation, other code (an implementation) is Design & Development. So in the requirements view the
 * "Concept" filter keeps the requirements traced to an objective or misuse case, and "Verification &
 * Validation" those with test evidence.
 */
export function rowPhases(row: MatrixRow, kinds: Readonly<Record<string, ItemKind>>): Set<JspPhase> {
  const phases = new Set<JspPhase>([PHASE_OF_KIND[row.kind]]);
  for (const [key, entries] of Object.entries(row.cells)) {
    for (const entry of entries) {
      if (entry.id !== undefined) {
        const kind = kinds[entry.id];
        if (kind) {
          phases.add(PHASE_OF_KIND[kind]);
        }
      } else if (entry.location) {
        phases.add(key === 'verifiedBy' ? 'verification' : 'design');
      }
    }
  }
  return phases;
}
