import {
  ITEM_KINDS,
  JSP_KINDS,
  componentLine,
  countOf,
  coverageChangeText,
  coverageFigures,
  minimumShortfallText,
  ratioText,
  threatSplitText,
  vulnerabilityLine,
  type Finding,
  type ItemKind,
  type MinimumCheck,
  type TraceSummary,
} from '../core';
import type { SinceReport } from './since';

/** The finding as `--format json` prints it: one-based line and column, path relative to the folder. */
export interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly item: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** With `--since`: whether the change brought it (matched by rule and item). */
  readonly new?: boolean;
}

/** The object `jsp-trace check --format json` prints; `version` changes only with an incompatible change. */
export interface JsonReport {
  readonly version: 1;
  /** False when no link line or annotation names an ID: the IDs found may belong to another scheme. */
  readonly jspEvidence: boolean;
  readonly summary: TraceSummary;
  readonly findings: readonly JsonFinding[];
  /** With `--since`: the base and what moved; `findings` then marks the new ones. */
  readonly since?: JsonSince;
  /** The minimum coverage asked for (`--min-coverage`, `minCoverage`), each with whether it was met. */
  readonly minimums?: readonly { readonly measure: string; readonly minimum: number; readonly done: number; readonly total: number; readonly met: boolean }[];
}

export interface JsonSince {
  readonly ref: string;
  readonly commit: string;
  readonly findings: { readonly new: number; readonly unchanged: number; readonly fixed: number };
  /** Each measure before (null when the base did not measure it) and after. */
  readonly coverage: readonly { readonly measure: string; readonly before: { readonly done: number; readonly total: number } | null; readonly after: { readonly done: number; readonly total: number } }[];
}

export function toJsonFinding(finding: Finding): JsonFinding {
  return {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    item: finding.item,
    file: finding.location.path,
    line: finding.location.range.start.line + 1,
    column: finding.location.range.start.character + 1,
  };
}

export function jsonReport(summary: TraceSummary, findings: readonly Finding[], jspEvidence: boolean, change?: SinceReport, checks: readonly MinimumCheck[] = []): JsonReport {
  const minimums = checks.map(({ minimum, figure, met }) => ({ measure: figure.measure, minimum, done: figure.done, total: figure.total, met }));
  const report = { version: 1 as const, jspEvidence, summary, ...(minimums.length > 0 ? { minimums } : {}) };
  if (!change) {
    return { ...report, findings: findings.map(toJsonFinding) };
  }
  const added = new Set(change.changes.added);
  const figure = (of: { done: number; total: number }) => ({ done: of.done, total: of.total });
  const since: JsonSince = {
    ref: change.ref,
    commit: change.commit,
    findings: { new: change.changes.added.length, unchanged: change.changes.unchanged.length, fixed: change.changes.fixed.length },
    coverage: change.coverage.map(({ before, after }) => ({ measure: after.measure, before: before ? figure(before) : null, after: figure(after) })),
  };
  return { ...report, findings: findings.map((finding) => ({ ...toJsonFinding(finding), new: added.has(finding) })), since };
}

/** Printed under the file count when the folder holds no JSP evidence (the core's `hasJspEvidence`). */
const NO_EVIDENCE =
  'No JSP evidence here: no link line (such as "Mitigates: TM-1") and no annotation (such as "@implements SR-1") names an ID, ' +
  'so the IDs below may belong to another scheme (NIST SP 800-53 controls also use SC-, RA- and SR-). ' +
  'Add links, or a jsp-trace.jsonc with your own ID patterns.';

const KIND_LABELS: Record<ItemKind, [one: string, many: string]> = {
  objective: ['objective', 'objectives'],
  misuse: ['misuse case', 'misuse cases'],
  threat: ['threat', 'threats'],
  requirement: ['requirement', 'requirements'],
  control: ['control', 'controls'],
  test: ['test case', 'test cases'],
  vulnerability: ['vulnerability', 'vulnerabilities'],
  risk: ['risk acceptance', 'risk acceptances'],
  component: ['SBOM component', 'SBOM components'],
  specification: ['specification item', 'specification items'],
};

