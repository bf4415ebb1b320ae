import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { DirectoryEntry, TraceState, TraceWorkspace, WorkspaceReader } from '../core';

/** Why a revision cannot be compared with: the folder is in no repository, the ref names no commit, or its configuration is broken. */
export type GitRevisionProblem = 'not-a-repository' | 'unknown-revision' | 'configuration-errors';

/** A git revision that cannot be read: the message (in the CLI's words) says which and what to do; `problem` lets other hosts say it in theirs. */
export class GitRevisionError extends Error {
  constructor(
    message: string,
    readonly problem: GitRevisionProblem,
  ) {
    super(message);
  }
}

/** A file of the revision: its blob and size. */
interface TreeFile {
  readonly object: string;
  readonly size: number;
}

/**
 * Reads a folder as it is at a git revision, through git itself — `git ls-tree` for the files, one
 * `git cat-file --batch` for their contents — never by checking it out: the working tree and the index are
 * not touched. Symbolic links and submodules are not files here, as the working-tree walk does not follow them.
 */
export class GitRevisionReader implements WorkspaceReader {
  readonly #files: ReadonlyMap<string, TreeFile>;
  readonly #directories: ReadonlyMap<string, readonly DirectoryEntry[]>;
  readonly #contents: BlobReader;

  private constructor(
    readonly commit: string,
    files: ReadonlyMap<string, TreeFile>,
    folder: string,
  ) {
    this.#files = files;
    this.#directories = directoriesOf([...files.keys()]);
    this.#contents = new BlobReader(folder);
  }

  /** Opens `ref` in the repository that holds `folder`, for the part of its tree under `folder`. */
  static async open(folder: string, ref: string): Promise<GitRevisionReader> {
    const git = (...args: string[]) => run(folder, args);
    await git('rev-parse', '--show-toplevel').catch(() => {
      throw new GitRevisionError(`--since needs a git repository, and ${folder} is not in one.`, 'not-a-repository');
    });
    const commit = (
      await git('rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`).catch(() => {
        throw new GitRevisionError(
          `--since: "${ref}" is not a commit in this clone. In a shallow CI clone, fetch it first, e.g. "git fetch --depth=1 origin ${ref.replace(/^origin\//, '')}".`,
          'unknown-revision',
        );
      })
    ).trim();
    const prefix = (await git('rev-parse', '--show-prefix')).trim();
    const listing = await git('ls-tree', '-r', '-l', '-z', '--full-tree', commit, '--', ...(prefix ? [prefix] : []));
    return new GitRevisionReader(commit, filesOf(listing, prefix), folder);
  }

  async readDirectory(path: string): Promise<readonly DirectoryEntry[]> {
    return this.#directories.get(path) ?? [];
  }

  async fileSize(path: string): Promise<number | undefined> {
    return this.#files.get(path)?.size;
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const file = this.#files.get(path);
    return file && this.#contents.read(file.object);
  }

  async readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined> {
    const file = this.#files.get(path);
    if (!file) {
      return undefined;
    }
    return file.size > maxBytes ? 'too-large' : this.#contents.read(file.object);
  }

  /** Ends the `git cat-file` process. */
  close(): void {
    this.#contents.close();
  }
}

/** A folder as it is at a git revision: the commit, its findings and its coverage. */
export interface RevisionState extends TraceState {
  readonly ref: string;
  readonly commit: string;
}

/**
 * Indexes `folder` as it is at `ref`, read through git, with the workspace `open` makes for a reader (the
 * host's options: date, rules, extraction), and closes that workspace again. The base's own
 * `jsp-trace.jsonc` applies unless the host gives the configuration text.
 */
export async function indexRevision(folder: string, ref: string, open: (reader: WorkspaceReader) => TraceWorkspace): Promise<RevisionState> {
  const reader = await GitRevisionReader.open(folder, ref);
  const base = open(reader);
  try {
    await base.rebuild();
    if (!base.index) {
      throw new GitRevisionError(`--since: the configuration at "${ref}" has errors, so the base cannot be indexed; compare with a later revision.`, 'configuration-errors');
    }
    const findings = base.findings();
    return { ref, commit: reader.commit, findings, summary: base.summary(findings)! };
  } finally {
    base.close();
    reader.close();
  }
}

/** The refs a folder's repository offers to compare with: the merge base with the upstream, when there is one, then the branches. */
export interface RevisionChoices {
  /** `git merge-base HEAD @{upstream}`, and the upstream's name. */
  readonly mergeBase: { readonly commit: string; readonly upstream: string } | undefined;
  readonly localBranches: readonly string[];
  readonly remoteBranches: readonly string[];
}

