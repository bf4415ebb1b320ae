import type { ItemKind } from '../model';
import type { TraceIndex } from '../graph/traceIndex';
import { derivations, implementations, mitigations, acceptances, verifications } from '../graph/coverage';
import { COVERAGE_MEASURES } from './coverageWording';
import { PHASE_TITLES, type JspPhase } from './matrixVocabulary';
import { distinctVulnerabilities, isSbomSubject, keptClocks, supportKnown, supportOf } from './matrixMaintenance';

/** One output the JSP names for a phase, and how far the workspace has it. */
export interface PhaseOutput {
  readonly name: string;
  /** Items or files found. */
  readonly count: number;
  /** How complete the output is, when that can be measured: `done` of `total`. */
  readonly completeness?: { readonly done: number; readonly total: number; readonly meaning: string };
  /** Paths of evidence files, for outputs that are files rather than items. */
  readonly files?: readonly string[];
}

/** One JSP phase with its title and the outputs the workspace has of it. */
export interface PhaseStatus {
  readonly phase: JspPhase;
  readonly title: string;
  readonly outputs: readonly PhaseOutput[];
}

/**
 * Which of the outputs the JSP names for each phase the workspace holds, and how complete they are
 * (JSP Quick Reference Guide: concept — objectives, misuse cases, maintenance plan; design — threat
 * model, traceable requirements, controls, SBOM; V&V — test evidence, residual-risk rationale;
 * maintenance — the plan carried out: vulnerability records on their clocks, the SBOM with each
 * component's support).
 */
export function jspPhases(index: TraceIndex): PhaseStatus[] {
  const graph = index.graph;
  const idsOf = (kind: ItemKind) => [...graph.ids()].filter((id) => graph.item(id)!.kind === kind);
  const share = (ids: readonly string[], test: (id: string) => boolean, meaning: string) => ({
    done: ids.filter(test).length,
    total: ids.length,
    meaning,
  });
  const objectives = idsOf('objective');
  const misuse = idsOf('misuse');
  const threats = idsOf('threat');
  const requirements = idsOf('requirement');
  const controls = idsOf('control');
  const tests = idsOf('test');
  const risks = idsOf('risk');
  const vulnerabilities = distinctVulnerabilities(index, idsOf('vulnerability'));
  const onClocks = vulnerabilities.filter(({ facts }) => keptClocks(index, facts) !== undefined);
  const components = idsOf('component').filter((id) => !isSbomSubject(graph.item(id)!));
  const derivedFrom = (id: string) => graph.incoming(id).some((link) => link.type === 'derives');
  const evidence = (kind: string) => [...index.evidence].filter(([, k]) => k === kind).map(([path]) => path).sort();
  // A register of vulnerability records lives next to the plan, but is not one.
  const maintenancePlans = [...graph.files()]
    .filter((file) => file.items.every((item) => item.kind !== 'vulnerability'))
    .map((file) => file.path)
    .filter((path) => /maintenance|update[-_ ]?plan|patch/i.test(path) && /\.(md|markdown)$/i.test(path))
    .sort(); // in any order the files were indexed
  const sboms = evidence('sbom');
  const status = (phase: JspPhase, outputs: PhaseOutput[]): PhaseStatus => ({ phase, title: PHASE_TITLES[phase], outputs });

  return [
    status('concept', [
      { name: 'Security objectives', count: objectives.length, completeness: share(objectives, derivedFrom, 'with a requirement derived from them') },
      { name: 'Misuse cases', count: misuse.length, completeness: share(misuse, derivedFrom, 'with a requirement derived from them') },
      { name: 'Maintenance plan', count: maintenancePlans.length, files: maintenancePlans },
    ]),
    status('design', [
      {
        name: 'Threat model',
        count: threats.length,
        completeness: share(threats, (id) => mitigations(graph, id).length + acceptances(graph, id, index.config.today).length > 0, COVERAGE_MEASURES.mitigated.meaning),
      },
      { name: 'Security requirements', count: requirements.length, completeness: share(requirements, (id) => derivations(graph, id).length > 0, COVERAGE_MEASURES.derived.meaning) },
      { name: 'Security controls', count: controls.length, completeness: share(controls, (id) => graph.outgoing(id).length > 0, 'linked to a requirement or threat') },
      {
        name: 'Implementation traced',
        count: requirements.length,
        completeness: share(requirements, (id) => implementations(graph, id).length > 0, COVERAGE_MEASURES.implemented.meaning),
      },
      { name: 'SBOM', count: sboms.length, files: sboms },
    ]),
    status('verification', [
      { name: 'Requirements verified', count: requirements.length, completeness: share(requirements, (id) => verifications(graph, id).length > 0, COVERAGE_MEASURES.verified.meaning) },
      { name: 'Test cases', count: tests.length, completeness: share(tests, (id) => graph.outgoing(id).some((link) => link.type === 'verifies'), 'verifying a requirement') },
      { name: 'Test results', count: evidence('test-results').length, files: evidence('test-results') },
      {
        name: 'Residual-risk acceptances',
        count: risks.length,
        completeness: share(risks, (id) => Boolean(graph.item(id)!.attributes['approved by']), 'with an approver'),
      },
    ]),
    status('maintenance', [
      { name: 'Maintenance plan', count: maintenancePlans.length, files: maintenancePlans },
      { name: 'SBOM', count: sboms.length, files: sboms },
      {
        name: 'SBOM components',
        count: components.length,
        completeness: share(components, (id) => supportKnown(supportOf(index, graph.item(id)!)), 'with their level and end of support known'),
      },
      {
        name: 'Vulnerability records',
        count: vulnerabilities.length,
        completeness: { done: onClocks.filter(({ facts }) => keptClocks(index, facts)).length, total: onClocks.length, meaning: 'on the clock, communicated and patched on time' },
        files: [...new Set(vulnerabilities.map(({ id }) => graph.item(id)!.location.path))].sort(),
      },
    ]),
  ];
}
