/**
 * The vulnerability metrics FDA's premarket guidance (section V.A.6) asks for: the share of identified
 * vulnerabilities patched, the time from identification to patch, and what is still open.
 */
import type { TraceGraph } from '../graph/graph';
import { compareLocations } from '../model';
import { vulnerabilityFacts, type VulnerabilityFacts } from '../graph/vulnerabilities';
import { daysBetween } from '../util/dates';
import { countOf } from '../util/text';
import type { ItemDefinition } from '../model';
import type { TraceConfig } from '../config/config';
import { componentSupportOf } from '../graph/componentSupport';

/** Vulnerability counts and patch times of a workspace; additive, so that folders' metrics add up. */
export interface VulnerabilityMetrics {
  /** Vulnerabilities: each record, and each VEX entry that no record names. */
  readonly total: number;
  /** By severity as written, lower case (`unknown` when none). */
  readonly bySeverity: Readonly<Record<string, number>>;
  /** By status (`untriaged` when none). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Closed as not affected or a false positive: not counted as identified vulnerabilities of the product. */
  readonly notAffected: number;
  readonly patched: number;
  /** Days from identification to patch, over the patched ones with both dates. */
  readonly daysToPatch: { readonly count: number; readonly total: number; readonly max: number | undefined };
  /** Open (neither patched nor closed) by severity. */
  readonly openBySeverity: Readonly<Record<string, number>>;
  /** The open vulnerability identified first, with its age in days against today. */
  readonly oldestOpen: { readonly id: string; readonly identified: string; readonly days: number | undefined } | undefined;
}

export const NO_VULNERABILITIES: VulnerabilityMetrics = {
  total: 0,
  bySeverity: {},
  byStatus: {},
  notAffected: 0,
  patched: 0,
  daysToPatch: { count: 0, total: 0, max: undefined },
  openBySeverity: {},
  oldestOpen: undefined,
};

/** The metrics of the graph's vulnerabilities, ages measured against `today` when there is one. */
export function vulnerabilityMetrics(graph: TraceGraph, vulnerabilityIds: Iterable<string>, today: string | undefined): VulnerabilityMetrics {
  // In document order, whatever order the files were indexed in (by several extraction workers, say): the
  // counts' keys come in the order first met, and the oldest open one is the first met of those tied.
  const items = [...vulnerabilityIds].flatMap((id) => graph.item(id) ?? []).filter((item) => item.kind === 'vulnerability');
  const facts = new Map<string, VulnerabilityFacts>();
  for (const item of items.sort((a, b) => compareLocations(a.location, b.location))) {
    facts.set(item.id, vulnerabilityFacts(item));
  }
  // A VEX entry that a record names is that record's vulnerability, counted once.
  const named = new Set([...facts.values()].flatMap((fact) => (fact.source === 'record' && fact.cve ? [fact.cve] : [])));
  const metrics = { ...NO_VULNERABILITIES, bySeverity: {} as Record<string, number>, byStatus: {} as Record<string, number>, openBySeverity: {} as Record<string, number> };
  const daysToPatch = { count: 0, total: 0, max: undefined as number | undefined };
  let oldest: VulnerabilityMetrics['oldestOpen'];
  for (const [id, fact] of facts) {
    if (fact.source === 'vex' && named.has(id)) {
      continue;
    }
    metrics.total++;
    const severity = fact.severity ?? 'unknown';
    add(metrics.bySeverity, severity);
    add(metrics.byStatus, fact.status ?? (fact.statusText === undefined ? 'untriaged' : 'unknown'));
    if (fact.status === 'not affected' || fact.status === 'false positive') {
      metrics.notAffected++;
    } else if (fact.status === 'patched' || fact.patched !== undefined) {
      metrics.patched++;
      if (fact.identified && fact.patched) {
        const days = daysBetween(fact.identified, fact.patched);
        daysToPatch.count++;
        daysToPatch.total += days;
        daysToPatch.max = Math.max(daysToPatch.max ?? days, days);
      }
    } else {
      add(metrics.openBySeverity, severity);
      if (fact.identified && (!oldest || fact.identified < oldest.identified)) {
        oldest = { id, identified: fact.identified, days: today === undefined ? undefined : daysBetween(fact.identified, today) };
      }
    }
  }
  return { ...metrics, daysToPatch, oldestOpen: oldest };
}

