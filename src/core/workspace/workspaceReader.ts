import { errorMessage } from '../util/errors';
import { isBinary } from '../config/files';

/** A folder entry as a host lists it. */
export interface DirectoryEntry {
  readonly name: string;
  readonly type: 'file' | 'directory' | 'other';
}

/**
 * How the core reads a workspace folder. Paths are relative to the folder's root and use `/`; `''` is the
 * root. The CLI implements it with Node's file system, the extension with `vscode.workspace.fs`.
 *
 * A file that is gone (deleted, or never there) reads as `undefined`. A file that is there but cannot be
 * read — permission denied, not a regular file (a folder, a FIFO, a device), an I/O error — rejects with
 * an `Error` whose message says why in a few words (`permission denied`): the index reports it as an
 * `unreadable-file` finding rather than passing over it. Only regular files are read, so that a FIFO named
 * like a document cannot hang the walk. `readDirectory`, `fileSize` and `modifiedTime` answer empty and `undefined` for
 * anything they cannot list or measure.
 */
export interface WorkspaceReader {
  readDirectory(path: string): Promise<readonly DirectoryEntry[]>;
  fileSize(path: string): Promise<number | undefined>;
  /** When a file was last modified (ms since the epoch): dates test results that carry no `timestamp`. */
  modifiedTime?(path: string): Promise<number | undefined>;
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Reads a file unless it has more than `maxBytes`; a host that can should check the size on the open file. */
  readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined>;
}

const decoder = new TextDecoder('utf-8');

/** Decodes a file's bytes as UTF-8 (without a BOM), or undefined when they look binary. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (isBinary(bytes)) {
    return undefined;
  }
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** What reading one selected file gave the index: its text, or why there is none. */
export type FileRead =
  | { readonly type: 'text'; readonly text: string; readonly mtime?: number }
  /** Deleted, or never there. */
  | { readonly type: 'gone' }
  | { readonly type: 'too-large' }
  | { readonly type: 'binary' }
  /** There, but it could not be read; `reason` says why in a few words. */
  | { readonly type: 'failed'; readonly reason: string };

/** What the index asks of a read: the size limit of the file, and whether it wants the file's mtime (test results). */
export interface ReadRequest {
  readonly maxBytes: number;
  readonly withMtime: boolean;
}

/** Reads a file as the index reads every file: up to its size limit, as UTF-8 text, never throwing. */
export async function readForIndex(reader: WorkspaceReader, path: string, request: ReadRequest): Promise<FileRead> {
  let bytes: Uint8Array | 'too-large' | undefined;
  try {
    bytes = await reader.readFileUpTo(path, request.maxBytes);
  } catch (error) {
    return { type: 'failed', reason: errorMessage(error) };
  }
  if (bytes === 'too-large') {
    return { type: 'too-large' };
  }
  if (!bytes) {
    return { type: 'gone' };
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    return { type: 'binary' };
  }
  // Without its mtime a results file is still read; its test cases then date only by their timestamps.
  const mtime = request.withMtime ? await reader.modifiedTime?.(path).catch(() => undefined) : undefined;
  return { type: 'text', text, ...(mtime === undefined ? {} : { mtime }) };
}
