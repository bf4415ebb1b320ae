import type { Location } from '../model';
import type { Steps } from '../util/steps';
import { pushTo } from '../util/collections';
import type { JUnitFile, TestCaseResult, TestOutcome } from './junit';

/**
 * One `@verifies` annotation in a test file, as the code extractor must report it for the join: where it
 * stands, what it names, and the test it stands on (none when it stands at file level, before the first
 * test).
 */
export interface VerifyingAnnotation {
  /** The test file, relative to the workspace root, with `/`. */
  readonly path: string;
  /** The zero-based line of the annotation. */
  readonly line: number;
  readonly ids: readonly string[];
  /** The function or method name, or the `it()`/`test()` title; `undefined` at file level. */
  readonly testName: string | undefined;
  /** The enclosing `describe` titles (jest, mocha) or class names (pytest, JUnit), outermost first. */
  readonly enclosing: readonly string[];
}

/** One JUnit result file for {@link joinTestResults}, with its modification time for files without `timestamp`. */
export interface ResultFileInput {
  readonly file: JUnitFile;
  /** Milliseconds since the epoch; used when the suite has no `timestamp`. */
  readonly mtime: number | undefined;
}

/** Which of the four join routes tied a test case to a requirement. */
export type JoinRoute = 'verifies-property' | 'file-and-name' | 'title' | 'file-level';

/** A requirement's verifying test with its latest result. */
export interface TestEvidence {
  readonly requirement: string;
  /** The annotation that tied them, unless the result named the requirement itself (route 1). */
  readonly annotation: VerifyingAnnotation | undefined;
  readonly route: JoinRoute;
  readonly outcome: TestOutcome;
  readonly message: string | undefined;
  /** The `<testcase` start tag in the result file. */
  readonly result: Location;
  /** When the result was produced (ms since the epoch), from `timestamp` or else the file's mtime. */
  readonly time: number | undefined;
  readonly testCase: TestCaseResult;
}

/** A merged test case: the newest result of it, with the file it came from. */
export interface DatedCase {
  readonly testCase: TestCaseResult;
  readonly resultPath: string;
  readonly time: number | undefined;
}

/** Merges result files: one entry per test case, the newest; on a tie the later path wins, for stable output. */
export function* newestTestCases(results: readonly ResultFileInput[]): Steps<DatedCase[]> {
  const newest = new Map<string, DatedCase>();
  for (const { file, mtime } of results) {
    for (const testCase of file.testCases) {
      yield;
      const dated: DatedCase = { testCase, resultPath: file.path, time: parseTimestamp(testCase.timestamp) ?? mtime };
      const key = `${testCase.classname}\u0000${testCase.name}\u0000${testCase.file ?? ''}`;
      const kept = newest.get(key);
      if (!kept || isNewer(dated, kept)) {
        newest.set(key, dated);
      }
    }
  }
  return [...newest.values()];
}

function isNewer(a: DatedCase, b: DatedCase): boolean {
  const ta = a.time ?? -Infinity;
  const tb = b.time ?? -Infinity;
  return ta !== tb ? ta > tb : a.resultPath > b.resultPath;
}

/**
 * Parses a suite `timestamp`. Surefire-style and ctest timestamps carry no zone; they are read as UTC so
 * the order of results does not depend on the machine that reads them.
 */
export function parseTimestamp(timestamp: string | undefined): number | undefined {
  if (!timestamp) {
    return undefined;
  }
  const trimmed = timestamp.trim();
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(trimmed) || !/^\d{4}-\d\d-\d\dT/.test(trimmed) ? trimmed : `${trimmed}Z`;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? undefined : time;
}

/** The evidence one test case gives, by the first of the four routes that applies. */
export function joinOne(dated: DatedCase, workspace: AnnotationIndex): TestEvidence[] {
  const { testCase } = dated;
  const make = (requirement: string, annotation: VerifyingAnnotation | undefined, route: JoinRoute): TestEvidence => ({
    requirement,
    annotation,
    route,
    outcome: testCase.outcome,
    message: testCase.message,
    result: { path: dated.resultPath, range: { start: testCase.position, end: testCase.position } },
    time: dated.time,
    testCase,
  });
  // 1. The result names the requirements itself.
  if (testCase.verifies.length > 0) {
    return [...new Set(testCase.verifies)].map((id) => make(id, undefined, 'verifies-property'));
  }
  const evidence: TestEvidence[] = [];
  const files = workspace.filesOf(testCase);
  const names = nameCandidates(testCase);
  for (const path of files) {
    for (const annotation of workspace.inFile(path)) {
      // 4. A file-level annotation verifies through every test case of its file.
      if (annotation.testName === undefined) {
        evidence.push(...annotation.ids.map((id) => make(id, annotation, 'file-level')));
      } else if (names.has(annotation.testName) || names.has(fullTitle(annotation))) {
        // 2. The file plus the test's name or title.
        evidence.push(...annotation.ids.map((id) => make(id, annotation, 'file-and-name')));
      }
    }
  }
  if (files.length === 0 && !namesFile(testCase)) {
    // 3. No file: the full title alone, when exactly one annotated test in the workspace has it.
    for (const annotation of workspace.uniqueTitle(titleCandidates(testCase))) {
      evidence.push(...annotation.ids.map((id) => make(id, annotation, 'title')));
    }
  }
  return evidence;
}

/**
 * Whether a test case names its file: a `file` attribute, or a classname that is a dotted module or class
 * path or an import path. Such a case never joins by title alone: a file without annotations has no
 * verifying tests, whatever a test elsewhere is called.
 */
