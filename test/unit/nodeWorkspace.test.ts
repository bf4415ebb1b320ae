import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { NodeWorkspaceReader } from '../../src/node/nodeWorkspace';
import { DEFAULT_CONFIG, buildIndex } from '../../src/core';

describe('Node workspace reader', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-reader-'));
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'ten.md'), '0123456789');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads a file up to a size, and says when it is larger without reading it', async () => {
    const reader = new NodeWorkspaceReader(root);
    assert.equal(Buffer.from((await reader.readFileUpTo('docs/ten.md', 10)) as Uint8Array).toString(), '0123456789');
    assert.equal(await reader.readFileUpTo('docs/ten.md', 9), 'too-large');
    assert.equal(Buffer.from((await reader.readFile('docs/ten.md'))!).toString(), '0123456789');
  });

  it('answers undefined for what is missing, and rejects with the reason for what is not a file', async () => {
    const reader = new NodeWorkspaceReader(root);
    assert.equal(await reader.readFileUpTo('docs/missing.md', 100), undefined);
    assert.equal(await reader.readFileUpTo('docs/ten.md/below.md', 100), undefined);
    await assert.rejects(reader.readFileUpTo('docs', 100), /^Error: it is a folder, not a file$/);
    assert.equal(await reader.fileSize('docs/missing.md'), undefined);
    assert.deepEqual(await reader.readDirectory('docs'), [{ name: 'ten.md', type: 'file' }]);
  });

  it('does not hang on a FIFO named like a document: it rejects at once', async function () {
    if (process.platform === 'win32') {
      this.skip();
    }
    execFileSync('mkfifo', [path.join(root, 'fifo.md')]);
    try {
      await assert.rejects(new NodeWorkspaceReader(root).readFile('fifo.md'), /not a regular file/);
    } finally {
      fs.rmSync(path.join(root, 'fifo.md'));
    }
  });
});

describe('Node workspace: faults between listing and reading', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-faults-'));
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'a.md'), '## SO-1: Objective\n');
    fs.writeFileSync(path.join(root, 'docs', 'b.md'), '## SR-1: Requirement\nDerives from: SO-1\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A Node reader that runs `fault` after the walk has listed the files, just before `path` is read. */
  function faultBefore(readPath: string, fault: () => void): NodeWorkspaceReader {
    const reader = new NodeWorkspaceReader(root);
    const readFileUpTo = reader.readFileUpTo.bind(reader);
    reader.readFileUpTo = (path, maxBytes) => {
      if (path === readPath) {
        fault();
      }
      return readFileUpTo(path, maxBytes);
    };
    return reader;
  }

  it('drops a file deleted after the listing, without a finding', async () => {
    const reader = faultBefore('docs/b.md', () => fs.rmSync(path.join(root, 'docs', 'b.md')));
    const { index } = await buildIndex(reader, DEFAULT_CONFIG);
    assert.deepEqual([...index.graph.ids()], ['SO-1']);
    assert.deepEqual(index.findings(), []);
  });

  it('reports a file replaced by a folder or a FIFO after the listing as unreadable', async () => {
    const b = path.join(root, 'docs', 'b.md');
    const asFolder = faultBefore('docs/b.md', () => (fs.rmSync(b), fs.mkdirSync(b)));
    const findings = (await buildIndex(asFolder, DEFAULT_CONFIG)).index.findings();
    assert.deepEqual(findings.map((f) => `${f.rule} ${f.severity} ${f.location.path}`), ['unreadable-file error docs/b.md']);
    assert.match(findings[0]!.message, /it is a folder, not a file/);
    if (process.platform !== 'win32') {
      fs.rmdirSync(b);
      fs.writeFileSync(b, '## SR-1');
      const asFifo = faultBefore('docs/b.md', () => (fs.rmSync(b), execFileSync('mkfifo', [b])));
      assert.match((await buildIndex(asFifo, DEFAULT_CONFIG)).index.findings()[0]!.message, /not a regular file/);
    }
  });

  it('reports a file it may not read, with the reason', async () => {
    // Tests may run as root, whom chmod 000 does not stop: the fault is the error a denied open raises.
    const open = nodeFs.openSync;
    nodeFs.openSync = ((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      if (String(file).endsWith('docs/b.md')) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
      }
      return open(file, flags ?? 'r', mode);
    }) as typeof nodeFs.openSync;
    try {
      const findings = (await buildIndex(new NodeWorkspaceReader(root), DEFAULT_CONFIG)).index.findings();
      assert.deepEqual(findings.map((f) => `${f.location.path}: ${f.message}`), [
        'docs/b.md: JSP Trace could not read this file, so nothing in it is traced: permission denied. Check that it is a regular file you can read.',
      ]);
    } finally {
      nodeFs.openSync = open;
    }
  });
});
