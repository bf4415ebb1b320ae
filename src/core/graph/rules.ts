import type { FileProblem, Finding, ItemDefinition, Link, Location, RelatedLocation, Severity, SeveritySetting } from '../model';
import { isMarkdown } from '../config/files';
import type { TraceGraph } from './graph';
import { acceptanceLinks, derivations, implementations, mitigations, threatNotApplicable, verifications } from './coverage';
import { RULES, RuleName, ruleInfo } from './ruleCatalog';
import { acceptanceProblem } from './riskAcceptance';
import { categoriesOf, closestCategories } from './categories';
import { isFailure, ran, type TestResultsView } from './testResults';
import type { TestEvidence } from '../extract/junitJoin';
import { resultTimeText } from '../util/dates';
import { checkComponent, checkVulnerability, supportAddendum, type Report } from './maintenanceRules';
import { DEFAULT_END_OF_SUPPORT_PROPERTIES, DEFAULT_LEVEL_PROPERTIES } from './componentSupport';
import { DEFAULT_POLICY, type VulnerabilityPolicy } from './vulnerabilities';
import { checkOutdatedLink, checkSpecificationItem, type OftRevisionsView } from './oftRules';

/** What the rules need besides the graph: the date that expiry is measured against, and the test results. */
export interface RuleContext {
  /** Today as `YYYY-MM-DD`, from the host (or fixed by `--today`); without it expiry is not checked. */
  readonly today: string | undefined;
  /** The test results joined to requirements; without them no result is checked. */
  readonly testResults?: TestResultsView;
  /** The vulnerability clocks' policy; without one, the JSP's 30 and 60 days. */
  readonly policy?: VulnerabilityPolicy;
  /** The vulnerability records that name each CVE, for VEX entries. */
  readonly recordsByCve?: ReadonlyMap<string, readonly string[]>;
  /** The component property names of the support level and the end of support. */
  readonly support?: { readonly levelProperties: readonly string[]; readonly endOfSupportProperties: readonly string[] };
  /** The defined revisions of OpenFastTrace items; without them no coverage link is found outdated. */
  readonly oftRevisions?: OftRevisionsView;
}


/** The rule catalog, re-exported so that every import of the rules from here keeps working. */
export * from './ruleCatalog';

/** The severity of each rule after the configuration's overrides; a rule that is off is absent. */
export function effectiveSeverities(overrides: Readonly<Record<string, SeveritySetting>>): Map<RuleName, Severity> {
  const severities = new Map<RuleName, Severity>();
  for (const rule of RULES) {
    const setting = overrides[rule.name] ?? rule.defaultSeverity;
    if (setting !== 'off') {
      severities.set(rule.name, setting);
    }
  }
  return severities;
}

/**
 * Every finding about one ID. All findings are keyed by the ID they concern, and each rule looks at most
 * one link away, which is what lets the index re-check only the IDs a change touched.
 */
export function checkId(id: string, graph: TraceGraph, severities: ReadonlyMap<RuleName, Severity>, context: RuleContext = { today: undefined }): Finding[] {
  const findings: Finding[] = [];
  const report = (rule: RuleName, location: Location, message: string, related: RelatedLocation[] = []): void => {
    const severity = severities.get(rule);
    if (severity) {
      findings.push({ rule, severity, message, item: id, location, related });
    }
  };

  const definitions = graph.definitions(id);
  const item = definitions[0];
  if (!item) {
    for (const link of graph.incoming(id)) {
      // An SBOM or VEX may point at what the workspace does not hold (Dependency-Track names its project by
      // UUID, a VEX names components of an SBOM elsewhere): only documents and code are held to their links.
      // A coverage link to another revision of a defined OpenFastTrace item is outdated, not unknown.
      const outdated = link.type === 'covers' && context.oftRevisions !== undefined && checkOutdatedLink(link, context.oftRevisions, report);
      if (!isSbomReference(link) && !outdated) {
        report(RuleName.UnknownReference, link.location, `${describeLink(link)} names ${id}, which is not defined anywhere in the workspace.`);
      }
    }
    for (const link of graph.outgoing(id)) {
      // A reversed key (`Verified by: TC-9`) writes the link's source: an unknown one is reported where it is written.
      if (link.declaration?.reversed) {
        report(RuleName.UnknownReference, link.location, `${describeLink(link)} names ${id}, which is not defined anywhere in the workspace.`);
      }
    }
    for (const reference of graph.references(id)) {
      report(RuleName.UnknownReference, reference.location, `${id} is not defined anywhere in the workspace.`);
    }
    return findings;
  }

  const component = item.kind === 'component' ? supportAddendum(definitions) : undefined;
  for (const duplicate of component ? [] : definitions.slice(1)) {
    report(
      RuleName.DuplicateId,
      duplicate.location,
      `${id} is defined more than once; the first definition is at ${describeLocation(item.location)}. Give this one a new ID.`,
      [{ location: item.location, message: `First definition of ${id}` }],
    );
  }

  checkItem(component ?? item, graph, context, report);
  return findings;
}

