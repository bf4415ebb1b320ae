import * as fs from 'node:fs';
import * as assert from 'node:assert/strict';
import { findingKeys, indexOf, joinLines } from './util';
import { DEFAULT_CONFIG, FileSelector, IdMatcher, TraceIndex, extractFile, type FileExtractor } from '../../src/core';

describe('TraceIndex incremental updates', () => {
  const files = {
    'docs/reqs.md': joinLines('## SO-1: Objective', '## SR-1: Nonces', 'Derives from: SO-1'),
    'src/nonce.c': '// @implements SR-1',
    'src/other.c': '// nothing traced here',
  };

  it('clears a finding when a new annotation satisfies the rule, and says which files have other findings now', () => {
    const index = indexOf(files);
    assert.deepEqual(findingKeys(index), ['requirement-not-verified SR-1 docs/reqs.md:2']);
    const change = index.updateFile('test/nonce_test.c', '// @verifies SR-1');
    assert.deepEqual(findingKeys(index), []);
    assert.ok(change.changedIds.has('SR-1'));
    // Not the test file: it had no findings and has none.
    assert.deepEqual([...change.affectedPaths], ['docs/reqs.md']);
  });

  it('brings findings back when the file that satisfied them is removed', () => {
    const index = indexOf({ ...files, 'test/nonce_test.c': '// @verifies SR-1' });
    const change = index.removeFile('test/nonce_test.c');
    assert.deepEqual(findingKeys(index), ['requirement-not-verified SR-1 docs/reqs.md:2']);
    assert.ok(change.affectedPaths.has('docs/reqs.md'));
  });

  it('re-checks neighbours: deleting a requirement un-mitigates its threat', () => {
    const index = indexOf({
      'docs/threats.md': '## TM-1: Replay',
      'docs/reqs.md': joinLines('## SO-1: Objective', '## SR-1: Nonces', 'Derives from: SO-1', 'Mitigates: TM-1'),
      'src/nonce.c': '// @implements SR-1',
      'test/nonce_test.c': '// @verifies SR-1',
    });
    assert.deepEqual(findingKeys(index), []);
    index.updateFile('docs/reqs.md', joinLines('## SO-1: Objective'));
    assert.deepEqual(findingKeys(index), [
      'unknown-reference SR-1 src/nonce.c:1',
      'threat-not-mitigated TM-1 docs/threats.md:1',
      'unknown-reference SR-1 test/nonce_test.c:1',
    ].sort((a, b) => a.split(' ')[2]!.localeCompare(b.split(' ')[2]!)));
  });

  it('reports a duplicate only while both definitions exist', () => {
    const index = indexOf({ ...files, 'test/nonce_test.c': '// @verifies SR-1' });
    index.updateFile('docs/z.md', '## SR-1: Copy');
    assert.deepEqual(findingKeys(index), ['duplicate-id SR-1 docs/z.md:1']);
    index.updateFile('docs/z.md', '## SR-2: Renumbered\nDerives from: SO-1');
    assert.deepEqual(findingKeys(index), ['requirement-not-implemented SR-2 docs/z.md:1', 'requirement-not-verified SR-2 docs/z.md:1']);
  });

  it('gives the same findings when built in another order', () => {
    const forward = indexOf(files);
    const backward = indexOf(Object.fromEntries(Object.entries(files).reverse()));
    assert.deepEqual(findingKeys(backward), findingKeys(forward));
  });

  it('lists findings per file', () => {
    const index = indexOf({ ...files, 'test/a_test.py': '# @verifies SR-9' });
    assert.deepEqual(index.findingsIn('test/a_test.py').map((f) => f.rule), ['unknown-reference']);
    assert.deepEqual(index.findingsIn('src/other.c'), []);
  });
});

describe('TraceIndex bulk loading', () => {
  it('gives the same findings when the rules run once at the end', () => {
    const files = {
      'docs/reqs.md': joinLines('## SO-1: Objective', '## SR-1: Nonces', 'Derives from: SO-1', '## SR-2: Bare', '## SR-2: Again'),
      'src/nonce.c': '// @implements SR-1\n// @implements SR-9',
    };
    const incremental = indexOf(files);
    const bulk = indexOf({});
    bulk.beginBulk();
    for (const [path, text] of Object.entries(files)) {
      bulk.updateFile(path, text);
    }
    assert.deepEqual(bulk.findings(), [], 'no findings before the bulk ends');
    bulk.endBulk();
    assert.deepEqual(findingKeys(bulk), findingKeys(incremental));
    bulk.updateFile('test/a_test.c', '// @verifies SR-1');
    assert.ok(!findingKeys(bulk).some((key) => key.startsWith('requirement-not-verified SR-1')), 'checks run per file again after the bulk');
  });
});

