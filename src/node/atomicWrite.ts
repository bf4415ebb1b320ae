import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';

/** Writes a file so that readers see the old content or the new, never half of it: write aside, then rename. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(temporary, content);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
