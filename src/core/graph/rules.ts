import type { Finding, ItemDefinition, Link, Location, RelatedLocation, Severity, SeveritySetting } from '../model';
import type { TraceGraph } from './graph';
import { acceptances, derivations, implementations, mitigations, verifications } from './coverage';

/** Stable rule names: they are part of the interface (config, CLI output, diagnostic codes). */
export const enum RuleName {
  /** An ID is defined more than once. */
  DuplicateId = 'duplicate-id',
  /** A link or mention names an ID that is defined nowhere. */
  UnknownReference = 'unknown-reference',
  /** A threat that no requirement or control mitigates and no risk acceptance accepts. */
  ThreatNotMitigated = 'threat-not-mitigated',
  /** A requirement that derives from no objective or misuse case. */
  RequirementNotDerived = 'requirement-not-derived',
  /** A requirement that nothing implements. */
  RequirementNotImplemented = 'requirement-not-implemented',
  /** A requirement that no test verifies. */
  RequirementNotVerified = 'requirement-not-verified',
}

/** A named check with its default severity and a sentence for documentation and help. */
export interface RuleInfo {
  readonly name: RuleName;
  readonly defaultSeverity: Severity;
  readonly description: string;
}

export const RULES: readonly RuleInfo[] = [
  { name: RuleName.DuplicateId, defaultSeverity: 'error', description: 'No ID is defined twice.' },
  { name: RuleName.UnknownReference, defaultSeverity: 'error', description: 'Every link and mention names a defined ID.' },
  {
    name: RuleName.ThreatNotMitigated,
    defaultSeverity: 'error',
    description: 'Every threat is mitigated by a requirement or control, or accepted by a risk acceptance.',
  },
  {
    name: RuleName.RequirementNotDerived,
    defaultSeverity: 'warning',
    description: 'Every requirement derives from a security objective or misuse case.',
  },
  { name: RuleName.RequirementNotImplemented, defaultSeverity: 'error', description: 'Every requirement is implemented in code.' },
  { name: RuleName.RequirementNotVerified, defaultSeverity: 'error', description: 'Every requirement is verified by a test.' },
];

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
