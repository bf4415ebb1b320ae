/** A zero-based position in a text document, in UTF-16 code units like the editor's. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A zero-based, end-exclusive span in a text document. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A range in a workspace file; `path` is relative to the workspace root and uses `/`. */
export interface Location {
  readonly path: string;
  readonly range: Range;
}

/** The JSP kinds of traced item, as named in DESIGN.md section 3: each is recognised by its ID pattern. */
export type JspKind =
  | 'objective'
  | 'misuse'
  | 'threat'
  | 'requirement'
  | 'control'
  | 'test'
  | 'vulnerability'
  | 'risk'
  | 'component';

/**
 * Every kind of traced item: the JSP kinds, and OpenFastTrace's specification items (`req~name~1`, coverage
 * tags), which only OpenFastTrace's syntax defines and only OpenFastTrace's rules judge.
 */
export type ItemKind = JspKind | 'specification';

/** The JSP kinds, in the order reports list them: the kinds that have an ID pattern. */
export const JSP_KINDS: readonly JspKind[] = ['objective', 'misuse', 'threat', 'requirement', 'control', 'test', 'vulnerability', 'risk', 'component'];

/** Every item kind, in the order reports list them. */
export const ITEM_KINDS: readonly ItemKind[] = [...JSP_KINDS, 'specification'];

/**
 * What people call each kind, for hovers, lenses, tree labels and the matrix. The webview imports this
 * constant too: this file imports nothing, so only the constant enters its bundle.
 */
export const KIND_NAMES: Readonly<Record<ItemKind, string>> = {
  objective: 'Security objective',
  misuse: 'Misuse case',
  threat: 'Threat',
  requirement: 'Security requirement',
  control: 'Security control',
  test: 'Test case',
  vulnerability: 'Vulnerability',
  risk: 'Risk acceptance',
  component: 'SBOM component',
  specification: 'Specification item',
};

/** Typed, directed links between items (or from a code location to an item). */
export type LinkType = 'derives' | 'mitigates' | 'implements' | 'verifies' | 'accepts' | 'affects' | 'resolves' | 'depends' | 'covers';

