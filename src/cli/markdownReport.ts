import { RULES, coverageFigures, coverageTrend, countOf, ratioText, ruleTitle, type CoverageFigure, type Finding, type MinimumCheck, type TraceSummary } from '../core';
import { minimumShortfallText } from '../core';
import type { SinceReport } from './since';

/** How many findings a summary lists in full: a CI job summary must stay short. */
const LISTED_AT_MOST = 50;
const PER_RULE_AT_MOST = 20;

/** What a Markdown summary needs besides the findings: the title, and where the folder is in the repository, for links. */
export interface MarkdownReportContext {
  readonly title: string;
  /** The folder's path from the repository root (`examples/pump/`, or `''`): links point at `prefix + path`. */
  readonly pathPrefix: string;
}

/**
 * A pull-request summary in GitHub-flavoured Markdown: the coverage (with the base's figures under
 * `--since`), the findings to look at grouped by rule with `path:line` links, the unchanged ones collapsed.
 * Every text from the workspace is escaped, so a title cannot add markup, links or table cells.
 */
export function markdownReport(context: MarkdownReportContext, summary: TraceSummary, findings: readonly Finding[], change?: SinceReport, minimums: readonly MinimumCheck[] = []): string {
  const listed = change ? change.changes.added : findings;
  const lines = [`### JSP Trace: ${markdownText(context.title)}`, '', ...coverageTable(summary, change), ''];
  for (const check of minimums.filter((minimum) => !minimum.met)) {
    lines.push(`> **Below the minimum:** ${markdownText(minimumShortfallText(check))}`, '');
  }
  lines.push(change ? changeLine(change) : findingsLine(summary), '');
  lines.push(...findingsByRule(listed, context));
  if (change && change.changes.unchanged.length > 0) {
    const unchanged = change.changes.unchanged;
    lines.push(`<details><summary>${countOf(unchanged.length, 'unchanged finding')}</summary>`, '');
    lines.push(...unchanged.slice(0, LISTED_AT_MOST).map((finding) => `- ${findingLine(finding, context)}`));
    lines.push(...leftOut(unchanged.length - LISTED_AT_MOST), '', '</details>', '');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function coverageTable(summary: TraceSummary, change: SinceReport | undefined): string[] {
  const figure = (of: CoverageFigure | undefined) => (of ? ratioText(of.done, of.total) : '–');
  if (!change) {
    return ['| Measure | Coverage |', '| --- | ---: |', ...coverageFigures(summary).map((now) => `| ${now.label} | ${figure(now)} |`)];
  }
  return [
    `| Coverage | ${markdownText(change.ref)} | this change |`,
    '| --- | ---: | ---: |',
    ...change.coverage.map((move) => `| ${move.after.label} | ${figure(move.before)} | ${figure(move.after)}${coverageTrend(move) && ` ${coverageTrend(move)}`} |`),
  ];
}

function changeLine({ changes }: SinceReport): string {
  const { added, unchanged, fixed } = changes;
  return `**${countOf(added.length, 'new finding')}**${added.length > 0 ? ` (${severityCounts(added)})` : ''} · ${unchanged.length} unchanged · ${fixed.length} fixed`;
}

function findingsLine(summary: TraceSummary): string {
  const { error, warning, info, total } = summary.findings;
  return `**${countOf(total, 'finding')}**${total > 0 ? `: ${countOf(error, 'error')} · ${countOf(warning, 'warning')} · ${info} info` : ''}`;
}

function severityCounts(findings: readonly Finding[]): string {
  const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
  return [countOf(count('error'), 'error'), countOf(count('warning'), 'warning'), `${count('info')} info`].filter((part) => !part.startsWith('0')).join(', ');
}

/** One section per rule, in the catalog's order, each listing at most a few; the total is capped too. */
function findingsByRule(findings: readonly Finding[], context: MarkdownReportContext): string[] {
  const order = new Map(RULES.map((rule, index) => [rule.name as string, index]));
  const rules = [...new Set(findings.map((finding) => finding.rule))].sort((a, b) => (order.get(a) ?? order.size) - (order.get(b) ?? order.size));
  const lines: string[] = [];
  let budget = LISTED_AT_MOST;
  for (const rule of rules) {
    const ofRule = findings.filter((finding) => finding.rule === rule);
    const shown = ofRule.slice(0, Math.max(0, Math.min(PER_RULE_AT_MOST, budget)));
    budget -= shown.length;
    lines.push(`#### ${markdownText(ruleTitle(rule))} (\`${rule}\`) · ${ofRule.length}`, '', ...shown.map((finding) => `- ${findingLine(finding, context)}`), ...leftOut(ofRule.length - shown.length), '');
  }
  return lines;
}

function leftOut(count: number): string[] {
  return count > 0 ? [`- … and ${countOf(count, 'more finding')}: run \`jsp-trace check\` for all of them.`] : [];
}

/** `[docs/reqs.md:12](docs/reqs.md#L12) message`, the path as it is in the repository. */
function findingLine(finding: Finding, { pathPrefix }: MarkdownReportContext): string {
  const { path, range } = finding.location;
  const line = range.start.line + 1;
  const target = linkTarget(`${pathPrefix}${path}`);
  return `[${markdownText(`${path}:${line}`)}](${target}#L${line}) ${markdownText(finding.message)}`;
}

/** A word joiner: invisible, and no character a mention, an autolink or a scheme continues across. */
const JOINER = '\u2060';

/**
 * Text as Markdown shows it literally: HTML's special characters as entities, Markdown's punctuation
 * backslash-escaped (so no emphasis, link, image, code span, math or table cell can start), line breaks as
 * spaces, and a word joiner after `@`, in `://` and after `www` — backslashes do not stop GitHub's mentions
 * and autolinks, which would notify a user named like an annotation (`@verifies`) or link a title's URL.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~$]/g, '\\$&')
    .replace(/@/g, `@${JOINER}`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}${JOINER}.`);
}

/** A path as a link target: each segment percent-encoded, including the characters that end or decorate a link. */
function linkTarget(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()*!']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
