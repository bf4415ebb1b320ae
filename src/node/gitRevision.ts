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
    const prefix = withoutNewline(await git('rev-parse', '--show-prefix'));
    // Literal: a folder named `:x` or `a[b]` is a path, not pathspec magic or a pattern.
    const listing = await git('--literal-pathspecs', 'ls-tree', '-r', '-l', '-z', '--full-tree', commit, '--', ...(prefix ? [prefix] : []));
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
    return { prefix: withoutNewline(prefix), rootUri: pathToFileURL(`${withoutNewline(root)}/`).href };
  } catch {
    return undefined;
  }
}

/** git's one-line answer without its line end: a path may begin or end with spaces. */
function withoutNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
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
 * header line `<object> blob <size>`, the content and a newline. A blob is copied once into a buffer of its
 * size as its chunks arrive (concatenating the whole buffer per chunk would cost the square of a large
 * file's size). Once the process is gone, every read — waiting or later — rejects with why.
 */
class BlobReader {
  readonly #folder: string;
  #process: ChildProcessWithoutNullStreams | undefined;
  #failure: Error | undefined;
  /** Bytes received after the last complete answer, before a header is complete. */
  #pending = Buffer.alloc(0);
  /** The blob being received: its buffer and how much of it has arrived. */
  #blob: { bytes: Buffer; filled: number } | undefined;
  readonly #waiting: { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }[] = [];

  constructor(folder: string) {
    this.#folder = folder;
  }

  read(object: string): Promise<Uint8Array> {
    if (this.#failure) {
      return Promise.reject(this.#failure);
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#started().stdin.write(`${object}\n`);
    });
  }

  close(): void {
    this.#fail(new Error('the revision was closed'));
  }

  #started(): ChildProcessWithoutNullStreams {
    if (this.#process) {
      return this.#process;
    }
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.#folder, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => this.#receive(chunk));
    // Drained, so that git never blocks on a full pipe; what it says is in the exit's reason.
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => void (said = `${said}${chunk.toString('utf8')}`.slice(-2000)));
    child.stdin.on('error', (error) => this.#fail(error));
    child.on('error', (error) => this.#fail(error));
    child.on('exit', (code) => this.#fail(new Error(`git cat-file ended (exit code ${code})${said.trim() ? `: ${said.trim()}` : ''}`)));
    this.#process = child;
    return child;
  }

  /** Takes a chunk of answers: fills the blob being received, then reads the headers and blobs after it. */
  #receive(chunk: Buffer): void {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.#blob) {
        const { bytes, filled } = this.#blob;
        const taken = Math.min(bytes.length - filled, data.length);
        data.copy(bytes, filled, 0, taken);
        this.#blob.filled += taken;
        data = data.subarray(taken);
        if (this.#blob.filled < bytes.length) {
          return;
        }
      }
      if (this.#blob && data.length === 0) {
        return; // the newline after the blob comes with the next chunk
      }
      if (this.#blob) {
        // The newline that ends the answer.
        this.#waiting.shift()?.resolve(new Uint8Array(this.#blob.bytes.buffer, this.#blob.bytes.byteOffset, this.#blob.bytes.length));
        this.#blob = undefined;
        data = data.subarray(1);
        continue;
      }
      const lineEnd = data.indexOf(0x0a);
      if (lineEnd === -1) {
        this.#pending = Buffer.from(data);
        return;
      }
      const header = data.subarray(0, lineEnd).toString('utf8');
      data = data.subarray(lineEnd + 1);
      const size = /^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1];
      if (size === undefined) {
        this.#waiting.shift()?.reject(new Error(`git cat-file: ${header}`));
        continue;
      }
      this.#blob = { bytes: Buffer.allocUnsafe(Number(size)), filled: 0 };
    }
  }

  /** Ends the process and rejects every read waiting now and made later with `error`. */
  #fail(error: Error): void {
    this.#failure ??= error;
    const child = this.#process;
    this.#process = undefined;
    child?.stdin.end();
    for (const waiting of this.#waiting.splice(0)) {
      waiting.reject(this.#failure);
    }
  }
}
