import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, buildIndex, loadConfig, openTraceWorkspace, type TraceConfig, type WorkspaceReader } from '../../src/core';
import { InMemoryWorkspace, buildFrom, findingKeys, indexOf, joinLines } from './util';

/**
 * A requirements document nested deeper than the Markdown parser's stack: the minimal parse failure. The
 * issue's 4,000 levels overflow in a fresh process; optimised code has smaller frames, so tests go deeper.
 */
const DEEPLY_NESTED = `# SR-1: Dose limit\n\n${'>'.repeat(8000)} x\n`;

/** An in-memory workspace whose reads fail for some paths, as a host reports a file it cannot read. */
class FaultyWorkspace extends InMemoryWorkspace {
  constructor(
    files: Record<string, string | Uint8Array>,
    readonly faults: Record<string, 'gone' | string>,
  ) {
    super(files);
  }

  override async readFile(path: string): Promise<Uint8Array | undefined> {
    const fault = this.faults[path];
    if (fault === 'gone') {
      return undefined;
    }
    if (fault !== undefined) {
      throw new Error(fault);
    }
    return super.readFile(path);
  }
}

const COVERAGE_OFF = { 'requirement-not-derived': 'off', 'requirement-not-implemented': 'off', 'requirement-not-verified': 'off' } as const;

function severities(findings: readonly { rule: string; severity: string; location: { path: string } }[]): string[] {
  return findings.map((f) => `${f.rule} ${f.severity} ${f.location.path}`);
}

describe('Fail closed: a file the index selects but cannot read', () => {
  it('reports a document it cannot read whole as an error on that file, not as a clean file', async () => {
    const { index } = await buildFrom({ 'docs/a.md': DEEPLY_NESTED });
    const unreadable = index.findings().filter((f) => f.rule === 'unreadable-file');
    assert.deepEqual(severities(unreadable), ['unreadable-file error docs/a.md']);
    assert.equal(unreadable[0]!.item, 'docs/a.md');
    assert.match(unreadable[0]!.message, /\.$/);
  });

  it('turns each problem an extractor reports into a finding at its position', () => {
    const index = indexOf({});
    const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } };
    index.setContributions({ path: 'docs/a.md', items: [], links: [], references: [], problems: [{ message: 'A cap was reached', range }] });
    assert.deepEqual(index.findingsIn('docs/a.md'), [
      { rule: 'unreadable-file', severity: 'error', message: 'A cap was reached.', item: 'docs/a.md', location: { path: 'docs/a.md', range }, related: [] },
    ]);
  });

  it('reports oversized and binary files with the reason: an error for documents and evidence, a warning for code', async () => {
    const binary = new Uint8Array([0x23, 0x20, 0x53, 0x52, 0x00, 0x01]);
    const { index } = await buildFrom(
      { 'docs/big.md': `## SR-1: Big\n${'x'.repeat(200)}`, 'src/blob.c': binary, 'test-results/junit.xml': binary, 'docs/small.md': '## SR-2: Small' },
      { ...DEFAULT_CONFIG, maxFileSize: 100, rules: { 'requirement-not-derived': 'off', 'requirement-not-implemented': 'off', 'requirement-not-verified': 'off' } },
    );
    assert.deepEqual(severities(index.findings()), [
      'unreadable-file error docs/big.md',
      'unreadable-file warning src/blob.c',
      'unreadable-file error test-results/junit.xml',
    ]);
    const [big, blob] = index.findings();
    assert.match(big!.message, /larger than maxFileSize \(100 bytes\)/);
    assert.match(blob!.message, /binary content \(a NUL byte\)/);
  });

  it('reports a file the host cannot read with the host\'s reason, and drops a file deleted since the listing', async () => {
    const workspace = new FaultyWorkspace(
      { 'docs/locked.md': '## SR-1: Locked', 'docs/deleted.md': '## SR-2: Deleted', 'src/locked.c': '// @implements SR-3' },
      { 'docs/locked.md': 'permission denied', 'docs/deleted.md': 'gone', 'src/locked.c': 'permission denied' },
    );
    const { index } = await buildIndex(workspace, DEFAULT_CONFIG);
    assert.deepEqual(severities(index.findings()), ['unreadable-file error docs/locked.md', 'unreadable-file warning src/locked.c']);
    assert.match(index.findings()[0]!.message, /could not read this file, so nothing in it is traced: permission denied\./);
    assert.deepEqual(index.findings()[0]!.item, 'docs/locked.md');
    assert.equal(index.graph.fileCount, 0);
  });

  it('takes the severity from the configuration, and reports nothing when the rule is off', async () => {
    const files = { 'docs/a.md': DEEPLY_NESTED, 'src/a.c': new Uint8Array([0]) };
    const only = (rules: TraceConfig['rules']) => buildFrom(files, { ...DEFAULT_CONFIG, rules: { ...rules, ...COVERAGE_OFF } });
    assert.deepEqual(severities((await only({ 'unreadable-file': 'info' })).index.findings()), ['unreadable-file info docs/a.md', 'unreadable-file info src/a.c']);
    assert.deepEqual((await only({ 'unreadable-file': 'off' })).index.findings(), []);
  });

  it('clears the finding when the file is fixed or deleted, and says which file changed', async () => {
    const workspace = openTraceWorkspace({ reader: new InMemoryWorkspace({ 'docs/a.md': DEEPLY_NESTED }) });
    await workspace.rebuild();
    assert.ok(findingKeys(workspace.index!).some((key) => key.startsWith('unreadable-file docs/a.md')));
    const fixed = await workspace.update('docs/a.md', joinLines('# SO-1: Objective', '# SR-1: Dose limit', 'Derives from: SO-1'));
    assert.deepEqual([...fixed.affectedPaths], ['docs/a.md']);
    assert.deepEqual(findingKeys(workspace.index!), ['requirement-not-implemented SR-1 docs/a.md:2', 'requirement-not-verified SR-1 docs/a.md:2']);
    await workspace.update('docs/a.md', DEEPLY_NESTED);
    assert.ok(workspace.index!.findingsIn('docs/a.md').some((f) => f.rule === 'unreadable-file'));
    workspace.index!.removeFile('docs/a.md');
    assert.deepEqual(workspace.index!.findings(), []);
  });

  it('logs each unreadable file as a warning', async () => {
    const warnings: unknown[] = [];
    const logger = { trace() {}, info() {}, warn: (method: string, data?: Record<string, unknown>) => warnings.push({ method, path: data?.['path'] }) };
    await buildIndex(new InMemoryWorkspace({ 'docs/a.md': DEEPLY_NESTED, 'docs/b.md': '## SR-1' }), DEFAULT_CONFIG, { logger });
    assert.deepEqual(warnings, [{ method: 'buildIndex.unreadableFile', path: 'docs/a.md' }]);
  });
});

