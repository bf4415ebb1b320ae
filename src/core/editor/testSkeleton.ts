/**
 * "Create a test for SR-8…": where a new test of an unverified requirement goes and what it says, in the
 * framework the workspace already uses for that part of the tree.
 */
import type { ItemDefinition } from '../model';
import type { TraceGraph } from '../graph/graph';
import { implementations } from '../graph/coverage';
import { isMarkdown } from '../config/files';
import { folderOf, renderTest, type TestFramework, type TestLanguage } from './testSkeletonText';

export type { TestFramework, TestLanguage } from './testSkeletonText';

/** Test files by name, and the language of each: jest and mocha share names, only the text tells them apart. */
const TEST_FILE_NAMES: readonly (readonly [RegExp, TestLanguage])[] = [
  [/(^|\/)(test_[^/]*|[^/]*_test)\.py$/, 'python'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'javascript'],
  [/(^|\/)([^/]*Tests?|Test[^/]*)\.java$/, 'java'],
  [/(^|\/)(test_[^/]*|[^/]*_test)\.c$/, 'c'],
  [/_test\.go$/, 'go'],
];

/** Source files by extension, for the language of the code that implements a requirement. */
const CODE_FILE_NAMES: readonly (readonly [RegExp, TestLanguage])[] = [
  [/\.py$/, 'python'],
  [/\.[cm]?[jt]sx?$/, 'javascript'],
  [/\.java$/, 'java'],
  [/\.[ch]$/, 'c'],
  [/\.go$/, 'go'],
];

/** What each language's skeleton is written for when no test of the workspace says otherwise. */
const USUAL_FRAMEWORKS: Readonly<Record<TestLanguage, string>> = { python: 'pytest', javascript: 'jest', java: 'JUnit 5', c: 'Unity', go: "Go's testing package" };

/** Where a new test goes, and the file it follows. */
export interface TestPlacement {
  readonly language: TestLanguage;
  readonly folder: string;
  /**
   * The existing test nearest to the requirement, whose text tells jest from mocha and gives the package and
   * indentation; with no test in the workspace, the code that implements the requirement. The host reads it.
   */
  readonly model: string | undefined;
  /** Why this form, when it is a guess: said in the new test's header comment. */
  readonly note: string | undefined;
}

/**
 * Where a test of `id` goes: beside the workspace's test nearest to the code that implements it (its
 * `@implements` sites), else nearest to the document that defines it, preferring tests in the language of
 * that code and, between equally near ones, the framework most of the workspace's tests use. `isTest` says
 * which files the index takes for tests; only those named like a known framework's tests count. With no
 * such test, a folder and framework usual for the implementing code's language (see {@link untestedPlacement}).
 */
export function testPlacement(graph: TraceGraph, id: string, isTest: (path: string) => boolean): TestPlacement {
  const code = implementingCode(graph, id);
  const tests = [...graph.files()].flatMap(({ path }) => {
    const language = isTest(path) ? languageOf(path, TEST_FILE_NAMES) : undefined;
    return language ? [{ path, language }] : [];
  });
  if (tests.length === 0) {
    return untestedPlacement(graph, id, code);
  }
  const anchors = code.length > 0 ? code : [graph.item(id)?.location.path ?? ''];
  const codeLanguages = new Set(code.map((path) => languageOf(path, CODE_FILE_NAMES)));
  const sameLanguage = tests.filter((test) => codeLanguages.has(test.language));
  const candidates = sameLanguage.length > 0 ? sameLanguage : tests;
  const share = new Map<TestLanguage, number>();
  tests.forEach(({ language }) => share.set(language, (share.get(language) ?? 0) + 1));
  const distance = (path: string) => Math.min(...anchors.map((anchor) => folderDistance(anchor, path)));
  const ranked = candidates
    .map((test) => ({ ...test, distance: distance(test.path), share: share.get(test.language)! }))
    .sort((a, b) => a.distance - b.distance || b.share - a.share || (a.path < b.path ? -1 : 1));
  const nearest = ranked[0]!;
  return { language: nearest.language, folder: folderOf(nearest.path), model: nearest.path, note: undefined };
}

/** The code files with an `@implements` of the ID (not the `Implements:` lines of controls), in path order. */
function implementingCode(graph: TraceGraph, id: string): string[] {
  const paths = implementations(graph, id).flatMap(({ location }) => (isMarkdown(location.path) ? [] : [location.path]));
  return [...new Set(paths)].sort();
}

/**
 * With no test in the workspace: the language of the code that implements the requirement (else the
 * commonest language of the workspace's code, else Python), its usual framework, and the folder such tests
 * usually live in next to that code. The new test says so in a comment.
 */
