/** What the panel calls its tabs, status filters, rules and gaps, and how an entry reads where room is short. */
import { ruleProblem, ruleTitle } from '../src/core/graph/ruleCatalog';
import { entryLabel, type MatrixEntry } from '../src/core/report/matrixVocabulary';
import type { RuleStatus } from '../src/protocol';
import type { PanelTab, StatusFilter } from './state';

/** The label of each tab (shorter than the core's view titles, which head the exports). */
export const VIEW_LABELS: Readonly<Record<PanelTab, string>> = {
  requirements: 'Requirements',
  threats: 'Threats',
  concept: 'Objectives & misuse',
  vulnerabilities: 'Vulnerabilities',
  components: 'Components',
  categories: 'Categories',
  phases: 'JSP phases',
};

/** The options of the status filter. */
export const STATUS_LABELS: Readonly<Record<StatusFilter, string>> = {
  all: 'All statuses',
  untraced: 'Untraced',
  failing: 'Failing (error findings)',
  covered: 'Covered (traced)',
};

/** True for an entry that states something without a place to open (`patch in 3 days`): it shows as plain text. */
export function isStatement(entry: MatrixEntry): entry is MatrixEntry & { readonly text: string } {
  return entry.text !== undefined && entry.location === undefined;
}

/**
 * How an entry reads in a narrow grid cell or graph node: a code location by file name and line
 * (`envelope.c:42`), the full path being in its tooltip; an item as {@link entryLabel}.
 */
export function shortEntryLabel(entry: MatrixEntry): string {
  if (entry.id === undefined && entry.text === undefined && entry.location) {
    const { path, range } = entry.location;
    return `${path.slice(path.lastIndexOf('/') + 1)}:${range.start.line + 1}`;
  }
  return entryLabel(entry);
}

/** The tooltip of a rule: its title, what it expects, and its code and severity for those who configure it. */
export function ruleTooltip(rule: RuleStatus): string {
  return `${ruleTitle(rule.name)}: ${rule.description} Rule ${rule.name}, ${rule.severity === 'off' ? 'switched off' : rule.severity}.`;
}

/** One gap of an item as the details pane states it: the rule's title and severity, and the problem. */
export interface GapLine {
  readonly rule: string;
  readonly title: string;
  readonly severity: RuleStatus['severity'] | undefined;
  /** The rule's problem sentence for the item: `SR-3 is not verified by any test.` */
  readonly problem: string;
}

/** The gaps of an item, each rule once, in the order the row lists them. */
export function gapLines(id: string, gaps: readonly string[], rules: readonly RuleStatus[]): GapLine[] {
  const severities = new Map(rules.map((rule) => [rule.name, rule.severity]));
  return [...new Set(gaps)].map((rule) => ({ rule, title: ruleTitle(rule), severity: severities.get(rule), problem: ruleProblem(rule, id) }));
}