describe('Fail closed: the configuration file', () => {
  it('is an error naming the file and the reason when it is there but cannot be read, never the defaults', async () => {
    const reader: WorkspaceReader = new FaultyWorkspace({ 'jsp-trace.jsonc': '{}' }, { 'jsp-trace.jsonc': 'it is a folder, not a file' });
    const loaded = await loadConfig(reader);
    assert.equal(loaded.path, 'jsp-trace.jsonc');
    assert.deepEqual(
      loaded.errors.map((e) => e.message),
      ['JSP Trace cannot read the configuration file jsp-trace.jsonc: it is a folder, not a file. Make it a readable file, or remove it to use the defaults.'],
    );
    const workspace = openTraceWorkspace({ reader });
    await workspace.rebuild();
    assert.equal(workspace.index, undefined);
    assert.equal(workspace.configErrors.length, 1);
  });

  it('is an error when it was saved half-written', async () => {
    const loaded = await loadConfig(new InMemoryWorkspace({ 'jsp-trace.jsonc': '{\n  "rules": { "duplicate-id": "warn' }));
    assert.ok(loaded.errors.length > 0);
    assert.equal(loaded.path, 'jsp-trace.jsonc');
  });

  it('falls back to the defaults only when there is no file', async () => {
    const loaded = await loadConfig(new InMemoryWorkspace({}));
    assert.deepEqual(loaded, { config: DEFAULT_CONFIG, errors: [], path: undefined });
  });

  it('checks every file when the .gitignore cannot be read', async () => {
    const config: TraceConfig = DEFAULT_CONFIG;
    const workspace = new FaultyWorkspace({ '.gitignore': 'generated/\n', 'generated/r.md': '## SR-1: R' }, { '.gitignore': 'permission denied' });
    const { index } = await buildIndex(workspace, config);
    assert.deepEqual([...index.graph.ids()], ['SR-1']);
  });
});

describe('Many findings', () => {
  it('lists 150,000 findings without overflowing the stack', async () => {
    const { index } = await buildFrom({ 'src/a.c': '// SR-999\n'.repeat(150_000) }, { ...DEFAULT_CONFIG, maxFileSize: 10_000_000 });
    assert.equal(index.findings().length, 150_000);
  });
});