function untestedPlacement(graph: TraceGraph, id: string, code: readonly string[]): TestPlacement {
  const source = code.find((path) => languageOf(path, CODE_FILE_NAMES));
  const commonest = source ? undefined : commonestCodeLanguage(graph);
  const language = source ? languageOf(source, CODE_FILE_NAMES)! : (commonest ?? 'python');
  const why = source
    ? `was chosen from the language of ${source}, which implements ${id}`
    : commonest
      ? "was chosen from the language of most of the workspace's code"
      : 'is a guess: the workspace had no code in a language this quick fix knows either';
  return {
    language,
    folder: usualTestFolder(language, source),
    model: source,
    note: `The workspace had no test to follow: ${USUAL_FRAMEWORKS[language]} ${why}.`,
  };
}

function commonestCodeLanguage(graph: TraceGraph): TestLanguage | undefined {
  const counts = new Map<TestLanguage, number>();
  for (const { path } of graph.files()) {
    const language = languageOf(path, CODE_FILE_NAMES);
    if (language) {
      counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Where tests of code at `source` usually live: Go's beside it, Java's in the `src/test/java` twin of its
 * `src/main/java` folder, others in `tests/` (Python) or `test/` next to the code's `src` folder, or next
 * to the folder that holds it (a Python package).
 */
function usualTestFolder(language: TestLanguage, source: string | undefined): string {
  const folder = source === undefined ? '' : folderOf(source);
  if (language === 'go') {
    return folder;
  }
  if (language === 'java' && /(^|\/)src\/main\/java(\/|$)/.test(folder)) {
    return folder.replace(/(^|\/)src\/main\/java(?=\/|$)/, '$1src/test/java');
  }
  const segments = folder ? folder.split('/') : [];
  const src = segments.lastIndexOf('src');
  const root = (src === -1 ? segments.slice(0, -1) : segments.slice(0, src)).join('/');
  return joinPath(root, language === 'java' ? 'src/test/java' : language === 'python' ? 'tests' : 'test');
}

/** A new test file: its path, framework and text. */
export interface TestSkeleton {
  readonly path: string;
  readonly framework: TestFramework;
  readonly contents: string;
}

/**
 * The new test of a requirement at a {@link TestPlacement}: annotated `@verifies`, named after the
 * requirement's title, failing until it is written, in a file whose name is none of `existingNames`, the
 * names in the placement's folder (`test_sr_8.py`, else `test_sr_8_2.py`…). `modelText` is the text of
 * `placement.model`.
 */
export function testSkeleton(
  requirement: Pick<ItemDefinition, 'id' | 'title'>,
  placement: TestPlacement,
  modelText: string | undefined,
  existingNames: ReadonlySet<string>,
): TestSkeleton {
  let serial = 1;
  while (existingNames.has(testFileName(placement, requirement.id, serial))) {
    serial++;
  }
  const path = joinPath(placement.folder, testFileName(placement, requirement.id, serial));
  const rendered = renderTest(placement.language, { ...requirement, path, serial: serial === 1 ? '' : String(serial), note: placement.note, modelText });
  return { path, ...rendered };
}

/** `test_sr_8.py`, `sr-8.test.ts` (the model's `.test`/`.spec` and extension), `SR8VerificationTest.java`, `test_sr_8.c`, `sr8_test.go`. */
function testFileName({ language, model }: TestPlacement, id: string, serial: number): string {
  const idWords = id.match(/[A-Za-z0-9]+/g) ?? [];
  const numbered = (separator: string) => [...idWords, ...(serial > 1 ? [String(serial)] : [])].join(separator).toLowerCase();
  switch (language) {
    case 'python':
      return model?.endsWith('_test.py') ? `${numbered('_')}_test.py` : `test_${numbered('_')}.py`;
    case 'javascript': {
      const [, infix = '.test', extension = '.js'] = /(\.(?:test|spec))?(\.[cm]?[jt]sx?)$/.exec(model ?? '') ?? [];
      return `${numbered('-')}${infix}${extension}`;
    }
    case 'java': {
      const name = `${idWords.join('')}Verification${serial > 1 ? serial : ''}Test.java`;
      return /^[A-Za-z]/.test(name) ? name : `Requirement${name}`;
    }
    case 'c':
      return `test_${numbered('_')}.c`;
    case 'go':
      return `${idWords.join('').toLowerCase()}${serial > 1 ? `_${serial}` : ''}_test.go`;
  }
}

function languageOf(path: string, names: readonly (readonly [RegExp, TestLanguage])[]): TestLanguage | undefined {
  return names.find(([pattern]) => pattern.test(path))?.[1];
}

/** Folder steps from one file's folder to another's: up to their common folder, then down. */
function folderDistance(a: string, b: string): number {
  const [from, to] = [folderOf(a), folderOf(b)].map((folder) => (folder ? folder.split('/') : []));
  let common = 0;
  while (common < from!.length && common < to!.length && from![common] === to![common]) {
    common++;
  }
  return from!.length + to!.length - 2 * common;
}

function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}
