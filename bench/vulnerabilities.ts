/**
 * The vulnerabilities of the generated workspace's evidence (see bench/evidence.ts): the VEX entries of its SBOM
 * and the records of its registers, with what the rules should find in each record.
 */
import { addDays, daysBetween } from '../src/core/util/dates';
import type { Random } from './generate';
import { EVIDENCE_TODAY, otherVersion, purlOf, type Component } from './components';

export type VexState = 'not_affected' | 'exploitable' | 'resolved' | 'in_triage' | 'false_positive';

const WEAKNESSES: readonly (readonly [string, number])[] = [
  ['Prototype pollution', 1321], ['Regular expression denial of service', 1333], ['Heap buffer overflow', 122], ['Path traversal', 22],
  ['Improper certificate validation', 295], ['HTTP request smuggling', 444], ['Use after free', 416], ['Integer overflow', 190],
  ['Uncontrolled resource consumption', 400], ['Cross-site scripting', 79], ['XML external entity injection', 611],
  ['Deserialization of untrusted data', 502], ['Timing side channel', 208], ['NULL pointer dereference', 476], ['Open redirect', 601],
  ['Server-side request forgery', 918],
];
export const SEVERITY_SCORES: Readonly<Record<string, readonly [number, string]>> = {
  critical: [9.8, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'], high: [7.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'],
  medium: [5.9, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N'], low: [3.7, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N'],
};
const RECORD_PROSE = [
  'Found by the nightly SBOM scan; the advisory reports no exploitation in the wild.',
  'The vulnerable function is not called from PumpLink code: the call graph was reviewed by two engineers.',
  'Reachable from the hospital network through the gateway API.',
  'Fixed upstream; the upgrade shipped in the next maintenance release.',
  'Customers were told through the security bulletin and the service portal.',
  'The pump keeps running its last confirmed program if this component fails.',
  'Only the clinician dashboard uses this package, behind the hospital single sign-on.',
  "Mitigated by the gateway's input validation until the upgrade ships.",
  'Reported by a hospital penetration test and confirmed by PSIRT.',
];

/** A VEX entry of the SBOM. */
export interface VexEntry {
  readonly id: string;
  readonly component: Component;
  readonly severity: string;
  readonly weakness: readonly [string, number];
  readonly published: string;
  /** Undefined: no `analysis` (a scanner's entry nobody has looked at). */
  readonly state: VexState | undefined;
  readonly firstIssued: string;
}

/** A vulnerability record of a register. */
export interface VulnerabilityRecord {
  readonly components: readonly Component[];
  /** A purl the SBOM no longer lists (an older version): a reference to nothing. */
  readonly stalePurl: string | undefined;
  readonly title: string;
  readonly severity: string;
  readonly controlled: 'yes' | 'no' | undefined;
  readonly identified: string;
  readonly communicated: string | undefined;
  readonly patched: string | undefined;
  /** As written (case varies); undefined: not triaged. */
  readonly status: string | undefined;
  readonly cve: string | undefined;
  readonly vex: VexEntry | undefined;
  readonly prose: string;
}

const STATUS_OF_STATE: Readonly<Record<VexState, string>> = { not_affected: 'not affected', false_positive: 'false positive', resolved: 'patched', exploitable: 'open', in_triage: 'open' };
const isClosed = (status: string | undefined): boolean => status !== undefined && ['not affected', 'false positive'].includes(status.toLowerCase());

/** What the rules find in a record, by the rules' own definitions (maintenanceRules.ts, vulnerabilities.ts). */
export function recordFindings(record: VulnerabilityRecord): string[] {
  const found: string[] = [];
  if (record.status === undefined) {
    found.push('vulnerability-untriaged');
  }
  const vexStatus = record.vex?.state && STATUS_OF_STATE[record.vex.state];
  const status = record.status?.toLowerCase();
  if (status && vexStatus && status !== vexStatus && (isClosed(status) !== isClosed(vexStatus) || (status === 'patched') !== (vexStatus === 'patched'))) {
    found.push('vulnerability-conflict');
  }
  if (record.controlled === 'no' && !isClosed(status)) {
    const late = (days: number, done: string | undefined) => daysBetween(addDays(record.identified, days), done ?? EVIDENCE_TODAY) > 0;
    found.push(...(late(30, record.communicated) ? ['vulnerability-communication-overdue'] : []), ...(late(60, record.patched) ? ['vulnerability-patch-overdue'] : []));
  }
  return found;
}

export function makeVex(r: Random, components: readonly Component[], count: number, cves: Set<string>): VexEntry[] {
  return Array.from({ length: count }, () => {
    const published = addDays(EVIDENCE_TODAY, -r.int(5, 360));
    return {
      id: newCve(r, cves),
      component: r.pick(components),
      severity: r.weighted([['critical', 1], ['high', 3], ['medium', 4], ['low', 2]]),
      weakness: r.pick(WEAKNESSES),
      published,
      state: r.weighted<VexState | undefined>([['not_affected', 40], ['exploitable', 15], ['resolved', 20], ['in_triage', 10], ['false_positive', 5], [undefined, 6]]),
      firstIssued: addDays(published, r.int(3, 25)),
    };
  });
}

