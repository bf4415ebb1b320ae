import * as assert from 'node:assert/strict';
import {
  contentHash,
  DEFAULT_CONFIG,
  ExtractionCache,
  extractFile,
  FileSelector,
  IdMatcher,
  RuleName,
  TraceIndex,
  type FileContributions,
  type FileExtractor,
  type FileRole,
} from '../../src/core';
import { joinLines } from './util';

/** An extractor whose answers come back when the test says, in any order; it records what it was told. */
class DeferredExtractor implements FileExtractor {
  readonly #matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
  readonly waiting: { path: string; text: string; answer: () => void; fail: (error: Error) => void }[] = [];
  readonly forgotten: string[] = [];

  extract(path: string, text: string, role: FileRole): Promise<FileContributions> {
    return new Promise((resolve, reject) => {
      const answer = () => resolve(extractFile(path, text, { matcher: this.#matcher, ...role }));
      this.waiting.push({ path, text, answer, fail: reject });
    });
  }

  forget(path: string): void {
    this.forgotten.push(path);
  }

  dispose(): void {}
}

const FIRST = joinLines('## SR-1: First version');
const SECOND = joinLines('## SR-2: Second version');

function newIndex(extractor: FileExtractor, cache?: ExtractionCache): TraceIndex {
  return new TraceIndex(DEFAULT_CONFIG, new FileSelector(DEFAULT_CONFIG), undefined, cache, extractor);
}

describe('Extraction through an asynchronous extractor', () => {
  it('keeps the later edit of a file when the earlier one finishes last', async () => {
    const extractor = new DeferredExtractor();
    const index = newIndex(extractor);
    const first = index.indexText('docs/reqs.md', FIRST);
    const second = index.indexText('docs/reqs.md', SECOND);
    extractor.waiting[1]!.answer();
    assert.deepEqual([...(await second).changedIds], ['SR-2']);
    extractor.waiting[0]!.answer();
    assert.deepEqual([...(await first).changedIds], [], 'the stale result changes nothing');
    assert.deepEqual([...index.graph.ids()], ['SR-2']);
  });

  it('applies each edit when they finish in order', async () => {
    const extractor = new DeferredExtractor();
    const index = newIndex(extractor);
    const first = index.indexText('docs/reqs.md', FIRST);
    extractor.waiting[0]!.answer();
    await first;
    assert.deepEqual([...index.graph.ids()], ['SR-1']);
    const second = index.indexText('docs/reqs.md', SECOND);
    extractor.waiting[1]!.answer();
    await second;
    assert.deepEqual([...index.graph.ids()], ['SR-2']);
  });

  it('drops a result that comes back after its file was removed or read in this thread', async () => {
    const extractor = new DeferredExtractor();
    const index = newIndex(extractor);
    const removed = index.indexText('docs/gone.md', FIRST);
    index.removeFile('docs/gone.md');
    assert.deepEqual(extractor.forgotten, ['docs/gone.md'], 'the extractor drops what it kept for the file');
    const overtaken = index.indexText('docs/open.md', FIRST);
    index.updateFile('docs/open.md', SECOND);
    extractor.waiting.forEach((request) => request.answer());
    await Promise.all([removed, overtaken]);
    assert.equal(index.graph.file('docs/gone.md'), undefined);
    assert.deepEqual([...index.graph.ids()], ['SR-2']);
  });

  it('turns a failed extraction into an unreadable-file finding on that file', async () => {
    const extractor = new DeferredExtractor();
    const index = newIndex(extractor);
    const update = index.indexText('docs/reqs.md', FIRST);
    extractor.waiting[0]!.fail(new Error('the extraction worker stopped while reading it'));
    await update;
    const findings = index.findingsIn('docs/reqs.md');
    assert.deepEqual(findings.map((finding) => finding.rule), [RuleName.UnreadableFile]);
    assert.match(findings[0]!.message, /could not read this file: the extraction worker stopped while reading it/);
  });

  it('changes nothing when the extractor gives back the contributions the index holds', async () => {
    let held: FileContributions | undefined;
    const extractor: FileExtractor = { extract: async (path, text, role) => (held ??= extractFile(path, text, { matcher: new IdMatcher(DEFAULT_CONFIG.kinds), ...role })), forget() {}, dispose() {} };
    const index = newIndex(extractor);
    assert.deepEqual([...(await index.indexText('docs/reqs.md', FIRST)).affectedPaths], ['docs/reqs.md']);
    const again = await index.indexText('docs/reqs.md', `${FIRST}A paragraph.\n`);
    assert.deepEqual(again, { changedIds: new Set(), affectedPaths: new Set() });
    assert.equal(index.graph.file('docs/reqs.md'), held);
  });

  it('caches only the latest text of a file when extractions finish out of order', async () => {
    const extractor = new DeferredExtractor();
    const cache = new ExtractionCache('test');
    const index = newIndex(extractor, cache);
    const first = index.indexText('docs/reqs.md', FIRST);
    const second = index.indexText('docs/reqs.md', SECOND);
    extractor.waiting[1]!.answer();
    extractor.waiting[0]!.answer();
    await Promise.all([first, second]);
    const entries = (JSON.parse(cache.toJson()) as { entries: Record<string, { hash: string }> }).entries;
    assert.equal(entries['docs/reqs.md']?.hash, contentHash(SECOND));
    await index.indexText('docs/reqs.md', SECOND);
    assert.equal(extractor.waiting.length, 2, 'the unchanged text comes from the cache, not the extractor');
    assert.deepEqual(cache.stats, { hits: 1, misses: 2 });
  });
});
