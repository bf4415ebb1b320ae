/**
 * Whether a risk acceptance (`RA-` item) counts: approved by someone accountable, dated, and still in date.
 */
import type { ItemDefinition } from '../model';
import { isoDatePart } from '../util/dates';
import { RuleName } from './ruleCatalog';

/** Why an acceptance does not count, as the rule that reports it and a reason that completes "it …". */
export interface AcceptanceProblem {
  readonly rule: RuleName.RiskAcceptanceUnapproved | RuleName.RiskAcceptanceExpired;
  /** Completes a sentence about the acceptance: `has no "Approved by:" line`. */
  readonly reason: string;
}

/**
 * What keeps an acceptance from counting, or undefined when it counts. Without `today` (a host that gave
 * no date) expiry is not checked. An `Expires:` that is not a date cannot show that the acceptance is in
 * date, so it counts as expired.
 */
export function acceptanceProblem(item: ItemDefinition, today: string | undefined): AcceptanceProblem | undefined {
  const approver = item.attributes['approved by']?.trim();
  const date = item.attributes['date'];
  if (!approver) {
    return { rule: RuleName.RiskAcceptanceUnapproved, reason: 'has no "Approved by:" line' };
  }
  if (date === undefined || date.trim() === '') {
    return { rule: RuleName.RiskAcceptanceUnapproved, reason: 'has no "Date:" of approval' };
  }
  if (isoDatePart(date) === undefined) {
    return { rule: RuleName.RiskAcceptanceUnapproved, reason: `has a "Date:" that is not an ISO 8601 date (YYYY-MM-DD): "${date.trim()}"` };
  }
  const expires = item.attributes['expires'];
  if (expires === undefined || today === undefined) {
    return undefined;
  }
  const expiry = isoDatePart(expires);
  if (expiry === undefined) {
    return { rule: RuleName.RiskAcceptanceExpired, reason: `has an "Expires:" that is not an ISO 8601 date (YYYY-MM-DD): "${expires.trim()}"` };
  }
  return expiry < today ? { rule: RuleName.RiskAcceptanceExpired, reason: `expired on ${expiry} (today is ${today})` } : undefined;
}
