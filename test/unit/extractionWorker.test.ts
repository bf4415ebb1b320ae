import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openTraceWorkspace, RuleName, type FileContributions, type TraceWorkspace } from '../../src/core';
import { NodeWorkspaceReader } from '../../src/node/nodeWorkspace';
import { ExtractionWorker } from '../../src/node/extractionWorker';
import { ExtractionPool } from '../../src/node/extractionPool';
import { joinLines } from './util';

// The real worker bundle, as the extension starts it: `npm test` builds it before the unit tests run.
const WORKER_SCRIPT = resolve('dist/extractionWorker.js');
const EXAMPLE = resolve('examples/infusion-pump');
const REQUIREMENTS = 'docs/design/security-requirements.md';

/** Everything the index holds that the surfaces show: findings, and each file's contributions. */
function snapshot(workspace: TraceWorkspace): unknown {
  const graph = workspace.index!.graph;
  return { findings: workspace.findings(), files: [...graph.files()].sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

/** Edits of the example's requirements that add, rename, break and remove items and links. */
function editsOf(text: string): string[] {
  const added = text.replace('## SR-2:', '## SR-90: Added before SR-2\n\n- Derives from: SO-2\n\n## SR-2:');
  const renamed = added.replace('## SR-1: Mutual TLS', '## SR-91: Mutual TLS');
  const broken = renamed.replace('- Mitigates: TM-1', '- Mitigates: TM-999\n```\n## SR-92: inside an open fence');
  return [added, renamed, broken, broken.slice(0, broken.indexOf('## SR-2:')), text];
}

describe('Extraction in the worker thread', function () {
  this.timeout(30_000);
  let host: ExtractionWorker;
  let crashes: string[];

  before(() => assert.ok(existsSync(WORKER_SCRIPT), `${WORKER_SCRIPT} is missing: run "npm run build" first`));
  beforeEach(() => {
    crashes = [];
    host = new ExtractionWorker(WORKER_SCRIPT, (message) => crashes.push(message));
  });
  afterEach(() => host.dispose());

  it('indexes the example project exactly as extraction in this thread does, before and after edits', async () => {
    const inline = openTraceWorkspace({ reader: new NodeWorkspaceReader(EXAMPLE) });
    const worker = openTraceWorkspace({ reader: new NodeWorkspaceReader(EXAMPLE), extractor: (config) => host.extractorFor(config) });
    await inline.rebuild();
    await worker.rebuild();
    assert.ok(workspaceHasItems(worker), 'the worker extracted the items');
    assert.deepEqual(snapshot(worker), snapshot(inline));

    for (const edited of editsOf(readFileSync(join(EXAMPLE, REQUIREMENTS), 'utf8'))) {
      const fromWorker = await worker.update(REQUIREMENTS, edited);
      const fromThread = await inline.update(REQUIREMENTS, edited);
      assert.deepEqual([...fromWorker.affectedPaths].sort(), [...fromThread.affectedPaths].sort());
      assert.deepEqual(snapshot(worker), snapshot(inline));
    }
    assert.deepEqual(crashes, []);
  });

  it('keeps the last edit of a file when earlier edits are still being extracted', async () => {
    const worker = openTraceWorkspace({ reader: new NodeWorkspaceReader(EXAMPLE), extractor: (config) => host.extractorFor(config) });
    await worker.rebuild();
    const edits = editsOf(readFileSync(join(EXAMPLE, REQUIREMENTS), 'utf8')).slice(0, 3);
    // Sent without waiting, as a host would when keystrokes outrun the worker.
    await Promise.all(edits.map((text) => worker.update(REQUIREMENTS, text)));

    const inline = openTraceWorkspace({ reader: new NodeWorkspaceReader(EXAMPLE) });
    await inline.rebuild();
    await inline.update(REQUIREMENTS, edits.at(-1)!);
    assert.deepEqual(snapshot(worker), snapshot(inline));
  });

  it('leaves the index as it was after an edit that changes nothing the file contributes', async () => {
    const worker = openTraceWorkspace({ reader: new NodeWorkspaceReader(EXAMPLE), extractor: (config) => host.extractorFor(config) });
    await worker.rebuild();
    const retitled = readFileSync(join(EXAMPLE, REQUIREMENTS), 'utf8').replace('## SR-1: Mutual TLS', '## SR-1: Mandatory mutual TLS');
    assert.deepEqual([...(await worker.update(REQUIREMENTS, retitled)).affectedPaths], [REQUIREMENTS]);
    const held = worker.index!.graph.file(REQUIREMENTS);
    const findings = worker.findings();

    // A word more in a paragraph: every item, link and position stays as it was.
    const reworded = retitled.replace('issued by\nthe PumpLink device CA', 'issued by\nthe PumpLink device CA only');
    assert.notEqual(reworded, retitled);
    const change = await worker.update(REQUIREMENTS, reworded);
    assert.deepEqual([...change.affectedPaths], [], 'no file needs its diagnostics published again');
    assert.equal(worker.index!.graph.file(REQUIREMENTS), held, 'the graph still holds the same contributions, not a copy');
    assert.deepEqual(worker.findings(), findings);

    // The next edit that changes an item is applied as before.
    const renamed = reworded.replace('## SR-1: Mandatory', '## SR-93: Mandatory');
    assert.ok((await worker.update(REQUIREMENTS, renamed)).affectedPaths.has(REQUIREMENTS));
    assert.ok(worker.index!.graph.item('SR-93'));
  });

  it("reads with the workspace's own link keys, verbs and front matter, as extraction in this thread does", async () => {
    const root = mkdtempSync(join(tmpdir(), 'jsp-trace-conventions-'));
    try {
      const files = {
        'jsp-trace.jsonc': JSON.stringify({ linkKeys: { derives: ['Satisfies'] }, reversedLinkKeys: { verifies: ['Verified by'] }, annotationVerbs: { implements: ['@requirement'] } }),
        'docs/concept.md': '## SO-1: Safe dosing',
        'docs/sr-1.md': joinLines('---', 'id: SR-1', 'satisfies: SO-1', '---', '# Dose limit', 'Verified by: TC-1'),
        'docs/tests.md': '## TC-1: Limit test',
        'src/limit.c': '// @requirement SR-1',
      };
      for (const [path, text] of Object.entries(files)) {
        writeFileSync(ensureParent(join(root, path)), text);
      }
      const inline = openTraceWorkspace({ reader: new NodeWorkspaceReader(root) });
      const worker = openTraceWorkspace({ reader: new NodeWorkspaceReader(root), extractor: (config) => host.extractorFor(config) });
      await inline.rebuild();
      await worker.rebuild();
      const linksOf = (workspace: TraceWorkspace) => [...workspace.index!.graph.incoming('SR-1'), ...workspace.index!.graph.incoming('SO-1')].map((link) => `${link.from} ${link.type} ${link.to}`);
      assert.deepEqual(linksOf(worker).sort(), ['SR-1 derives SO-1', 'TC-1 verifies SR-1', 'undefined implements SR-1']);
      assert.deepEqual(snapshot(worker), snapshot(inline));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('turns a file that crashes the worker into an unreadable-file finding, and restarts the worker for the next', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'jsp-trace-worker-'));
    try {
      const script = crashingWorker(folder, 'docs/crash.md');
      host.dispose();
      host = new ExtractionWorker(script, (message) => crashes.push(message));
      const files = { 'docs/crash.md': '## SR-1: Crashes', 'docs/reqs.md': '## SO-1: Objective\n\n## SR-2: Fine\n\nDerives from: SO-1' };
      const root = join(folder, 'workspace');
      for (const [path, text] of Object.entries(files)) {
        writeFileSync(ensureParent(join(root, path)), text);
      }
      const workspace = openTraceWorkspace({ reader: new NodeWorkspaceReader(root), extractor: (config) => host.extractorFor(config) });
      await workspace.rebuild();

      const unreadable = workspace.findings().filter((finding) => finding.rule === RuleName.UnreadableFile);
      assert.deepEqual(unreadable.map((finding) => finding.location.path), ['docs/crash.md']);
      assert.match(unreadable[0]!.message, /extraction worker stopped while reading it \(it exited with code 7\)/);
      assert.ok(workspace.index!.graph.item('SR-2'), 'the file after the crash is read by the restarted worker');
      assert.equal(crashes.length, 1);
      assert.match(crashes[0]!, /stopped \(it exited with code 7\) while reading docs\/crash\.md/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('Extraction on a pool of worker threads that read the folder themselves', function () {
  this.timeout(30_000);
  let pool: ExtractionPool;
  let crashes: string[];

  beforeEach(() => {
    crashes = [];
    pool = new ExtractionPool(WORKER_SCRIPT, 3, (message) => crashes.push(message));
  });
  afterEach(() => pool.dispose());

  it('indexes the example project exactly as extraction in this thread does, then follows edits sent as text', async () => {
    const inline = openTraceWorkspace({ reader: new NodeWorkspaceReader(EXAMPLE) });
    const pooled = openTraceWorkspace({ reader: new NodeWorkspaceReader(EXAMPLE), extractor: (config) => pool.extractorFor(config, EXAMPLE) });
    await inline.rebuild();
    await pooled.rebuild();
    assert.ok(workspaceHasItems(pooled));
    assert.deepEqual(snapshot(pooled), snapshot(inline));
    for (const edited of editsOf(readFileSync(join(EXAMPLE, REQUIREMENTS), 'utf8'))) {
      await pooled.update(REQUIREMENTS, edited);
      await inline.update(REQUIREMENTS, edited);
      assert.deepEqual(snapshot(pooled), snapshot(inline));
    }
    assert.deepEqual(crashes, []);
  });

  it('reports binary, oversized and unreadable files as extraction in this thread does', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jsp-trace-pool-'));
    try {
      writeFileSync(join(root, 'jsp-trace.jsonc'), JSON.stringify({ maxFileSize: 200 }));
      writeFileSync(ensureParent(join(root, 'docs/reqs.md')), '## SO-1: Objective\n\n## SR-1: Limit\n\nDerives from: SO-1\n');
      writeFileSync(join(root, 'docs/binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01]));
      writeFileSync(join(root, 'docs/large.md'), `## SR-2: Large\n\n${'x'.repeat(300)}\n`);
      mkdirSync(join(root, 'docs/folder.md'));
      writeFileSync(ensureParent(join(root, 'test-results/junit.xml')), '<testsuite><testcase name="t" classname="c"/></testsuite>');
      const inline = openTraceWorkspace({ reader: new NodeWorkspaceReader(root) });
      const pooled = openTraceWorkspace({ reader: new NodeWorkspaceReader(root), extractor: (config) => pool.extractorFor(config, root) });
      await inline.rebuild();
      await pooled.rebuild();
      const unreadable = (workspace: TraceWorkspace) => workspace.findings().filter((finding) => finding.rule === RuleName.UnreadableFile).map((finding) => finding.location.path);
      assert.deepEqual(unreadable(pooled), ['docs/binary.md', 'docs/large.md']);
      assert.deepEqual(snapshot(pooled), snapshot(inline));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('turns a file that crashes a worker while it reads into an unreadable-file finding, and reads the others', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'jsp-trace-pool-crash-'));
    try {
      const script = crashingWorker(folder, 'docs/crash.md');
      pool.dispose();
      pool = new ExtractionPool(script, 2, (message) => crashes.push(message));
      const root = join(folder, 'workspace');
      const files = { 'docs/crash.md': '## SR-1: Crashes', 'docs/reqs.md': '## SO-1: Objective\n\n## SR-2: Fine\n\nDerives from: SO-1', 'docs/more.md': '## SR-3: Also fine' };
      for (const [path, text] of Object.entries(files)) {
        writeFileSync(ensureParent(join(root, path)), text);
      }
      const workspace = openTraceWorkspace({ reader: new NodeWorkspaceReader(root), extractor: (config) => pool.extractorFor(config, root) });
      await workspace.rebuild();
      const unreadable = workspace.findings().filter((finding) => finding.rule === RuleName.UnreadableFile);
      assert.deepEqual(unreadable.map((finding) => finding.location.path), ['docs/crash.md']);
      assert.ok(workspace.index!.graph.item('SR-2') && workspace.index!.graph.item('SR-3'), 'the other files are read');
      assert.equal(crashes.length, 1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/**
 * A worker script in `folder`: the real bundle, behind a listener that kills the worker (exit code 7) when it
 * is asked for `path` (listeners run in order).
 */
function crashingWorker(folder: string, path: string): string {
  const script = join(folder, 'crashingWorker.js');
  writeFileSync(
    script,
    `require('node:worker_threads').parentPort.on('message', (m) => { if (m.path === ${JSON.stringify(path)}) process.exit(7); });\n` +
      `require(${JSON.stringify(WORKER_SCRIPT)});\n`,
  );
  return script;
}

function workspaceHasItems(workspace: TraceWorkspace): boolean {
  return [...workspace.index!.graph.files()].some((file: FileContributions) => file.items.length > 0);
}

function ensureParent(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  return path;
}
