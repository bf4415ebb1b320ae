import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, extractFile, type FileContributions } from '../../src/core';
import { ParsedSectionCache, listParsing } from '../../src/core/extract/markdownBlocks';
import { listItemMarker, markdownLines } from '../../src/core/extract/markdownLines';
import { joinLines } from './util';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
/** Where micromark's time per item stays about flat (it grows with the items of one parse). */
const MOST_ITEMS_PER_PARSE = 200;

/** Extracts with lists cut every `itemsPerParse` items, and counts the first-column list items of each parse. */
function extract(text: string, itemsPerParse = listParsing.itemsPerParse, parsedSections?: ParsedSectionCache): { result: FileContributions; itemsPerParse: number[] } {
  const saved = { ...listParsing };
  const counts: number[] = [];
  listParsing.itemsPerParse = itemsPerParse;
  listParsing.onParse = (parsed) => counts.push([...markdownLines(parsed)].filter((line) => listItemMarker(line.text)).length);
  try {
    return { result: extractFile('docs/doc.md', text, { matcher, isTest: false, parsedSections }), itemsPerParse: counts };
  } finally {
    Object.assign(listParsing, saved);
  }
}

describe('Markdown long lists', () => {
  // Without the cut, micromark's time grows with the square of the items: 6 to 8 s each for 4,000 items.
  const LONG_LISTS = {
    'items holding a nested list': '- a\n  - SR-1\n',
    'items that open a nested list on their line': '- - SR-1\n',
    'loose items holding a nested list': '- a\n\n  - SR-1\n\n',
  };
  for (const [shape, item] of Object.entries(LONG_LISTS)) {
    it(`never gives the parser more than ${MOST_ITEMS_PER_PARSE} items of a 4,000-item list of ${shape}`, function () {
      this.timeout(10_000);
      const text = `# SR-1: Dose limit\n\n${item.repeat(4000)}`;
      const first = extract(text);
      assert.ok(Math.max(...first.itemsPerParse) <= MOST_ITEMS_PER_PARSE, `${Math.max(...first.itemsPerParse)} items in one parse`);
      assert.deepEqual(first.result.items.map((i) => i.id), ['SR-1']);
      assert.equal(first.result.references.length, 4000);
    });
  }

  it('cuts a long list the same way when an edit re-parses the section it is in', function () {
    this.timeout(10_000);
    const text = `# SR-1: Dose limit\n\n${LONG_LISTS['items holding a nested list'].repeat(1000)}`;
    const sections = new ParsedSectionCache();
    extract(text, undefined, sections);
    const edited = extract(`${text}- SR-2\n`, undefined, sections);
    assert.ok(edited.itemsPerParse.length > 1 && Math.max(...edited.itemsPerParse) <= MOST_ITEMS_PER_PARSE);
    assert.deepEqual(edited.result, extract(`${text}- SR-2\n`, Infinity).result);
  });

  it('cuts only where the next item continues a list that ends the text above, as one whole parse reads it', () => {
    const fixtures = [
      // A line that paragraph text runs on into, or that a paragraph makes a nested list lose its marker.
      joinLines('- a', '- b', 'lazy', '- 2. # SR-1', '- c', 'Text', '- 2. # SR-2', '- d'),
      joinLines('Text', '2. # SR-3', '2. # SR-4', '- e', '- f'),
      // A setext underline, a thematic break, a change of marker, an empty item.
      joinLines('- SR-5', '  ---', '- - -', '- g', '* # SR-6', '* h', '-', '', '  # SR-7', '- i'),
      // Fences and HTML blocks in and around the items.
      joinLines('- ```', '  # SR-8', '- ```', '```', '- # SR-9', '```', '- j', '<!--', '- # SR-10', '-->', '- k', '- <div>', '  # SR-11', '- l'),
      // Ordered items, tables and quotes inside items.
      joinLines('1. a', '   | ID | T |', '   |----|---|', '   | SR-12 | r |', '2. > # SR-13', '3) # SR-14', '3) m', '3) n'),
    ];
    for (const text of fixtures) {
      const whole = extract(text, Infinity);
      assert.deepEqual(whole.itemsPerParse.length, 1);
      for (const itemsPerParse of [1, 2]) {
        assert.deepEqual(extract(text, itemsPerParse).result, whole.result, `${itemsPerParse}: ${JSON.stringify(text)}`);
      }
    }
  });
});
