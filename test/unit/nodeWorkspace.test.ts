import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeWorkspaceReader } from '../../src/node/nodeWorkspace';

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

  it('answers undefined for what is missing or not a file', async () => {
    const reader = new NodeWorkspaceReader(root);
    assert.equal(await reader.readFileUpTo('docs/missing.md', 100), undefined);
    assert.equal(await reader.readFileUpTo('docs', 100), undefined);
    assert.equal(await reader.fileSize('docs/missing.md'), undefined);
    assert.deepEqual(await reader.readDirectory('docs'), [{ name: 'ten.md', type: 'file' }]);
  });
});
