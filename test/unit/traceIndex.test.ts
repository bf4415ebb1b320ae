import * as assert from 'node:assert/strict';
import { findingKeys, indexOf, joinLines } from './util';

describe('TraceIndex incremental updates', () => {
  const files = {
    'docs/reqs.md': joinLines('## SO-1: Objective', '## SR-1: Nonces', 'Derives from: SO-1'),
    'src/nonce.c': '// @implements SR-1',
    'src/other.c': '// nothing traced here',
  };

  it('clears a finding when a new annotation satisfies the rule, and says which files changed', () => {
    const index = indexOf(files);
    assert.deepEqual(findingKeys(index), ['requirement-not-verified SR-1 docs/reqs.md:2']);
    const change = index.updateFile('test/nonce_test.c', '// @verifies SR-1');
    assert.deepEqual(findingKeys(index), []);
    assert.ok(change.changedIds.has('SR-1'));
    assert.deepEqual([...change.affectedPaths].sort(), ['docs/reqs.md', 'test/nonce_test.c']);
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
