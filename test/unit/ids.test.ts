import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, extractFile } from '../../src/core';
import { indexOf, joinLines } from './util';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
const idsIn = (text: string) => [...matcher.matches(text)].map((m) => m.id);

describe('IdMatcher and NIST SP 800-53 control enhancements', () => {
  it('does not match an ID followed directly by a parenthesised number', () => {
    assert.deepEqual(idsIn('SC-28(1) and RA-5(5) and SR-3(12)'), []);
  });

  it('still matches the ID itself, and an ID followed by other brackets or a space', () => {
    assert.deepEqual(idsIn('SC-28 (1), SC-28, SC-28() and (SC-29) and SC-30(a)'), ['SC-28', 'SC-28', 'SC-28', 'SC-29', 'SC-30']);
  });

  it('does not report an enhancement as a prefix of the ID, e.g. SC-2 in SC-28(1)', () => {
    assert.equal(matcher.containsId('SC-28(1)'), false);
  });

  it('keeps a NIST-citing document free of duplicate IDs', () => {
    const text = joinLines(
      '# System Security Plan',
      '',
      '## SC-28 Protection of Information at Rest',
      '',
      'Implemented by full-disk encryption.',
      '',
      '### SC-28(1) Cryptographic Protection',
      '',
      'Relates to RA-5(5) and SC-28(1).',
    );
    const result = extractFile('docs/ssp.md', text, { matcher, isTest: false });
    assert.deepEqual(result.items.map((item) => item.id), ['SC-28']);
    assert.deepEqual(result.references.map((r) => r.id), []);
    const index = indexOf({ 'docs/ssp.md': text });
    assert.deepEqual(index.findings().filter((f) => f.rule === 'duplicate-id'), []);
  });
});
