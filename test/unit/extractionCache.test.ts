import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, ExtractionCache, cacheFingerprint, openTraceWorkspace, type FileContributions } from '../../src/core';
import { InMemoryWorkspace, joinLines } from './util';

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

describe('Extraction cache read from a file someone edited', () => {
  const files = {
    'docs/reqs.md': joinLines('## SR-1: Dose limit', 'Derives from: SO-1', 'See SR-2.', '## SR-2: Alarm'),
    'docs/concept.md': '## SO-1: Safe dosing',
  };
  type Entry = { hash: string; contributions: Record<string, unknown[]> & { path: string } };

  /** Runs a rebuild with the cache JSON given (none: no cache) and returns the findings, stats and JSON written. */
  async function run(json: string | undefined) {
    let written = '';
    const workspace = openTraceWorkspace({
      reader: new InMemoryWorkspace(files),
      cache: { toolVersion: '1.0.0', read: async () => json, write: async (text) => void (written = text) },
    });
    const result = await workspace.rebuild();
    return { findings: JSON.stringify(workspace.findings()), cacheStats: result?.cacheStats, written };
  }

  /** A cache as a clean run writes it, with the entry of docs/reqs.md changed by `edit`. */
  async function editedCache(edit: (entry: Entry) => unknown): Promise<string> {
    const data = JSON.parse((await run(undefined)).written) as { entries: Record<string, unknown> };
    data.entries['docs/reqs.md'] = edit(data.entries['docs/reqs.md'] as Entry);
    return JSON.stringify(data);
  }

  const edits: Record<string, (entry: Entry) => unknown> = {
    'a null item': (entry) => ({ ...entry, contributions: { ...entry.contributions, items: [null] } }),
    'items that are not a list': (entry) => ({ ...entry, contributions: { ...entry.contributions, items: {} } }),
    'a title that is a number': (entry) => ({ ...entry, contributions: { ...entry.contributions, items: entry.contributions.items.map((item) => ({ ...(item as object), title: 1 })) } }),
    'an unknown kind': (entry) => ({ ...entry, contributions: { ...entry.contributions, items: entry.contributions.items.map((item) => ({ ...(item as object), kind: 'wish' })) } }),
    'an unknown link type': (entry) => ({ ...entry, contributions: { ...entry.contributions, links: entry.contributions.links.map((link) => ({ ...(link as object), type: 'blesses' })) } }),
    'a line that is a string': (entry) => JSON.parse(JSON.stringify(entry).replace('"line":0', '"line":"0"')),
    'a range past the end of the text': (entry) => JSON.parse(JSON.stringify(entry).replace('"line":3', '"line":99')),
    'a link declared in an unknown place': (entry) => ({
      ...entry,
      contributions: { ...entry.contributions, links: entry.contributions.links.map((link) => ({ ...(link as object), declaration: { key: 'Derives from', place: 'footnote' } })) },
    }),
    'an extra field': (entry) => ({ ...entry, contributions: { ...entry.contributions, links: entry.contributions.links.map((link) => ({ ...(link as object), weight: 1 })) } }),
    'an entry that is null': () => null,
    'a link added where the text does not name its target': (entry) => ({
      ...entry,
      contributions: {
        ...entry.contributions,
        links: [...entry.contributions.links, { type: 'verifies', from: 'SR-1', to: 'SR-1', location: { path: 'docs/reqs.md', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } }, inTest: true }],
      },
    }),
  };

  for (const [name, edit] of Object.entries(edits)) {
    it(`parses the document again, with the findings of a run without cache, after ${name}`, async () => {
      const clean = await run(undefined);
      const json = await editedCache(edit);
      assert.notEqual(json, clean.written, 'the edit changes the cache');
      const edited = await run(json);
      assert.deepEqual(edited.cacheStats, { hits: 1, misses: 1 });
      assert.equal(edited.findings, clean.findings);
      assert.deepEqual(JSON.parse(edited.written), JSON.parse(clean.written), 'the bad entry is replaced by a good one');
    });
  }

  it('replays an entry with a reversed link, which sits where the text names its source', async () => {
    const reversed = { 'docs/vulns.md': joinLines('## VULN-1: Overflow', 'Resolved by: SR-1'), 'docs/reqs.md': '## SR-1: Bounds checks' };
    const cache = (json: string | undefined) => ({ toolVersion: '1.0.0', read: async () => json, write: async (text: string) => void (written = text) });
    let written = '';
    await openTraceWorkspace({ reader: new InMemoryWorkspace(reversed), cache: cache(undefined) }).rebuild();
    const warm = openTraceWorkspace({ reader: new InMemoryWorkspace(reversed), cache: cache(written) });
    assert.deepEqual((await warm.rebuild())?.cacheStats, { hits: 2, misses: 0 });
    assert.deepEqual(warm.index!.graph.incoming('VULN-1').map((link) => `${link.from} ${link.type}`), ['SR-1 resolves']);
  });

  it('is not used after the conventions change what extraction produces', async () => {
    const documents = { 'docs/reqs.md': joinLines('## SR-1: Dose limit', 'Satisfies: SO-1'), 'docs/concept.md': '## SO-1: Safe dosing' };
    const withKeys = (linkKeys: object) => ({ ...documents, 'jsp-trace.jsonc': JSON.stringify({ linkKeys }) });
    let written = '';
    const store = { toolVersion: '1.0.0', read: async () => written || undefined, write: async (text: string) => void (written = text) };
    const first = openTraceWorkspace({ reader: new InMemoryWorkspace(withKeys({ derives: ['Satisfies'] })), cache: store });
    await first.rebuild();
    assert.equal(first.index!.graph.incoming('SO-1').length, 1);
    const second = openTraceWorkspace({ reader: new InMemoryWorkspace(withKeys({ verifies: ['Satisfies'] })), cache: store });
    assert.deepEqual((await second.rebuild())?.cacheStats, { hits: 0, misses: 2 });
    assert.deepEqual(second.index!.graph.incoming('SO-1').map((link) => link.type), ['verifies']);
  });

  it('replays an unedited entry, and one whose added link sits where the text names its target', async () => {
    assert.deepEqual((await run(await editedCache((entry) => entry))).cacheStats, { hits: 2, misses: 0 });
    // The limit of the check, as SECURITY.md says: a plain mention (`See SR-2.`) can be forged into a link.
    const forged = await editedCache((entry) => ({
      ...entry,
      contributions: { ...entry.contributions, references: [], links: [...entry.contributions.links, { type: 'derives', from: 'SR-2', to: 'SR-2', location: { path: 'docs/reqs.md', range: { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } } }, inTest: false }] },
    }));
    assert.deepEqual((await run(forged)).cacheStats, { hits: 2, misses: 0 });
  });
});
