/**
 * The join of test results to annotated tests, kept current one test file at a time: an edit of a test file
 * re-joins only the test cases that could name that file or one of its tests' titles, not every test case
 * of the workspace. The merged test cases are kept while no results file changes.
 */
import { runSteps, type Steps } from '../util/steps';
import type { TestCaseResult } from '../model';
import {
  AnnotationIndex,
  fullTitle,
  joinOne,
  namesFile,
  newestTestCases,
  pathParts,
  titleCandidates,
  type DatedCase,
  type ResultFileInput,
  type TestEvidence,
  type VerifyingAnnotation,
} from '../extract/junitJoin';
import { pushTo } from '../util/collections';

/** The keys under which a test case could find an annotated file or test: by file name, stem, folder or title. */
function caseKeys(testCase: TestCaseResult): string[] {
  if (testCase.file) {
    return [`name:${pathParts(testCase.file.replace(/\\/g, '/')).name}`];
  }
  const classname = testCase.classname.trim().replace(/\$.*$/, '');
  const keys = classname.includes('/') ? [`folder:${classname.slice(classname.lastIndexOf('/') + 1)}`] : classname.split('.').map((segment) => `stem:${segment}`);
  if (!namesFile(testCase)) {
    keys.push(...titleCandidates(testCase).map((title) => `title:${title}`));
  }
  return keys;
}

/** The keys of an annotated file that a test case's keys can meet: see {@link caseKeys}. */
function pathKeys(path: string, annotations: readonly VerifyingAnnotation[]): string[] {
  const { name, stem, folder } = pathParts(path);
  const titles = annotations.flatMap((annotation) => (annotation.testName === undefined ? [] : [`title:${fullTitle(annotation)}`]));
  return [`name:${name}`, `stem:${stem}`, ...(folder ? [`folder:${folder}`] : []), ...titles];
}

/**
 * Joins the test cases of several result files to the requirements their tests verify, at once. For the same
 * test case (classname, name and file) the newest result wins. Returns each requirement's evidence, ordered
 * by result file and position.
 */
export function joinTestResults(annotations: readonly VerifyingAnnotation[], results: readonly ResultFileInput[]): ReadonlyMap<string, readonly TestEvidence[]> {
  const join = runSteps(IncrementalJoin.create(results));
  runSteps(join.joinAll(new AnnotationIndex(annotations)));
  return join.byRequirement;
}

export class IncrementalJoin {
  readonly #cases: readonly DatedCase[];
  readonly #casesByKey = new Map<string, DatedCase[]>();
  readonly #evidenceOf = new Map<DatedCase, TestEvidence[]>();
  readonly #casesByRequirement = new Map<string, Set<DatedCase>>();
  readonly #byRequirement = new Map<string, TestEvidence[]>();

  private constructor(cases: readonly DatedCase[]) {
    this.#cases = cases;
  }

  /** The join of the newest test cases of the result files, not joined yet; a step per test case. */
  static *create(results: readonly ResultFileInput[]): Steps<IncrementalJoin> {
    const join = new IncrementalJoin(yield* newestTestCases(results));
    for (const dated of join.#cases) {
      yield;
      for (const key of new Set(caseKeys(dated.testCase))) {
        pushTo(join.#casesByKey, key, dated);
      }
    }
    return join;
  }

  /** Each requirement's evidence, ordered by result file and position. */
  get byRequirement(): ReadonlyMap<string, readonly TestEvidence[]> {
    return this.#byRequirement;
  }

  /** Joins every test case, a step per case; returns the requirements with evidence. */
  joinAll(annotations: AnnotationIndex): Steps<Set<string>> {
    return this.#rejoinCases(this.#cases, annotations);
  }

  /**
   * Re-joins the test cases an edit of some test files can change: those that joined through them before, and
   * those whose file names or titles meet the files' names or their tests' titles, before or after the edit.
   * Returns the requirements whose evidence changed.
   */
  rejoinPaths(annotations: AnnotationIndex, edits: ReadonlyMap<string, { readonly before: readonly VerifyingAnnotation[]; readonly after: readonly VerifyingAnnotation[] }>): Set<string> {
    const affected = new Set<DatedCase>();
    for (const [path, { before, after }] of edits) {
      for (const key of pathKeys(path, [...before, ...after])) {
        for (const dated of this.#casesByKey.get(key) ?? []) {
          affected.add(dated);
        }
      }
      for (const [dated, evidence] of this.#evidenceOf) {
        if (evidence.some((entry) => entry.annotation?.path === path)) {
          affected.add(dated);
        }
      }
    }
    return runSteps(this.#rejoinCases([...affected], annotations));
  }

  *#rejoinCases(cases: readonly DatedCase[], annotations: AnnotationIndex): Steps<Set<string>> {
    const touched = new Set<string>();
    for (const dated of cases) {
      yield;
      for (const entry of this.#evidenceOf.get(dated) ?? []) {
        touched.add(entry.requirement);
        this.#casesByRequirement.get(entry.requirement)?.delete(dated);
      }
      const evidence = joinOne(dated, annotations);
      if (evidence.length > 0) {
        this.#evidenceOf.set(dated, evidence);
      } else {
        this.#evidenceOf.delete(dated);
      }
      for (const entry of evidence) {
        touched.add(entry.requirement);
        const cases = this.#casesByRequirement.get(entry.requirement) ?? new Set();
        this.#casesByRequirement.set(entry.requirement, cases.add(dated));
      }
    }
    const changed = new Set<string>();
    for (const requirement of touched) {
      yield;
      const before = this.#byRequirement.get(requirement);
      const list = [...(this.#casesByRequirement.get(requirement) ?? [])].flatMap((dated) => this.#evidenceOf.get(dated)!.filter((entry) => entry.requirement === requirement));
      if (list.length === 0) {
        this.#byRequirement.delete(requirement);
        this.#casesByRequirement.delete(requirement);
      } else {
        this.#byRequirement.set(requirement, list.sort(compareEvidence));
      }
      if (evidenceKey(before) !== evidenceKey(this.#byRequirement.get(requirement))) {
        changed.add(requirement);
      }
    }
    return changed;
  }
}

function compareEvidence(a: TestEvidence, b: TestEvidence): number {
  return a.result.path.localeCompare(b.result.path) || a.result.range.start.line - b.result.range.start.line || a.result.range.start.character - b.result.range.start.character;
}

/** A comparable form of a requirement's evidence, to tell whether a re-join changed it. */
export function evidenceKey(evidence: readonly TestEvidence[] | undefined): string {
  if (!evidence) {
    return '';
  }
  const parts: string[] = [];
  for (const entry of evidence) {
    const { outcome, message, time, result, annotation } = entry;
    parts.push(JSON.stringify([outcome, message, time, result, annotation?.path, annotation?.line, entry.testCase.name, entry.testCase.classname]));
  }
  return parts.join('\n');
}
