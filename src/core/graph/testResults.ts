import type { FileContributions, Location, TestOutcome } from '../model';
import { joinTestResults, type ResultFileInput, type TestEvidence, type VerifyingAnnotation } from '../extract/junitJoin';

/** Where a requirement stands in the latest test results. */
export type VerificationVerdict = 'passing' | 'failing' | 'not-run';

/** An outcome that says the test ran: passed, failed or errored (a skip says nothing). */
export function ran(outcome: TestOutcome): boolean {
  return outcome !== 'skipped';
}

export function isFailure(outcome: TestOutcome): boolean {
  return outcome === 'failed' || outcome === 'error';
}

/** Failing when any verifying test failed or errored, passing when one passed, otherwise not run. */
export function verdictOf(evidence: readonly TestEvidence[]): VerificationVerdict {
  if (evidence.some((entry) => isFailure(entry.outcome))) {
    return 'failing';
  }
  return evidence.some((entry) => entry.outcome === 'passed') ? 'passing' : 'not-run';
}

/**
 * How the tests of one `@verifies` annotation fared for a requirement: failed (or errored) if any did, else
 * passed if any did, else skipped; undefined when none has a result.
 */
export function annotationOutcome(evidence: readonly TestEvidence[], location: Location): TestOutcome | undefined {
  const outcomes = new Set(
    evidence.filter((entry) => entry.annotation?.path === location.path && entry.annotation.line === location.range.start.line).map((entry) => entry.outcome),
  );
  return (['error', 'failed', 'passed', 'skipped'] as const).find((outcome) => outcomes.has(outcome));
}

/** What the rules and the surfaces read of the test results: whether there are any, and each requirement's. */
export interface TestResultsView {
  /** Some results file in the workspace holds a test case: only then is a requirement's verification "not run". */
  readonly hasResults: boolean;
  /** The requirement's verifying tests with their latest results, ordered by result file and position. */
  evidence(id: string): readonly TestEvidence[];
}

/**
 * Joins the workspace's test results (JUnit XML files) to its `@verifies` annotations, and keeps the join
 * current as files change. The join is global (a test case finds its annotation in another file, a title
 * must be unique in the workspace), so a change of its input redoes it, and only requirements whose
 * evidence changed are handed back for re-checking.
 */
export class TestResultsTracker implements TestResultsView {
  readonly #results = new Map<string, ResultFileInput>();
  readonly #annotations = new Map<string, readonly VerifyingAnnotation[]>();
  /** A comparable form of each path's annotations: a file edit that leaves them alone costs no join. */
  readonly #annotationKeys = new Map<string, string>();
  #evidence = new Map<string, TestEvidence[]>();
  #dirty = false;
  /** {@link hasResults} as of the last join. */
  #hadResults = false;

  get hasResults(): boolean {
    for (const { file } of this.#results.values()) {
      if (file.testCases.length > 0) {
        return true;
      }
    }
    return false;
  }

  evidence(id: string): readonly TestEvidence[] {
    return this.#evidence.get(id) ?? [];
  }

  /** Requirements that have evidence. */
  ids(): IterableIterator<string> {
    return this.#evidence.keys();
  }

  /** Takes what a file contributes now (undefined: it is gone); `mtime` dates results without a `timestamp`. */
  update(path: string, contributions: FileContributions | undefined, mtime?: number): void {
    if (contributions?.testCases) {
      this.#results.set(path, { file: { path, testCases: contributions.testCases, problems: contributions.problems }, mtime });
      this.#dirty = true;
      return;
    }
    if (this.#results.delete(path)) {
      this.#dirty = true;
    }
    const annotations = contributions ? verifyingAnnotations(contributions) : [];
    const key = annotations.length > 0 ? JSON.stringify(annotations) : undefined;
    if (key === this.#annotationKeys.get(path)) {
      return;
    }
    this.#dirty = true;
    if (key === undefined) {
      this.#annotations.delete(path);
      this.#annotationKeys.delete(path);
    } else {
      this.#annotations.set(path, annotations);
      this.#annotationKeys.set(path, key);
    }
  }

  /**
   * Redoes the join if its input changed; returns the requirements whose evidence changed, or every
   * requirement the caller knows (`allRequirements`) when results appeared or all went.
   */
  rejoin(allRequirements: () => Iterable<string>): Set<string> {
    if (!this.#dirty) {
      return new Set();
    }
    this.#dirty = false;
    const hadResults = this.#hadResults;
    const before = this.#evidence;
    this.#evidence = this.#results.size === 0 ? new Map() : joinTestResults([...this.#annotations.values()].flat(), [...this.#results.values()]);
    this.#hadResults = this.hasResults;
    if (hadResults !== this.#hadResults) {
      return new Set(allRequirements());
    }
    const changed = new Set<string>();
    for (const id of new Set([...before.keys(), ...this.#evidence.keys()])) {
      if (evidenceKey(before.get(id)) !== evidenceKey(this.#evidence.get(id))) {
        changed.add(id);
      }
    }
    return changed;
  }
}

/** The `@verifies` annotations of a test file, one per line and test, as the join takes them. */
export function verifyingAnnotations(file: FileContributions): VerifyingAnnotation[] {
  const byAnnotation = new Map<string, { line: number; ids: string[]; testName: string | undefined; enclosing: readonly string[] }>();
  for (const link of file.links) {
    if (link.type !== 'verifies' || !link.inTest || !link.test) {
      continue;
    }
    const line = link.location.range.start.line;
    const key = JSON.stringify([line, link.test.name, link.test.enclosing]);
    const entry = byAnnotation.get(key);
    if (entry) {
      entry.ids.push(link.to);
    } else {
      byAnnotation.set(key, { line, ids: [link.to], testName: link.test.name, enclosing: link.test.enclosing });
    }
  }
  return [...byAnnotation.values()].map((entry) => ({ path: file.path, ...entry }));
}

function evidenceKey(evidence: readonly TestEvidence[] | undefined): string {
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
