import type { FileProblem, Finding, ItemDefinition, Link, Location, RelatedLocation, Severity, SeveritySetting } from '../model';
import { evidenceKind, isMarkdown } from '../config/files';
import type { TraceGraph } from './graph';
import { acceptances, derivations, implementations, mitigations, verifications } from './coverage';
import { RULES, RuleName } from './ruleCatalog';

/** The rule catalog, re-exported so that every import of the rules from here keeps working. */
export * from './ruleCatalog';

/** The severity of each rule after the configuration's overrides; a rule that is off is absent. */
export function effectiveSeverities(overrides: Readonly<Record<string, SeveritySetting>>): Map<RuleName, Severity> {
  const severities = new Map<RuleName, Severity>();
  for (const rule of RULES) {
    const setting = overrides[rule.name] ?? rule.defaultSeverity;
    if (setting !== 'off') {
      severities.set(rule.name, setting);
    }
  }
  return severities;
}

/**
 * Every finding about one ID. All findings are keyed by the ID they concern, and each rule looks at most
 * one link away, which is what lets the index re-check only the IDs a change touched.
 */
export function checkId(id: string, graph: TraceGraph, severities: ReadonlyMap<RuleName, Severity>): Finding[] {
  const findings: Finding[] = [];
  const report = (rule: RuleName, location: Location, message: string, related: RelatedLocation[] = []): void => {
    const severity = severities.get(rule);
    if (severity) {
      findings.push({ rule, severity, message, item: id, location, related });
    }
  };

  const definitions = graph.definitions(id);
  const item = definitions[0];
  if (!item) {
    for (const link of graph.incoming(id)) {
      report(RuleName.UnknownReference, link.location, `${describeLink(link)} names ${id}, which is not defined anywhere in the workspace.`);
    }
    for (const reference of graph.references(id)) {
      report(RuleName.UnknownReference, reference.location, `${id} is not defined anywhere in the workspace.`);
    }
    return findings;
  }

  for (const duplicate of definitions.slice(1)) {
    report(
      RuleName.DuplicateId,
      duplicate.location,
      `${id} is defined more than once; the first definition is at ${describeLocation(item.location)}. Give this one a new ID.`,
      [{ location: item.location, message: `First definition of ${id}` }],
    );
  }

  if (item.kind === 'threat') {
    if (mitigations(graph, id).length === 0 && acceptances(graph, id).length === 0) {
      report(
        RuleName.ThreatNotMitigated,
        item.location,
        `Threat ${label(item)} is not mitigated: no requirement or control declares "Mitigates: ${id}", and no risk acceptance accepts it.`,
      );
    }
  }

  if (item.kind === 'requirement') {
    if (derivations(graph, id).length === 0) {
      report(
        RuleName.RequirementNotDerived,
        item.location,
        `Requirement ${label(item)} does not derive from a security objective or misuse case: add "Derives from: SO-n" to its section.`,
      );
    }
    if (implementations(graph, id).length === 0) {
      report(
        RuleName.RequirementNotImplemented,
        item.location,
        `Requirement ${label(item)} is not implemented: no code is annotated "@implements ${id}".`,
      );
    }
    if (verifications(graph, id).length === 0) {
      report(
        RuleName.RequirementNotVerified,
        item.location,
        `Requirement ${label(item)} is not verified: no test is annotated "@verifies ${id}".`,
      );
    }
  }
  return findings;
}

/**
 * The `unreadable-file` findings of one file, one per problem, with the file's path as their item. A
 * document or evidence file can define items, so by default it is an error; code is a warning. A severity
 * set for the rule in the configuration applies to both.
 */
export function checkFile(path: string, problems: readonly FileProblem[], overrides: Readonly<Record<string, SeveritySetting>>): Finding[] {
  const setting = overrides[RuleName.UnreadableFile] ?? (isMarkdown(path) || evidenceKind(path) ? 'error' : 'warning');
  if (setting === 'off') {
    return [];
  }
  return problems.map((problem) => ({
    rule: RuleName.UnreadableFile,
    severity: setting,
    message: withFullStop(problem.message),
    item: path,
    location: { path, range: problem.range },
    related: [],
  }));
}

function withFullStop(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function label(item: ItemDefinition): string {
  return item.title ? `${item.id} "${item.title}"` : item.id;
}

function describeLink(link: Link): string {
  if (link.from === undefined) {
    return `@${link.type}`;
  }
  return `${link.from}'s "${link.type === 'derives' ? 'Derives from' : link.type[0]!.toUpperCase() + link.type.slice(1)}:" line`;
}

/** `path:line` with a one-based line, as people write it. */
export function describeLocation(location: Location): string {
  return `${location.path}:${location.range.start.line + 1}`;
}
