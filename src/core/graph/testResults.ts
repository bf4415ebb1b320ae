import type { Steps } from '../util/steps';
import type { FileContributions, Location, TestOutcome } from '../model';
import { AnnotationIndex, type ResultFileInput, type TestEvidence, type VerifyingAnnotation } from '../extract/junitJoin';
import { IncrementalJoin, evidenceKey } from './incrementalJoin';

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
 * must be unique in the workspace): a results file that changes redoes it; a test file whose annotations
 * change re-joins only the test cases that could involve it ({@link IncrementalJoin}). Only requirements
 * whose evidence changed are handed back for re-checking.
 */
export class TestResultsTracker implements TestResultsView {
  readonly #results = new Map<string, ResultFileInput>();
  readonly #annotations = new Map<string, readonly VerifyingAnnotation[]>();
  /** A comparable form of each path's annotations: a file edit that leaves them alone costs no join. */
  readonly #annotationKeys = new Map<string, string>();
  #join: IncrementalJoin | undefined;
  #resultsChanged = false;
  /** Test files whose annotations changed since the last join, with their annotations before. */
  readonly #edited = new Map<string, readonly VerifyingAnnotation[]>();
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
    return this.#join?.byRequirement.get(id) ?? [];
  }

  /** Takes what a file contributes now (undefined: it is gone); `mtime` dates results without a `timestamp`. */
  update(path: string, contributions: FileContributions | undefined, mtime?: number): void {
    if (contributions?.testCases) {
      this.#results.set(path, { file: { path, testCases: contributions.testCases, problems: contributions.problems }, mtime });
      this.#resultsChanged = true;
      return;
    }
    if (this.#results.delete(path)) {
      this.#resultsChanged = true;
    }
    const annotations = contributions ? verifyingAnnotations(contributions) : [];
    const key = annotations.length > 0 ? JSON.stringify(annotations) : undefined;
    if (key === this.#annotationKeys.get(path)) {
      return;
    }
    if (!this.#edited.has(path)) {
      this.#edited.set(path, this.#annotations.get(path) ?? []);
    }
    if (key === undefined) {
      this.#annotations.delete(path);
      this.#annotationKeys.delete(path);
    } else {
      this.#annotations.set(path, annotations);
      this.#annotationKeys.set(path, key);
    }
  }

  /**
   * Brings the join up to date; returns the requirements whose evidence changed, or every requirement the
   * caller knows (`allRequirements`) when results appeared or all went.
   */
  *rejoin(allRequirements: () => Iterable<string>): Steps<Set<string>> {
    if (!this.#resultsChanged && this.#edited.size === 0) {
      return new Set();
    }
    const index = new AnnotationIndex([...this.#annotations.values()].flat());
    let changed: Set<string>;
    if (this.#resultsChanged || !this.#join) {
      const before = this.#join?.byRequirement ?? new Map<string, readonly TestEvidence[]>();
      yield;
      this.#join = this.#results.size === 0 ? undefined : yield* IncrementalJoin.create([...this.#results.values()]);
      if (this.#join) {
        yield* this.#join.joinAll(index);
      }
      const after = this.#join?.byRequirement ?? new Map<string, readonly TestEvidence[]>();
      changed = new Set();
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        yield;
        if (evidenceKey(before.get(id)) !== evidenceKey(after.get(id))) {
          changed.add(id);
        }
      }
    } else {
      const edits = new Map([...this.#edited].map(([path, before]) => [path, { before, after: this.#annotations.get(path) ?? [] }]));
      changed = this.#join.rejoinPaths(index, edits);
    }
    this.#resultsChanged = false;
    this.#edited.clear();
    const hadResults = this.#hadResults;
    this.#hadResults = this.hasResults;
    return hadResults !== this.#hadResults ? new Set(allRequirements()) : changed;
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