/** An item defined in a file, e.g. by a Markdown heading `## SR-12: Authenticate pump commands`. */
export interface ItemDefinition {
  readonly id: string;
  readonly kind: ItemKind;
  readonly title: string;
  /** Where the ID itself is written in the defining heading or table cell. */
  readonly location: Location;
  /** The whole section (or table row) that belongs to the item. */
  readonly sectionRange: Range;
  /** Other `Key: value` lines of the section, keyed by the lower-cased key (e.g. `category`). */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * A link declared in a file. `from` is the ID of the item whose section declares it, or undefined when
 * the source is the code location itself (an `@implements` annotation in a comment).
 */
export interface Link {
  readonly type: LinkType;
  readonly from: string | undefined;
  readonly to: string;
  /** Where the target ID is written. */
  readonly location: Location;
  /** True when the link was written in a file matched as a test. */
  readonly inTest: boolean;
  /** For an `@verifies` annotation in a test file: the test it stands on, which test results join to. */
  readonly test?: TestSite;
  /** How a document or comment wrote the link, for messages; absent for links read from evidence (SBOMs). */
  readonly declaration?: LinkDeclaration;
}

/** The key or verb that declared a link, as written, and where: `Verifies:` line, `Verified by` cell, `@tests`. */
export interface LinkDeclaration {
  /** The key or verb as written, without the colon of a line: `Derives from`, `Verified by`, `@tests`. */
  readonly key: string;
  readonly place: 'line' | 'cell' | 'front matter' | 'annotation';
  /**
   * Present (true) for a key that links the other way round (`Resolved by:`): the written ID is the link's
   * `from` and the section's item its `to`. Absent rather than false, so contributions survive JSON unchanged.
   */
  readonly reversed?: true;
}

/**
 * The test an annotation stands on: the function, method or `it()`/`test()` title it is written above or
 * inside, with the enclosing `describe` titles or class names. `name` is absent for an annotation at file
 * level (before the first test), which verifies through every test of its file; absent rather than
 * undefined, so that contributions compare equal after a trip through JSON.
 */
export interface TestSite {
  readonly name?: string;
  /** Outermost first: `describe` titles (jest, mocha), class names (pytest, JUnit), a gtest suite. */
  readonly enclosing: readonly string[];
}

/** An ID mentioned without a link verb: it counts for find-references, not for coverage. */
export interface Reference {
  readonly id: string;
  readonly location: Location;
}

/**
 * A problem a reader found in a file: by default that it could not be read (parsed, too large, ...); or a
 * finding of another rule that only the reader can see, such as a threat in a threat model without an ID.
 */
export interface FileProblem {
  readonly message: string;
  readonly range: Range;
  /** The rule, when not `unreadable-file`. */
  readonly rule?: string;
  /** What the finding is about, when not the file's path. */
  readonly item?: string;
}

/** How one test case ended in a JUnit XML result file. */
export type TestOutcome = 'passed' | 'failed' | 'error' | 'skipped';

/** A `<property name value>` of a test case. */
export interface TestProperty {
  readonly name: string;
  readonly value: string;
}

/** One `<testcase>` of a JUnit XML file, with where it stands in that file. */
export interface TestCaseResult {
  /** The `name` of the nearest enclosing `<testsuite>` (`''` when it has none). */
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  /** The `file` attribute of the test case or else of its suite (pytest xunit1, mocha), with `/` separators. */
  readonly file?: string;
  readonly properties: readonly TestProperty[];
  /** The requirement IDs of the test case's `verifies` properties, split on commas and spaces. */
  readonly verifies: readonly string[];
  readonly outcome: TestOutcome;
  /** The `message` of the failure, error or skip, else the first line of its text. */
  readonly message?: string;
  /** The `timestamp` of the nearest enclosing suite that has one, as written. */
  readonly timestamp?: string;
  /** The `time` attribute: the duration in seconds. */
  readonly duration?: number;
  /** Where the `<testcase` start tag begins in the file. */
  readonly position: Position;
}

/** The package ecosystems whose lockfiles a lockfile reader reads, named as purl types. */
export type LockfileEcosystem = 'npm' | 'pypi' | 'cargo' | 'golang';

/** One package at one version, as a lockfile pins it. */
export interface LockedPackage {
  /** The package URL an SBOM would list it under: `pkg:npm/%40babel/core@7.26.0`. */
  readonly purl: string;
  readonly ecosystem: LockfileEcosystem;
  /** As the lockfile writes it (`@babel/core`, `Django`, `github.com/pkg/errors`). */
  readonly name: string;
  readonly version: string;
  /** Where the package is written: the npm key, the `name = ` line, the requirement, the go.sum line. */
  readonly range: Range;
  /** Needed only to develop the project: npm `dev`/`devOptional`, a Poetry dev group, a dev requirements file. */
  readonly dev: boolean;
}

/** Everything one file contributes to the graph. Extractors produce it from `(path, text)`. */
export interface FileContributions {
  readonly path: string;
  readonly items: readonly ItemDefinition[];
  readonly links: readonly Link[];
  readonly references: readonly Reference[];
  readonly problems: readonly FileProblem[];
  /** The test cases of a test results file (JUnit XML); absent for other files. */
  readonly testCases?: readonly TestCaseResult[];
  /** The packages a lockfile pins; absent for other files. */
  readonly packages?: readonly LockedPackage[];
}

/** How serious a finding is. */
export type Severity = 'error' | 'warning' | 'info';
/** What a rule can be configured to: a {@link Severity}, or `off` to disable the rule. */
export type SeveritySetting = Severity | 'off';

/** A related location shown with a finding, e.g. the first definition of a duplicate ID. */
export interface RelatedLocation {
  readonly location: Location;
  readonly message: string;
}

/** A gap in the traceability: a rule that does not hold for one item, at one place. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** The ID the finding is about. */
  readonly item: string;
  readonly location: Location;
  readonly related: readonly RelatedLocation[];
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function sameLocation(a: Location, b: Location): boolean {
  return a.path === b.path && sameRange(a.range, b.range);
}

/** Orders locations by path, then position, so that output is stable. */
export function compareLocations(a: Location, b: Location): number {
  if (a.path !== b.path) {
    return a.path < b.path ? -1 : 1;
  }
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
