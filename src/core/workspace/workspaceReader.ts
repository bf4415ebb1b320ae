import { isBinary } from '../config/files';

/** A folder entry as a host lists it. */
export interface DirectoryEntry {
  readonly name: string;
  readonly type: 'file' | 'directory' | 'other';
}

/**
 * How the core reads a workspace folder. Paths are relative to the folder's root and use `/`; `''` is the
 * root. The CLI implements it with Node's file system, the extension with `vscode.workspace.fs`. Methods
 * return `undefined` (or an empty list) for anything that cannot be read, rather than throwing.
 */
export interface WorkspaceReader {
  readDirectory(path: string): Promise<readonly DirectoryEntry[]>;
  fileSize(path: string): Promise<number | undefined>;
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
