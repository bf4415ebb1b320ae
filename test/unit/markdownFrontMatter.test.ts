import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, extractFile, parseConfig, type FileContributions } from '../../src/core';
import { TraceConventions } from '../../src/core/extract/linkKeys';
import { ParsedSectionCache } from '../../src/core/extract/markdownBlocks';
import { findingKeys, indexOf, joinLines } from './util';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
function extract(text: string, conventions = TraceConventions.builtIn): FileContributions {
  return extractFile('docs/sr-4.md', text, { matcher, conventions, isTest: false });
}
const items = (result: FileContributions) => result.items.map((item) => [item.id, item.title, item.location.range.start.line, item.location.range.start.character]);
const links = (result: FileContributions) => result.links.map((link) => `${link.from} ${link.type} ${link.to}`);
const ids = (list: readonly { readonly id: string }[]) => list.map((entry) => entry.id);

describe('YAML front matter in Markdown', () => {
  it('defines the item its id: names, titled by title:, whose section is the whole document', () => {
    const text = joinLines('---', 'id: SR-4', 'title: "Signed dose commands"', '---', '', '# Design', '', 'Every dose command carries an HMAC.', '');
    const result = extract(text);
    assert.deepEqual(items(result), [['SR-4', 'Signed dose commands', 1, 4]]);
    const section = result.items[0]!.sectionRange;
    assert.deepEqual([section.start, section.end], [{ line: 0, character: 0 }, { line: 7, character: 35 }]);
    assert.deepEqual(result.references, []);
  });

  it('takes the title from the first heading without title:, also when the heading repeats the ID', () => {
    assert.deepEqual(items(extract(joinLines('---', 'id: SR-4', '---', '# Signed dose commands', '## Details'))), [['SR-4', 'Signed dose commands', 1, 4]]);
    const repeated = extract(joinLines('---', 'id: SR-4', 'status: approved', '---', '# SR-4: Signed dose commands', 'Mitigates: TM-3'));
    assert.deepEqual(items(repeated), [['SR-4', 'Signed dose commands', 1, 4]], 'one item, not a duplicate');
    assert.deepEqual(links(repeated), ['SR-4 mitigates TM-3']);
    assert.deepEqual(ids(repeated.references), ['SR-4']);
    assert.deepEqual(repeated.items[0]!.attributes, { status: 'approved' });
  });

  it('gives the document item the links of its fields and of headings without an ID, and nested items their own', () => {
    const text = joinLines(
      '---',
      'id: SR-4',
      'title: Signed dose commands',
      'derives from: [SO-2, MC-1]',
      'mitigates:',
      '  - TM-3',
      'category: Code, Data and Execution Integrity',
      'tags: [SR-9]',
      '---',
      '## Rationale',
      'Mitigates: TM-4',
      '## TC-1: Replay test',
      'Verifies: SR-4',
    );
    const result = extract(text);
    assert.deepEqual(items(result), [['SR-4', 'Signed dose commands', 1, 4], ['TC-1', 'Replay test', 11, 3]]);
    assert.deepEqual(links(result), ['SR-4 derives SO-2', 'SR-4 derives MC-1', 'SR-4 mitigates TM-3', 'SR-4 mitigates TM-4', 'TC-1 verifies SR-4']);
    assert.deepEqual(result.links[0]!.declaration, { key: 'derives from', place: 'front matter' });
    assert.deepEqual(result.links[0]!.location.range.start, { line: 3, character: 15 });
    assert.deepEqual(result.items[0]!.attributes, { category: 'Code, Data and Execution Integrity', tags: 'SR-9' });
    assert.deepEqual(ids(result.references), ['SR-9']);
  });

  it('reads configured and reversed keys as front-matter fields', () => {
    const { config } = parseConfig('{ "linkKeys": { "derives": ["Satisfies"] }, "reversedLinkKeys": { "verifies": ["Verified by"] } }');
    const result = extract(joinLines('---', 'id: SR-4', 'Satisfies: SO-2', 'verified by: [TC-1]', '---'), new TraceConventions(config));
    assert.deepEqual(links(result), ['SR-4 derives SO-2', 'TC-1 verifies SR-4']);
  });

  it('defines nothing for an id: that is not exactly one ID of a configured kind (a Docusaurus page id, say)', () => {
    assert.deepEqual(items(extract(joinLines('---', 'id: intro', 'title: SR-4 overview', '---', 'See SR-4.'))), []);
    const two = extract(joinLines('---', 'id: SR-4 SR-5', '---', '# Title'));
    assert.deepEqual([items(two), ids(two.references)], [[], ['SR-4', 'SR-5']]);
  });

  it('leaves a leading block that is not a YAML mapping to Markdown, as before', () => {
    const result = extract(joinLines('---', 'SR-7: Role-based authorization', '---', 'Derives from: SO-1'));
    assert.deepEqual(items(result), [], 'a mapping whose key is an ID is front matter, not a Setext heading');
    const prose = extract(joinLines('---', 'Read SR-7 first', '---', '## SR-8: Audit'));
    assert.deepEqual([items(prose), ids(prose.references)], [[['SR-8', 'Audit', 3, 3]], ['SR-7']]);
    assert.deepEqual(items(extract(joinLines('---', 'id: SR-4', 'no closing line'))), []);
  });

  it('reports front matter with an id: that is not valid YAML where the YAML breaks, and reads the rest', () => {
    const result = extract(joinLines('---', 'id: SR-4', 'tags: [a, b', '---', '## SR-5: Next'));
    assert.deepEqual(ids(result.items), ['SR-5']);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]!.message, /^The YAML front matter could not be read \(.+\), so its id: defines no item$/);
    assert.equal(result.problems[0]!.range.start.line, 3);
    assert.deepEqual(extract(joinLines('---', 'tags: [a, b', '---', '## SR-5: Next')).problems, [], 'no id:, no problem');
  });

  it('reads front matter after a byte order mark and with Windows line endings, at the right positions', () => {
    const result = extract('\uFEFF---\r\nid: SR-4\r\n---\r\n# Signed\r\nMitigates: TM-3\r\n');
    assert.deepEqual(items(result), [['SR-4', 'Signed', 1, 4]]);
    assert.deepEqual(result.links[0]!.location.range.start, { line: 4, character: 11 });
  });

  it('gives the same result when an edit re-parses the document section by section', () => {
    const parsedSections = new ParsedSectionCache();
    const context = { matcher, isTest: false, parsedSections };
    const before = joinLines('---', 'id: SR-4', '---', '# Signed', '## Notes', 'Mitigates: TM-3');
    extractFile('docs/sr-4.md', before, context);
    const after = before.replace('TM-3', 'TM-3, TM-4');
    assert.deepEqual(extractFile('docs/sr-4.md', after, context), extract(after));
  });

  it('makes a requirement of its own in the index, traced like a heading-defined one', () => {
    const index = indexOf({
      'docs/concept.md': '## SO-2: Dose integrity',
      'docs/sr-4.md': joinLines('---', 'id: SR-4', 'title: Signed dose commands', 'derives from: SO-2', '---', 'Body.'),
      'src/dose.c': '// @implements SR-4',
      'test/dose_test.c': '// @verifies SR-4',
    });
    assert.deepEqual(findingKeys(index), []);
    assert.equal(index.graph.item('SR-4')!.title, 'Signed dose commands');
  });
});
