/**
 * The rule catalog: each rule's stable name, default severity, human title, description and the sentence
 * that states its problem for one item. Only types come in, so the webview bundle imports this file
 * without taking in the graph code of rules.ts (which re-exports it).
 */
import type { ItemKind, Severity } from '../model';

/** Stable rule names: they are part of the interface (config, CLI output, diagnostic codes). */
export const enum RuleName {
  /** An ID is defined more than once. */
  DuplicateId = 'duplicate-id',
  /** A link or mention names an ID that is defined nowhere. */
  UnknownReference = 'unknown-reference',
  /** A threat that no requirement or control mitigates and no risk acceptance accepts. */
  ThreatNotMitigated = 'threat-not-mitigated',
  /** A threat in a threat-modelling tool's file with no ID: no ID at the start of its title and no number. */
  ThreatWithoutId = 'threat-without-id',
  /** A requirement that derives from no objective or misuse case. */
  RequirementNotDerived = 'requirement-not-derived',
  /** A requirement that nothing implements. */
  RequirementNotImplemented = 'requirement-not-implemented',
  /** A requirement that no test verifies. */
  RequirementNotVerified = 'requirement-not-verified',
  /** A test that verifies a requirement failed or errored in its latest result. */
  TestFailing = 'test-failing',
  /** Test results exist, but none of a requirement's verifying tests ran (passed, failed or errored) in them. */
  RequirementVerificationNotRun = 'requirement-verification-not-run',
  /** A risk acceptance without an approver or a valid approval date. */
  RiskAcceptanceUnapproved = 'risk-acceptance-unapproved',
  /** A risk acceptance whose `Expires:` date is before today. */
  RiskAcceptanceExpired = 'risk-acceptance-expired',
  /** A `Category:` value of a requirement or control that is none of FDA's eight security control categories. */
  ControlCategoryUnknown = 'control-category-unknown',
  /** One of FDA's eight categories that no requirement or control claims, and that the configuration does not justify. */
  ControlCategoryEmpty = 'control-category-empty',
  /** An SBOM component whose level of support is unknown, or whose end of support is missing without a justification. */
  ComponentSupportUnknown = 'component-support-unknown',
  /** An SBOM component no longer maintained, abandoned, or past its end of support, that nothing accepts or resolves. */
  ComponentEndOfSupport = 'component-end-of-support',
  /** A package a lockfile pins that no SBOM lists at that version. */
  SbomDrift = 'sbom-drift',
  /** A vulnerability with no triage status. */
  VulnerabilityUntriaged = 'vulnerability-untriaged',
  /** An uncontrolled vulnerability not communicated within the policy's days of being identified. */
  VulnerabilityCommunicationOverdue = 'vulnerability-communication-overdue',
  /** An uncontrolled vulnerability not patched within the policy's days of being identified. */
  VulnerabilityPatchOverdue = 'vulnerability-patch-overdue',
  /** A vulnerability record and the VEX entry for the same CVE disagree on its status. */
  VulnerabilityConflict = 'vulnerability-conflict',
  /** An OpenFastTrace item that no item of an artifact type it needs (`Needs: impl, utest`) covers. */
  OftUncoveredArtifactType = 'oft-uncovered-artifact-type',
  /** An OpenFastTrace coverage link that names another revision of an item than the one defined. */
  OftOutdatedLink = 'oft-outdated-link',
  /** An OpenFastTrace coverage link from an artifact type the covered item does not need. */
  OftUnwantedCoverage = 'oft-unwanted-coverage',
  /** A file the index selected but could not read: parse failure, size limit, binary content, read error. */
  UnreadableFile = 'unreadable-file',
}

/** A named check: its default severity, how people read it, and a sentence for documentation and help. */
export interface RuleInfo {
  readonly name: RuleName;
  readonly defaultSeverity: Severity;
  /** A short title for people who do not read rule codes: `Requirement not verified`. */
  readonly title: string;
  /** What the rule expects of every item: `Every requirement is verified by a test.` */
  readonly description: string;
  /** The gap this rule reports, stated for one item (an ID, or a path for a file): `SR-3 is not verified by any test.` */
  readonly problem: (item: string) => string;
  /** For a rule of a scheme a workspace may not use (OpenFastTrace): the kind without whose items it is not listed. */
  readonly onlyWithKind?: ItemKind;
}