describe('TraceIndex bulk loading in slices', () => {
  it('gives the same findings as the end of a bulk at once, pausing between slices', async () => {
    const files: Record<string, string> = {
      'docs/reqs.md': joinLines('## SO-1: Objective', ...Array.from({ length: 50 }, (_, n) => `## SR-${n + 1}: Requirement ${n + 1}\n\nDerives from: SO-1`)),
      'src/a.c': '// @implements SR-1\n// @implements SR-99',
      'tests/test_a.py': '# @verifies SR-2\ndef test_a():\n    pass\n',
      'test-results/junit.xml': '<testsuite><testcase classname="tests.test_a" name="test_a" file="tests/test_a.py"/></testsuite>',
    };
    const atOnce = indexOf(files);
    const sliced = indexOf({});
    sliced.beginBulk();
    for (const [path, text] of Object.entries(files)) {
      sliced.updateFile(path, text);
    }
    let pauses = 0;
    // A slice of 0 ms pauses after every step: test cases joined, IDs checked.
    await sliced.endBulkInSlices(async () => void pauses++, 0);
    assert.ok(pauses > 50, `${pauses} pauses`);
    assert.deepEqual(findingKeys(sliced), findingKeys(atOnce));
    assert.equal(sliced.testResults.evidence('SR-2').length, 1);
    assert.deepEqual(sliced.testResults.evidence('SR-2'), atOnce.testResults.evidence('SR-2'));
  });
});

/** A requirements document: SO-1, and `count` requirements derived from it titled "<title> <n>". */
function requirementsTitled(title: string, count: number): string {
  return joinLines('## SO-1: Objective', ...Array.from({ length: count }, (_, n) => `## SR-${n + 1}: ${title} ${n + 1}\n\nDerives from: SO-1`));
}

/** Extraction in this thread behind the asynchronous interface of a worker. */
const ASYNC_EXTRACTOR: FileExtractor = {
  extract: async (path, text, role) => extractFile(path, text, { matcher: new IdMatcher(DEFAULT_CONFIG.kinds), ...role }),
  forget: () => {},
  dispose: () => {},
};

/** Runs `work` with a clock that runs 20 ms per reading: every step outlasts its slice. */
async function withRunningClock<T>(work: () => Promise<T>): Promise<T> {
  const now = Date.now;
  let clock = 0;
  Date.now = () => (clock += 20);
  try {
    return await work();
  } finally {
    Date.now = now;
  }
}

describe('TraceIndex edits in slices', () => {
  it('re-checks what an extracted edit changed in slices, with the result of an edit at once', async () => {
    const files = { 'docs/reqs.md': requirementsTitled('Requirement', 60), 'src/a.c': '// @implements SR-1\n// @implements SR-99' };
    let pauses = 0;
    const sliced = new TraceIndex(DEFAULT_CONFIG, new FileSelector(DEFAULT_CONFIG), undefined, undefined, ASYNC_EXTRACTOR, undefined, async () => void pauses++);
    const atOnce = indexOf(files);
    for (const [path, text] of Object.entries(files)) {
      await sliced.indexText(path, text);
    }
    pauses = 0;
    const change = await withRunningClock(() => sliced.indexText('docs/reqs.md', requirementsTitled('Renamed', 60)));
    atOnce.updateFile('docs/reqs.md', requirementsTitled('Renamed', 60));
    assert.equal(change.changedIds.size, 60, "every requirement's title changed");
    assert.ok(pauses >= 60, `${pauses} pauses: one per ID re-checked`);
    assert.deepEqual(findingKeys(sliced), findingKeys(atOnce));
  });
});