export function namesFile(testCase: TestCaseResult): boolean {
  const classname = testCase.classname.trim();
  return testCase.file !== undefined || (/[./]/.test(classname) && !/\s/.test(classname));
}

/** The full title of an annotated test: enclosing titles and its own, joined with spaces as jest-junit and mocha write them. */
export function fullTitle(annotation: VerifyingAnnotation): string {
  return [...annotation.enclosing, annotation.testName ?? ''].join(' ').trim();
}

/**
 * The names a test case may carry its test under: as written, before a parametrisation `[...]`, without a
 * trailing `()` (JUnit 5 display names), and a Go subtest's parent (`TestX/case` → `TestX`).
 */
function nameCandidates(testCase: TestCaseResult): Set<string> {
  const name = testCase.name.trim();
  const candidates = new Set([name, name.replace(/\s*\[.*$/s, ''), name.replace(/\(\)$/, '')]);
  const goParent = /^(Test\w*|Example\w*|Fuzz\w*)\//.exec(name);
  if (goParent) {
    candidates.add(goParent[1]!);
  }
  return candidates;
}

/** Full titles for route 3: the name (jest-junit and mocha write the full title there), else classname + name. */
export function titleCandidates(testCase: TestCaseResult): string[] {
  const name = testCase.name.trim().replace(/\s*\[.*$/s, '');
  const classname = testCase.classname.trim();
  return classname && !name.startsWith(classname) ? [name, `${classname} ${name}`] : [name];
}

/** The annotations by file and by full title, with the file lookups the join needs: by name, never a scan of every path. */
export class AnnotationIndex {
  readonly #byPath = new Map<string, VerifyingAnnotation[]>();
  readonly #byTitle = new Map<string, VerifyingAnnotation[]>();
  /** Annotated paths by file name (`test_auth.py`), by file name without extension, and by folder name. */
  readonly #byName = new Map<string, string[]>();
  readonly #byStem = new Map<string, string[]>();
  readonly #byFolder = new Map<string, string[]>();

  constructor(annotations: readonly VerifyingAnnotation[]) {
    for (const annotation of annotations) {
      if (!this.#byPath.has(annotation.path)) {
        const { name, stem, folder } = pathParts(annotation.path);
        pushTo(this.#byName, name, annotation.path);
        pushTo(this.#byStem, stem, annotation.path);
        if (folder) {
          pushTo(this.#byFolder, folder, annotation.path);
        }
      }
      pushTo(this.#byPath, annotation.path, annotation);
      if (annotation.testName !== undefined) {
        pushTo(this.#byTitle, fullTitle(annotation), annotation);
      }
    }
  }

  inFile(path: string): readonly VerifyingAnnotation[] {
    return this.#byPath.get(path) ?? [];
  }

  /** The annotated files a test case's `file` or `classname` names. */
  filesOf(testCase: TestCaseResult): string[] {
    if (testCase.file) {
      const file = testCase.file.replace(/^\.\//, '');
      const candidates = this.#byName.get(pathParts(file).name) ?? [];
      return candidates.filter((path) => path === file || path.endsWith(`/${file}`) || file.endsWith(`/${path}`));
    }
    return this.#classnamePaths(testCase.classname);
  }

  /** The annotations of the one test whose full title is a candidate; none when no test or several have it. */
  uniqueTitle(candidates: readonly string[]): readonly VerifyingAnnotation[] {
    for (const title of candidates) {
      const found = this.#byTitle.get(title) ?? [];
      const tests = new Set(found.map((annotation) => `${annotation.path}\u0000${fullTitle(annotation)}`));
      if (tests.size === 1) {
        return found;
      }
      if (tests.size > 1) {
        return [];
      }
    }
    return [];
  }

  /**
   * The annotated files a classname stands for. Dotted names (`tests.test_auth`, `com.acme.UpdateTest`) map
   * to a path, any extension, after dropping trailing segments one by one down to two (pytest classes,
   * nested Java classes: `tests.test_auth.TestSession` → `tests/test_auth.py`); a Go import path names a
   * directory whose workspace path is its suffix. Titles with spaces (jest, mocha) name no file.
   */
  #classnamePaths(classname: string): string[] {
    const name = classname.trim().replace(/\$.*$/, '');
    if (!name || /\s/.test(name)) {
      return [];
    }
    if (name.includes('/')) {
      const candidates = this.#byFolder.get(name.slice(name.lastIndexOf('/') + 1)) ?? [];
      return candidates.filter((path) => {
        const directory = path.slice(0, path.lastIndexOf('/'));
        return name === directory || name.endsWith(`/${directory}`);
      });
    }
    const segments = name.split('.');
    for (let count = segments.length; count >= Math.min(2, segments.length); count--) {
      const stem = segments.slice(0, count).join('/');
      const candidates = this.#byStem.get(segments[count - 1]!) ?? [];
      const found = candidates.filter((path) => {
        const withoutExtension = path.replace(/\.[^./]+$/, '');
        return withoutExtension === stem || withoutExtension.endsWith(`/${stem}`);
      });
      if (found.length > 0) {
        return found;
      }
    }
    return [];
  }
}

/** A path's file name, that name without its extension, and the name of its folder (`''` at the root). */
export function pathParts(path: string): { name: string; stem: string; folder: string } {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const folderPath = slash === -1 ? '' : path.slice(0, slash);
  return { name, stem: name.replace(/\.[^.]+$/, ''), folder: folderPath.slice(folderPath.lastIndexOf('/') + 1) };
}