/** Adds two folders' metrics. */
export function combineVulnerabilityMetrics(a: VulnerabilityMetrics, b: VulnerabilityMetrics): VulnerabilityMetrics {
  const sum = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>) =>
    Object.fromEntries([...new Set([...Object.keys(x), ...Object.keys(y)])].map((key) => [key, (x[key] ?? 0) + (y[key] ?? 0)]));
  const maxes = [a.daysToPatch.max, b.daysToPatch.max].filter((max): max is number => max !== undefined);
  const oldest = [a.oldestOpen, b.oldestOpen].filter((open) => open !== undefined).sort((x, y) => (x.identified < y.identified ? -1 : 1))[0];
  return {
    total: a.total + b.total,
    bySeverity: sum(a.bySeverity, b.bySeverity),
    byStatus: sum(a.byStatus, b.byStatus),
    notAffected: a.notAffected + b.notAffected,
    patched: a.patched + b.patched,
    daysToPatch: { count: a.daysToPatch.count + b.daysToPatch.count, total: a.daysToPatch.total + b.daysToPatch.total, max: maxes.length > 0 ? Math.max(...maxes) : undefined },
    openBySeverity: sum(a.openBySeverity, b.openBySeverity),
    oldestOpen: oldest,
  };
}

/** The CLI's vulnerabilities line: `5 vulnerabilities · 2 patched of 4 affected (50%) · days to patch: mean 35, max 48 · open: 1 critical, 1 high · oldest open: VULN-1 (88 days)`. */
export function vulnerabilityLine(metrics: VulnerabilityMetrics): string {
  const affected = metrics.total - metrics.notAffected;
  const share = affected === 0 ? '' : ` (${Math.round((metrics.patched / affected) * 100)}%)`;
  const parts = [countOf(metrics.total, 'vulnerability', 'vulnerabilities'), `${metrics.patched} patched of ${affected} affected${share}`];
  if (metrics.daysToPatch.count > 0) {
    parts.push(`days to patch: mean ${Math.round(metrics.daysToPatch.total / metrics.daysToPatch.count)}, max ${metrics.daysToPatch.max}`);
  }
  const open = Object.entries(metrics.openBySeverity).sort(([a], [b]) => severityOrder(a) - severityOrder(b));
  parts.push(open.length === 0 ? 'none open' : `open: ${open.map(([severity, count]) => `${count} ${severity}`).join(', ')}`);
  if (metrics.oldestOpen) {
    parts.push(`oldest open: ${metrics.oldestOpen.id}${metrics.oldestOpen.days === undefined ? ` (identified ${metrics.oldestOpen.identified})` : ` (${metrics.oldestOpen.days} days)`}`);
  }
  return parts.join(' · ');
}

function severityOrder(severity: string): number {
  const order = ['critical', 'high', 'medium', 'low'].indexOf(severity);
  return order === -1 ? 4 : order;
}

function add(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** SBOM components by level of support, and how many are past their end of support (the product itself left out). */
export interface ComponentMetrics {
  readonly total: number;
  readonly bySupport: Readonly<Record<string, number>>;
  readonly ended: number;
}

export const NO_COMPONENTS: ComponentMetrics = { total: 0, bySupport: {}, ended: 0 };

/** Counts the components among `items` by their support, read with the configured property names. */
export function componentMetrics(items: Iterable<ItemDefinition>, support: TraceConfig['support'], today: string | undefined): ComponentMetrics {
  const bySupport: Record<string, number> = {};
  let total = 0;
  let ended = 0;
  for (const item of items) {
    if (item.kind !== 'component' || item.attributes['metadata component'] === 'true') {
      continue;
    }
    total++;
    const { level, endOfSupport: eos } = componentSupportOf(item, support.levelProperties, support.endOfSupportProperties);
    add(bySupport, level);
    if (eos.kind === 'ended' || (eos.kind === 'date' && today !== undefined && eos.date < today)) {
      ended++;
    }
  }
  return { total, bySupport, ended };
}

export function combineComponentMetrics(a: ComponentMetrics, b: ComponentMetrics): ComponentMetrics {
  const bySupport = { ...a.bySupport };
  for (const [level, count] of Object.entries(b.bySupport)) {
    bySupport[level] = (bySupport[level] ?? 0) + count;
  }
  return { total: a.total + b.total, bySupport, ended: a.ended + b.ended };
}

/** The CLI's components line: `11 SBOM components · 9 actively maintained, 2 unknown · 1 past its end of support`. */
export function componentLine(metrics: ComponentMetrics): string {
  const levels = ['actively maintained', 'no longer maintained', 'abandoned', 'unknown'].filter((level) => (metrics.bySupport[level] ?? 0) > 0);
  return [countOf(metrics.total, 'SBOM component'), levels.map((level) => `${metrics.bySupport[level]} ${level}`).join(', '), `${metrics.ended} past end of support`].filter(Boolean).join(' · ');
}
