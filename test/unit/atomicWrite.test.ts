import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileWriteError, writeFileAtomic } from '../../src/node/atomicWrite';

/** Makes `crypto.randomBytes` return these byte strings in turn while `run` runs, so temp names are known. */
async function withRandomBytes(sequence: readonly Buffer[], run: () => Promise<void>): Promise<void> {
  const original = crypto.randomBytes;
  let next = 0;
  const fake = ((size: number) => sequence[next++] ?? original(size)) as typeof crypto.randomBytes;
  // The module under test may hold the ESM binding or the CommonJS object: patch both.
  crypto.randomBytes = fake;
  syncBuiltinESMExports();
  try {
    await run();
  } finally {
    crypto.randomBytes = original;
    syncBuiltinESMExports();
  }
}

describe('Atomic file writes', () => {
  let folder: string;
  let elsewhere: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-write-'));
    elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-elsewhere-'));
  });
  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  /** A file outside the folder, for a planted symlink to point at. */
  function victim(): string {
    const file = path.join(elsewhere, crypto.randomUUID());
    fs.writeFileSync(file, 'precious');
    return file;
  }

  it('writes a new file with mode 0644, replaces an old one keeping its mode, and leaves no temp file', async () => {
    const target = path.join(folder, 'out.csv');
    await writeFileAtomic(target, 'one');
    assert.equal(fs.readFileSync(target, 'utf8'), 'one');
    assert.equal(fs.statSync(target).mode & 0o777, 0o644);
    fs.chmodSync(target, 0o600);
    await writeFileAtomic(target, 'two');
    assert.equal(fs.readFileSync(target, 'utf8'), 'two');
    assert.equal(fs.statSync(target).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(folder), ['out.csv']);
  });

  it('never follows a symlink planted at a temp name, neither the old predictable one nor a random one', async () => {
    const target = path.join(folder, 'out.csv');
    const pidVictim = victim();
    fs.symlinkSync(pidVictim, path.join(folder, `.out.csv.${process.pid}.tmp`));
    const randomVictims = [victim(), victim(), victim()];
    const names = randomVictims.map((_, i) => Buffer.alloc(8, i + 1));
    names.forEach((bytes, i) => fs.symlinkSync(randomVictims[i]!, path.join(folder, `.out.csv.${bytes.toString('hex')}.tmp`)));
    await withRandomBytes(names, () => writeFileAtomic(target, 'new content'));
    assert.equal(fs.readFileSync(target, 'utf8'), 'new content');
    for (const file of [pidVictim, ...randomVictims]) {
      assert.equal(fs.readFileSync(file, 'utf8'), 'precious');
    }
  });

  it('gives up naming the target when every temp name it tries is taken, and changes nothing', async () => {
    const target = path.join(folder, 'out.csv');
    fs.writeFileSync(target, 'old');
    const taken = victim();
    const names = Array.from({ length: 5 }, () => Buffer.alloc(8, 7));
    fs.symlinkSync(taken, path.join(folder, `.out.csv.${names[0]!.toString('hex')}.tmp`));
    await withRandomBytes(names, async () => {
      await assert.rejects(writeFileAtomic(target, 'new'), (error: FileWriteError) => error.message === `Could not write ${target}: file already exists.`);
    });
    assert.equal(fs.readFileSync(target, 'utf8'), 'old');
    assert.equal(fs.readFileSync(taken, 'utf8'), 'precious');
  });

  it('replaces a symlink at the target instead of writing through it', async () => {
    const target = path.join(folder, 'out.csv');
    const linked = victim();
    fs.symlinkSync(linked, target);
    await writeFileAtomic(target, 'new');
    assert.equal(fs.lstatSync(target).isFile(), true);
    assert.equal(fs.readFileSync(target, 'utf8'), 'new');
    assert.equal(fs.readFileSync(linked, 'utf8'), 'precious');
  });

  it('names the target and the reason when the write fails, never the temp file, and cleans up', async () => {
    const missing = path.join(folder, 'no-such-folder', 'out.csv');
    await assert.rejects(writeFileAtomic(missing, 'x'), new FileWriteError(missing, 'no such file or directory'));
    const directory = path.join(folder, 'a-folder');
    fs.mkdirSync(directory);
    await assert.rejects(writeFileAtomic(directory, 'x'), (error: Error) => {
      assert.ok(error instanceof FileWriteError);
      assert.equal(error.message, `Could not write ${directory}: illegal operation on a directory.`);
      return true;
    });
    assert.deepEqual(fs.readdirSync(folder), ['a-folder']);
  });

  it('leaves one whole version when several writers race on one file', async () => {
    const target = path.join(folder, 'cache');
    const versions = Array.from({ length: 20 }, (_, i) => `${i}:`.padEnd(200_000, String.fromCharCode(97 + i)));
    await Promise.all(versions.map((content) => writeFileAtomic(target, content)));
    assert.ok(versions.includes(fs.readFileSync(target, 'utf8')));
    assert.deepEqual(fs.readdirSync(folder), ['cache']);
  });
});
