/**
 * The Maintenance phase's rules: vulnerabilities (triage, the communication and patch clocks, a record that
 * disagrees with the VEX entry for the same CVE) and SBOM components' support.
 */
import type { ItemDefinition, Location, RelatedLocation } from '../model';
import type { TraceGraph } from './graph';
import { RuleName } from './ruleCatalog';
import { vulnerabilityClocks, vulnerabilityFacts, type Clock, type VulnerabilityFacts, type VulnerabilityPolicy } from './vulnerabilities';
import { countOf } from '../util/text';
import { componentSupportOf } from './componentSupport';

export type Report = (rule: RuleName, location: Location, message: string, related?: RelatedLocation[]) => void;

/** What the vulnerability rules need besides the graph. */
export interface MaintenanceContext {
  readonly today: string | undefined;
  readonly policy: VulnerabilityPolicy;
  /** The Markdown records that name each CVE (`CVE:`), by CVE: a VEX entry with a record is checked through it. */
  readonly recordsByCve: ReadonlyMap<string, readonly string[]>;
}

/** The rules of one vulnerability item. */
export function checkVulnerability(item: ItemDefinition, graph: TraceGraph, context: MaintenanceContext, report: Report): void {
  const facts = vulnerabilityFacts(item);
  const records = facts.source === 'vex' ? (context.recordsByCve.get(item.id) ?? []) : [];
  if (records.length > 0) {
    // One vulnerability: its record is checked, with this entry's state compared there.
    return;
  }
  if (facts.statusText === undefined) {
    const where = facts.source === 'vex' ? 'no analysis.state in its VEX entry' : 'no "Status:" line (open, mitigated, patched, not affected or false positive)';
    report(RuleName.VulnerabilityUntriaged, item.location, `Vulnerability ${label(item)} is not triaged: it has ${where}.`);
  }
  const vex = facts.source === 'record' && facts.cve ? graph.item(facts.cve) : undefined;
  if (vex && vex.kind === 'vulnerability' && vex.location.path !== item.location.path) {
    checkConflict(item, facts, vex, report);
  }
  const clocks = vulnerabilityClocks(facts, context.policy, context.today);
  if (!clocks) {
    return;
  }
  const why = facts.controlled === false ? 'uncontrolled' : `of ${facts.severity} severity`;
  const late = (clock: Clock, verb: string, field: string, days: number, rule: RuleName): void => {
    if (clock.lateBy === undefined || clock.lateBy <= 0) {
      return;
    }
    const start = `Vulnerability ${label(item)} is ${why} and was identified on ${clocks.identified}: it had to be ${verb} within ${countOf(days, 'day')}, by ${clock.deadline}`;
    const message = clock.done
      ? `${start}, and was ${verb} on ${clock.done}, ${countOf(clock.lateBy, 'day')} late.`
      : `${start}, and no "${field}:" date says it was — overdue by ${countOf(clock.lateBy, 'day')}.`;
    report(rule, item.location, message);
  };
  late(clocks.communicate, 'communicated', 'Communicated', context.policy.communicateWithinDays, RuleName.VulnerabilityCommunicationOverdue);
  late(clocks.patch, 'patched', 'Patched', context.policy.patchWithinDays, RuleName.VulnerabilityPatchOverdue);
}

/** A record and the VEX entry of its CVE must say the same: both closed, both open, or both patched. */
function checkConflict(record: ItemDefinition, facts: VulnerabilityFacts, vex: ItemDefinition, report: Report): void {
  const vexFacts = vulnerabilityFacts(vex);
  if (facts.status === undefined || vexFacts.status === undefined || facts.status === vexFacts.status) {
    return;
  }
  const closed = (status: string) => status === 'not affected' || status === 'false positive';
  // "Mitigated" in a record and "exploitable" in VEX are both still affected: only open against closed, or patched against not, conflict.
  if (closed(facts.status) === closed(vexFacts.status) && (facts.status === 'patched') === (vexFacts.status === 'patched')) {
    return;
  }
  report(
    RuleName.VulnerabilityConflict,
    record.location,
    `Vulnerability ${label(record)} says "${facts.statusText}", but the VEX entry for ${vex.id} says "${vexFacts.statusText}": make them agree.`,
    [{ location: vex.location, message: `VEX entry for ${vex.id}` }],
  );
}

