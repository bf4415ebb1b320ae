import type { ItemDefinition, ItemKind, Link, LinkType } from '../model';
import type { TraceGraph } from './graph';
import { acceptanceProblem } from './riskAcceptance';

const MITIGATING_KINDS: readonly ItemKind[] = ['requirement', 'control'];
const DERIVATION_SOURCES: readonly ItemKind[] = ['objective', 'misuse'];

function kindOf(graph: TraceGraph, id: string | undefined): ItemKind | undefined {
  return id === undefined ? undefined : graph.item(id)?.kind;
}

/** Threat statuses that say a threat does not apply: Threat Dragon's `NotApplicable` (`NA` before 2.2), and as people write it. */
const NOT_APPLICABLE_STATUSES = new Set(['notapplicable', 'not applicable', 'na', 'n/a']);

/**
 * Why a threat needs no mitigation, or undefined when it does: its model marks it not applicable, or it sits
 * on an element the model puts out of scope.
 */
export function threatNotApplicable(item: ItemDefinition): string | undefined {
  if (NOT_APPLICABLE_STATUSES.has((item.attributes['status'] ?? '').trim().toLowerCase())) {
    return 'marked not applicable';
  }
  return item.attributes['out of scope'] === 'true' ? `on ${item.attributes['element'] || 'an element'}, which is out of scope` : undefined;
}

/** Links of one type pointing at an ID. */
export function incomingOfType(graph: TraceGraph, id: string, type: LinkType): Link[] {
  return graph.incoming(id).filter((link) => link.type === type);
}

/** The requirement's `Derives from` links that reach a defined objective or misuse case. */
export function derivations(graph: TraceGraph, id: string): Link[] {
  return graph.outgoing(id).filter((link) => link.type === 'derives' && DERIVATION_SOURCES.includes(kindOf(graph, link.to)!));
}

/** What implements an ID: `@implements` annotations in code and `Implements:` lines of controls. */
export function implementations(graph: TraceGraph, id: string): Link[] {
  return incomingOfType(graph, id, 'implements');
}

/** What verifies an ID: `@verifies` annotations in tests and `Verifies:` lines of test cases. */
export function verifications(graph: TraceGraph, id: string): Link[] {
  return incomingOfType(graph, id, 'verifies');
}

/** The `Mitigates` links that count for a threat: from a defined requirement or control. */
export function mitigations(graph: TraceGraph, threat: string): Link[] {
  return incomingOfType(graph, threat, 'mitigates').filter((link) => MITIGATING_KINDS.includes(kindOf(graph, link.from)!));
}

/** The `Accepts` links of a threat from defined risk acceptances, whether they count or not. */
export function acceptanceLinks(graph: TraceGraph, threat: string): Link[] {
  return incomingOfType(graph, threat, 'accepts').filter((link) => kindOf(graph, link.from) === 'risk');
}

/**
 * The `Accepts` links that count for a threat: from a defined risk acceptance that is approved, dated and,
 * measured against `today` (`YYYY-MM-DD`; without it expiry is not checked), not expired.
 */
export function acceptances(graph: TraceGraph, threat: string, today?: string): Link[] {
  return acceptanceLinks(graph, threat).filter((link) => acceptanceProblem(graph.item(link.from!)!, today) === undefined);
}
