import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RuleName, verdictOf, type TraceIndex } from '../../src/core';
import { buildFrom, joinLines } from './util';

const fixtures = path.resolve(__dirname, '../fixtures/junit');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** Each producer's default output next to the tests it ran, annotated as people write them in that framework. */
const workspace: Record<string, string> = {
  'docs/requirements.md': Array.from({ length: 15 }, (_, i) => `## SR-${i + 1}: Requirement ${i + 1}\n`).join('\n'),
  // jest-junit names no file: the full title (describe titles and the it() title) joins.
  'src/auth.test.ts': joinLines(
    "import { login } from './auth';",
    '',
    "describe('Auth', () => {",
    "  describe('login', () => {",
    '    // @verifies SR-1',
    "    it('rejects an expired token', async () => {",
    '      await expect(login(expired)).rejects.toThrow();',
    '    });',
    '',
    "    it(\"locks the account after 5 attempts\", () => {",
    '      /* @verifies SR-2 */',
    '      expect(lockedAfter(5)).toBe(true);',
    '    });',
    '  });',
    '',
    '  // @verifies SR-3',
    '  test(`session expires after 15 minutes`, () => {});',
    '});',
  ),
  'src/dose.test.ts': joinLines("describe('dose limits', () => {", '  // @verifies SR-4', "  it.skip('caps a bolus', () => {});", '});'),
  'test-results/jest-junit.xml': fixture('jest-junit.xml'),
  // mocha-junit-reporter writes the file on each suite and the full title as the name.
  'test/audit.test.js': joinLines(
    "describe('Audit log', function () {",
    "  context('records a login', function () {",
    '    // @verifies SR-5',
    "    it('with the user name', function () {});",
    '    // @verifies SR-6',
    "    it('with a UTC timestamp', function () {});",
    "    it('even offline', function () {});",
    '  });',
    '});',
  ),
  'test-results/mocha-test-results.xml': fixture('mocha-test-results.xml'),
  // pytest: classname → path, parametrised cases by the name before [, a verifies property.
  'tests/test_auth.py': joinLines(
    'import pytest',
    '',
    '',
    'def test_rejects_expired_token():',
    '    """@verifies SR-10"""',
    '',
    '',
    '# @verifies SR-11',
    '@pytest.mark.parametrize("attempts", [3, 5])',
    'def test_lockout_after_attempts(attempts):',
    '    assert lockouts(attempts) == attempts',
  ),
  'test-results/pytest-junit.xml': fixture('pytest-junit.xml'),
  // Surefire: classname → a path ending in com/acme/pump/UpdateTest.java; an <error> fails the test.
  'src/test/java/com/acme/pump/UpdateTest.java': joinLines(
    'package com.acme.pump;',
    '',
    'class UpdateTest {',
    '    /** @verifies SR-12 */',
    '    @Test',
    '    void rejectsUnsignedImage() {}',
    '',
    '    // @verifies SR-13',
    '    @Test',
    '    void verifiesSignatureChain() {}',
    '}',
  ),
  'build/test-results/test/TEST-com.acme.pump.UpdateTest.xml': fixture('TEST-com.acme.pump.UpdateTest.xml'),
  // go-junit-report: the import path names the package folder; a subtest counts for its parent.
  'dose/rate_test.go': joinLines(
    'package dose',
    '',
    '// @verifies SR-14',
    'func TestBolusLimit(t *testing.T) {',
    '\tt.Run("negative volume", func(t *testing.T) {})',
    '}',
    '',
    '// @verifies SR-15',
    'func TestBasalRate(t *testing.T) {}',
  ),
  'test-results/go-junit-report.xml': fixture('go-junit-report.xml'),
};

const verdicts = (index: TraceIndex) =>
  Object.fromEntries(Array.from({ length: 15 }, (_, i) => `SR-${i + 1}`).map((id) => [id, index.testResults.evidence(id).length === 0 ? 'no result' : verdictOf(index.testResults.evidence(id))]));

describe('Each producer\'s results, joined to tests annotated as that framework writes them', () => {
  it('gives every requirement the outcome of its own tests', async () => {
    const { index } = await buildFrom(workspace);
    assert.deepEqual(index.unreadableFiles(), []);
    assert.deepEqual(verdicts(index), {
      'SR-1': 'passing', // jest, nested describes
      'SR-2': 'failing', // jest, annotation inside the body
      'SR-3': 'passing', // jest, a template-literal title
      'SR-4': 'not-run', // jest, skipped
      'SR-5': 'passing', // mocha, describe + context
      'SR-6': 'failing',
      'SR-7': 'passing', // pytest, a verifies property on a class-based test
      'SR-8': 'no result',
      'SR-9': 'passing', // the same property names two requirements
      'SR-10': 'passing', // pytest, a docstring
      'SR-11': 'failing', // pytest, parametrised: [3] passed, [5] failed
      'SR-12': 'passing', // Surefire
      'SR-13': 'failing', // Surefire <error>
      'SR-14': 'passing', // go-junit-report, with a subtest
      'SR-15': 'failing',
    });
    const failing = index.findings().filter((finding) => finding.rule === RuleName.TestFailing);
    assert.deepEqual(
      failing.map((finding) => `${finding.item} ${finding.location.path}:${finding.location.range.start.line + 1}`).sort(),
      ['SR-11 tests/test_auth.py:8', 'SR-13 src/test/java/com/acme/pump/UpdateTest.java:8', 'SR-15 dose/rate_test.go:8', 'SR-2 src/auth.test.ts:11', 'SR-6 test/audit.test.js:5'],
    );
    assert.match(failing.find((finding) => finding.item === 'SR-13')!.message, /ended with an error .*: Cannot invoke "java\.security\.cert\.X509Certificate\.getPublicKey\(\)" because "root" is null$/);
    const notRun = index.findings().filter((finding) => finding.rule === RuleName.RequirementVerificationNotRun).map((finding) => finding.item);
    assert.deepEqual(notRun, ['SR-4']);
  });
});
