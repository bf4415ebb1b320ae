import * as assert from 'node:assert/strict';
import { openTraceWorkspace, type ExtractionCacheStore } from '../../src/core';
import { InMemoryWorkspace, joinLines } from './util';

const REQUIREMENTS = joinLines('## SO-1: Objective', '## SR-1: Nonces', 'Derives from: SO-1');

/** An extraction cache store in memory that records what the workspace asked of it. */
class InMemoryCacheStore implements ExtractionCacheStore {
  readonly toolVersion = '1.0.0';
  reads = 0;
  readonly writes: string[] = [];

  constructor(public json: string | undefined = undefined) {}

  async read(): Promise<string | undefined> {
    this.reads++;
    return this.json;
  }

  async write(json: string): Promise<void> {
    this.writes.push(json);
    this.json = json;
  }
}

function rulesOf(findings: readonly { rule: string; item: string }[]): string[] {
  return findings.map((finding) => `${finding.rule} ${finding.item}`);
}

describe('A trace workspace', () => {
  it('indexes the folder on rebuild, then re-reads one file at a time', async () => {
    const files = new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS, 'src/a.c': '// @implements SR-1' });
    const workspace = openTraceWorkspace({ reader: files });
    assert.equal(workspace.index, undefined, 'nothing is read before the first rebuild');

    const result = await workspace.rebuild();
    assert.deepEqual(result?.build?.skipped, []);
    assert.deepEqual(rulesOf(workspace.findings()), ['requirement-not-verified SR-1']);
    assert.equal(workspace.summary()?.requirements.implemented, 1);

    files.files['test/a.test.c'] = '// @verifies SR-1';
    assert.deepEqual([...(await workspace.update('test/a.test.c')).affectedPaths], ['docs/reqs.md']);
    assert.deepEqual(rulesOf(workspace.findings()), []);

    const edited = await workspace.update('src/a.c', '// nothing here any more');
    assert.ok(edited.affectedPaths.has('docs/reqs.md'), 'the text of an open editor wins over the file');
    assert.deepEqual(rulesOf(workspace.findings()), ['requirement-not-implemented SR-1']);

    delete files.files['test/a.test.c'];
    await workspace.update('test/a.test.c');
    assert.deepEqual(rulesOf(workspace.findings()), ['requirement-not-implemented SR-1', 'requirement-not-verified SR-1']);
  });

  it('reports a file it skips on update, and an evidence file that appears', async () => {
    const files = new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS, 'jsp-trace.jsonc': '{ "maxFileSize": 100 }' });
    const workspace = openTraceWorkspace({ reader: files });
    await workspace.rebuild();

    files.files['src/big.c'] = `// @implements SR-1\n${'x'.repeat(200)}`;
    assert.equal((await workspace.update('src/big.c')).skipped, 'too-large');
    files.files['sbom.cdx.json'] = '{}';
    const appeared = await workspace.update('sbom.cdx.json');
    assert.ok(appeared.changed, 'an SBOM that appears changes the evidence counts');
    assert.deepEqual([...appeared.affectedPaths], [], 'an SBOM without components has no findings');
    assert.equal(workspace.index?.evidence.get('sbom.cdx.json'), 'sbom');
  });

  it('keeps the last valid index while the configuration has errors, says it is stale, and reports the errors', async () => {
    const files = new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS });
    const workspace = openTraceWorkspace({ reader: files });
    await workspace.rebuild();
    const lastValid = workspace.index;
    assert.ok(lastValid);
    assert.equal(workspace.stale, false);
    assert.equal(workspace.configPath, undefined, 'no file: the defaults apply');

    files.files['jsp-trace.jsonc'] = '{ "maxFileSize": "large" }';
    const result = await workspace.rebuild();
    assert.deepEqual(result, { build: undefined, cacheStats: undefined });
    assert.equal(workspace.index, lastValid, 'the last valid index stays');
    assert.equal(workspace.stale, true);
    assert.equal(workspace.configPath, 'jsp-trace.jsonc');
    assert.deepEqual(workspace.configErrors.map((error) => error.field), ['maxFileSize']);
    assert.deepEqual(rulesOf(workspace.findings()), ['requirement-not-implemented SR-1', 'requirement-not-verified SR-1']);
    assert.equal(workspace.summary()?.requirements.total, 1);

    files.files['jsp-trace.jsonc'] = '{ "maxFileSize": 100000, }';
    await workspace.rebuild();
    assert.deepEqual(workspace.configErrors, [], 'a trailing comma is accepted');
    assert.equal(workspace.stale, false);
    assert.notEqual(workspace.index, lastValid, 'a valid configuration rebuilds the index');
  });

  it('has no index when the first configuration it reads has errors', async () => {
    const workspace = openTraceWorkspace({ reader: new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS, 'jsp-trace.jsonc': '{ "include": 5 }' }) });
    await workspace.rebuild();
    assert.equal(workspace.index, undefined);
    assert.equal(workspace.stale, false, 'nothing is shown, so nothing is stale');
    assert.deepEqual(workspace.findings(), []);
    assert.equal(workspace.summary(), undefined);
    assert.deepEqual((await workspace.update('docs/reqs.md')).affectedPaths, new Set());
  });

  it('reads the configuration the host gives instead of the folder file', async () => {
    const files = new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS, 'jsp-trace.jsonc': '{ "include": 5 }' });
    const workspace = openTraceWorkspace({ reader: files, configPath: '/elsewhere/trace.jsonc', configText: '{ "rules": { "requirement-not-verified": "off" } }' });
    await workspace.rebuild();
    assert.deepEqual(workspace.configErrors, []);
    assert.equal(workspace.configPath, '/elsewhere/trace.jsonc');
    assert.deepEqual(rulesOf(workspace.findings()), ['requirement-not-implemented SR-1']);
  });

  it('applies the rule overrides asked at each rebuild', async () => {
    const workspace = openTraceWorkspace({
      reader: new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS }),
      ruleOverrides: () => ({ 'requirement-not-implemented': overridden }),
    });
    let overridden: 'off' | 'error' = 'off';
    await workspace.rebuild();
    assert.deepEqual(rulesOf(workspace.findings()), ['requirement-not-verified SR-1']);
    overridden = 'error';
    await workspace.rebuild();
    assert.deepEqual(rulesOf(workspace.findings()), ['requirement-not-implemented SR-1', 'requirement-not-verified SR-1']);
  });

  it('lets a newer rebuild win over an older one still under way', async () => {
    const files = new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS, 'src/a.c': '// @implements SR-1', 'src/b.c': '' });
    const workspace = openTraceWorkspace({ reader: files });
    let newer: ReturnType<typeof workspace.rebuild> | undefined;
    const older = workspace.rebuild((done) => {
      if (done === 1 && !newer) {
        files.files['src/a.c'] = '// @implements SR-2';
        newer = workspace.rebuild();
      }
    });
    assert.equal(await older, undefined, 'the older rebuild stops and says so');
    const result = await newer;
    assert.equal(result?.build?.index, workspace.index);
    assert.deepEqual(rulesOf(workspace.findings()), [
      'requirement-not-implemented SR-1',
      'requirement-not-verified SR-1',
      'unknown-reference SR-2',
    ]);
  });

  it('reads the extraction cache once per rebuild and writes it after', async () => {
    const files = new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS, 'src/a.c': '// @implements SR-1' });
    const store = new InMemoryCacheStore();
    const first = await openTraceWorkspace({ reader: files, cache: store }).rebuild();
    assert.deepEqual([store.reads, store.writes.length], [1, 1]);
    assert.deepEqual(first?.cacheStats, { hits: 0, misses: 1 });
    assert.deepEqual(Object.keys(JSON.parse(store.writes[0]!).entries), ['docs/reqs.md'], 'Markdown only');

    const second = await openTraceWorkspace({ reader: files, cache: store }).rebuild();
    assert.deepEqual([store.reads, store.writes.length], [2, 2]);
    assert.deepEqual(second?.cacheStats, { hits: 1, misses: 0 });

    const otherVersion = Object.assign(new InMemoryCacheStore(store.json), { toolVersion: '2.0.0' });
    const third = await openTraceWorkspace({ reader: files, cache: otherVersion }).rebuild();
    assert.deepEqual(third?.cacheStats, { hits: 0, misses: 1 }, 'a cache of another version is dropped');
  });

  it('forgets everything on close, also a rebuild under way', async () => {
    const workspace = openTraceWorkspace({ reader: new InMemoryWorkspace({ 'docs/reqs.md': REQUIREMENTS }) });
    await workspace.rebuild();
    const rebuilding = workspace.rebuild();
    workspace.close();
    assert.equal(await rebuilding, undefined);
    assert.equal(workspace.index, undefined);
    assert.deepEqual(workspace.configErrors, []);
  });
});
