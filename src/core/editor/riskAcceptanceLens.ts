/**
 * The CodeLens over a risk acceptance (`RA-` item): what it accepts, who approved it and how long it
 * still counts, measured against the date the index checked it against.
 */
import type { ItemDefinition } from '../model';
import type { TraceGraph } from '../graph/graph';
import { acceptanceProblem } from '../graph/riskAcceptance';
import { RuleName } from '../graph/ruleCatalog';
import { daysBetween, isoDatePart } from '../util/dates';
import { countOf } from '../util/text';

/**
 * `accepts TM-4 · approved by Dr. A. Jones · expires in 23 days`: the accepted IDs, then `not approved`
 * (an acceptance without an approver or an ISO approval date, which counts for nothing, so its expiry does
 * not matter), else the approver and the expiry against `today`: `expires today`, `expired 263 days ago`,
 * `no expiry`. Without `today` (a host that gave no date) it names the expiry date instead.
 */
export function riskAcceptanceLens(graph: TraceGraph, item: ItemDefinition, today: string | undefined): string {
  const accepted = [...new Set(graph.outgoing(item.id).flatMap((link) => (link.type === 'accepts' ? [link.to] : [])))];
  const parts = [accepted.length > 0 ? `accepts ${accepted.join(', ')}` : 'accepts nothing'];
  if (acceptanceProblem(item, today)?.rule === RuleName.RiskAcceptanceUnapproved) {
    parts.push('not approved');
  } else {
    parts.push(`approved by ${item.attributes['approved by']!.trim()}`, expiryText(item.attributes['expires'], today));
  }
  return parts.join(' · ');
}

/** How an `Expires:` value reads against today. */
function expiryText(expires: string | undefined, today: string | undefined): string {
  if (expires === undefined) {
    return 'no expiry';
  }
  const expiry = isoDatePart(expires);
  if (expiry === undefined) {
    return `expiry "${expires.trim()}" is not a date`;
  }
  if (today === undefined) {
    return `expires ${expiry}`;
  }
  const days = daysBetween(today, expiry);
  return days === 0 ? 'expires today' : days > 0 ? `expires in ${countOf(days, 'day')}` : `expired ${countOf(-days, 'day')} ago`;
}