describe('TraceIndex edits in two graph steps', () => {
  const requirements = (title: string) => requirementsTitled(title, 20);

  it('drops an edit whose file was removed between working out its change and making it', async () => {
    let pauses = 0;
    let onPause = () => {};
    const index = new TraceIndex(DEFAULT_CONFIG, new FileSelector(DEFAULT_CONFIG), undefined, undefined, ASYNC_EXTRACTOR, undefined, async () => {
      pauses++;
      onPause();
    });
    await index.indexText('docs/reqs.md', requirements('Requirement'));
    // The second pause of the next edit comes after the graph worked the change out (the first follows the extraction).
    pauses = 0;
    onPause = () => {
      if (pauses === 2) {
        index.removeFile('docs/reqs.md');
      }
    };
    const change = await withRunningClock(() => index.indexText('docs/reqs.md', requirements('Renamed')));
    assert.equal(index.graph.file('docs/reqs.md'), undefined, 'the removal, asked for later, wins');
    assert.deepEqual([...index.graph.ids()], []);
    assert.deepEqual(change, { changedIds: new Set(), affectedPaths: new Set() });
  });

  it('puts a prepared file in the graph as it is when the file changed in between', () => {
    const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
    const contributionsOf = (text: string) => extractFile('docs/reqs.md', text, { matcher, isTest: false });
    const index = indexOf({ 'docs/reqs.md': requirements('First') });
    const prepared = index.graph.prepareFile(contributionsOf(requirements('Second')));
    assert.equal(index.graph.item('SR-1')?.title, 'First 1', 'nothing changes before the commit');
    index.graph.setFile(contributionsOf(`${requirements('Third')}\n## SR-99: Only in the third version\n`));
    prepared.commit();
    const fresh = indexOf({ 'docs/reqs.md': requirements('Second') });
    assert.equal(index.graph.item('SR-99'), undefined);
    for (const id of ['SO-1', 'SR-1', 'SR-20']) {
      assert.deepEqual(index.graph.definitions(id), fresh.graph.definitions(id));
      assert.deepEqual(index.graph.incoming(id), fresh.graph.incoming(id));
    }
  });
});

describe('TraceIndex edits against a fresh index', () => {
  /** The example project's indexed files, read from disk. */
  function exampleFiles(): Record<string, string> {
    const root = 'examples/infusion-pump';
    const files: Record<string, string> = {};
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      const path = `${entry.parentPath}/${entry.name}`.slice(root.length + 1);
      if (entry.isFile() && /\.(md|c|h|py|ts|sql|yaml)$/.test(entry.name) && path !== 'README.md') {
        files[path] = fs.readFileSync(`${root}/${path}`, 'utf8');
      }
    }
    return files;
  }

  /** Small seeded generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Lines that change structure: new items, links, fences and comments that open and close sections.
  const insertions = ['## SR-90: Inserted', 'Mitigates: TM-1', 'Derives from: SO-9', '```', '<!--', '-->', '# TM-1: Again', '| SR-2 | row |', '// @verifies SR-3', ''];

  it('gives the findings, contributions and affected files a fresh index gives, edit after edit', function () {
    this.timeout(20_000); // 150 edits, each checked against a fresh index: about a second
    const files = exampleFiles();
    const paths = Object.keys(files).sort();
    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const index = indexOf(files);
    for (let edit = 0; edit < 150; edit++) {
      const path = next() < 0.7 ? pick(paths.filter((p) => p.endsWith('.md'))) : pick(paths);
      const lines = files[path]!.split('\n');
      const line = Math.floor(next() * lines.length);
      const operation = pick(['delete', 'duplicate', 'insert', 'insert']);
      if (operation === 'delete') {
        lines.splice(line, 1);
      } else if (operation === 'duplicate') {
        lines.splice(line, 0, lines[line]!);
      } else {
        lines.splice(line, 0, pick(insertions));
      }
      const findingsBefore = new Map(paths.map((p) => [p, JSON.stringify(index.findingsIn(p))]));
      files[path] = lines.join('\n');
      const change = index.updateFile(path, files[path]);

      // Fresh: the edited file extracted whole without any cache, the others as verified at earlier edits.
      const context = `edit ${edit}: ${operation} at ${path}:${line + 1}`;
      const extracted = extractFile(path, files[path], { matcher: index.matcher, isTest: index.selector.isTest(path) });
      assert.deepEqual(index.graph.file(path), extracted, context);
      const fresh = new TraceIndex(DEFAULT_CONFIG, index.selector);
      fresh.beginBulk();
      for (const other of paths) {
        fresh.setContributions(other === path ? extracted : index.graph.file(other)!);
      }
      fresh.endBulk();
      assert.deepEqual(findingKeys(index), findingKeys(fresh), context);
      const changedFiles = paths.filter((p) => findingsBefore.get(p) !== JSON.stringify(fresh.findingsIn(p)));
      for (const changed of changedFiles) {
        assert.ok(change.affectedPaths.has(changed), `${context}: ${changed} has other findings but is not reported`);
      }
    }
  });
});
