import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, ExtractionCache, cacheFingerprint, type FileContributions } from '../../src/core';

const contributionsOf = (path: string, id: string): FileContributions => ({
  path,
  items: [{ id, kind: 'requirement', title: id, location: { path, range: { start: { line: 0, character: 3 }, end: { line: 0, character: 7 } } }, sectionRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } }, attributes: {} }],
  links: [],
  references: [],
  problems: [],
});

describe('Extraction cache', () => {
  const fingerprint = cacheFingerprint('1.0.0', DEFAULT_CONFIG);

  /** Extracts through the cache and says whether the extractor ran. */
  function extract(cache: ExtractionCache, path: string, text: string): { parsed: boolean; result: FileContributions } {
    let parsed = false;
    const result = cache.extract(path, text, () => {
      parsed = true;
      return contributionsOf(path, text.slice(3, 7));
    });
    return { parsed, result };
  }

  it('gives a document back from an earlier run while its text is unchanged', () => {
    const first = new ExtractionCache(fingerprint);
    assert.equal(extract(first, 'docs/a.md', '## SR-1').parsed, true);
    const second = ExtractionCache.fromJson(first.toJson(), fingerprint);
    const again = extract(second, 'docs/a.md', '## SR-1');
    assert.equal(again.parsed, false);
    assert.deepEqual(again.result, contributionsOf('docs/a.md', 'SR-1'));
    assert.equal(extract(second, 'docs/a.md', '## SR-2').parsed, true, 'changed text is parsed');
    assert.deepEqual(second.stats, { hits: 1, misses: 1 });
  });

  it('starts empty for another version or configuration, or from corrupt text', () => {
    const first = new ExtractionCache(fingerprint);
    extract(first, 'docs/a.md', '## SR-1');
    const json = first.toJson();
    const otherConfig = cacheFingerprint('1.0.0', { ...DEFAULT_CONFIG, tests: ['checks/**'] });
    for (const cache of [
      ExtractionCache.fromJson(json, cacheFingerprint('1.0.1', DEFAULT_CONFIG)),
      ExtractionCache.fromJson(json, otherConfig),
      ExtractionCache.fromJson('{"fingerprint":', fingerprint),
      ExtractionCache.fromJson(JSON.stringify({ fingerprint, entries: { 'docs/a.md': { hash: 1 } } }), fingerprint),
    ]) {
      assert.equal(extract(cache, 'docs/a.md', '## SR-1').parsed, true);
    }
  });

  it('caches Markdown only, and writes back only the files seen in this run', () => {
    const first = new ExtractionCache(fingerprint);
    extract(first, 'docs/a.md', '## SR-1');
    extract(first, 'docs/gone.md', '## SR-9');
    extract(first, 'src/a.c', '// @implements SR-1');
    const second = ExtractionCache.fromJson(first.toJson(), fingerprint);
    assert.equal(extract(second, 'src/a.c', '// @implements SR-1').parsed, true);
    extract(second, 'docs/a.md', '## SR-1');
    assert.deepEqual(Object.keys((JSON.parse(second.toJson()) as { entries: object }).entries), ['docs/a.md']);
  });
});
