import * as assert from 'node:assert/strict';
import { readJUnit } from '../../src/core/extract/junit';
import { parseTimestamp, type ResultFileInput, type TestEvidence, type VerifyingAnnotation } from '../../src/core/extract/junitJoin';
import { joinTestResults } from '../../src/core/graph/incrementalJoin';
import { fixture } from './junitFixtures';

/** An annotation: `path:line`, the IDs, the test name (none at file level) and its enclosing titles. */
function at(where: string, ids: string, testName?: string, ...enclosing: string[]): VerifyingAnnotation {
  const [path, line] = where.split(':');
  return { path: path!, line: Number(line), ids: ids.split(','), testName, enclosing };
}

const input = (name: string, mtime?: number): ResultFileInput => ({ file: fixture(name), mtime });

/** `requirement: outcome via route at annotation ← result:line`, sorted, for compact expectations. */
function summary(joined: ReadonlyMap<string, readonly TestEvidence[]>): string[] {
  return [...joined.values()].flat().map((e) =>
    `${e.requirement}: ${e.outcome} via ${e.route} at ${e.annotation ? `${e.annotation.path}:${e.annotation.line}` : '-'} ← ${e.result.path}:${e.result.range.start.line}`,
  ).sort();
}

describe('Joining JUnit results to annotated tests', () => {
  it('1. takes a verifies property as naming the requirements directly', () => {
    const joined = joinTestResults([], [input('pytest-junit.xml')]);
    assert.deepEqual(summary(joined), [
      'SR-7: passed via verifies-property at - ← results/pytest-junit.xml:4',
      'SR-9: passed via verifies-property at - ← results/pytest-junit.xml:4',
    ]);
  });

  it('2. joins pytest by classname → path, and parametrised cases by the name before [', () => {
    const annotations = [at('tests/test_auth.py:10', 'SR-1', 'test_rejects_expired_token'), at('tests/test_auth.py:18', 'SR-2', 'test_lockout_after_attempts'), at('tests/test_dose.py:38', 'SR-3', 'test_bolus_limit')];
    assert.deepEqual(summary(joinTestResults(annotations, [input('pytest-junit.xml')])), [
      'SR-1: passed via file-and-name at tests/test_auth.py:10 ← results/pytest-junit.xml:0',
      'SR-2: failed via file-and-name at tests/test_auth.py:18 ← results/pytest-junit.xml:0',
      'SR-2: passed via file-and-name at tests/test_auth.py:18 ← results/pytest-junit.xml:0',
      'SR-3: skipped via file-and-name at tests/test_dose.py:38 ← results/pytest-junit.xml:4',
      'SR-7: passed via verifies-property at - ← results/pytest-junit.xml:4',
      'SR-9: passed via verifies-property at - ← results/pytest-junit.xml:4',
    ]);
  });

  it('2. joins pytest class-based tests and the file attribute, even under another root folder', () => {
    const annotations = [at('pump/tests/test_auth.py:29', 'SR-4', 'test_session_expires', 'TestSession')];
    assert.deepEqual(summary(joinTestResults(annotations, [input('pytest-xunit1-junit.xml')])), [
      'SR-4: error via file-and-name at pump/tests/test_auth.py:29 ← results/pytest-xunit1-junit.xml:0',
    ]);
  });

  it('2. joins Surefire classnames to a path ending in com/acme/…/UpdateTest.java', () => {
    const annotations = [at('pump/src/test/java/com/acme/pump/UpdateTest.java:38', 'SR-12', 'verifiesSignatureChain'), at('pump/src/test/java/com/acme/pump/UpdateTest.java:20', 'SR-13', 'rejectsUnsignedImage')];
    assert.deepEqual(summary(joinTestResults(annotations, [input('TEST-com.acme.pump.UpdateTest.xml')])), [
      'SR-12: error via file-and-name at pump/src/test/java/com/acme/pump/UpdateTest.java:38 ← results/TEST-com.acme.pump.UpdateTest.xml:10',
      'SR-13: passed via file-and-name at pump/src/test/java/com/acme/pump/UpdateTest.java:20 ← results/TEST-com.acme.pump.UpdateTest.xml:9',
    ]);
  });

  it('2. joins mocha by the suite file and the full title', () => {
    const annotations = [at('test/audit.test.js:20', 'SR-20', 'with a UTC timestamp', 'Audit log', 'records a login')];
    assert.deepEqual(summary(joinTestResults(annotations, [input('mocha-test-results.xml')])), [
      'SR-20: failed via file-and-name at test/audit.test.js:20 ← results/mocha-test-results.xml:9',
    ]);
  });

  it('2. joins go-junit-report by package directory, subtests to their parent test', () => {
    const annotations = [at('dose/bolus_test.go:12', 'SR-30', 'TestBolusLimit'), at('dose/rate_test.go:20', 'SR-31', 'TestBasalRate')];
    assert.deepEqual(summary(joinTestResults(annotations, [input('go-junit-report.xml')])), [
      'SR-30: passed via file-and-name at dose/bolus_test.go:12 ← results/go-junit-report.xml:6',
      'SR-30: passed via file-and-name at dose/bolus_test.go:12 ← results/go-junit-report.xml:7',
      'SR-31: failed via file-and-name at dose/rate_test.go:20 ← results/go-junit-report.xml:8',
    ]);
  });

  it('3. joins jest-junit results, which name no file, by the full title when one test has it', () => {
    const annotations = [
      at('src/auth.test.ts:30', 'SR-1', 'locks the account after 5 attempts', 'Auth', 'login'),
      at('src/auth.test.ts:40', 'SR-2', 'expires after 15 minutes', 'Auth', 'session'),
      at('src/dose.test.ts:5', 'SR-3', 'caps a bolus', 'dose limits'),
      at('src/other/dose.test.ts:5', 'SR-4', 'caps a bolus', 'dose limits'),
    ];
    assert.deepEqual(summary(joinTestResults(annotations, [input('jest-junit.xml')])), [
      'SR-1: failed via title at src/auth.test.ts:30 ← results/jest-junit.xml:5',
      'SR-2: passed via title at src/auth.test.ts:40 ← results/jest-junit.xml:12',
    ], 'the title "dose limits caps a bolus" belongs to two tests, so it joins neither');
  });

  it('3. joins ctest results by the test name alone', () => {
    const annotations = [at('tests/CMakeLists.txt:8', 'SR-40', 'watchdog_reset')];
    assert.deepEqual(summary(joinTestResults(annotations, [input('ctest-junit.xml')])), [
      'SR-40: failed via title at tests/CMakeLists.txt:8 ← results/ctest-junit.xml:14',
    ]);
  });

  it('4. lets a file-level annotation verify through every test case of its file', () => {
    const annotations = [at('src/test/java/com/acme/pump/UpdateTest.java:2', 'SR-50')];
    assert.deepEqual(summary(joinTestResults(annotations, [input('TEST-com.acme.pump.UpdateTest.xml')])), [
      'SR-50: error via file-level at src/test/java/com/acme/pump/UpdateTest.java:2 ← results/TEST-com.acme.pump.UpdateTest.xml:10',
      'SR-50: passed via file-level at src/test/java/com/acme/pump/UpdateTest.java:2 ← results/TEST-com.acme.pump.UpdateTest.xml:18',
      'SR-50: passed via file-level at src/test/java/com/acme/pump/UpdateTest.java:2 ← results/TEST-com.acme.pump.UpdateTest.xml:9',
    ]);
  });

  it('does not join a result whose file has no such test, nor by title when it names a file', () => {
    const annotations = [at('tests/test_auth.py:10', 'SR-1', 'test_other'), at('elsewhere/test_x.py:1', 'SR-2', 'test_rejects_expired_token')];
    const joined = joinTestResults(annotations, [input('pytest-xunit1-junit.xml')]);
    assert.deepEqual(summary(joined), []);
  });

  it('does not join by a bare test name when the classname names a class or module without annotations', () => {
    // A Java class whose file has no @verifies: its test_write is not the Python test_write elsewhere.
    const annotations = [at('cloud/tests/test_socket.py:3', 'SR-4', 'test_write')];
    const results = readJUnit('TEST-com.acme.ChannelTest.xml', '<testsuite name="com.acme.ChannelTest"><testcase name="test_write" classname="com.acme.ChannelTest"/></testsuite>');
    assert.deepEqual(summary(joinTestResults(annotations, [{ file: results, mtime: undefined }])), []);
  });

  describe('merging result files', () => {
    const annotations = [at('tests/test_auth.py:10', 'SR-1', 'test_login')];
    const result = (path: string, timestamp: string | undefined, outcome: 'pass' | 'fail') => readJUnit(path, `<testsuites><testsuite name="pytest"${timestamp ? ` timestamp="${timestamp}"` : ''}><testcase classname="tests.test_auth" name="test_login">${outcome === 'fail' ? '<failure message="no"/>' : ''}</testcase></testsuite></testsuites>`);
    const outcomes = (inputs: ResultFileInput[]) => summary(joinTestResults(annotations, inputs));

    it('keeps the newest result of a test case by suite timestamp, whatever the order of the files', () => {
      const older = { file: result('a/junit.xml', '2026-03-01T10:00:00', 'fail'), mtime: 9e12 };
      const newer = { file: result('b/junit.xml', '2026-03-02T10:00:00+00:00', 'pass'), mtime: 0 };
      const expected = ['SR-1: passed via file-and-name at tests/test_auth.py:10 ← b/junit.xml:0'];
      assert.deepEqual(outcomes([older, newer]), expected);
      assert.deepEqual(outcomes([newer, older]), expected);
    });

    it('falls back to the file mtime when a suite has no timestamp, and breaks ties by path', () => {
      const failing = { file: result('a/junit.xml', undefined, 'fail'), mtime: 2000 };
      const passing = { file: result('b/junit.xml', undefined, 'pass'), mtime: 1000 };
      assert.deepEqual(outcomes([passing, failing]), ['SR-1: failed via file-and-name at tests/test_auth.py:10 ← a/junit.xml:0']);
      assert.deepEqual(outcomes([{ ...failing, mtime: 1000 }, passing]), ['SR-1: passed via file-and-name at tests/test_auth.py:10 ← b/junit.xml:0']);
    });

    it('records when each result was produced', () => {
      const joined = joinTestResults(annotations, [{ file: result('a/junit.xml', '2026-03-02T10:00:00Z', 'pass'), mtime: 5 }]);
      assert.equal(joined.get('SR-1')![0]!.time, Date.UTC(2026, 2, 2, 10));
    });
  });

  it('reads zone-less timestamps as UTC and ignores unparseable ones', () => {
    assert.equal(parseTimestamp('2026-03-02T10:35:17'), Date.UTC(2026, 2, 2, 10, 35, 17));
    assert.equal(parseTimestamp('2026-03-02T10:15:30.123456+00:00'), Date.UTC(2026, 2, 2, 10, 15, 30, 123));
    assert.equal(parseTimestamp('yesterday'), undefined);
    assert.equal(parseTimestamp(undefined), undefined);
  });

  it('keeps a malformed result file from affecting the others', () => {
    const broken = { file: readJUnit('broken/junit.xml', '<testsuite><testcase name="x">'), mtime: 1 };
    const annotations = [at('dose/rate_test.go:20', 'SR-31', 'TestBasalRate')];
    assert.deepEqual(summary(joinTestResults(annotations, [broken, input('go-junit-report.xml')])), [
      'SR-31: failed via file-and-name at dose/rate_test.go:20 ← results/go-junit-report.xml:8',
    ]);
  });
});