/** The rules of a defined item's kind. */
function checkItem(item: ItemDefinition, graph: TraceGraph, context: RuleContext, report: Report): void {
  const id = item.id;
  if (item.kind === 'threat') {
    checkThreat(item, graph, context, report);
  }
  if (item.kind === 'specification') {
    checkSpecificationItem(item, graph, report);
  }
  if (item.kind === 'vulnerability') {
    checkVulnerability(item, graph, { today: context.today, policy: context.policy ?? DEFAULT_POLICY, recordsByCve: context.recordsByCve ?? new Map() }, report);
  }
  if (item.kind === 'component') {
    const support = context.support ?? { levelProperties: DEFAULT_LEVEL_PROPERTIES, endOfSupportProperties: DEFAULT_END_OF_SUPPORT_PROPERTIES };
    checkComponent(item, graph, { today: context.today, ...support }, report);
  }
  if (item.kind === 'risk') {
    const problem = acceptanceProblem(item, context.today);
    if (problem) {
      report(problem.rule, item.location, `Risk acceptance ${label(item)} ${problem.reason}, so it accepts no risk until it is ${problem.rule === RuleName.RiskAcceptanceExpired ? 'reassessed and its "Expires:" renewed' : 'approved and dated'}.`);
    }
  }
  const unknown = categoriesOf(item).unknown;
  if (unknown.length > 0) {
    const names = unknown.map((value) => `"${value}" (closest: ${closestCategories(value).join(' or ')})`).join(', ');
    report(RuleName.ControlCategoryUnknown, item.location, `${label(item)} names ${unknown.length === 1 ? 'a category' : 'categories'} that FDA's guidance does not list: ${names}.`);
  }
  if (item.kind === 'requirement') {
    if (derivations(graph, id).length === 0) {
      report(
        RuleName.RequirementNotDerived,
        item.location,
        `Requirement ${label(item)} does not derive from a security objective or misuse case: add "Derives from: SO-n" to its section.`,
      );
    }
    if (implementations(graph, id).length === 0) {
      report(RuleName.RequirementNotImplemented, item.location, `Requirement ${label(item)} is not implemented: no code is annotated "@implements ${id}".`);
    }
    const evidence = context.testResults?.evidence(id) ?? [];
    const tests = verifications(graph, id);
    // A result that names the requirement itself (a "verifies" property) verifies it as an annotation does.
    if (tests.length === 0 && evidence.length === 0) {
      report(RuleName.RequirementNotVerified, item.location, `Requirement ${label(item)} is not verified: no test is annotated "@verifies ${id}".`);
    } else if (context.testResults?.hasResults) {
      checkTestResults(item, tests, evidence, report);
    }
  }
}

/** `test-failing` at each failing test's annotation, and `requirement-verification-not-run` when none ran. */
function checkTestResults(item: ItemDefinition, tests: readonly Link[], evidence: readonly TestEvidence[], report: Report): void {
  for (const entry of evidence.filter((candidate) => isFailure(candidate.outcome))) {
    const annotation = entry.annotation;
    const at = annotation && tests.find((link) => link.location.path === annotation.path && link.location.range.start.line === annotation.line);
    const verb = entry.outcome === 'error' ? 'ended with an error' : 'failed';
    const when = [entry.result.path, entry.time === undefined ? undefined : resultTimeText(entry.time)].filter(Boolean).join(', ');
    const detail = entry.message ? `: ${entry.message}` : '.';
    report(RuleName.TestFailing, at?.location ?? entry.result, `Test "${entry.testCase.name}" verifies ${label(item)} and ${verb} in its latest result (${when})${detail}`, [
      { location: entry.result, message: `Latest result of "${entry.testCase.name}": ${entry.outcome}` },
    ]);
  }
  if (!evidence.some((entry) => ran(entry.outcome))) {
    const count = tests.length || evidence.length;
    const which = count === 1 ? 'its test did not run' : `none of its ${count} tests ran`;
    report(
      RuleName.RequirementVerificationNotRun,
      item.location,
      `Requirement ${label(item)} is verified, but ${which} in the workspace's test results (${evidence.length > 0 ? 'only skipped' : 'no result'}): run ${count === 1 ? 'it' : 'them'} in the job that writes the results, or check the "testResults" globs in jsp-trace.jsonc.`,
    );
  }
}

