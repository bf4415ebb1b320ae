import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, parseConfig } from '../../src/core';

/** The config error on `kinds.requirement.pattern` for `pattern`, or undefined when it is accepted. */
function patternError(pattern: string): string | undefined {
  const { errors } = parseConfig(JSON.stringify({ kinds: { requirement: { pattern } } }));
  assert.ok(errors.every((e) => e.field === 'kinds.requirement.pattern'), JSON.stringify(errors));
  return errors[0]?.message;
}

const ACCEPTED = [
  ...Object.values(DEFAULT_CONFIG.kinds).map((kind) => kind.pattern),
  'SR-\\d+',
  '(?:SR|REQ)-\\d{1,4}',
  '(SR|REQ)-\\d+',
  'CVE-\\d{4}-\\d{4,}',
  '[A-Z]{2,5}-\\d+',
  'TM-\\d+(?:\\.\\d+)?',
  'REQ-[A-Z]+-\\d{3}', // the README's example
  'SR-\\d+(?:\\.\\d+)*', // hierarchical IDs: each repeat starts with a dot the digits cannot match
  'REQ-[A-Z]+(?:-[A-Z]+)*-?\\d{3}', // what the exponential-time message suggests instead
  '\\w+-\\d+',
  'ID-[0-9a-f]{8}-[0-9a-f]{4}',
  'SR-\\d+[a-z]?',
  '(?:\\d{1,3}\\.){3}\\d{1,3}',
  'x{1,100}',
];

/** Each rejected pattern with a fragment its message must contain. */
const REJECTED: [pattern: string, message: RegExp][] = [
  // The examples.
  ['REQ-([A-Z]+-?)+\\d{3}', /exponential time on some lines: "\(\[A-Z\]\+-\?\)\+" can match the same text in more than one way.*rather than/],
  ['(?<id>SR)-\\d+', /must not contain the named group "\(\?<id>SR\)"; use a non-capturing group/],
  ['^SR-\\d+$', /must not contain the anchor "\^": IDs are matched as whole words, so anchors are added implicitly/],
  ['(?=SR)', /must not contain the lookaround "\(\?=SR\)"/],
  ['SR-\\d*|', /matches the empty string/],
  // Nested quantifiers and overlapping alternatives under a repeat.
  ['SR-(a+)+x', /exponential time.*"\(a\+\)\+"/],
  ['SR-(a*)*x', /exponential time.*"\(a\*\)\*"/],
  ['SR-(a|a)*x', /exponential time.*"\(a\|a\)\*"/],
  ['SR-(?:\\d+|[a-z0-9]+)+', /exponential time/],
  ['SR-(?:\\d|\\w)+', /exponential time/],
  ['SR-(?:\\d{1,8})+', /exponential time/],
  ['SR-(?:a{1,100}){1,100}', /exponential time/],
  // Adjacent repeats over the same characters, and repeats over the separators between IDs.
  ['SR-\\d+\\d+', /quadratic time on some lines: "\\\\d\+" and "\\\\d\+" can match the same characters/],
  ['SR-\\d{1,100}\\d{1,100}', /quadratic time/],
  ['.+-\\d+', /quadratic time on long lines: "\.\+" can repeat characters that separate IDs/],
  ['[^ ]+-\\d+', /quadratic time on long lines/],
  // Anchors, backreferences, modifiers, zero width, nothing at all.
  ['SR-\\d+$', /anchor "\$"/],
  ['\\bSR-\\d+', /anchor "\\\\b"/],
  ['SR\\B-\\d+', /anchor "\\\\B"/],
  ['(?<!X)SR-\\d+', /lookaround "\(\?<!X\)"/],
  ['(SR)-\\1', /backreference "\\\\1"/],
  ['(?:)', /matches the empty string/],
  ['\\d*', /matches the empty string/],
  ['SR-[]', /"\[\]": it matches no character/],
  ['SR-(', /not a valid regular expression/],
  ['(?:(?:\\d{8}){8}){8}', /too long to check/],
];

describe('ID pattern check', () => {
  for (const pattern of ACCEPTED) {
    it(`accepts ${JSON.stringify(pattern)}`, () => {
      assert.equal(patternError(pattern), undefined);
    });
  }

  for (const [pattern, message] of REJECTED) {
    it(`rejects ${JSON.stringify(pattern)}`, () => {
      assert.match(patternError(pattern) ?? 'accepted', message);
    });
  }

  it('names the field and points at the pattern', () => {
    const [error] = parseConfig('{ "kinds": { "requirement": { "pattern": "REQ-([A-Z]+-?)+\\\\d{3}" } } }').errors;
    assert.equal(error?.field, 'kinds.requirement.pattern');
    assert.deepEqual(error?.range.start, { line: 0, character: 41 });
  });

  it('keeps the matcher linear: an accepted worst case scans a 1 MB adversarial line quickly', function () {
    this.timeout(20_000);
    const line = 'SR-' + '1.'.repeat(512 * 1024) + 'a';
    const matcher = new IdMatcher({ ...DEFAULT_CONFIG.kinds, requirement: { pattern: 'SR-\\d+(?:\\.\\d+)*' } });
    const started = performance.now();
    assert.equal([...matcher.matches(line)].length, 1);
    // A linear scan takes tens of milliseconds; a quadratic one would take hours.
    assert.ok(performance.now() - started < 5_000);
  });
});
