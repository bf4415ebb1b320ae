import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, extractFile, parseConfig, type FileContributions } from '../../src/core';
import { TraceConventions } from '../../src/core/extract/linkKeys';
import { joinLines } from './util';
import fc from 'fast-check';
import { fuzzRuns } from './fuzz';
import { stripDecoration } from '../../src/core/extract/markdownText';
import { ParsedSectionCache, parseBlocks, sectionStarts } from '../../src/core/extract/markdownBlocks';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
function extract(text: string, path = 'docs/doc.md'): FileContributions {
  return extractFile(path, text, { matcher, isTest: false });
}
const linkKeys = (result: FileContributions) => result.links.map((l) => `${l.from} ${l.type} ${l.to}`);
const at = (result: FileContributions, id: string) => {
  const item = result.items.find((i) => i.id === id)!;
  return [item.location.range.start.line, item.location.range.start.character];
};

describe('Markdown extraction', () => {
  it('defines an item for an ATX heading that starts with an ID, with its title', () => {
    const result = extract(joinLines('# Requirements', '', '## SR-12: Authenticate pump commands', '', 'Body.'));
    assert.deepEqual(
      result.items.map((i) => [i.id, i.kind, i.title]),
      [['SR-12', 'requirement', 'Authenticate pump commands']],
    );
    assert.deepEqual(at(result, 'SR-12'), [2, 3]);
  });

  it('accepts titles separated by a space, a dash or an em dash, and IDs in bold or code', () => {
    const result = extract(joinLines('## TM-3 Firmware tampering', '## TM-4 - Replay', '## **TM-5** — Spoofing', '## `TM-6`: Denial'));
    assert.deepEqual(
      result.items.map((i) => [i.id, i.title]),
      [
        ['TM-3', 'Firmware tampering'],
        ['TM-4', 'Replay'],
        ['TM-5', 'Spoofing'],
        ['TM-6', 'Denial'],
      ],
    );
  });

  it('defines an item for a Setext heading', () => {
    const result = extract(joinLines('Intro', '', 'SR-7: Role-based authorization', '------------------------------', '', 'Derives from: SO-1'));
    assert.deepEqual(at(result, 'SR-7'), [2, 0]);
    assert.equal(result.items[0]!.title, 'Role-based authorization');
    assert.deepEqual(linkKeys(result), ['SR-7 derives SO-1']);
  });

  it('treats an ID later in a heading as a mention, not a definition', () => {
    const result = extract('## Notes on SR-4\n');
    assert.deepEqual(result.items, []);
    assert.deepEqual(result.references.map((r) => r.id), ['SR-4']);
  });

  it('reads link lines in plain, bold and list-item form, case-insensitively', () => {
    const result = extract(
      joinLines(
        '## SR-1: Mutual TLS',
        '',
        'Derives from: SO-1, MC-2',
        '**Mitigates:** TM-1',
        '**Mitigates**: TM-2',
        '- derives FROM: SO-3',
        '* __Verifies:__ TC-4',
        '1. Implements: SC-1',
        '> Accepts: TM-9',
        '- Affects: VULN-1',
        'Resolves: VULN-2',
      ),
    );
    assert.deepEqual(linkKeys(result), [
      'SR-1 derives SO-1',
      'SR-1 derives MC-2',
      'SR-1 mitigates TM-1',
      'SR-1 mitigates TM-2',
      'SR-1 derives SO-3',
      'SR-1 verifies TC-4',
      'SR-1 implements SC-1',
      'SR-1 accepts TM-9',
      'SR-1 affects VULN-1',
      'SR-1 resolves VULN-2',
    ]);
    assert.deepEqual(result.references, []);
  });

  it('gives each link the exact position of its target ID', () => {
    const result = extract(joinLines('## SR-1: X', '**Mitigates:** TM-1, TM-22'));
    assert.deepEqual(
      result.links.map((l) => [l.to, l.location.range.start.line, l.location.range.start.character, l.location.range.end.character]),
      [
        ['TM-1', 1, 15, 19],
        ['TM-22', 1, 21, 26],
      ],
    );
  });

  it('counts other IDs in a section, including in code spans, as plain references', () => {
    const result = extract(joinLines('## SR-1: X', '', 'Unlike SR-2, this covers `TM-3` and SO-1.', 'Mitigates: TM-4'));
    assert.deepEqual(result.references.map((r) => r.id), ['SR-2', 'TM-3', 'SO-1']);
    assert.deepEqual(linkKeys(result), ['SR-1 mitigates TM-4']);
  });

  it('ignores IDs in fenced code blocks, also inside list items', () => {
    const result = extract(joinLines('## SR-1: X', '', '```c', '// @implements SR-99', '```', '', '- step', '', '  ```', '  TM-99', '  ```', '', 'See SO-1.'));
    assert.deepEqual(result.references.map((r) => r.id), ['SO-1']);
    assert.deepEqual(result.links, []);
  });

  it('gives links in a subsection without an ID to the enclosing item, and to a nested item its own', () => {
    const result = extract(
      joinLines('## SR-1: Parent', '### Rationale', 'Mitigates: TM-1', '### SR-2: Child', 'Mitigates: TM-2', '## Other', 'Mitigates: TM-3'),
    );
    assert.deepEqual(linkKeys(result), ['SR-1 mitigates TM-1', 'SR-2 mitigates TM-2', 'undefined mitigates TM-3']);
  });

  it('records other key-value lines as attributes and the section as the item body', () => {
    const result = extract(joinLines('## SR-1: X', 'Category: Authentication', '**Status:** Approved', '', '## SR-2: Y'));
    const first = result.items[0]!;
    assert.deepEqual(first.attributes, { category: 'Authentication', status: 'Approved' });
    assert.deepEqual([first.sectionRange.start.line, first.sectionRange.end.line], [0, 2]);
  });

  it('defines one item per table row whose first cell holds an ID, with link and attribute columns', () => {
    const result = extract(
      joinLines(
        '## Additional threats',
        '',
        '| ID | Title | Severity | Mitigates | Notes |',
        '|----|-------|----------|-----------|-------|',
        '| TM-7 | Replay of dose commands | High | | See SR-2 |',
        '| **SC-9** | Nonce cache | | TM-7, TM-8 | |',
        '| n/a | nothing | | TM-1 | |',
      ),
    );
    assert.deepEqual(
      result.items.map((i) => [i.id, i.title, i.attributes]),
      [
        ['TM-7', 'Replay of dose commands', { severity: 'High', notes: 'See SR-2' }],
        ['SC-9', 'Nonce cache', {}],
      ],
    );
    assert.deepEqual(at(result, 'SC-9'), [5, 4]);
    assert.deepEqual(linkKeys(result), ['SC-9 mitigates TM-7', 'SC-9 mitigates TM-8', 'undefined mitigates TM-1']);
    assert.deepEqual(result.references.map((r) => r.id), ['SR-2']);
  });

  it('reads a table as definitions only when it has a link or title column: a status table only mentions', () => {
    const status = extract(joinLines('| Requirement | Status |', '| --- | --- |', '| SR-1 | verified |', '| SR-2 | verified |'));
    assert.deepEqual([status.items, status.references.map((r) => r.id)], [[], ['SR-1', 'SR-2']]);
    const titled = extract(joinLines('| ID | Name |', '| --- | --- |', '| SR-1 | Dose limit |'));
    assert.deepEqual(titled.items.map((i) => [i.id, i.title]), [['SR-1', 'Dose limit']]);
  });

  it('titles a row without a title column by its second column, unless that column holds links', () => {
    const second = extract(joinLines('| ID | Test | Verifies |', '| --- | --- | --- |', '| TC-5 | Audit chain survives restart | SR-12 |'));
    assert.deepEqual(second.items.map((i) => [i.id, i.title, i.attributes]), [['TC-5', 'Audit chain survives restart', { test: 'Audit chain survives restart' }]]);
    const linkFirst = extract(joinLines('| ID | Verifies |', '| --- | --- |', '| TC-5: Audit chain | SR-12 |'));
    assert.deepEqual(linkFirst.items.map((i) => [i.id, i.title]), [['TC-5', 'Audit chain']]);
  });

  it('takes the title columns and the fallback from the configuration', () => {
    const { config } = parseConfig('{ "tables": { "titleColumns": ["Requirement"], "titleFallback": "none" } }');
    const conventions = new TraceConventions(config);
    const table = joinLines('| ID | Mitigates | Requirement |', '| --- | --- | --- |', '| SR-1 | TM-1 | Dose limit |', '', '| ID | Test | Verifies |', '| --- | --- | --- |', '| TC-1 | Boot | SR-1 |');
    const result = extractFile('docs/doc.md', table, { matcher, conventions, isTest: false });
    assert.deepEqual(result.items.map((i) => [i.id, i.title]), [['SR-1', 'Dose limit'], ['TC-1', '']]);
    assert.deepEqual(extract(table).items.map((i) => [i.id, i.title]), [['SR-1', ''], ['TC-1', 'Boot']], 'by default: Title, Name, Summary, Description, else the second column');
  });

  it('skips parsing a document without any ID', () => {
    assert.deepEqual(extract('# Plain\n\nNothing to trace here.'), { path: 'docs/doc.md', items: [], links: [], references: [], problems: [] });
  });

  it('does not take partial words for IDs', () => {
    const result = extract('XSR-1, SR-1a, SR-12_b, pre-SR-3 but (SR-4).');
    assert.deepEqual(result.references.map((r) => r.id), ['SR-4']);
  });

  it('survives malformed Markdown', () => {
    const result = extract(joinLines('## SR-1: [broken](', '| a | b', '|---', '```', 'unterminated fence SR-2'));
    assert.deepEqual(result.items.map((i) => i.id), ['SR-1']);
  });

  it('handles Windows line endings', () => {
    const result = extract('## SR-1: Title\r\nMitigates: TM-1\r\n');
    assert.equal(result.items[0]!.title, 'Title');
    assert.deepEqual(linkKeys(result), ['SR-1 mitigates TM-1']);
  });
});

