import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_CONFIG, IdMatcher, extractFile, type FileContributions } from '../../src/core';
import { ParsedSectionCache } from '../../src/core/extract/markdownBlocks';
import { fuzzRuns } from './fuzz';
import { LINE_ENDINGS, LIST_PIECES, PIECES, documentArbitrary } from './markdownDocuments';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);

/** An edit: replace `length` characters at a relative position with a piece of text. */
const editArbitrary = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...PIECES, ...LIST_PIECES, ...LINE_ENDINGS), fc.string({ maxLength: 4 })),
});

function applyEdit(text: string, edit: { at: number; length: number; insert: string }): string {
  const at = Math.floor(edit.at * text.length);
  return text.slice(0, at) + edit.insert + text.slice(at + edit.length);
}

function extract(text: string, parsedSections?: ParsedSectionCache): FileContributions {
  return extractFile('docs/doc.md', text, { matcher, isTest: false, parsedSections });
}

describe('Markdown section re-parse (property)', () => {
  it('extracts, section by section after each edit, what one whole parse of the new text does', () => {
    fc.assert(
      fc.property(documentArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 4 }), (document, edits) => {
        const sections = new ParsedSectionCache();
        let text = document;
        assert.deepEqual(extract(text, sections), extract(text), JSON.stringify(text));
        for (const edit of edits) {
          text = applyEdit(text, edit);
          assert.deepEqual(extract(text, sections), extract(text), JSON.stringify(text));
        }
      }),
      { numRuns: fuzzRuns(150) },
    );
  }).timeout(fuzzRuns(150) * 200);
});
