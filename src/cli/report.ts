import { ITEM_KINDS, countOf, type Finding, type ItemKind, type TraceSummary } from '../core';

/** The finding as `--format json` prints it: one-based line and column, path relative to the folder. */
export interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly item: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The object `jsp-trace check --format json` prints; `version` changes only with an incompatible change. */
export interface JsonReport {
  readonly version: 1;
  readonly summary: TraceSummary;
  readonly findings: readonly JsonFinding[];
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

export function jsonReport(summary: TraceSummary, findings: readonly Finding[]): JsonReport {
  return { version: 1, summary, findings: findings.map(toJsonFinding) };
}

const KIND_LABELS: Record<ItemKind, [one: string, many: string]> = {
  objective: ['objective', 'objectives'],
  misuse: ['misuse case', 'misuse cases'],
  threat: ['threat', 'threats'],
  requirement: ['requirement', 'requirements'],
  control: ['control', 'controls'],
  test: ['test case', 'test cases'],
  vulnerability: ['vulnerability', 'vulnerabilities'],
  risk: ['risk acceptance', 'risk acceptances'],
};

function ratio(part: number, whole: number): string {
  return whole === 0 ? `${part}/0` : `${part}/${whole} (${Math.round((part / whole) * 100)}%)`;
}

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

/** The human-readable report: the summary, then one line per finding (`path:line:col  severity  rule  message`). */
export function textReport(title: string, summary: TraceSummary, findings: readonly Finding[], styles: Styles): string {
  const { requirements, threats } = summary;
  const lines = [
    styles.bold(`JSP Trace: ${title}`),
    `${countOf(summary.files, 'file')} indexed`,
    '',
    `${styles.bold('Items')}      ${ITEM_KINDS.map((kind) => countOf(summary.items[kind], ...KIND_LABELS[kind])).join(' · ')}`,
    `${styles.bold('Coverage')}   requirements derived ${ratio(requirements.derived, requirements.total)} · implemented ${ratio(requirements.implemented, requirements.total)} · verified ${ratio(requirements.verified, requirements.total)}`,
    `           threats mitigated ${ratio(threats.mitigated, threats.total)} · risk accepted ${ratio(threats.accepted, threats.total)}`,
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
  if (findings.length > 0) {
    lines.push('');
    const json = findings.map(toJsonFinding);
    const where = json.map((f) => `${f.file}:${f.line}:${f.column}`);
    const whereWidth = Math.max(...where.map((w) => w.length));
    const ruleWidth = Math.max(...json.map((f) => f.rule.length));
    json.forEach((finding, i) => {
      const severity = styles.severity(finding.severity, finding.severity.padEnd(7));
      lines.push(`${where[i]!.padEnd(whereWidth)}  ${severity}  ${styles.dim(finding.rule.padEnd(ruleWidth))}  ${finding.message}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
