// What the packaged extension must be: exactly the files the extension runs (the allow-list in
// .vscodeignore, as vsce applies it), under the size the README states.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VSIX = 'dist/jsp-trace.vsix';
/** The README says "under 1 MB". */
export const MAX_VSIX_BYTES = 1024 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));

/** Why a packaged .vsix is not what ships, or undefined when it is. */
export function packageProblem(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.length > MAX_VSIX_BYTES) return `${file} is ${bytes.length} bytes, over the ${MAX_VSIX_BYTES} the README states`;
  const expected = fs.readFileSync(path.join(here, 'vsix-contents.txt'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
  const actual = zipEntries(bytes).sort();
  const missing = expected.filter((name) => !actual.includes(name));
  const extra = actual.filter((name) => !expected.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    return `${file} holds other files than test/e2e/vsix-contents.txt lists: missing [${missing.join(', ')}], not listed [${extra.join(', ')}]`;
  }
  return undefined;
}

/** The names in a zip file's central directory (a .vsix is a zip). */
function zipEntries(bytes) {
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`not a zip file: bad central directory entry ${i}`);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
