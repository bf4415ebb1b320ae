import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readJUnit, scanTestCaseStarts, type JUnitFile } from '../../src/core/extract/junit';
import { fuzzRuns } from './fuzz';
import { fixture } from './junitFixtures';
import { joinLines } from './util';

/** `line:character outcome classname | name`, one per test case, for compact expectations. */
const summary = (file: JUnitFile) =>
  file.testCases.map((c) => `${c.position.line}:${c.position.character} ${c.outcome} ${c.classname} | ${c.name}`);

describe('JUnit XML reader', () => {
  it('reads pytest --junitxml (xunit2): parametrised and class-based tests, a verifies property, the suite timestamp', () => {
    const file = fixture('pytest-junit.xml');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(summary(file), [
      '0:222 passed tests.test_auth | test_rejects_expired_token',
      '0:309 passed tests.test_auth | test_lockout_after_attempts[3]',
      '0:400 failed tests.test_auth | test_lockout_after_attempts[5]',
      '4:58 passed tests.test_auth.TestSession | test_session_expires',
      '4:232 skipped tests.test_dose | test_bolus_limit',
    ]);
    assert.equal(file.testCases[2]!.message, 'AssertionError: assert 4 == 5');
    assert.deepEqual(file.testCases[3]!.verifies, ['SR-7', 'SR-9']);
    assert.equal(file.testCases[4]!.message, 'needs pump hardware');
    assert.ok(file.testCases.every((c) => c.suite === 'pytest' && c.timestamp === '2026-03-02T10:15:30.123456+00:00' && c.file === undefined));
    assert.equal(file.testCases[0]!.duration, 0.003);
  });

  it('reads pytest xunit1 output with file attributes and an error on setup', () => {
    const file = fixture('pytest-xunit1-junit.xml');
    assert.deepEqual(file.testCases.map((c) => `${c.outcome} ${c.file} ${c.name}`), [
      'passed tests/test_auth.py test_rejects_expired_token',
      'error tests/test_auth.py test_session_expires',
      'passed tests/test_dose.py test_bolus_limit[0.5-ok]',
    ]);
    assert.equal(file.testCases[1]!.message, `failed on setup with "fixture 'clock' not found"`);
  });

  it('reads jest-junit: nested describe titles joined with spaces, no file, the first line of a bare failure', () => {
    const file = fixture('jest-junit.xml');
    assert.deepEqual(summary(file), [
      '3:4 passed Auth login rejects an expired token | Auth login rejects an expired token',
      '5:4 failed Auth login locks the account after 5 attempts | Auth login locks the account after 5 attempts',
      '12:4 passed Auth session expires after 15 minutes | Auth session expires after 15 minutes',
      '16:4 skipped dose limits caps a bolus | dose limits caps a bolus',
    ]);
    assert.equal(file.testCases[1]!.message, 'Error: expect(received).toBe(expected) // Object.is equality');
    assert.deepEqual(file.testCases.map((c) => c.suite), ['Auth', 'Auth', 'Auth', 'dose limits']);
    assert.ok(file.testCases.every((c) => c.file === undefined));
  });

  it('reads mocha-junit-reporter: full titles as names, the suite file, a <testcase inside CDATA ignored', () => {
    const file = fixture('mocha-test-results.xml');
    assert.deepEqual(summary(file), [
      '7:4 passed with the user name | Audit log records a login with the user name',
      '9:4 failed with a UTC timestamp | Audit log records a login with a UTC timestamp',
      '14:4 skipped even offline | Audit log records a login even offline',
    ]);
    assert.ok(file.testCases.every((c) => c.file === 'test/audit.test.js' && c.suite === 'records a login'));
    assert.equal(file.testCases[1]!.message, "expected '2026-03-02T11:25:40+01:00' to match /Z$/");
  });

  it('reads a Maven Surefire TEST-*.xml: an <error>, JVM properties that are not the test case\'s, no timestamp', () => {
    const file = fixture('TEST-com.acme.pump.UpdateTest.xml');
    assert.deepEqual(summary(file), [
      '9:2 passed com.acme.pump.UpdateTest | rejectsUnsignedImage',
      '10:2 error com.acme.pump.UpdateTest | verifiesSignatureChain',
      '18:2 passed com.acme.pump.UpdateTest | rollsBackOnPowerLoss',
    ]);
    assert.match(file.testCases[1]!.message ?? '', /^Cannot invoke "java\.security/);
    assert.ok(file.testCases.every((c) => c.properties.length === 0 && c.timestamp === undefined));
  });

  it('reads go-junit-report: package paths as classnames, subtests, a timestamp with a zone', () => {
    const file = fixture('go-junit-report.xml');
    assert.deepEqual(summary(file), [
      '6:2 passed github.com/acme/pump/dose | TestBolusLimit',
      '7:2 passed github.com/acme/pump/dose | TestBolusLimit/negative_volume',
      '8:2 failed github.com/acme/pump/dose | TestBasalRate',
    ]);
    assert.equal(file.testCases[2]!.timestamp, '2026-03-02T10:30:02Z');
  });

  it('reads ctest --output-junit: a <testsuite> root, status="run"/"fail"/"notrun" and <skipped/>', () => {
    const file = fixture('ctest-junit.xml');
    assert.deepEqual(summary(file), [
      '10:1 passed crc_check | crc_check',
      '14:1 failed watchdog_reset | watchdog_reset',
      '19:1 skipped flash_wear | flash_wear',
    ]);
    assert.deepEqual(file.testCases.map((c) => c.message), [undefined, 'Failed', 'Disabled']);
  });

  it('trusts ctest status when there is no child element', () => {
    const file = readJUnit('r.xml', '<testsuite><testcase name="a" status="fail"/><testcase name="b" status="disabled"/></testsuite>');
    assert.deepEqual(file.testCases.map((c) => c.outcome), ['failed', 'skipped']);
  });

  it('reports the worst outcome when a test case has several', () => {
    const file = readJUnit('r.xml', '<testsuite><testcase name="a"><skipped/><error message="boom"/><failure/></testcase></testsuite>');
    assert.deepEqual(file.testCases.map((c) => [c.outcome, c.message]), [['error', 'boom']]);
  });

  it('reports malformed XML as one problem with the parser\'s message and position', () => {
    const text = joinLines('<testsuites>', '  <testsuite name="a">', '    <testcase name="x">', '  </testsuite>', '</testsuites>');
    const file = readJUnit('results/junit.xml', text);
    assert.deepEqual(file.testCases, []);
    assert.equal(file.problems.length, 1);
    assert.match(file.problems[0]!.message, /^Not readable as XML: Expected closing tag 'testcase'/);
    assert.deepEqual(file.problems[0]!.range.start, { line: 3, character: 2 });
  });

  it('reports empty and truncated files, and reads a non-JUnit XML file as no test cases', () => {
    assert.equal(readJUnit('a.xml', '').problems.length, 1);
    assert.equal(readJUnit('a.xml', '<testsuite><testcase name="a"/>').problems.length, 1);
    assert.deepEqual(readJUnit('pom.xml', '<project><version>1</version></project>'), { path: 'pom.xml', testCases: [], problems: [] });
  });

  it('finds <testcase start tags outside comments, CDATA and processing instructions, in document order', () => {
    const text = '<?pi <testcase?><!-- <testcase --><a><![CDATA[<testcase]]><testcase/><testcases/>\n <testcase\tname="b"/></a>';
    assert.deepEqual(scanTestCaseStarts(text), [58, 83]);
  });

  it('never throws, and places every test case inside the text (property)', () => {
    const fragment = fc.constantFrom(
      '<testsuites>', '</testsuites>', '<testsuite name="s" timestamp="2026-01-01T00:00:00">', '</testsuite>',
      '<testcase name="t" classname="c">', '</testcase>', '<testcase name="u"/>', '<failure message="m">', '</failure>',
      '<skipped/>', '<!-- <testcase -->', '<![CDATA[<testcase x]]>', '<?xml version="1.0"?>', '\n', ' ', '&amp;', '&bogus;', '<', '"',
      '<properties><property name="verifies" value="SR-1"/></properties>',
    );
    const text = fc.oneof(fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('')), fc.string({ maxLength: 200 }));
    fc.assert(fc.property(text, (input) => {
      const file = readJUnit('r.xml', input);
      const lines = input.split('\n');
      for (const c of file.testCases) {
        assert.ok(c.position.line < lines.length && c.position.character <= lines[c.position.line]!.length);
      }
      for (const p of file.problems) {
        assert.ok(p.range.start.line < lines.length && p.range.start.character <= lines[p.range.start.line]!.length);
      }
    }), { numRuns: fuzzRuns(300) });
  });
});