/** The refs to compare `folder` with, or undefined when it is not in a git repository. */
export async function revisionChoices(folder: string): Promise<RevisionChoices | undefined> {
  const git = (...args: string[]) => run(folder, args);
  if (!(await git('rev-parse', '--show-toplevel').catch(() => undefined))) {
    return undefined;
  }
  const [upstream, refs] = await Promise.all([
    git('rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}').catch(() => ''),
    git('for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes'),
  ]);
  const commit = upstream.trim() && (await git('merge-base', 'HEAD', '@{upstream}').catch(() => '')).trim();
  const names = refs.split('\n').filter((name) => name && !name.endsWith('/HEAD'));
  return {
    mergeBase: commit ? { commit, upstream: upstream.trim() } : undefined,
    localBranches: names.filter((name) => name.startsWith('refs/heads/')).map((name) => name.slice('refs/heads/'.length)),
    remoteBranches: names.filter((name) => name.startsWith('refs/remotes/')).map((name) => name.slice('refs/remotes/'.length)),
  };
}

/** Where a folder is in its git repository: its path from the root (`examples/pump/`, `''` at the root) and the root's file URI. */
export async function repositoryLocation(folder: string): Promise<{ readonly prefix: string; readonly rootUri: string } | undefined> {
  try {
    const [root, prefix] = await Promise.all([run(folder, ['rev-parse', '--show-toplevel']), run(folder, ['rev-parse', '--show-prefix'])]);
    return { prefix: prefix.trim(), rootUri: pathToFileURL(`${root.trim()}/`).href };
  } catch {
    return undefined;
  }
}

function run(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/** The regular files of `git ls-tree -r -l -z` output under `prefix`, by their path relative to it. */
function filesOf(listing: string, prefix: string): Map<string, TreeFile> {
  const files = new Map<string, TreeFile>();
  for (const entry of listing.split('\0')) {
    // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
    if (!match || match[2] !== 'blob' || match[1] === '120000' || !match[5]!.startsWith(prefix)) {
      continue;
    }
    files.set(match[5]!.slice(prefix.length), { object: match[3]!, size: Number(match[4]) });
  }
  return files;
}

/** The listing of every folder of a set of file paths, `''` being the root. */
function directoriesOf(paths: readonly string[]): Map<string, DirectoryEntry[]> {
  const directories = new Map<string, Map<string, DirectoryEntry['type']>>([['', new Map()]]);
  for (const path of paths) {
    const parts = path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const parent = parts.slice(0, depth).join('/');
      const isFile = depth === parts.length - 1;
      const entries = directories.get(parent) ?? new Map();
      directories.set(parent, entries);
      entries.set(parts[depth]!, isFile ? 'file' : 'directory');
    }
  }
  return new Map([...directories].map(([path, entries]) => [path, [...entries].map(([name, type]) => ({ name, type }))]));
}

/**
 * One `git cat-file --batch` process answering blob requests in the order they were made: each answer is a
 * header line `<object> blob <size>`, the content and a newline.
 */
class BlobReader {
  readonly #folder: string;
  #process: ChildProcessWithoutNullStreams | undefined;
  #buffer = Buffer.alloc(0);
  readonly #waiting: { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }[] = [];

  constructor(folder: string) {
    this.#folder = folder;
  }

  read(object: string): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#started().stdin.write(`${object}\n`);
    });
  }

  close(): void {
    this.#process?.stdin.end();
    this.#process = undefined;
  }

  #started(): ChildProcessWithoutNullStreams {
    if (this.#process) {
      return this.#process;
    }
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.#folder });
    child.stdout.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#answer();
    });
    child.on('error', (error) => this.#failAll(error));
    child.on('exit', (code) => this.#failAll(new Error(`git cat-file ended (exit code ${code})`)));
    this.#process = child;
    return child;
  }

  /** Hands out every complete answer in the buffer. */
  #answer(): void {
    for (;;) {
      const lineEnd = this.#buffer.indexOf(0x0a);
      if (lineEnd === -1) {
        return;
      }
      const header = this.#buffer.subarray(0, lineEnd).toString('utf8');
      const size = /^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1];
      if (size === undefined) {
        this.#buffer = this.#buffer.subarray(lineEnd + 1);
        this.#waiting.shift()?.reject(new Error(`git cat-file: ${header}`));
        continue;
      }
      const end = lineEnd + 1 + Number(size);
      if (this.#buffer.length < end + 1) {
        return;
      }
      const content = Uint8Array.prototype.slice.call(this.#buffer, lineEnd + 1, end);
      this.#buffer = this.#buffer.subarray(end + 1);
      this.#waiting.shift()?.resolve(content);
    }
  }

  #failAll(error: Error): void {
    for (const waiting of this.#waiting.splice(0)) {
      waiting.reject(error);
    }
  }
}
