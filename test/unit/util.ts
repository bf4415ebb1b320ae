import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndex, DEFAULT_CONFIG, FileSelector, TraceIndex, type DirectoryEntry, type TraceConfig, type WorkspaceReader } from '../../src/core';

/** Joins lines with `\n`, so fixtures read like the files they stand for. */
export function joinLines(...lines: string[]): string {
  return lines.join('\n');
}

/** An index of in-memory files, built one file at a time as the editor would. */
export function indexOf(files: Record<string, string>, config: TraceConfig = DEFAULT_CONFIG): TraceIndex {
  const index = new TraceIndex(config, new FileSelector(config));
  for (const [path, text] of Object.entries(files)) {
    index.updateFile(path, text);
  }
  return index;
}

/** A workspace held in memory; values are text or bytes. It records what was read. */
export class InMemoryWorkspace implements WorkspaceReader {
  readonly reads: string[] = [];

  constructor(readonly files: Record<string, string | Uint8Array>) {}

  async readDirectory(path: string): Promise<readonly DirectoryEntry[]> {
    const prefix = path ? `${path}/` : '';
    const entries = new Map<string, DirectoryEntry['type']>();
    for (const file of Object.keys(this.files)) {
      if (file.startsWith(prefix)) {
        const [name, ...rest] = file.slice(prefix.length).split('/');
        entries.set(name!, rest.length > 0 ? 'directory' : 'file');
      }
    }
    return [...entries].map(([name, type]) => ({ name, type }));
  }

  async fileSize(path: string): Promise<number | undefined> {
    const content = this.files[path];
    return content === undefined ? undefined : typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  }

  async readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined> {
    const size = await this.fileSize(path);
    return size !== undefined && size > maxBytes ? 'too-large' : this.readFile(path);
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const content = this.files[path];
    if (content === undefined) {
      return undefined;
    }
    this.reads.push(path);
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
}

/** Builds the index of an in-memory workspace through the same walk the CLI and extension use. */
export async function buildFrom(files: Record<string, string | Uint8Array>, config: TraceConfig = DEFAULT_CONFIG) {
  const workspace = new InMemoryWorkspace(files);
  return { workspace, ...(await buildIndex(workspace, config)) };
}

/** `rule item path:line` strings of an index's findings: compact and readable in assertion diffs. */
export function findingKeys(index: TraceIndex): string[] {
  return index.findings().map((f) => `${f.rule} ${f.item} ${f.location.path}:${f.location.range.start.line + 1}`);
}

/** Runs `test` on a temporary folder holding `files` (relative path → text), removed afterwards. */
export async function withTempFolder(files: Record<string, string>, test: (folder: string) => Promise<void>): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'jsp-trace-test-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(folder, name)), { recursive: true });
      await fs.writeFile(path.join(folder, name), text);
    }
    await test(folder);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}
