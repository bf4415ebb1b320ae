import { ITEM_KINDS, JSP_KINDS, componentLine, countOf, coverageFigures, ratioText, threatSplitText, vulnerabilityLine, type Finding, type ItemKind, type TraceSummary } from '../core';

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
  /** False when no link line or annotation names an ID: the IDs found may belong to another scheme. */
  readonly jspEvidence: boolean;
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

export function jsonReport(summary: TraceSummary, findings: readonly Finding[], jspEvidence: boolean): JsonReport {
  return { version: 1, jspEvidence, summary, findings: findings.map(toJsonFinding) };
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

/** The human-readable report: the summary, then one line per finding (`path:line:col  severity  rule  message`). */
export function textReport(title: string, summary: TraceSummary, findings: readonly Finding[], styles: Styles, jspEvidence: boolean): string {
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
