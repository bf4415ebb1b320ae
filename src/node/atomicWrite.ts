import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as nodePath from 'node:path';
import { errorMessage } from '../core/util/errors';

/** The mode of a file the tool creates: what `writeFile` gives under the usual umask of 022. */
const NEW_FILE_MODE = 0o644;
/** How many random temp names to try before giving up: a clash is a sign of someone planting files. */
const TEMP_NAME_ATTEMPTS = 5;

/** A write that failed, named by the file the caller asked for (never the temp file) and the reason. */
export class FileWriteError extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Could not write ${target}: ${reason}.`, options);
    this.name = 'FileWriteError';
  }
}

/**
 * Writes a file so that readers see the old content or the new, never half of it, and so that nobody
 * else in a shared folder can redirect the write: the content goes into a temp file with a random name in
 * the same folder, created exclusively (`O_EXCL` never follows a planted symlink) and readable only by us,
 * flushed to disk, then renamed over the target. A symlink at the target is replaced, not written through.
 * The target keeps its mode; a new file gets 0o644. On failure the temp file is removed and a
 * {@link FileWriteError} names the target.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const folder = nodePath.dirname(path);
  let temporary: string | undefined;
  try {
    const mode = await modeToKeep(path);
    const created = await createTempFile(folder, nodePath.basename(path));
    temporary = created.path;
    try {
      await created.handle.writeFile(content);
      await created.handle.chmod(mode);
      await created.handle.sync();
    } finally {
      await created.handle.close();
    }
    await fs.rename(temporary, path);
    temporary = undefined;
    await syncFolder(folder);
  } catch (error) {
    if (temporary !== undefined) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
    throw error instanceof FileWriteError ? error : new FileWriteError(path, fileErrorReason(error), { cause: error });
  }
}

/** The permission bits of the regular file at `path`, or the mode of a new file when there is none. */
async function modeToKeep(path: string): Promise<number> {
  const stats = await fs.lstat(path).catch(() => undefined);
  return stats?.isFile() ? stats.mode & 0o777 : NEW_FILE_MODE;
}

/** Creates a new file with a random name beside the target; an existing name (or symlink) is never opened. */
async function createTempFile(folder: string, name: string): Promise<{ path: string; handle: fs.FileHandle }> {
  for (let attempt = 1; ; attempt++) {
    const path = nodePath.join(folder, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      // O_EXCL fails on any existing entry, a dangling symlink included, so a planted name is never followed.
      const handle = await fs.open(path, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
      return { path, handle };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === TEMP_NAME_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** Flushes the folder entry of the rename where the platform allows it (not on Windows): best effort. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // The content is already renamed into place; a folder that cannot be flushed only loses durability.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The reason of a file system error without its paths: Node's "EACCES: permission denied, open '…'" → "permission denied". */
export function fileErrorReason(error: unknown): string {
  const message = errorMessage(error);
  return /^E[A-Z]+: ([^,]+),/.exec(message)?.[1] ?? message;
}
