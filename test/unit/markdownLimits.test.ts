import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, extractFile, type FileContributions } from '../../src/core';
import { MARKDOWN_LIMITS, nestingDepth } from '../../src/core/extract/markdownLimits';
import { joinLines } from './util';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
function extract(text: string): FileContributions {
  return extractFile('docs/doc.md', text, { matcher, isTest: false });
}
const itemIds = (result: FileContributions) => result.items.map((item) => item.id);
const problemLines = (result: FileContributions) => result.problems.map((problem) => problem.range.start.line);

describe('Markdown resource caps', () => {
  it('skips a line nested deeper than the cap, reports it, and reads the rest of the file', function () {
    this.timeout(5000);
    // Without the cap, 4,000 `>` overflow the stack and the whole file is dropped.
    const result = extract(joinLines('# SR-1: Dose limit', '', `${'>'.repeat(4000)} SR-2`, '', '# SR-3: Rate limit', 'Derives from: SO-1'));
    assert.deepEqual(itemIds(result), ['SR-1', 'SR-3']);
    assert.deepEqual(result.links.map((link) => `${link.from} ${link.to}`), ['SR-3 SO-1']);
    assert.deepEqual(problemLines(result), [2]);
    assert.match(result.problems[0]!.message, /more than 32 levels deep.*Flatten the nesting/);
  });

  it('reads a line of 10,000 list markers quickly instead of parsing it', function () {
    this.timeout(2000); // about 90 s without the cap
    for (const marker of ['- ', '1. ', '* ', '> - ']) {
      const result = extract(joinLines('# SR-1: Dose limit', '', `${marker.repeat(10_000)}SR-2`));
      assert.deepEqual(itemIds(result), ['SR-1']);
      assert.deepEqual(problemLines(result), [2], marker);
    }
  });

  it('counts nesting generously: markers, quotes and indentation, but not emphasis or numbers', () => {
    assert.equal(nestingDepth('- - 1. > x'), 4);
    assert.equal(nestingDepth('      - x'), 4);
    assert.equal(nestingDepth('**bold** - x'), 0);
    assert.equal(nestingDepth('2026. A year'), 1);
    assert.equal(nestingDepth('-x'), 0);
    assert.equal(nestingDepth(`${'- '.repeat(MARKDOWN_LIMITS.nestingDepth)}x`), MARKDOWN_LIMITS.nestingDepth);
  });

  it('keeps a nesting exactly at the cap', () => {
    const result = extract(`${'> '.repeat(MARKDOWN_LIMITS.nestingDepth)}# SR-1: Deep but allowed`);
    assert.deepEqual(itemIds(result), ['SR-1']);
    assert.deepEqual(result.problems, []);
  });

  it('skips a table wider than the cap, with its header and rows, and reads the rest', () => {
    const columns = MARKDOWN_LIMITS.tableColumns + 1;
    const result = extract(
      joinLines('# SR-1: Before', '', `| ID |${' x |'.repeat(columns - 1)}`, `|${'---|'.repeat(columns)}`, `| SR-2 |${' y |'.repeat(columns - 1)}`, '', '# SR-3: After'),
    );
    assert.deepEqual(itemIds(result), ['SR-1', 'SR-3']);
    assert.deepEqual(problemLines(result), [3]);
    assert.match(result.problems[0]!.message, /more than 256 columns.*Split the table/);
  });

  it('keeps a table exactly at the cap', () => {
    const columns = MARKDOWN_LIMITS.tableColumns;
    const result = extract(joinLines(`| ID | Title |${' x |'.repeat(columns - 2)}`, `|${'---|'.repeat(columns)}`, `| SR-2 |${' y |'.repeat(columns - 1)}`));
    assert.deepEqual(itemIds(result), ['SR-2']);
    assert.deepEqual(result.problems, []);
  });

  it('reads the headings up to the cap, then reports where it stopped', function () {
    this.timeout(10_000);
    const headings = Array.from({ length: MARKDOWN_LIMITS.headings + 2 }, (_, index) => `# SR-${index + 1}: Title`);
    const result = extract(headings.join('\n'));
    assert.equal(result.items.length, MARKDOWN_LIMITS.headings);
    assert.equal(result.items.at(-1)!.id, `SR-${MARKDOWN_LIMITS.headings}`);
    assert.deepEqual(problemLines(result), [MARKDOWN_LIMITS.headings]);
    assert.match(result.problems[0]!.message, /more than 10,000 headings.*Split the document/);
  });
});
