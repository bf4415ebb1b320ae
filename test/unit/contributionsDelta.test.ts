import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG, IdMatcher, extractFile, type FileContributions, type FileRole } from '../../src/core';
import { SentContributions, applyContributionsDelta, parseContributions } from '../../src/core/extract/contributionsDelta';
import { fuzzRuns } from './fuzz';
import { LINE_ENDINGS, LIST_PIECES, PIECES, documentArbitrary } from './markdownDocuments';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
const NO_ROLE: FileRole = { isTest: false };

function extract(path: string, text: string, role: FileRole = NO_ROLE): FileContributions {
  return extractFile(path, text, { matcher, ...role });
}

/** What the host holds of contributions the worker sent whole: their trip through JSON. */
function received(contributions: FileContributions): FileContributions {
  return parseContributions(JSON.stringify(contributions));
}

/** The contributions the host rebuilds of `next` from what it holds of `previous` and the worker's delta. */
function rebuilt(previous: FileContributions, next: FileContributions, held = received(previous)): FileContributions {
  return applyContributionsDelta(held, SentContributions.of(previous).deltaTo(next).delta);
}

function requirements(count: number): string {
  return Array.from({ length: count }, (_, index) => `## SR-${index + 1}: Requirement ${index + 1}\n\n- Derives from: SO-1\n\nText of SR-${index + 1}.\nMore about it.\n`).join('\n');
}

const CODE_PIECES = ['// @implements SR-1', '/** @verifies SR-2 */', "it('checks SR-3', () => {", '});', 'function dose() {', '}', '  return 1; // SR-4', ''];
const FIXTURES = join(__dirname, '../fixtures');

/** An edit of whole lines or characters: `at` and `length` are relative to the text's length. */
const editArbitrary = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.constantFrom(...PIECES, ...LIST_PIECES, ...LINE_ENDINGS, ...CODE_PIECES.map((piece) => `${piece}\n`)), fc.string({ maxLength: 4 })),
});

function applyEdit(text: string, edit: { at: number; length: number; insert: string }): string {
  const at = Math.floor(edit.at * text.length);
  return text.slice(0, at) + edit.insert + text.slice(at + edit.length);
}

describe('Contributions sent as a delta', () => {
  it('rebuilds what the worker extracted, after any edit of a Markdown document (property)', () => {
    fc.assert(
      fc.property(documentArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 3 }), (document, edits) => {
        const edited = edits.reduce(applyEdit, document);
        const previous = extract('docs/doc.md', document);
        const next = extract('docs/doc.md', edited);
        assert.deepEqual(rebuilt(previous, next), received(next), JSON.stringify([document, edited]));
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('rebuilds what the worker extracted, after any edit of source code, a test, test results or a lockfile (property)', () => {
    const files: { path: string; text: string; role: FileRole }[] = [
      { path: 'src/pump.ts', text: CODE_PIECES.join('\n'), role: NO_ROLE },
      { path: 'test/pump.test.ts', text: CODE_PIECES.join('\n'), role: { isTest: true } },
      { path: 'results/jest-junit.xml', text: readFileSync(join(FIXTURES, 'junit/jest-junit.xml'), 'utf8'), role: { isTest: false, isTestResults: true } },
      { path: 'package-lock.json', text: readFileSync(join(FIXTURES, 'lockfiles/npm10/package-lock.json'), 'utf8'), role: { isTest: false, isLockfile: true } },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(editArbitrary, { minLength: 1, maxLength: 3 }), ({ path, text, role }, edits) => {
        const edited = edits.reduce(applyEdit, text);
        const previous = extract(path, text, role);
        const next = extract(path, edited, role);
        assert.deepEqual(rebuilt(previous, next), received(next), JSON.stringify(edited));
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('sends only the entry that changed when a title is retyped, and keeps every other entry as the object the host holds', () => {
    const document = requirements(1000);
    const previous = extract('docs/reqs.md', document);
    const next = extract('docs/reqs.md', document.replace('## SR-500: Requirement 500', '## SR-500: Requirement 500, retyped'));
    const { delta } = SentContributions.of(previous).deltaTo(next);
    assert.deepEqual(JSON.parse(delta.lists.items!.inserted).map((item: { title: string }) => item.title), ['Requirement 500, retyped']);
    assert.equal(delta.lists.links!.inserted, '[]');
    const held = received(previous);
    const result = applyContributionsDelta(held, delta);
    assert.deepEqual(result, received(next));
    assert.equal(result.items.filter((item, index) => item === held.items[index]).length, 999);
    assert.ok(result.links.every((link, index) => link === held.links[index]));
  });

  it('sends lines added above entries as a shift of those entries, not the entries again', () => {
    const document = requirements(1000);
    const previous = extract('docs/reqs.md', document);
    const next = extract('docs/reqs.md', `Two lines\nabove.\n${document}`);
    const { delta } = SentContributions.of(previous).deltaTo(next);
    assert.deepEqual(delta.lists.items, { kept: 0, shifted: 1000, lines: 2, inserted: '[]' });
    assert.deepEqual(applyContributionsDelta(received(previous), delta), received(next));
  });

  it('gives back the contributions the host holds when nothing they say changed (a word in a paragraph)', () => {
    const document = requirements(10);
    const previous = extract('docs/reqs.md', document);
    const next = extract('docs/reqs.md', document.replace('Text of SR-5.', 'Text of SR-5, reworded.'));
    const held = received(previous);
    assert.equal(rebuilt(previous, next, held), held);
  });
});