/** `threat-not-mitigated`, saying why each risk acceptance of the threat does not count. */
function checkThreat(item: ItemDefinition, graph: TraceGraph, context: RuleContext, report: Report): void {
  const id = item.id;
  if (mitigations(graph, id).length > 0 || threatNotApplicable(item) !== undefined) {
    return;
  }
  const accepting = [...new Set(acceptanceLinks(graph, id).map((link) => link.from!))];
  const reasons: string[] = [];
  for (const acceptance of accepting) {
    const problem = acceptanceProblem(graph.item(acceptance)!, context.today);
    if (!problem) {
      return;
    }
    reasons.push(`${acceptance} does not count because it ${problem.reason}`);
  }
  const why = reasons.length === 0 ? 'no risk acceptance accepts it' : `the risk acceptance ${reasons.join('; ')}`;
  const modelSays = modelStatusNote(item);
  report(RuleName.ThreatNotMitigated, item.location, `Threat ${label(item)} is not mitigated: no requirement or control declares "Mitigates: ${id}", and ${why}.${modelSays}`);
}

/** What a threat model's own status means here: a free-text mitigation in the model is not a trace. */
function modelStatusNote(item: ItemDefinition): string {
  const status = item.attributes['status'];
  const model = item.attributes['threat model'];
  if (!model || !status || status.toLowerCase() === 'open') {
    return '';
  }
  return ` ${model} marks it ${status}, but the model's own mitigation text is not a trace.`;
}

/**
 * `control-category-empty` for one of FDA's categories: the item is the category's name, reported at
 * `anchor` (the configuration file, or else the first requirements document).
 */
export function checkCategory(
  name: string,
  members: number,
  justified: boolean,
  anchor: Location | undefined,
  severities: ReadonlyMap<RuleName, Severity>,
): Finding[] {
  const severity = severities.get(RuleName.ControlCategoryEmpty);
  if (!severity || members > 0 || justified || !anchor) {
    return [];
  }
  const message = `No requirement or control is in FDA's category "${name}": add "Category: ${name}" to one, or record why none is needed under "categories" in jsp-trace.jsonc.`;
  return [{ rule: RuleName.ControlCategoryEmpty, severity, message, item: name, location: anchor, related: [] }];
}

/**
 * The findings of the problems a reader found in one file: `unreadable-file` (its item the file's path)
 * unless a problem names another rule. A document or evidence file can define items, so by default it is
 * unreadable as an error; code as a warning. A severity set for a rule in the configuration applies.
 */
export function checkFile(path: string, problems: readonly FileProblem[], overrides: Readonly<Record<string, SeveritySetting>>, isEvidence: boolean): Finding[] {
  return problems.flatMap((problem) => {
    const rule = problem.rule ?? RuleName.UnreadableFile;
    const fallback = rule === RuleName.UnreadableFile ? (isMarkdown(path) || isEvidence ? 'error' : 'warning') : (ruleInfo(rule)?.defaultSeverity ?? 'warning');
    const severity = overrides[rule] ?? fallback;
    if (severity === 'off') {
      return [];
    }
    return [{ rule, severity, message: withFullStop(problem.message), item: problem.item ?? path, location: { path, range: problem.range }, related: [] }];
  });
}

function withFullStop(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function label(item: ItemDefinition): string {
  return item.title ? `${item.id} "${item.title}"` : item.id;
}

function isSbomReference(link: Link): boolean {
  return (link.type === 'depends' || link.type === 'affects') && link.location.path.toLowerCase().endsWith('.json');
}

/**
 * How a message names what declared a link, as it was written: `TC-2's "Verifies:" line`, `TC-2's "Verifies"
 * cell`, `VULN-1's "Resolved by:" line`, `@tests`.
 */
function describeLink(link: Link): string {
  const declaration = link.declaration;
  if (!declaration && link.type === 'covers' && link.from !== undefined) {
    return `The coverage link of ${link.from}`;
  }
  if (!declaration) {
    return link.from === undefined ? `@${link.type}` : `${link.from}'s "${link.type === 'derives' ? 'Derives from' : link.type[0]!.toUpperCase() + link.type.slice(1)}:" line`;
  }
  if (declaration.place === 'annotation') {
    return declaration.key;
  }
  const place = declaration.place === 'line' ? `"${declaration.key}:" line` : declaration.place === 'cell' ? `"${declaration.key}" cell` : `front matter field "${declaration.key}"`;
  const owner = declaration.reversed ? link.to : link.from;
  return owner === undefined ? `A ${place}` : `${owner}'s ${place}`;
}

/** `path:line` with a one-based line, as people write it. */
export function describeLocation(location: Location): string {
  return `${location.path}:${location.range.start.line + 1}`;
}