function label(item: ItemDefinition): string {
  return item.title && item.title !== item.id ? `${item.id} "${item.title}"` : item.id;
}

/**
 * A component listed in an SBOM and again in rows of a Markdown support addendum (FDA accepts either for a
 * component's support): one component, at its SBOM line, with the addendum's columns over the SBOM's
 * properties. Undefined when the definitions are not that (two SBOMs, or two rows: a duplicate ID).
 */
export function supportAddendum(definitions: readonly ItemDefinition[]): ItemDefinition | undefined {
  const [sbom, ...others] = [...definitions].sort((a, b) => Number(isSbomDefinition(b)) - Number(isSbomDefinition(a)));
  const row = others.length === 1 && sbom && isSbomDefinition(sbom) && !isSbomDefinition(others[0]!) ? others[0] : undefined;
  return row && sbom && { ...sbom, attributes: { ...sbom.attributes, ...row.attributes } };
}

function isSbomDefinition(definition: ItemDefinition): boolean {
  return definition.location.path.toLowerCase().endsWith('.json');
}

/** A component as the rules and reports read it: its SBOM definition with its support addendum row, if any. */
export function componentItem(graph: TraceGraph, id: string): ItemDefinition | undefined {
  return supportAddendum(graph.definitions(id)) ?? graph.item(id);
}

/** What the component rules need besides the graph. */
export interface ComponentContext {
  readonly today: string | undefined;
  readonly levelProperties: readonly string[];
  readonly endOfSupportProperties: readonly string[];
}

/**
 * The support rules of one SBOM component: FDA's premarket guidance (V.A.4) asks, for every component, its
 * level of support and its end-of-support date. An unsupported component is a gap unless a risk
 * acceptance accepts it or a requirement resolves it (`Accepts:` / `Resolves:` naming its purl).
 */
export function checkComponent(item: ItemDefinition, graph: TraceGraph, context: ComponentContext, report: Report): void {
  if (item.attributes['metadata component'] === 'true') {
    return; // the product the SBOM describes, not a component of it
  }
  const support = componentSupportOf(item, context.levelProperties, context.endOfSupportProperties);
  const eos = support.endOfSupport;
  const ended =
    support.level === 'no longer maintained' || support.level === 'abandoned'
      ? `its level of support is "${support.levelRaw}"`
      : eos.kind === 'ended'
        ? `its end of support says "${support.eosRaw}"`
        : eos.kind === 'date' && context.today !== undefined && eos.date < context.today
          ? `its support ended on ${eos.date} (today is ${context.today})`
          : undefined;
  if (ended) {
    const handledBy = graph.incoming(item.id).filter((link) => (link.type === 'accepts' && graph.item(link.from ?? '')?.kind === 'risk') || link.type === 'resolves');
    if (handledBy.length === 0) {
      report(
        RuleName.ComponentEndOfSupport,
        item.location,
        `SBOM component ${item.title || item.id} is no longer supported: ${ended}. Replace or update it, or record the decision: a requirement that "Resolves:" it, or a risk acceptance that "Accepts:" it.`,
      );
    }
    return;
  }
  const missing = [
    ...(support.level === 'unknown' ? [support.levelRaw ? `a level of support that is none of actively maintained, no longer maintained or abandoned ("${support.levelRaw}")` : 'no level of support'] : []),
    ...(eos.kind === 'missing' ? ['no end of support (a date, or why there is none)'] : []),
  ];
  if (missing.length > 0) {
    const [level, eosName] = [context.levelProperties[0] ?? 'level of support', context.endOfSupportProperties[0] ?? 'end of support'];
    report(
      RuleName.ComponentSupportUnknown,
      item.location,
      `SBOM component ${item.title || item.id} has ${missing.join(' and ')}: give it the properties "${level}" and "${eosName}" in the SBOM, as FDA asks for every component.`,
    );
  }
}
