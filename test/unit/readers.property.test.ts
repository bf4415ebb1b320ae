import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_CONFIG, IdMatcher, LineIndex, commentSyntaxFor, type FileContributions, type Range } from '../../src/core';
import { extractMarkdown } from '../../src/core/extract/markdown';
import { extractCode } from '../../src/core/extract/code';
import { fuzzRuns } from './fuzz';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
const context = { matcher, isTest: false };

/** Fragments that steer random text towards what the readers look for. */
const FRAGMENTS = [
  'SR-1', 'TM-22', 'SO-3', '# ', '## ', '\n', '\r\n', '\r', '\u2028', '\uFEFF', '> ', '- ', '1. ', '|', '| --- |', '```', '~~~',
  '<div>', '<!--', '-->', '`', '**', 'Derives from: ', 'Mitigates:', '@implements ', '@verifies ', '//', '/*', '*/', '#', '"', "'",
  '"""', "'''", 'def f():\n    ', 'class A:', '\\', ' ', '\t', '[x]: y', '---', '===', '\u0000', '\uD800',
];
const fragmentText = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));
/** Arbitrary text, fragment-built text, and fragment-built text with random characters spliced in. */
const textArbitrary = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fragmentText,
  fc.tuple(fragmentText, fc.nat(), fc.string({ unit: 'binary', maxLength: 5 })).map(([text, at, noise]) => text.slice(0, at % (text.length + 1)) + noise + text.slice(at % (text.length + 1))),
);

function rangesOf(result: FileContributions): Range[] {
  return [
    ...result.items.flatMap((item) => [item.location.range, item.sectionRange]),
    ...result.links.map((link) => link.location.range),
    ...result.references.map((reference) => reference.location.range),
    ...result.problems.map((problem) => problem.range),
  ];
}

function assertRangesInside(text: string, result: FileContributions): void {
  const lines = new LineIndex(text);
  for (const range of rangesOf(result)) {
    for (const position of [range.start, range.end]) {
      assert.ok(position.line >= 0 && position.line < lines.lineCount, `line ${position.line} is outside the text`);
      const lineLength = (position.line + 1 < lines.lineCount ? lines.lineStart(position.line + 1) - 1 : text.length) - lines.lineStart(position.line);
      assert.ok(position.character >= 0 && position.character <= lineLength, `character ${position.character} is outside line ${position.line}`);
    }
  }
}

const READERS: [name: string, read: (text: string) => FileContributions][] = [
  ['Markdown', (text) => extractMarkdown('docs/doc.md', text, context)],
  ...['src/a.ts', 'src/a.py', 'src/a.sql', 'src/a.lua', 'src/a.hs', 'src/a.html', 'src/a.php', 'src/a.m'].map(
    (path): [string, (text: string) => FileContributions] => [path, (text) => extractCode(path, text, commentSyntaxFor(path)!, context)],
  ),
];

describe('Readers on arbitrary input (property)', () => {
  for (const [name, read] of READERS) {
    it(`${name}: never throws, keeps every range inside the text, and answers the same twice`, () => {
      fc.assert(
        fc.property(textArbitrary, (text) => {
          const result = read(text);
          assertRangesInside(text, result);
          assert.deepEqual(read(text), result);
        }),
        { numRuns: fuzzRuns(100) },
      );
    }).timeout(fuzzRuns(100) * 50);
  }
});