/** Styles for the terminal; identity functions when colour is off. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: string, text: string): string;
}

export const plainStyles: Styles = { bold: (t) => t, dim: (t) => t, severity: (_s, t) => t };

export const ansiStyles: Styles = {
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  severity: (severity, t) => `\x1b[${severity === 'error' ? 31 : severity === 'warning' ? 33 : 36}m${t}\x1b[39m`,
};

/** The JSP Maintenance (postmarket) figures, under the coverage: SBOM components, then vulnerabilities. */
function postmarketLines({ components, vulnerabilities }: TraceSummary, styles: Styles): string[] {
  const lines = [...(components.total > 0 ? [componentLine(components)] : []), ...(vulnerabilities.total > 0 ? [vulnerabilityLine(vulnerabilities)] : [])];
  return lines.map((line, i) => `${i === 0 ? styles.bold('Postmarket') : '          '} ${line}`);
}

/**
 * The human-readable report: the summary, then one line per finding (`path:line:col  severity  rule  message`).
 * With `--since`, what moved since the base, and only the new findings.
 */
export function textReport(
  title: string,
  summary: TraceSummary,
  all: readonly Finding[],
  styles: Styles,
  jspEvidence: boolean,
  change?: SinceReport,
  minimums: readonly MinimumCheck[] = [],
): string {
  const findings = change ? change.changes.added : all;
  const figures = coverageFigures(summary);
  const requirementFigures = figures.filter((figure) => figure.subject === 'requirements');
  const threatFigure = figures.find((figure) => figure.subject === 'threats')!;
  const lines = [
    styles.bold(`JSP Trace: ${title}`),
    `${countOf(summary.files, 'file')} indexed`,
    ...(jspEvidence ? [] : [styles.severity('warning', NO_EVIDENCE)]),
    '',
    // OpenFastTrace's items only where there are some: a JSP project need not read "0 specification items".
    `${styles.bold('Items')}      ${(summary.items.specification > 0 ? ITEM_KINDS : JSP_KINDS).map((kind) => countOf(summary.items[kind], ...KIND_LABELS[kind])).join(' · ')}`,
    `${styles.bold('Coverage')}   requirements ${requirementFigures.map((figure) => `${figure.state} ${ratioText(figure.done, figure.total)}`).join(' · ')}`,
    `           threats ${threatFigure.state} ${ratioText(threatFigure.done, threatFigure.total)} · ${threatSplitText(summary)}`,
    ...postmarketLines(summary, styles),
    `${styles.bold('Findings')}   ${[
      styles.severity('error', countOf(summary.findings.error, 'error')),
      styles.severity('warning', countOf(summary.findings.warning, 'warning')),
      styles.severity('info', `${summary.findings.info} info`),
    ].join(' · ')}`,
  ];
  const byRule = Object.entries(summary.byRule).filter(([, count]) => count > 0);
  if (byRule.length > 0) {
    lines.push(`           ${byRule.map(([rule, count]) => `${rule} ${count}`).join(' · ')}`);
  }
  const shortfalls = minimums.filter((check) => !check.met);
  if (shortfalls.length > 0) {
    lines.push(...shortfalls.map((check, i) => `${i === 0 ? styles.bold('Minimums') : '        '}   ${styles.severity('error', minimumShortfallText(check))}`));
  }
  if (change) {
    const { added, unchanged, fixed } = change.changes;
    lines.push(
      `${styles.bold('Since')}      ${change.ref} (${change.commit.slice(0, 12)}): ${countOf(added.length, 'new finding')} · ${unchanged.length} unchanged, not listed · ${fixed.length} fixed`,
      ...change.coverage.map((moved) => `           ${coverageChangeText(moved)}`),
    );
  }
  if (findings.length > 0) {
    lines.push('');
    const json = findings.map(toJsonFinding);
    const where = json.map((f) => `${f.file}:${f.line}:${f.column}`);
    // A loop, not Math.max(...widths): spreading over 125,000 arguments overflows the stack.
    const whereWidth = where.reduce((width, w) => Math.max(width, w.length), 0);
    const ruleWidth = json.reduce((width, f) => Math.max(width, f.rule.length), 0);
    json.forEach((finding, i) => {
      const severity = styles.severity(finding.severity, finding.severity.padEnd(7));
      lines.push(`${where[i]!.padEnd(whereWidth)}  ${severity}  ${styles.dim(finding.rule.padEnd(ruleWidth))}  ${finding.message}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