function newCve(r: Random, cves: Set<string>): string {
  let cve: string;
  do {
    cve = `CVE-${r.weighted([[2024, 1], [2025, 4], [2026, 5]])}-${r.int(1000, 59999)}`;
  } while (cves.has(cve));
  cves.add(cve);
  return cve;
}

/**
 * The records of the registers, in ID order (the order they were identified in). Most VEX entries have a record
 * that names their CVE and says the same (a few deliberately not); the rest are the team's own findings and
 * advisories the VEX does not carry. A few are not triaged yet, a few are late.
 */
export function makeRecords(r: Random, components: readonly Component[], vex: readonly VexEntry[], count: number, requirements: number, cves: Set<string>): VulnerabilityRecord[] {
  const tied = vex.slice(0, Math.min(count, Math.round(vex.length * 0.8)));
  const conflicts = Math.round(vex.length * 0.05);
  const purls = new Set(components.map((c) => c.purl));
  const records = Array.from({ length: count }, (_, i): VulnerabilityRecord => {
    const entry = tied[i];
    const status = entry
      ? conflictingOrSame(r, entry.state, i < conflicts)
      : r.weighted<string | undefined>([['patched', 38], ['mitigated', 15], ['not affected', 25], ['false positive', 5], ['open', 14], [undefined, 3]]);
    const controlled = controlledFor(r, status);
    const identified = entry ? minDate(addDays(entry.published, r.int(0, 4)), EVIDENCE_TODAY) : identifiedFor(r, status, controlled);
    const component = entry?.component ?? r.pick(components);
    const second = r.chance(0.05) ? components.find((c) => c.ecosystem === component.ecosystem && c !== component) : undefined;
    const stale = r.chance(0.02) ? purlOf(component.ecosystem, component.group, component.name, otherVersion(component.version, -1)) : undefined;
    const weakness = entry?.weakness ?? r.pick(WEAKNESSES);
    const mention = r.chance(0.3) ? ` See SR-${r.int(1, requirements)}.` : '';
    return {
      components: [component, ...(second ? [second] : [])],
      stalePurl: stale && !purls.has(stale) ? stale : undefined,
      title: `${weakness[0]} in ${component.name}`,
      severity: entry?.severity ?? r.weighted([['critical', 1], ['high', 3], ['medium', 4], ['low', 2]]),
      controlled,
      identified,
      ...datesFor(r, status, controlled, identified),
      status: status && r.chance(0.2) ? status[0]!.toUpperCase() + status.slice(1) : status,
      cve: entry?.id ?? (r.chance(0.8) ? newCve(r, cves) : undefined),
      vex: entry,
      prose: `${r.pick(RECORD_PROSE)}${mention}`,
    };
  });
  return records.sort((a, b) => (a.identified < b.identified ? -1 : a.identified > b.identified ? 1 : 0));
}

/** A record's status: what its VEX entry says, in the record's words, or (`conflict`) what it contradicts. */
function conflictingOrSame(r: Random, state: VexState | undefined, conflict: boolean): string {
  if (state === undefined) {
    return 'open';
  }
  if (conflict) {
    return state === 'resolved' || isClosed(STATUS_OF_STATE[state]) ? 'open' : 'patched';
  }
  return state === 'exploitable' ? r.pick(['open', 'mitigated']) : STATUS_OF_STATE[state];
}

function controlledFor(r: Random, status: string | undefined): 'yes' | 'no' | undefined {
  const weights: Readonly<Record<string, readonly [number, number, number]>> = {
    'not affected': [0, 80, 20], 'false positive': [0, 80, 20], patched: [30, 60, 10], open: [35, 55, 10], mitigated: [0, 90, 10], untriaged: [20, 20, 60],
  };
  const [no, yes, absent] = weights[status ?? 'untriaged']!;
  return r.weighted<'yes' | 'no' | undefined>([['no', no], ['yes', yes], [undefined, absent]]);
}

/** When a record was identified: an open uncontrolled one mostly within its 60 days, an untriaged one mostly this month. */
function identifiedFor(r: Random, status: string | undefined, controlled: string | undefined): string {
  const daysAgo =
    status === undefined ? (r.chance(0.8) ? r.int(0, 20) : r.int(21, 200))
      : status === 'patched' ? r.int(14, 364)
        : status === 'open' && controlled === 'no' ? (r.chance(0.88) ? r.int(0, 55) : r.int(61, 364))
          : r.int(0, 364);
  return addDays(EVIDENCE_TODAY, -daysAgo);
}

/** Communicated and patched dates: on time for most, late for a few on the clock; none yet when they fall after today. */
function datesFor(r: Random, status: string | undefined, controlled: string | undefined, identified: string): { communicated: string | undefined; patched: string | undefined } {
  const since = daysBetween(identified, EVIDENCE_TODAY);
  const after = (from: number, to: number): string | undefined => {
    const days = r.int(from, to);
    return days <= since ? addDays(identified, days) : undefined;
  };
  const onClock = controlled === 'no' && !isClosed(status);
  const communicated = onClock ? (r.chance(0.92) ? after(2, 29) : after(31, 75)) : r.chance(0.5) ? after(2, 60) : undefined;
  const patched = status !== 'patched' ? undefined : ((onClock && r.chance(0.1) ? after(61, 130) : after(7, 59)) ?? addDays(identified, r.int(0, since)));
  return { communicated, patched };
}

const minDate = (a: string, b: string): string => (a < b ? a : b);
