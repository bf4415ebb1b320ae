import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type TraceConfig } from '../../src/core';
import { findingKeys, indexOf, joinLines } from './util';

/** A requirement that every rule is satisfied with, plus what it needs. */
const complete = {
  'docs/concept.md': joinLines('## SO-1: Protect dose integrity', '## MC-1: Attacker replays a dose command'),
  'docs/threats.md': joinLines('## TM-1: Replay'),
  'docs/reqs.md': joinLines('## SR-1: Nonces', 'Derives from: SO-1', 'Mitigates: TM-1'),
  'src/nonce.c': '// @implements SR-1',
  'test/nonce_test.c': '// @verifies SR-1',
};

describe('Rules', () => {
  it('reports nothing for a complete trace', () => {
    assert.deepEqual(findingKeys(indexOf(complete)), []);
  });

  describe('duplicate-id', () => {
    it('reports the later definition, with the first as related information', () => {
      const index = indexOf({ ...complete, 'docs/z-more.md': '## SR-1: Again' });
      assert.deepEqual(findingKeys(index), ['duplicate-id SR-1 docs/z-more.md:1']);
      const [finding] = index.findings();
      assert.equal(finding!.related[0]!.location.path, 'docs/reqs.md');
      assert.equal(finding!.severity, 'error');
    });

    it('orders definitions in one file by line', () => {
      const index = indexOf({ ...complete, 'docs/threats.md': joinLines('## TM-1: Replay', '', '## TM-1: Replay again') });
      assert.deepEqual(findingKeys(index), ['duplicate-id TM-1 docs/threats.md:3']);
    });
  });

  describe('unknown-reference', () => {
    it('reports links and mentions of undefined IDs at each occurrence', () => {
      const index = indexOf({ ...complete, 'test/x_test.py': '# @verifies SR-99\n# see TM-42' });
      assert.deepEqual(findingKeys(index), ['unknown-reference SR-99 test/x_test.py:1', 'unknown-reference TM-42 test/x_test.py:2']);
      assert.match(index.findings()[0]!.message, /@verifies names SR-99, which is not defined/);
    });

    it('does not report references to defined IDs', () => {
      assert.deepEqual(findingKeys(indexOf({ ...complete, 'README.md': 'See SR-1 and TM-1.' })), []);
    });
  });

  describe('threat-not-mitigated', () => {
    it('reports a threat nothing mitigates', () => {
      const index = indexOf({ ...complete, 'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Spoofing') });
      assert.deepEqual(findingKeys(index), ['threat-not-mitigated TM-2 docs/threats.md:2']);
    });

    it('accepts mitigation by a control, or acceptance by a risk acceptance', () => {
      const index = indexOf({
        ...complete,
        'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Spoofing', '## TM-3: Flooding'),
        'docs/controls.md': joinLines('## SC-1: Signed frames', 'Mitigates: TM-2'),
        'docs/risk.md': joinLines('## RA-1: Flooding accepted', 'Accepts: TM-3', 'Approved by: J. Doe', 'Date: 2026-01-05'),
      });
      assert.deepEqual(findingKeys(index), []);
    });

    it('does not count a code annotation or a link from an objective as mitigation', () => {
      const index = indexOf({
        ...complete,
        'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Spoofing'),
        'src/x.c': '// @mitigates TM-2',
        'docs/concept.md': joinLines('## SO-1: Protect dose integrity', 'Mitigates: TM-2', '## MC-1: Replay'),
      });
      assert.deepEqual(findingKeys(index), ['threat-not-mitigated TM-2 docs/threats.md:2']);
    });
  });

  describe('requirement rules', () => {
    it('report a bare requirement as not derived, not implemented and not verified', () => {
      const index = indexOf({ ...complete, 'docs/more.md': '## SR-2: Bare' });
      assert.deepEqual(findingKeys(index), [
        'requirement-not-derived SR-2 docs/more.md:1',
        'requirement-not-implemented SR-2 docs/more.md:1',
        'requirement-not-verified SR-2 docs/more.md:1',
      ]);
      assert.deepEqual(
        index.findings().map((f) => f.severity),
        ['warning', 'error', 'error'],
      );
    });

    it('count derivation only from objectives and misuse cases', () => {
      const index = indexOf({ ...complete, 'docs/more.md': joinLines('## SR-2: X', 'Derives from: TM-1'), 'src/a.ts': '// @implements SR-2', 'test/a.test.ts': '// @verifies SR-2' });
      assert.deepEqual(findingKeys(index), ['requirement-not-derived SR-2 docs/more.md:1']);
      const derivedFromMisuse = indexOf({ ...complete, 'docs/more.md': joinLines('## SR-2: X', 'Derives from: MC-1'), 'src/a.ts': '// @implements SR-2', 'test/a.test.ts': '// @verifies SR-2' });
      assert.deepEqual(findingKeys(derivedFromMisuse), []);
    });

    it('count a control Implements line and a test case Verifies line', () => {
      const index = indexOf({
        ...complete,
        'docs/more.md': joinLines('## SR-2: X', 'Derives from: SO-1', '## SC-1: Control', 'Implements: SR-2', '## TC-1: Case', 'Verifies: SR-2'),
      });
      assert.deepEqual(findingKeys(index), []);
    });
  });

  describe('severity configuration', () => {
    it('switches a rule off or changes its severity', () => {
      const config: TraceConfig = { ...DEFAULT_CONFIG, rules: { 'requirement-not-derived': 'off', 'requirement-not-verified': 'info' } };
      const index = indexOf({ ...complete, 'docs/more.md': joinLines('## SR-2: X'), 'src/a.ts': '// @implements SR-2' }, config);
      assert.deepEqual(
        index.findings().map((f) => `${f.rule} ${f.severity}`),
        ['requirement-not-verified info'],
      );
    });
  });

  it('uses configured ID patterns', () => {
    const config: TraceConfig = { ...DEFAULT_CONFIG, kinds: { ...DEFAULT_CONFIG.kinds, requirement: { pattern: 'REQ-[A-Z]+-\\d{3}' } } };
    const index = indexOf({ 'docs/r.md': joinLines('## REQ-AUTH-001: Login', '## SR-1: Not a requirement any more') }, config);
    assert.deepEqual(
      index.findings().map((f) => f.item),
      ['REQ-AUTH-001', 'REQ-AUTH-001', 'REQ-AUTH-001'],
    );
  });
});
