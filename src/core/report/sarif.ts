/**
 * SARIF 2.1.0, the format code-scanning views read (GitHub, GitLab, Azure DevOps, the SARIF viewer
 * extension): one reporting descriptor per rule, one result per finding, located relative to the
 * repository root so that the views can open the file, and fingerprinted by rule and item so that they
 * follow a finding when lines move.
 */
import type { Finding, Severity } from '../model';
import { RULES } from '../graph/ruleCatalog';
import { contentHash } from '../extract/extractionCache';

/** Where the checked folder is: its path from the repository root (`examples/pump/`, or `''`), and the root's URI when known. */
export interface SarifOptions {
  readonly toolVersion: string;
  readonly pathPrefix: string;
  readonly rootUri?: string;
  /**
   * The findings to report (`--since`: the new ones), when not all. The fingerprints are still those of all
   * findings, so that a new finding never takes the fingerprint an older one has in a full run.
   */
  readonly only?: ReadonlySet<Finding>;
}

/** A path from the repository root as a relative URI: each segment encoded, so `#`, `?` or `:` in a name stay part of it. */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const LEVELS: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** The base every artifact URI is relative to: the checkout of the repository. */
const SRCROOT = '%SRCROOT%';

/** A SARIF log with one run, as a plain object ready for `JSON.stringify`. */
export function sarifLog(findings: readonly Finding[], options: SarifOptions): Record<string, unknown> {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.name as string, index]));
  const artifactLocation = (path: string) => ({ uri: relativeUri(`${options.pathPrefix}${path}`), uriBaseId: SRCROOT });
  const region = ({ start, end }: Finding['location']['range']) => ({
    startLine: start.line + 1,
    startColumn: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  });
  const fingerprints = findingFingerprints(findings);
  const reported = findings.flatMap((finding, i) => (options.only && !options.only.has(finding) ? [] : [{ finding, fingerprint: fingerprints[i]! }]));
  const results = reported.map(({ finding, fingerprint }) => ({
    ruleId: finding.rule,
    ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.location.path), region: region(finding.location.range) } }],
    ...(finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((related, id) => ({
            id,
            message: { text: related.message },
            physicalLocation: { artifactLocation: artifactLocation(related.location.path), region: region(related.location.range) },
          })),
        }
      : {}),
    partialFingerprints: { 'jspTraceRuleItem/v1': fingerprint },
    properties: { item: finding.item },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'JSP Trace', semanticVersion: options.toolVersion, version: options.toolVersion, rules: RULES.map(reportingDescriptor) } },
        ...(options.rootUri ? { originalUriBaseIds: { [SRCROOT]: { uri: options.rootUri } } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/**
 * A fingerprint per finding that survives line moves: its rule, its item and its file. A rule reports an item
 * once per place it is named, so the nth such finding of a file (in the findings' order) tells them apart.
 */
export function findingFingerprints(findings: readonly Finding[]): string[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const key = `${finding.rule}\u0000${finding.item}\u0000${finding.location.path}`;
    const nth = occurrences.get(key) ?? 0;
    occurrences.set(key, nth + 1);
    return contentHash(`${key}\u0000${nth}`);
  });
}

/**
 * GitLab's code quality report (a JSON array) of the findings, for merge request widgets: `major` for an
 * error, `minor` for a warning, `info`; paths from the repository root.
 */
export function codeQualityReport(findings: readonly Finding[], pathPrefix: string, only?: ReadonlySet<Finding>): Record<string, unknown>[] {
  const severities: Readonly<Record<Severity, string>> = { error: 'major', warning: 'minor', info: 'info' };
  const fingerprints = findingFingerprints(findings);
  return findings.flatMap((finding, i) => {
    if (only && !only.has(finding)) {
      return [];
    }
    const { path, range } = finding.location;
    return [
      {
        description: finding.message,
        check_name: finding.rule,
        fingerprint: fingerprints[i],
        severity: severities[finding.severity],
        location: { path: `${pathPrefix}${path}`, lines: { begin: range.start.line + 1 } },
      },
    ];
  });
}

/** A rule as SARIF describes it: its code, a name, its title, what it checks, help and its default level. */
function reportingDescriptor(rule: (typeof RULES)[number]): Record<string, unknown> {
  const example = rule.problem(exampleItem(rule.name));
  return {
    id: rule.name,
    name: rule.title.replace(/(?:^|\s)(\w)/g, (_match, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description} A finding reads, for example: "${example}" JSP Trace's docs/rules.md explains the rule under "${rule.title}".`,
    },
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
    properties: { tags: ['security', 'traceability', 'jsp'] },
  };
}

/** An item of the kind the rule is about, for the example sentence of its help. */
function exampleItem(rule: string): string {
  if (rule.startsWith('threat')) return 'TM-4';
  if (rule.startsWith('risk')) return 'RA-2';
  if (rule.startsWith('vulnerability')) return 'VULN-3';
  if (rule.startsWith('component') || rule === 'sbom-drift') return 'pkg:npm/lodash@4.17.20';
  if (rule === 'unreadable-file') return 'docs/requirements.md';
  if (rule === 'control-category-empty') return 'Confidentiality';
  return 'SR-8';
}
