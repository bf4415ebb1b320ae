import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cli';
import { NotACacheFileError, nodeCacheStore } from '../../src/node/cacheFile';

const DOCUMENT = '# Security requirements\n\n## SR-1: Dose limit\n';

describe('The CLI cache file', () => {
  let folder: string;
  let warnings: string[];
  const warn = (message: string) => void warnings.push(message);
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-cache-'));
    warnings = [];
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('writes a header line that says what the file is, and reads back the JSON after it', async () => {
    const file = path.join(folder, '.jsp-trace-cache');
    const store = await nodeCacheStore(file, '1.0.0', warn);
    assert.equal(await store.read(), undefined);
    await store.write('{"entries":{}}');
    assert.equal(fs.readFileSync(file, 'utf8'), 'JSP Trace extraction cache, format 1\n{"entries":{}}');
    assert.equal(await (await nodeCacheStore(file, '1.0.0', warn)).read(), '{"entries":{}}');
    assert.deepEqual(warnings, []);
  });

  it('refuses a path that holds a document, a folder or a FIFO, naming it, and leaves it as it was', async () => {
    const document = path.join(folder, 'security-requirements.md');
    fs.writeFileSync(document, DOCUMENT);
    const fifo = path.join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const [file, detail] of [
      [document, 'exists'],
      [folder, 'is not a regular file'],
      [fifo, 'is not a regular file'],
    ] as const) {
      await assert.rejects(nodeCacheStore(file, '1.0.0', warn), new NotACacheFileError(file, detail));
    }
    assert.equal(fs.readFileSync(document, 'utf8'), DOCUMENT);
  });

  it('overwrites a cache of another format without reading it', async () => {
    const file = path.join(folder, '.jsp-trace-cache');
    fs.writeFileSync(file, 'JSP Trace extraction cache, format 0\n{"fingerprint":"old"}');
    const store = await nodeCacheStore(file, '1.0.0', warn);
    assert.equal(await store.read(), undefined);
    await store.write('{}');
    assert.equal(fs.readFileSync(file, 'utf8'), 'JSP Trace extraction cache, format 1\n{}');
  });

  it('warns instead of writing when the file was replaced by something else meanwhile', async () => {
    const file = path.join(folder, '.jsp-trace-cache');
    const store = await nodeCacheStore(file, '1.0.0', warn);
    fs.writeFileSync(file, DOCUMENT);
    assert.equal(await store.read(), undefined);
    await store.write('{}');
    assert.equal(fs.readFileSync(file, 'utf8'), DOCUMENT);
    assert.deepEqual(warnings, [new NotACacheFileError(file, 'exists').message]);
  });

  // Needs src/cli/cli.ts to build its store with nodeCacheStore (the lead applies that change).
  describe('through the CLI', () => {
    async function check(...args: string[]) {
      let stderr = '';
      const code = await runCli(['check', '.', '--fail-on', 'never', ...args], { stdout: () => undefined, stderr: (text) => void (stderr += text), color: false, cwd: folder });
      return { code, stderr };
    }

    it('refuses --cache-location naming a document: exit 2, the path named, the document unchanged', async () => {
      fs.mkdirSync(path.join(folder, 'docs'));
      const document = path.join(folder, 'docs', 'security-requirements.md');
      fs.writeFileSync(document, DOCUMENT);
      const { code, stderr } = await check('--cache-location', 'docs/security-requirements.md');
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`${document.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} exists and is not a JSP Trace cache`));
      assert.equal(fs.readFileSync(document, 'utf8'), DOCUMENT);
    });

    it('writes its cache with the header, and reads it on the next run', async () => {
      fs.writeFileSync(path.join(folder, 'reqs.md'), DOCUMENT);
      assert.equal((await check('--cache')).code, 0);
      const cache = fs.readFileSync(path.join(folder, '.jsp-trace-cache'), 'utf8');
      assert.match(cache, /^JSP Trace extraction cache, format 1\n\{/);
      assert.deepEqual(await check('--cache'), { code: 0, stderr: '' });
    });
  });
});