/** Every rule, in the order the panel, the status bar and the documentation list them. */
export const RULES: readonly RuleInfo[] = [
  {
    name: RuleName.DuplicateId,
    defaultSeverity: 'error',
    title: 'Duplicate ID',
    description: 'No ID is defined twice.',
    problem: (item) => `${item} is defined more than once.`,
  },
  {
    name: RuleName.UnknownReference,
    defaultSeverity: 'error',
    title: 'Unknown reference',
    description: 'Every link and mention names a defined ID.',
    problem: (item) => `${item} is referenced but not defined anywhere in the workspace.`,
  },
  {
    name: RuleName.ThreatNotMitigated,
    defaultSeverity: 'error',
    title: 'Threat not mitigated',
    description: 'Every threat is mitigated by a requirement or control, or accepted by a risk acceptance.',
    problem: (item) => `${item} is not mitigated by any requirement or control, and no risk acceptance accepts it.`,
  },
  {
    name: RuleName.ThreatWithoutId,
    defaultSeverity: 'warning',
    title: 'Threat without ID',
    description: 'Every threat in a threat-modelling tool\'s file has an ID: at the start of its title, or from its number.',
    problem: (item) => `${item} is a threat without an ID, so nothing can trace it.`,
  },
  {
    name: RuleName.RequirementNotDerived,
    defaultSeverity: 'warning',
    title: 'Requirement not derived',
    description: 'Every requirement derives from a security objective or misuse case.',
    problem: (item) => `${item} does not derive from any security objective or misuse case.`,
  },
  {
    name: RuleName.RequirementNotImplemented,
    defaultSeverity: 'error',
    title: 'Requirement not implemented',
    description: 'Every requirement is implemented in code.',
    problem: (item) => `${item} is not implemented by any code.`,
  },
  {
    name: RuleName.RequirementNotVerified,
    defaultSeverity: 'error',
    title: 'Requirement not verified',
    description: 'Every requirement is verified by a test.',
    problem: (item) => `${item} is not verified by any test.`,
  },
  {
    name: RuleName.TestFailing,
    defaultSeverity: 'error',
    title: 'Test failing',
    description: 'Every test that verifies a requirement passed in its latest result.',
    problem: (item) => `${item} has a verifying test that failed in its latest result.`,
  },
  {
    name: RuleName.RequirementVerificationNotRun,
    defaultSeverity: 'warning',
    title: 'Requirement verification not run',
    description: 'Where test results exist, every verified requirement has a test that ran in them.',
    problem: (item) => `${item} has no verifying test that ran in the test results.`,
  },
  {
    name: RuleName.RiskAcceptanceUnapproved,
    defaultSeverity: 'error',
    title: 'Risk acceptance unapproved',
    description: 'Every risk acceptance names who approved it ("Approved by:") and when ("Date:", ISO 8601).',
    problem: (item) => `${item} is not approved: it lacks an approver or an ISO 8601 approval date.`,
  },
  {
    name: RuleName.RiskAcceptanceExpired,
    defaultSeverity: 'error',
    title: 'Risk acceptance expired',
    description: 'No risk acceptance is past its "Expires:" date.',
    problem: (item) => `${item} has expired and must be reassessed.`,
  },
  {
    name: RuleName.ControlCategoryUnknown,
    defaultSeverity: 'error',
    title: 'Control category unknown',
    description: 'Every "Category:" of a requirement or control names one of FDA\'s eight security control categories.',
    problem: (item) => `${item} names a category that is none of FDA's eight security control categories.`,
  },
  {
    name: RuleName.ControlCategoryEmpty,
    defaultSeverity: 'info',
    title: 'Control category empty',
    description: 'Each of FDA\'s eight security control categories has a requirement or control, or a justification in jsp-trace.jsonc.',
    problem: (item) => `${item} has no requirement or control, and jsp-trace.jsonc gives no justification.`,
  },
  {
    name: RuleName.ComponentSupportUnknown,
    defaultSeverity: 'warning',
    title: 'Component support unknown',
    description: 'Every SBOM component has a known level of support and an end of support (a date, or a justification).',
    problem: (item) => `${item} has no known level of support or end of support.`,
  },
  {
    name: RuleName.ComponentEndOfSupport,
    defaultSeverity: 'error',
    title: 'Component end of support',
    description: 'No SBOM component is unmaintained or past its end of support, unless a risk acceptance accepts it or a requirement resolves it.',
    problem: (item) => `${item} is no longer supported, and nothing accepts or resolves that.`,
  },
  {
    name: RuleName.SbomDrift,
    defaultSeverity: 'warning',
    title: 'SBOM drift',
    description: 'Every package a lockfile pins is listed in an SBOM at that version.',
    problem: (item) => `${item} is pinned in a lockfile but listed in no SBOM at that version.`,
  },
  {
    name: RuleName.VulnerabilityUntriaged,
    defaultSeverity: 'warning',
    title: 'Vulnerability untriaged',
    description: 'Every vulnerability has a triage status ("Status:" in a record, analysis.state in VEX).',
    problem: (item) => `${item} has no triage status.`,
  },
  {
    name: RuleName.VulnerabilityCommunicationOverdue,
    defaultSeverity: 'error',
    title: 'Vulnerability communication overdue',
    description: 'Every uncontrolled vulnerability is communicated within 30 days of being identified (policy.communicateWithinDays).',
    problem: (item) => `${item} was not communicated in time.`,
  },
  {
    name: RuleName.VulnerabilityPatchOverdue,
    defaultSeverity: 'error',
    title: 'Vulnerability patch overdue',
    description: 'Every uncontrolled vulnerability is patched within 60 days of being identified (policy.patchWithinDays).',
    problem: (item) => `${item} was not patched in time.`,
  },
  {
    name: RuleName.VulnerabilityConflict,
    defaultSeverity: 'warning',
    title: 'Vulnerability conflict',
    description: 'A vulnerability record and the VEX entry for the same CVE agree on its status.',
    problem: (item) => `${item} has a record and a VEX entry that disagree on its status.`,
  },
  {
    name: RuleName.OftUncoveredArtifactType,
    defaultSeverity: 'error',
    onlyWithKind: 'specification',
    title: 'OFT uncovered artifact type',
    description: 'Every OpenFastTrace item is covered by an item of each artifact type it needs ("Needs: impl, utest").',
    problem: (item) => `${item} is not covered by every artifact type it needs.`,
  },
  {
    name: RuleName.OftOutdatedLink,
    defaultSeverity: 'error',
    onlyWithKind: 'specification',
    title: 'OFT outdated link',
    description: 'Every OpenFastTrace coverage link names the revision of the item that is defined now.',
    problem: (item) => `${item} is covered, but that revision of the item is not the one defined now.`,
  },
  {
    name: RuleName.OftUnwantedCoverage,
    defaultSeverity: 'error',
    onlyWithKind: 'specification',
    title: 'OFT unwanted coverage',
    description: 'Every OpenFastTrace coverage link comes from an artifact type that the covered item needs.',
    problem: (item) => `${item} is covered by an artifact type it does not need.`,
  },
  {
    name: RuleName.UnreadableFile,
    defaultSeverity: 'error',
    title: 'Unreadable file',
    description: 'Every selected file can be read; by default an unreadable code file is a warning, a document or evidence file an error.',
    problem: (item) => `${item} could not be read, so nothing in it is traced.`,
  },
];

const RULES_BY_NAME: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((rule) => [rule.name, rule]));

/** The rule of a name, or undefined for a name no rule has (a rule of a newer version, a typo). */
export function ruleInfo(name: string): RuleInfo | undefined {
  return RULES_BY_NAME.get(name);
}

/** How a rule reads for people: its {@link RuleInfo.title}, or the name itself for an unknown rule. */
export function ruleTitle(name: string): string {
  return ruleInfo(name)?.title ?? name;
}

/** The gap a rule reports about one item, as a sentence; for an unknown rule, its name and the item. */
export function ruleProblem(name: string, item: string): string {
  return ruleInfo(name)?.problem(item) ?? `${item}: ${name}.`;
}
