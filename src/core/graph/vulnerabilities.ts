/**
 * Vulnerability records and their clocks. The JSP's Maintenance rule of thumb, and FDA's postmarket
 * guidance for an uncontrolled risk: communicate within 30 days of learning of the vulnerability, patch
 * within 60. A record is a Markdown section (`## VULN-7: …` with `Severity:`, `Controlled:`,
 * `Identified:`, `Communicated:`, `Patched:`, `Status:`, `CVE:`) or a CycloneDX VEX entry.
 */
import type { ItemDefinition } from '../model';
import { addDays, daysBetween, isoDatePart } from '../util/dates';

/** How long a vulnerability may wait for communication and for a patch, and which ones are on the clock. */
export interface VulnerabilityPolicy {
  readonly communicateWithinDays: number;
  readonly patchWithinDays: number;
  /** Severities on the clock even when the record says the risk is controlled (lower case); uncontrolled ones always are. */
  readonly clockSeverities: readonly string[];
}

export const DEFAULT_POLICY: VulnerabilityPolicy = { communicateWithinDays: 30, patchWithinDays: 60, clockSeverities: [] };

/** A vulnerability's triage state, in the words of the Markdown records. */
export type VulnerabilityStatus = 'open' | 'mitigated' | 'patched' | 'not affected' | 'false positive';

const STATUS_WORDS: ReadonlyMap<string, VulnerabilityStatus> = new Map([
  ['open', 'open'],
  ['mitigated', 'mitigated'],
  ['patched', 'patched'],
  ['fixed', 'patched'],
  ['resolved', 'patched'],
  ['not affected', 'not affected'],
  ['false positive', 'false positive'],
  // CycloneDX VEX `analysis.state`.
  ['exploitable', 'open'],
  ['in triage', 'open'],
  ['resolved with pedigree', 'patched'],
]);

/** What the rules read of a vulnerability, from a Markdown record or a VEX entry. */
export interface VulnerabilityFacts {
  /** Where the facts come from: a Markdown record has `Status:`, a VEX entry `analysis.state`. */
  readonly source: 'record' | 'vex';
  /** The status as written; undefined when the record has none (untriaged). */
  readonly statusText: string | undefined;
  /** The status understood; undefined when missing or not one of the known words. */
  readonly status: VulnerabilityStatus | undefined;
  readonly severity: string | undefined;
  /** `Controlled: yes|no`; undefined when not said (a VEX entry never says). */
  readonly controlled: boolean | undefined;
  readonly identified: string | undefined;
  readonly communicated: string | undefined;
  readonly patched: string | undefined;
  /** The CVE a Markdown record names (`CVE:`), which joins it to a VEX entry with that ID. */
  readonly cve: string | undefined;
}

const words = (text: string | undefined) => text?.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

/** The facts of a `vulnerability` item. A VEX entry (from a CycloneDX file) has `state`; a record has `Status:`. */
export function vulnerabilityFacts(item: ItemDefinition): VulnerabilityFacts {
  const a = item.attributes;
  const isVex = item.location.path.toLowerCase().endsWith('.json');
  const statusText = isVex ? a['state'] : a['status'];
  const controlled = words(a['controlled']);
  return {
    source: isVex ? 'vex' : 'record',
    statusText: statusText?.trim() ? statusText.trim() : undefined,
    status: STATUS_WORDS.get(words(statusText) ?? ''),
    severity: words(a['severity']),
    controlled: controlled === 'yes' || controlled === 'true' ? true : controlled === 'no' || controlled === 'false' ? false : undefined,
    // A VEX statement is itself the communication: it was identified when published, communicated when first issued.
    identified: dateOf(isVex ? (a['published'] ?? a['created']) : a['identified']),
    communicated: dateOf(isVex ? a['first issued'] : a['communicated']),
    patched: dateOf(isVex ? undefined : a['patched']),
    cve: isVex ? item.id : a['cve']?.trim() || undefined,
  };
}

function dateOf(text: string | undefined): string | undefined {
  return text === undefined ? undefined : isoDatePart(text);
}

/** One clock: its deadline, and either when it was met (`done`, possibly late) or how it stands today. */
export interface Clock {
  readonly deadline: string;
  readonly done: string | undefined;
  /** Days from the deadline to `done` (late when positive), or to today when not done (overdue when positive); undefined without today. */
  readonly lateBy: number | undefined;
}

/** The communication and patch clocks of a vulnerability, or undefined when it is not on the clock. */
export interface VulnerabilityClocks {
  readonly identified: string;
  readonly communicate: Clock;
  readonly patch: Clock;
}

/**
 * The clocks of a vulnerability that is on them: identified, not closed as "not affected" or a false
 * positive, and uncontrolled or of a severity the policy lists.
 */
export function vulnerabilityClocks(facts: VulnerabilityFacts, policy: VulnerabilityPolicy, today: string | undefined): VulnerabilityClocks | undefined {
  const closed = facts.status === 'not affected' || facts.status === 'false positive';
  const onClock = facts.controlled === false || (facts.severity !== undefined && policy.clockSeverities.includes(facts.severity));
  if (closed || !onClock || facts.identified === undefined) {
    return undefined;
  }
  const clock = (days: number, done: string | undefined): Clock => {
    const deadline = addDays(facts.identified!, days);
    const until = done ?? today;
    return { deadline, done, lateBy: until === undefined ? undefined : daysBetween(deadline, until) };
  };
  return {
    identified: facts.identified,
    communicate: clock(policy.communicateWithinDays, facts.communicated),
    patch: clock(policy.patchWithinDays, facts.patched),
  };
}
