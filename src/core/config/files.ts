import { Minimatch } from 'minimatch';
import ignore, { type Ignore } from 'ignore';
import { DEFAULT_EXCLUDES, type TraceConfig } from './config';
import { commentSyntaxFor } from '../extract/comments';
import { isLockfile } from '../extract/lockfiles';
import { isOftTagFile } from '../extract/openFastTrace';

/** Files that are evidence by their name: the JSP phase view asks whether they exist. */
export type EvidenceKind = 'sbom' | 'test-results';


/**
 * Where test reports are written by default (Maven Surefire and Failsafe, Gradle, a `test-results` folder):
 * build output that is excluded or ignored by git otherwise, so the walk enters these folders for results.
 */
const REPORT_FOLDERS: readonly string[] = ['target/surefire-reports', 'target/failsafe-reports', 'target/nextest', 'build/test-results', 'test-results'];

/** Why a file is not indexed; logged so that a user can tell why an item is missing. */
export type SkipReason = 'excluded' | 'gitignored' | 'unsupported' | 'too-large' | 'binary';

/** Decides which workspace files are indexed and which are tests, from the configuration's globs. */
export class FileSelector {
  readonly #include: PathPredicate[];
  readonly #exclude: PathPredicate[];
  readonly #tests: PathPredicate[];
  readonly #testResults: PathPredicate[];
  readonly #sboms: PathPredicate[];
  readonly #threatModels: PathPredicate[];
  readonly #needsExports: PathPredicate[];
  readonly #driftIgnored: PathPredicate[];
  /** The configuration's own `exclude` globs, which even results files obey. */
  readonly #excludedByUser: PathPredicate[];
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
    this.#testResults = compile(config.testResults);
    this.#sboms = compile(config.sboms);
    this.#threatModels = compile(config.threatModels);
    this.#needsExports = compile(config.needs.exports);
    this.#driftIgnored = compile(config.sbomDrift.ignore);
    this.#excludedByUser = compile(config.exclude.filter((glob) => !DEFAULT_EXCLUDES.includes(glob)));
    this.#gitignore = config.useGitignore && gitignoreText ? ignore().add(gitignoreText) : undefined;
  }

  /** Whether a folder can hold indexed files; lets a walk skip `node_modules` without listing it. */
  isFolderExcluded(path: string): boolean {
    const probe = `${path}/`;
    const excluded = (patterns: readonly PathPredicate[]) => patterns.some((matches) => matches(`${path}/x`) || matches(probe));
    if (isOnWayToReports(path)) {
      return excluded(this.#excludedByUser);
    }
    return excluded(this.#exclude) || this.#isGitignored(probe);
  }

  /**
   * Why a path (relative, with `/`) is not indexed, or undefined when it is. Looks at the name only. Test
   * results are build output, usually ignored by git: they are read all the same, unless `exclude` names them.
   */
  skipReason(path: string): SkipReason | undefined {
    if (this.isTestResults(path)) {
      return this.#excludedByUser.some((matches) => matches(path)) || !this.#include.some((matches) => matches(path)) ? 'excluded' : undefined;
    }
    if (!isSupported(path) && !this.isSbom(path) && !this.isLockfile(path) && !this.isThreatModel(path) && !this.isNeedsExport(path)) {
      return 'unsupported';
    }
    if (this.isExcluded(path)) {
      return 'excluded';
    }
    return this.#isGitignored(path) ? 'gitignored' : undefined;
  }

  /** Whether a path is a CycloneDX SBOM or VEX candidate by the `sboms` globs (its content decides). */
  isSbom(path: string): boolean {
    return path.toLowerCase().endsWith('.json') && this.#sboms.some((matches) => matches(path));
  }

  /** Whether a path is a threat model candidate by the `threatModels` globs (its content decides). */
  isThreatModel(path: string): boolean {
    return path.toLowerCase().endsWith('.json') && this.#threatModels.some((matches) => matches(path));
  }

  /** Whether a path is a sphinx-needs export candidate by the `needs.exports` globs (its content decides). */
  isNeedsExport(path: string): boolean {
    return path.toLowerCase().endsWith('.json') && this.#needsExports.some((matches) => matches(path));
  }

  /** Whether a path is a lockfile the SBOM drift check reads: known by its name, not ignored by `sbomDrift.ignore`. */
  isLockfile(path: string): boolean {
    return isLockfile(path) && !this.#driftIgnored.some((matches) => matches(path));
  }

  /** Whether a path is a test results file by the `testResults` globs. */
  isTestResults(path: string): boolean {
    return this.#testResults.some((matches) => matches(path));
  }

  /**
   * The kind of evidence a selected file is, if any: an SBOM by the `sboms` globs, test results by the
   * `testResults` globs. Undefined for an excluded file.
   */
  evidenceKind(path: string): EvidenceKind | undefined {
    const kind = this.isTestResults(path) ? 'test-results' : this.isSbom(path) ? 'sbom' : undefined;
    return kind && !this.skipReason(path) ? kind : undefined;
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

/** Whether a folder is one of {@link REPORT_FOLDERS}, inside one, or on the way to one (`target`, `build`). */
function isOnWayToReports(path: string): boolean {
  const segments = path.split('/');
  return REPORT_FOLDERS.some((folder) => {
    const wanted = folder.split('/');
    return segments.some((_, start) => {
      const rest = segments.slice(start);
      return wanted.slice(0, rest.length).every((name, i) => rest[i] === name);
    });
  });
}

// `**/name/**`: a folder name anywhere.
const ANY_FOLDER_NAMED = /^\*\*\/([^*?[\]{}()!+@/\\]+)\/\*\*$/;

// A glob as a test of relative paths, as minimatch with `dot` decides. The walk asks every glob about
// every file and folder, so the shapes of the default globs, `**/*` and `**/name/**`, are answered
// without minimatch, and the others by the regular expression minimatch compiles (the same answers,
// checked by a unit test).
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
  const regExp = plainGlobRegExp(glob);
  if (regExp) {
    // minimatch gives a trailing slash (a folder probe: `vendor/`) and `.`/`..` segments meanings of their own.
    return (path) => (PLAIN_PATH.test(path) ? regExp.test(path) : minimatch.match(path));
  }
  return (path) => minimatch.match(path);
}

/** A relative path of names only: no trailing slash, no empty, `.` or `..` segment. */
const PLAIN_PATH = /^(?!\.{1,2}(?:\/|$))(?:[^/]+\/(?!\.{1,2}(?:\/|$)))*[^/]+$/;

/** A glob of literal characters, `*` and `**` segments only: the shape of every default glob but two. */
const PLAIN_GLOB = /^(?:\*\*|[A-Za-z0-9._ *-]*[A-Za-z0-9._ -][A-Za-z0-9._ *-]*|\*)(?:\/(?:\*\*|[A-Za-z0-9._ *-]+))*$/;

/**
 * A plain glob ({@link PLAIN_GLOB}) as one regular expression, with minimatch's meaning under `dot`: `*`
 * is any run of characters within a segment, `**` any number of whole segments (none at the start or in
 * the middle, at least one at the end).
 */
function plainGlobRegExp(glob: string): RegExp | undefined {
  if (!PLAIN_GLOB.test(glob) || glob.includes('***')) {
    return undefined;
  }
  const segments = glob.split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += last ? (index === 0 ? '.+' : '[^/].*') : '(?:[^/]+/)*';
    } else {
      source += segment.replace(/[.*]/g, (char) => (char === '*' ? '[^/]*' : '\\.')) + (last ? '' : '/');
    }
  });
  return new RegExp(`^${source}$`);
}

/**
 * Whether a file is one the extractors read: Markdown, reStructuredText (for its need directives), a
 * language with known comments, or a file with OpenFastTrace's tags.
 */
export function isSupported(path: string): boolean {
  return isMarkdown(path) || isRestructuredText(path) || commentSyntaxFor(path) !== undefined || isOftTagFile(path);
}

/** reStructuredText, read only for its sphinx-needs directives. */
export function isRestructuredText(path: string): boolean {
  return /\.rst$/i.test(path);
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
