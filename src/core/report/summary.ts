import { ITEM_KINDS, type Finding, type ItemDefinition, type ItemKind, type Severity } from '../model';
import type { TraceIndex } from '../graph/traceIndex';
import { derivations, implementations, mitigations, acceptances, threatNotApplicable, verifications } from '../graph/coverage';

import { RULES } from '../graph/rules';
import { verdictOf } from '../graph/testResults';
import { componentItem } from '../graph/maintenanceRules';
import {
  NO_COMPONENTS,
  NO_VULNERABILITIES,
  combineComponentMetrics,
  combineVulnerabilityMetrics,
  componentMetrics,
  vulnerabilityMetrics,
  type ComponentMetrics,
  type VulnerabilityMetrics,
} from './maintenanceMetrics';

/** Coverage and finding counts of a workspace: what the CLI prints first and the status bar shows. */
export interface TraceSummary {
  readonly files: number;
  readonly items: Readonly<Record<ItemKind, number>>;
  readonly requirements: {
    readonly total: number;
    readonly derived: number;
    readonly implemented: number;
    readonly verified: number;
    /** Verified, and in the latest test results at least one verifying test passed and none failed. */
    readonly passing: number;
  };
  /** Whether the workspace holds test results: without them "passing" is not measured. */
  readonly testResults: boolean;
  /** `total` counts the threats that need a mitigation; `notApplicable` the ones their model says do not apply. */
  readonly threats: { readonly total: number; readonly mitigated: number; readonly accepted: number; readonly notApplicable: number };
  /** FDA's vulnerability metrics (premarket guidance V.A.6). */
  readonly vulnerabilities: VulnerabilityMetrics;
  /** SBOM components by level of support (premarket guidance V.A.4). */
  readonly components: ComponentMetrics;
  readonly findings: Readonly<Record<Severity, number>> & { readonly total: number };
  /** Findings per rule name; every rule is present, with 0 when it found nothing. */
  readonly byRule: Readonly<Record<string, number>>;
}

/** Counts items, coverage and findings of an index. */
export function summarize(index: TraceIndex, findings: readonly Finding[] = index.findings()): TraceSummary {
  const graph = index.graph;
  const items = Object.fromEntries(ITEM_KINDS.map((kind) => [kind, 0])) as Record<ItemKind, number>;
  const requirements = { total: 0, derived: 0, implemented: 0, verified: 0, passing: 0 };
  const results = index.testResults;
  const threats = { total: 0, mitigated: 0, accepted: 0, notApplicable: 0 };
  const vulnerabilityIds: string[] = [];
  const componentItems: ItemDefinition[] = [];
  for (const id of graph.ids()) {
    const item = graph.item(id)!;
    items[item.kind]++;
    if (item.kind === 'vulnerability') {
      vulnerabilityIds.push(id);
    } else if (item.kind === 'component') {
      componentItems.push(componentItem(graph, id)!);
    }
    if (item.kind === 'requirement') {
      requirements.total++;
      requirements.derived += derivations(graph, id).length > 0 ? 1 : 0;
      requirements.implemented += implementations(graph, id).length > 0 ? 1 : 0;
      const evidence = results.evidence(id);
      requirements.verified += verifications(graph, id).length > 0 || evidence.length > 0 ? 1 : 0;
      requirements.passing += verdictOf(evidence) === 'passing' ? 1 : 0;
    } else if (item.kind === 'threat' && threatNotApplicable(item) !== undefined) {
      threats.notApplicable++;
    } else if (item.kind === 'threat') {
      threats.total++;
      if (mitigations(graph, id).length > 0) {
        threats.mitigated++;
      } else if (acceptances(graph, id, index.config.today).length > 0) {
        threats.accepted++;
      }
    }
  }
  const severities = { error: 0, warning: 0, info: 0 };
  const byRule: Record<string, number> = Object.fromEntries(RULES.map((rule) => [rule.name, 0]));
  for (const finding of findings) {
    severities[finding.severity]++;
    byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  }
  return {
    files: graph.fileCount,
    items,
    requirements,
    testResults: results.hasResults,
    threats,
    vulnerabilities: vulnerabilityMetrics(graph, vulnerabilityIds, index.config.today),
    components: componentMetrics(componentItems, index.config.support, index.config.today),
    findings: { ...severities, total: findings.length },
    byRule,
  };
}

/** Adds up the summaries of several folders, for a multi-root workspace. */
export function combineSummaries(summaries: readonly TraceSummary[]): TraceSummary {
  const add = <T extends Record<string, number>>(a: T, b: T): T =>
    Object.fromEntries(Object.keys({ ...a, ...b }).map((key) => [key, (a[key] ?? 0) + (b[key] ?? 0)])) as T;
  const empty: TraceSummary = {
    files: 0,
    items: Object.fromEntries(ITEM_KINDS.map((kind) => [kind, 0])) as Record<ItemKind, number>,
    requirements: { total: 0, derived: 0, implemented: 0, verified: 0, passing: 0 },
    testResults: false,
    threats: { total: 0, mitigated: 0, accepted: 0, notApplicable: 0 },
    vulnerabilities: NO_VULNERABILITIES,
    components: NO_COMPONENTS,
    findings: { error: 0, warning: 0, info: 0, total: 0 },
    byRule: Object.fromEntries(RULES.map((rule) => [rule.name, 0])),
  };
  return summaries.reduce(
    (sum, next) => ({
      files: sum.files + next.files,
      items: add(sum.items, next.items),
      requirements: add(sum.requirements, next.requirements),
      testResults: sum.testResults || next.testResults,
      threats: add(sum.threats, next.threats),
      vulnerabilities: combineVulnerabilityMetrics(sum.vulnerabilities, next.vulnerabilities),
      components: combineComponentMetrics(sum.components, next.components),
      findings: add(sum.findings, next.findings),
      byRule: add(sum.byRule, next.byRule),
    }),
    empty,
  );
}
