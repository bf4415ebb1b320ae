// Generated Markdown documents for the property tests of the Markdown reader: realistic pieces of
// requirements documents, list items and nested containers, joined with every kind of line ending.
import fc from 'fast-check';

/** Realistic pieces of a requirements document, each one or more lines (joined with `\n`, replaced below). */
export const PIECES = [
  '# SR-1: Authenticate',
  '## SR-2 - Replay',
  '### **TM-3** — Spoofing',
  'SR-4: Setext title\n---',
  'SO-5 Objective\n===',
  'Derives from: SO-1, MC-2',
  '**Mitigates:** TM-1',
  '**Mitigates**: TM-2',
  '- derives FROM: SO-3',
  '> Implements: SR-3',
  '1. Verifies: SR-1',
  '| ID | Title | Mitigates |\n|----|-------|-----------|\n| SR-6 | Row | TM-1 |',
  '| SR-7 | Second row | TM-2 |',
  '```\n# SR-8: in code\n```',
  '```js\n## SR-9',
  '~~~~',
  '<div>\n# SR-10: in HTML',
  '</div>',
  '<!--\n\n# SR-11\n-->',
  'Text with `SR-12` in a code span and SR-13 plain.',
  '> # SR-14: Quoted',
  '- # SR-15: Listed',
  '    # SR-16: indented code',
  '',
  '\uFEFF# SR-17: after a BOM',
  'A line\u2028# SR-18 with a separator',
  '```text\u2029\n# SR-19',
  '[ref]: https://example.com',
  'Attribute: value',
  '#',
];
/** List items, nested containers and what may or may not end a list between them: where long lists are cut. */
export const LIST_PIECES = [
  '- a\n  - SR-20',
  '- - SR-21',
  '- a\n\n  - SR-22\n',
  '* b\n  > Implements: SR-3',
  '1. x\n   - # SR-23',
  '2. # SR-24',
  '3) Verifies: SR-1',
  '- 2. # SR-25',
  '-',
  '- ```\n  # SR-26',
  '  - nested SR-27',
  '  continued: SR-2',
  '-     code SR-28',
  '+ | ID | T |\n  |----|---|\n  | SR-29 | r |',
  '- <div>\n  # SR-30',
  'lazy SR-31 line',
  '- - -',
  '- SR-32\n  ---',
];
export const LINE_ENDINGS = ['\n', '\r\n', '\r'];

const documentOf = (pieces: fc.Arbitrary<string>, maxLength: number) =>
  fc
    .array(fc.tuple(pieces, fc.constantFrom(...LINE_ENDINGS), fc.constantFrom(...LINE_ENDINGS)), { maxLength })
    .map((parts) => parts.map(([piece, inner, after]) => piece.split('\n').join(inner) + after).join(''));

/** Short documents of every piece, and long lists with a few other pieces among their items. */
export const documentArbitrary = fc.oneof(
  documentOf(fc.constantFrom(...PIECES, ...LIST_PIECES), 14),
  documentOf(fc.oneof({ arbitrary: fc.constantFrom(...LIST_PIECES), weight: 6 }, { arbitrary: fc.constantFrom(...PIECES), weight: 1 }), 40),
);
