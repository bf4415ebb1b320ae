/**
 * The Maintenance phase in the matrix and the phase view: a vulnerability's severity, triage and clocks
 * (in the words of its CodeLens), an SBOM component's support as written and as understood, which
 * components the Components view lists, and which vulnerabilities keep to the policy's clocks.
 */
import type { ItemDefinition } from '../model';
import type { TraceIndex } from '../graph/traceIndex';
import { vulnerabilityClocks, vulnerabilityFacts, type Clock, type VulnerabilityClocks, type VulnerabilityFacts } from '../graph/vulnerabilities';
import { componentSupportOf, endOfSupport, type ComponentSupport } from '../graph/componentSupport';
import { componentItem } from '../graph/maintenanceRules';
import { vulnerabilityStanding, type ClockWords } from '../editor/vulnerabilityLens';
import { daysBetween } from '../util/dates';
import type { MatrixColumnKey, MatrixEntry } from './matrixVocabulary';

/** The columns whose entries are statements about the row's own item rather than links. */
export type MaintenanceColumnKey = Extract<MatrixColumnKey, 'triage' | 'clocks' | 'supportLevel' | 'endOfSupport'>;

/** True for the component an SBOM describes (its `metadata.component`): the product, not a component of it. */
export function isSbomSubject(item: ItemDefinition): boolean {
  return item.attributes['metadata component'] === 'true';
}

// ------------------------------------------------------------------ vulnerabilities

function clocksOf(index: TraceIndex, facts: VulnerabilityFacts): VulnerabilityClocks | undefined {
  return vulnerabilityClocks(facts, index.config.policy, index.config.today);
}

/** The days left before a clock's deadline, while it runs (negative once overdue). */
function daysLeft(clock: Clock): number | undefined {
  return clock.done === undefined && clock.lateBy !== undefined ? -clock.lateBy : undefined;
}

/**
 * A vulnerability's row cut from its CodeLens: its severity and triage words (`critical`, `open`; off the
 * clocks also why: `low`, `not triaged`, `not on the clock`), and, when it is on the clocks, the
 * communication and the patch clock, each with its days left while it runs.
 */
function vulnerabilityCells(index: TraceIndex, id: string): Record<'triage' | 'clocks', MatrixEntry[]> {
  const item = index.graph.item(id)!;
  const severity = { text: vulnerabilityFacts(item).severity ?? 'no severity' };
  // The CodeLens's own words: the status, then why it is off the clocks, or its two clocks.
  const { status, offClock, clocks } = vulnerabilityStanding(item, index.config.policy, index.config.today);
  const triage = [severity, ...[status, ...offClock].map((text) => ({ text }))];
  const clockEntry = ({ text, clock }: ClockWords): MatrixEntry => {
    const days = daysLeft(clock);
    return days === undefined ? { text } : { text, daysLeft: days };
  };
  return { triage, clocks: clocks ? [clockEntry(clocks.communicate), clockEntry(clocks.patch)] : [] };
}

/**
 * The vulnerabilities of the workspace, each once: every record, and every VEX entry that no record names
 * by its CVE (a record and the VEX entry of its CVE are one vulnerability, as the metrics count them).
 */
export function distinctVulnerabilities(index: TraceIndex, ids: readonly string[]): { readonly id: string; readonly facts: VulnerabilityFacts }[] {
  const all = ids.map((id) => ({ id, facts: vulnerabilityFacts(index.graph.item(id)!) }));
  const named = new Set(all.flatMap(({ facts }) => (facts.source === 'record' && facts.cve ? [facts.cve] : [])));
  return all.filter(({ id, facts }) => facts.source === 'record' || !named.has(id));
}

/** Whether a vulnerability is on the communication and patch clocks, and if so whether it kept both (undefined: off the clocks). */
export function keptClocks(index: TraceIndex, facts: VulnerabilityFacts): boolean | undefined {
  const clocks = clocksOf(index, facts);
  const kept = (clock: Clock) => clock.lateBy === undefined || clock.lateBy <= 0;
  return clocks && kept(clocks.communicate) && kept(clocks.patch);
}

// ------------------------------------------------------------------ components

/** A component's support, read with the property names of the configuration. */
export function supportOf(index: TraceIndex, item: ItemDefinition): ComponentSupport {
  return componentSupportOf(item, index.config.support.levelProperties, index.config.support.endOfSupportProperties);
}

/** True when a component has both a level of support the rules understand and an end of support (a date, ended, or why there is none). */
export function supportKnown(support: ComponentSupport): boolean {
  return support.level !== 'unknown' && support.endOfSupport.kind !== 'missing';
}

const sameWords = (a: string, b: string) => a.toLowerCase().replace(/[\s_-]+/g, ' ').trim() === b;

/** The level of support as understood, with the words written when they differ: `actively maintained ("Active")`, `unknown ("community")`, `missing`. */
function supportLevelText(support: ComponentSupport): string {
  const raw = support.levelRaw?.trim();
  if (!raw) {
    return 'missing';
  }
  return sameWords(raw, support.level) ? support.level : `${support.level} ("${raw}")`;
}

/**
 * The end of support as understood against today: `2027-03-31`, `ended 2026-08-31`, `ended ("EOL")`,
 * `justified: Until hardware support ends`, `missing`; a date with its days left.
 */
function endOfSupportEntry(support: ComponentSupport, today: string | undefined): MatrixEntry {
  const raw = support.eosRaw?.trim();
  const eos = endOfSupport(raw, today);
  const written = raw ? ` ("${raw}")` : '';
  switch (eos.kind) {
    case 'date':
      return { text: raw === eos.date ? eos.date : `${eos.date}${written}`, ...(today === undefined ? {} : { daysLeft: daysBetween(today, eos.date) }) };
    case 'ended':
      return eos.date === undefined ? { text: `ended${written}` } : { text: `ended ${eos.date}`, ...(today === undefined ? {} : { daysLeft: daysBetween(today, eos.date) }) };
    case 'justified':
      return { text: `justified: ${eos.text}` };
    case 'missing':
      return { text: `missing${written}` };
  }
}

/** The entries of the columns that state something about the row's own vulnerability or component. */
export const MAINTENANCE_COLUMN_ENTRIES: Readonly<Record<MaintenanceColumnKey, (index: TraceIndex, id: string) => MatrixEntry[]>> = {
  triage: (index, id) => vulnerabilityCells(index, id).triage,
  clocks: (index, id) => vulnerabilityCells(index, id).clocks,
  supportLevel: (index, id) => [{ text: supportLevelText(supportOf(index, componentItem(index.graph, id)!)) }],
  endOfSupport: (index, id) => [endOfSupportEntry(supportOf(index, componentItem(index.graph, id)!), index.config.today)],
};