describe('Markdown parsed one section at a time', () => {
  /** Extracts `text` section by section (as after an edit that changed every section) and whole. */
  const ids = (text: string) => {
    const parsedSections = new ParsedSectionCache();
    extractFile('docs/doc.md', 'SO-1', { matcher, isTest: false, parsedSections });
    const sectionwise = extractFile('docs/doc.md', text, { matcher, isTest: false, parsedSections });
    assert.deepEqual(sectionwise, extract(text), 'section by section as whole');
    return { items: sectionwise.items.map((i) => i.id), references: sectionwise.references.map((r) => r.id) };
  };

  it('cuts at headings in the first column, never inside fenced code', () => {
    const text = joinLines('intro', '# SO-1: A', '```', '# not a heading', '```', '  # indented heading', '## SR-1: B', 'text');
    assert.deepEqual(sectionStarts(text), [0, text.indexOf('# SO-1'), text.indexOf('## SR-1')]);
  });

  it('parses a document with link reference definitions whole', () => {
    assert.deepEqual(sectionStarts(joinLines('# SO-1: A', '# SO-2: [B][b]', '', '[b]: https://example.com')), [0]);
  });

  it('keeps a heading line inside an HTML comment a comment', () => {
    assert.deepEqual(ids(joinLines('## SR-1: A', '<!--', '# SR-2: inside the comment', '-->', '# SR-3: after')), { items: ['SR-1', 'SR-3'], references: ['SR-2'] });
  });

  it('keeps a heading line right after an HTML block part of that block', () => {
    assert.deepEqual(ids(joinLines('## SR-1: A', '<div>', '# SR-2: still HTML', '', '# SR-3: after')), { items: ['SR-1', 'SR-3'], references: ['SR-2'] });
  });

  it('follows fences the way CommonMark does where a quick scan cannot', () => {
    // The fence opened in the list item closes with it; the indented ``` below then opens a top-level
    // fence, so SR-7 is code. A scan that pairs the two ``` lines would cut before SR-7.
    assert.deepEqual(ids(joinLines('- item', '  ```', '# SR-6: heading', '  ```', '# SR-7: in a fence', '  ```', '# SR-8: after')), { items: ['SR-6', 'SR-8'], references: [] });
  });

  it('parses a heading anew when an edit above it closes the comment it was in', () => {
    const parsedSections = new ParsedSectionCache();
    const context = { matcher, isTest: false, parsedSections };
    extractFile('docs/doc.md', joinLines('## SR-1: A', '<!--', '', '# SR-2: inside', '-->', '# SR-3: after'), context);
    const edited = joinLines('## SR-1: A', '<!-- closed -->', '', '# SR-2: inside', '-->', '# SR-3: after');
    const result = extractFile('docs/doc.md', edited, context);
    assert.deepEqual(result.items.map((i) => i.id), ['SR-1', 'SR-2', 'SR-3']);
    assert.deepEqual(result, extract(edited));
  });

  it('re-parses only the sections an edit changed', () => {
    const store = new ParsedSectionCache();
    const sections = ['## SR-1: A\nMitigates: TM-1\n', '## SR-2: B\nMitigates: TM-2\n', '## SR-3: C\nMitigates: TM-3\n'];
    const cache = { path: 'docs/reqs.md', store };
    parseBlocks(sections.join(''), cache);
    const before = store.sections(cache.path)!;
    const edited = [sections[0]!, '## SR-2: B, edited\nMitigates: TM-2\n', sections[2]!];
    const blocks = parseBlocks(edited.join(''), cache);
    const after = store.sections(cache.path)!;
    assert.equal(after.get(sections[0]!), before.get(sections[0]!));
    assert.equal(after.get(sections[2]!), before.get(sections[2]!));
    assert.ok(!after.has(sections[1]!), 'the old version of the edited section is dropped');
    assert.deepEqual(
      blocks.map((b) => [b.type, b.start]),
      [0, sections[0]!.length, sections[0]!.length + edited[1]!.length].map((start) => ['heading', start]),
    );
  });

  /** Extracts `before` to fill a section cache, then `after` with it: what the editor does on an edit. */
  function extractAfterEdit(before: string, after: string): FileContributions {
    const context = { matcher, isTest: false, parsedSections: new ParsedSectionCache() };
    extractFile('docs/doc.md', before, context);
    return extractFile('docs/doc.md', after, context);
  }

  it('keeps a link after a fenced block in a CRLF document when an edit elsewhere re-parses it', () => {
    const document = (title: string) => ['## SR-1: A', '', '```', '# not a heading', '```', 'Derives from: SO-1', `## SR-2: ${title}`, ''].join('\r\n');
    const result = extractAfterEdit(document('B'), document('B, edited'));
    assert.deepEqual(linkKeys(result), ['SR-1 derives SO-1']);
    assert.deepEqual(result, extract(document('B, edited')));
  });

  it('reads a fence whose info string holds U+2029 alike in a section and in the whole document', () => {
    const edited = '```text\u2029\n# SR-19';
    assert.deepEqual(extractAfterEdit('# SR-1: A', edited), extract(edited));
    assert.deepEqual(extract(edited).items, []);
  });

  it('places headings after a leading byte order mark at their offsets in the text', () => {
    const text = '\uFEFF# SR-17: after a BOM\n# SR-1: Authenticate\n';
    assert.deepEqual(at(extract(text), 'SR-1'), [1, 2]);
    assert.deepEqual(extractAfterEdit('# SR-1: Authenticate\n# SR-1: Authenticate\n', text), extract(text));
  });
});

describe('Decoration around a value', () => {
  it('is stripped as the anchored expression strips it, and a long run of spaces inside a value is read at once', () => {
    const byExpression = (value: string) => value.replace(/^[\s*_`]+|[\s*_`]+$/g, '');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\t', '*', '_', '`', 'a', 'b', '-', '\u00a0'), maxLength: 30 }), (value) => {
        assert.equal(stripDecoration(value), byExpression(value));
      }),
      { numRuns: fuzzRuns(500) },
    );
    // The expression took 18 s on this value; the scan from both ends does not look inside it.
    assert.equal(stripDecoration(`** a${' '.repeat(100_000)}b **`), `a${' '.repeat(100_000)}b`);
  });
});
