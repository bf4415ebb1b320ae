import { Minimatch } from 'minimatch';
import ignore, { type Ignore } from 'ignore';
import type { TraceConfig } from './config';
import { commentSyntaxFor } from '../extract/comments';

/** Files that are evidence by their name alone: the JSP phase view asks whether they exist. */
export type EvidenceKind = 'sbom' | 'test-results';

const EVIDENCE_PATTERNS: readonly [RegExp, EvidenceKind][] = [
  [/(^|\/)([^/]*\.(cdx|spdx)\.json|bom\.json|sbom[^/]*\.json|bom\.xml|[^/]*\.cdx\.xml)$/i, 'sbom'],
  [/(^|\/)(junit[^/]*\.xml|TEST-[^/]*\.xml|test-results\/[^/]*\.xml)$/i, 'test-results'],
];

/** The kind of evidence a file is by its name, if any. */
export function evidenceKind(path: string): EvidenceKind | undefined {
  return EVIDENCE_PATTERNS.find(([pattern]) => pattern.test(path))?.[1];
}

/** Why a file is not indexed; logged so that a user can tell why an item is missing. */
export type SkipReason = 'excluded' | 'gitignored' | 'unsupported' | 'too-large' | 'binary';

/** Decides which workspace files are indexed and which are tests, from the configuration's globs. */
export class FileSelector {
  readonly #include: PathPredicate[];
  readonly #exclude: PathPredicate[];
  readonly #tests: PathPredicate[];
  readonly #gitignore: Ignore | undefined;

  /** `gitignoreText` is the root `.gitignore`, when there is one and the configuration uses it. */
  constructor(
    readonly config: TraceConfig,
    gitignoreText?: string,
  ) {
    const compile = (globs: readonly string[]) => globs.map(compileGlob);
    this.#include = compile(config.include);
    this.#exclude = compile(config.exclude);
    this.#tests = compile(config.tests);
    this.#gitignore = config.useGitignore && gitignoreText ? ignore().add(gitignoreText) : undefined;
  }

  /** Whether a folder can hold indexed files; lets a walk skip `node_modules` without listing it. */
  isFolderExcluded(path: string): boolean {
    const probe = `${path}/`;
    return this.#exclude.some((matches) => matches(`${path}/x`) || matches(probe)) || this.#isGitignored(probe);
  }

  /** Why a path (relative, with `/`) is not indexed, or undefined when it is. Looks at the name only. */
  skipReason(path: string): SkipReason | undefined {
    if (!isSupported(path)) {
      return 'unsupported';
    }
    if (this.isExcluded(path)) {
      return 'excluded';
    }
    return this.#isGitignored(path) ? 'gitignored' : undefined;
  }

  /** Whether the include and exclude globs leave a path out, whatever its type. */
  isExcluded(path: string): boolean {
    return !this.#include.some((matches) => matches(path)) || this.#exclude.some((matches) => matches(path));
  }

  isTest(path: string): boolean {
    return this.#tests.some((matches) => matches(path));
  }

  #isGitignored(path: string): boolean {
    return this.#gitignore !== undefined && path.length > 0 && this.#gitignore.ignores(path);
  }
}

type PathPredicate = (path: string) => boolean;

// `**/name/**`: a folder name anywhere.
const ANY_FOLDER_NAMED = /^\*\*\/([^*?[\]{}()!+@/\\]+)\/\*\*$/;

// A glob as a test of relative paths, as minimatch with `dot` decides. The walk asks every glob about
// every file and folder, so the shapes of the default globs, `**/*` and `**/name/**`, are answered
// without minimatch (the same answers, checked by a unit test).
export function compileGlob(glob: string): PathPredicate {
  if (glob === '**/*') {
    return (path) => path.length > 0;
  }
  const folder = ANY_FOLDER_NAMED.exec(glob)?.[1];
  if (folder !== undefined) {
    return (path) => {
      const segments = path.split('/');
      const at = segments.indexOf(folder);
      return at !== -1 && at < segments.length - 1;
    };
  }
  const minimatch = new Minimatch(glob, { dot: true });
  return (path) => minimatch.match(path);
}

/** Whether a file is one the extractors read: Markdown or a language with known comments. */
export function isSupported(path: string): boolean {
  return isMarkdown(path) || commentSyntaxFor(path) !== undefined;
}

export function isMarkdown(path: string): boolean {
  return /\.(md|markdown|mdx)$/i.test(path);
}

/** Whether bytes look like a binary file: a NUL byte in the first 8 KB, as git decides. */
export function isBinary(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, 8000);
  for (let i = 0; i < length; i++) {
    if (bytes[i] === 0) {
      return true;
    }
  }
  return false;
}
