/**
 * How a requirement's test results read on the editor's surfaces: a part of the CodeLens status line
 * (`1 failing`), and the hover's list of tests with their outcome and when the result was produced.
 */
import type { Location, TestOutcome } from '../model';
import type { TestEvidence } from '../extract/junitJoin';
import { isFailure, verdictOf } from '../graph/testResults';
import { resultTimeText } from '../util/dates';
import { locationLabel } from '../report/matrixVocabulary';

/** Words and a plain-text mark for each outcome, the same on every surface. */
export const OUTCOME_WORDS: Readonly<Record<TestOutcome, { readonly mark: string; readonly word: string }>> = {
  passed: { mark: '✓', word: 'passed' },
  failed: { mark: '✗', word: 'failed' },
  error: { mark: '✗', word: 'error' },
  skipped: { mark: '–', word: 'skipped' },
};

/** The test cases of some evidence, each once (a file-level annotation of two IDs joins a case twice). */
function distinctCases(evidence: readonly TestEvidence[]): TestEvidence[] {
  const seen = new Map<string, TestEvidence>();
  for (const entry of evidence) {
    seen.set(`${entry.result.path}\u0000${entry.result.range.start.line}\u0000${entry.testCase.classname}\u0000${entry.testCase.name}`, entry);
  }
  return [...seen.values()];
}

/**
 * The results part of a requirement's status line, where the workspace has results: `1 failing`,
 * `passing`, or `not run`.
 */
export function resultStatusPart(evidence: readonly TestEvidence[]): string {
  const verdict = verdictOf(evidence);
  if (verdict === 'failing') {
    return `${distinctCases(evidence).filter((entry) => isFailure(entry.outcome)).length} failing`;
  }
  return verdict === 'passing' ? 'passing' : 'not run';
}

/** One line per test case (Markdown-free text): mark, outcome, test name, result file and time, message. */
export function resultLines(evidence: readonly TestEvidence[]): string[] {
  return distinctCases(evidence).map((entry) => {
    const { mark, word } = OUTCOME_WORDS[entry.outcome];
    const when = entry.time === undefined ? '' : `, ${resultTimeText(entry.time)}`;
    const message = isFailure(entry.outcome) && entry.message ? `: ${entry.message}` : '';
    return `${mark} ${word} ${testLabel(entry)} (${locationLabel(entry.result)}${when})${message}`;
  });
}

/** A requirement's tests as matrix entries: `✗ failed test_login`, at the result's `<testcase>` line. */
export function resultEntries(evidence: readonly TestEvidence[]): { text: string; location: Location }[] {
  return distinctCases(evidence).map((entry) => {
    const { mark, word } = OUTCOME_WORDS[entry.outcome];
    return { text: `${mark} ${word} ${entry.testCase.name}`, location: entry.result };
  });
}

/** A test as its result names it: `ClassName.test` when the class is not already in the name. */
export function testLabel(entry: TestEvidence): string {
  const { classname, name } = entry.testCase;
  return classname && !name.includes(classname) && !/\s/.test(classname) ? `${classname}.${name}` : name;
}
