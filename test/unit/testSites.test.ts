import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, extractFile, IdMatcher, type Link, type TestSite } from '../../src/core';
import { commentSyntaxFor, findComments } from '../../src/core/extract/comments';
import { readJUnit } from '../../src/core/extract/junit';
import { TestSites } from '../../src/core/extract/testSites';
import { joinLines } from './util';

/** `ID → Outer › Inner › name` for each `@verifies` in the file, `ID → file` at file level, `Block › *` on a block. */
function sitesIn(path: string, text: string): string[] {
  const syntax = commentSyntaxFor(path)!;
  const comments = findComments(text, syntax);
  const sites = new TestSites(text, syntax, comments);
  return comments.flatMap((comment) => {
    const id = /@verifies\s+([A-Z]+-\d+)/.exec(text.slice(comment.start, comment.end))?.[1];
    return id ? [`${id} → ${show(sites.siteOf(comment))}`] : [];
  });
}

function show(site: TestSite): string {
  return site.name === undefined && site.enclosing.length === 0 ? 'file' : [...site.enclosing, site.name ?? '*'].join(' › ');
}

describe('Test sites: the test each @verifies stands on', () => {
  describe('pytest', () => {
    it('module-level tests, with decorators, docstrings and a header annotation at file level', () => {
      const text = joinLines(
        '"""Tests for token verification. @verifies SR-1"""',
        'import pytest',
        '',
        '# @verifies SR-2',
        'def make_token(**claims):',
        '    return encode(claims)',
        '',
        '',
        '# @verifies SR-3',
        '@pytest.mark.parametrize(',
        '    "aud, expected",',
        '    [("pump-gateway", True), ("pharmacy", False)],',
        ')',
        '# @verifies SR-4 between the decorator and the def',
        '@pytest.mark.slow',
        'def test_audience_is_checked(aud, expected):',
        '    assert verify(make_token(aud=aud)) == expected',
        '',
        'async def test_refresh_is_rate_limited(client):',
        '    """Refreshing too often is refused.',
        '',
        '    @verifies SR-5',
        '    """',
        '    sql = """',
        'SELECT 1  -- a string at column 0 does not end the test',
        '"""',
        '    # @verifies SR-6 in the body',
        '    assert await client.refresh()',
        '',
        '    # @verifies SR-7 after the body, directly above the next test',
        'def test_logout():',
        '    pass',
      );
      assert.deepEqual(sitesIn('tests/test_auth.py', text), [
        'SR-1 → file',
        'SR-2 → file',
        'SR-3 → test_audience_is_checked',
        'SR-4 → test_audience_is_checked',
        'SR-5 → test_refresh_is_rate_limited',
        'SR-6 → test_refresh_is_rate_limited',
        'SR-7 → test_logout',
      ]);
    });

    it('class-based tests, nested classes and unittest.TestCase methods', () => {
      const text = joinLines(
        'import unittest',
        '',
        '',
        'class TestSession:',
        '    """Idle timeout. @verifies SR-1"""',
        '',
        '    @pytest.fixture',
        '    def clock(self):',
        '        return FakeClock()',
        '',
        '    # @verifies SR-2',
        '    def test_expires_after_15_minutes(self, clock):',
        '        assert session(clock).expired_after(15 * 60)',
        '',
        '    class TestStepUp:',
        '        # @verifies SR-3',
        '        def test_required_after_5_minutes(self):',
        '            def test_helper():  # @verifies SR-4 a nested function is no test',
        '                return 1',
        '            assert test_helper()',
        '',
        '    # @verifies SR-5',
        '    def test_activity_restarts_the_timer(self):',
        '        pass',
        '',
        '',
        'class Helpers:',
        '    # @verifies SR-6 a method of a class that is not a test class',
        '    def test_like_name(self):',
        '        pass',
        '',
        '',
        'class AuditTrail(unittest.TestCase):',
        '    # @verifies SR-7',
        '    def testChainIsVerified(self):',
        '        self.assertTrue(verify_chain([]))',
      );
      assert.deepEqual(sitesIn('tests/test_session.py', text), [
        'SR-1 → TestSession › *',
        'SR-2 → TestSession › test_expires_after_15_minutes',
        'SR-3 → TestSession › TestStepUp › test_required_after_5_minutes',
        'SR-4 → TestSession › TestStepUp › test_required_after_5_minutes',
        'SR-5 → TestSession › test_activity_restarts_the_timer',
        'SR-6 → file',
        'SR-7 → AuditTrail › testChainIsVerified',
      ]);
    });

    it('takes a comment after the last statement, on its line, as part of the test', () => {
      const text = joinLines('def test_a():', '    assert f() == 1  # @verifies SR-1', 'def test_b():', '    pass');
      assert.deepEqual(sitesIn('tests/test_x.py', text), ['SR-1 → test_a']);
    });

    it('reads statements across brackets and backslashes, and tabs as Python does', () => {
      const text = joinLines(
        'def test_a():',
        '    x = call(',
        '1)',
        '    y = 1 + \\',
        '2',
        '\t# @verifies SR-1 still in test_a',
        '\tassert x',
      );
      assert.deepEqual(sitesIn('tests/test_x.py', text), ['SR-1 → test_a']);
    });
  });

  describe('jest, mocha and vitest', () => {
    it('nested describes with titles in every kind of quote', () => {
      const text = joinLines(
        "import { ClinicianSession } from '../src/auth/session';",
        '',
        '// @verifies SR-1 above the outer describe',
        "describe('ClinicianSession', () => { // @verifies SR-9 on the describe's line",
        '  const clock = fakeClock();',
        '',
        '  describe("idle \\"timeout\\"", () => {',
        '    // @verifies SR-2',
        "    it('warns two minutes before it\\'s over', () => {",
        "      expect(session.warning).toBe('2 min');",
        '    });',
        '',
        '    /** @verifies SR-3 */',
        '    test.concurrent(`ends the session after 15 minutes`, async () => {',
        '      // @verifies SR-4 inside the body',
        '      await clock.advance(15 * 60_000);',
        '    });',
        '',
        '    it.only(`restarts on ${activity}`, () => {}); // @verifies SR-5 a template title is no literal',
        '  });',
        '',
        '  // @verifies SR-6 between blocks, after other code',
        '  const other = 1;',
        '',
        "  describe.skip('step-up', function () {",
        '    it("requires a new sign-in after 5 minutes", function () {', // @verifies below, in the body
        '      /* @verifies SR-7 */',
        '    });',
        '  });',
        '});',
      );
      assert.deepEqual(sitesIn('app/test/session.test.ts', text), [
        'SR-1 → ClinicianSession › *',
        'SR-9 → ClinicianSession › *',
        'SR-2 → ClinicianSession › idle "timeout" › warns two minutes before it\'s over',
        'SR-3 → ClinicianSession › idle "timeout" › ends the session after 15 minutes',
        'SR-4 → ClinicianSession › idle "timeout" › ends the session after 15 minutes',
        'SR-5 → ClinicianSession › idle "timeout" › *',
        'SR-6 → ClinicianSession › *',
        'SR-7 → ClinicianSession › step-up › requires a new sign-in after 5 minutes',
      ]);
    });

    it('mocha with context and specify', () => {
      const text = joinLines(
        "const assert = require('assert');",
        '',
        "describe('Audit log', function () {",
        "  context('when the ring wraps', function () {",
        '    // @verifies SR-1',
        "    specify('the chain still verifies', function () {",
        '      assert.ok(log.verify());',
        '    });',
        '  });',
        '',
        '  // @verifies SR-2',
        "  it('records a login', () => assert.ok(log.has('login')));",
        "  it('records a logout', () => assert.ok(log.has('logout'))); // @verifies SR-3 after a one-line test",
        "  it('records a lockout', () => {});",
        '});',
      );
      assert.deepEqual(sitesIn('test/audit.test.js', text), [
        'SR-1 → Audit log › when the ring wraps › the chain still verifies',
        'SR-2 → Audit log › records a login',
        'SR-3 → Audit log › records a logout',
      ]);
    });
  });

  it('JUnit 5: nested classes, parameterized and repeated tests, display names', () => {
    const text = joinLines(
      'package com.acme.pump;',
      '',
      'import org.junit.jupiter.api.*;',
      '',
      '/** Firmware update checks. @verifies SR-1 */',
      'class UpdateTest {',
      '    private final Verifier verifier = new Verifier("{not a block}");',
      '',
      '    /** @verifies SR-2 */',
      '    @Test',
      '    void rejectsUnsignedImage() throws Exception {',
      '        assertThrows(SignatureException.class, () -> verifier.check(UNSIGNED));',
      '    }',
      '',
      '    @Nested',
      '    @DisplayName("rollback protection")',
      '    class Rollback {',
      '        // @verifies SR-3',
      '        @ParameterizedTest(name = "version {0}")',
      '        @ValueSource(ints = {1, 2, 3})',
      '        public void refusesOlderVersion(int version) {',
      '            assertFalse(verifier.accepts(image(version)));',
      '        }',
      '',
      '        @RepeatedTest(3)',
      '        // @verifies SR-4 between the annotation and the method',
      '        void counterSurvivesReboot() {}',
      '    }',
      '',
      '    // @verifies SR-5',
      '    @org.junit.jupiter.api.TestFactory',
      '    Stream<DynamicTest> signaturesOfEveryKey() { return keys().map(this::test); }',
      '}',
    );
    assert.deepEqual(sitesIn('src/test/java/com/acme/pump/UpdateTest.java', text), [
      'SR-1 → UpdateTest › *',
      'SR-2 → UpdateTest › rejectsUnsignedImage',
      'SR-3 → UpdateTest › Rollback › refusesOlderVersion',
      'SR-4 → UpdateTest › Rollback › counterSurvivesReboot',
      'SR-5 → UpdateTest › signaturesOfEveryKey',
    ]);
  });

  it('JUnit 3, TestNG, Kotlin and C# test methods', () => {
    const java = joinLines(
      'public class LegacyTest extends TestCase {',
      '    // @verifies SR-1',
      '    public void testChecksum() { assertTrue(ok()); }',
      '    @Test(groups = "slow") // @verifies SR-2',
      '    public void handshake() {}',
      '}',
    );
    assert.deepEqual(sitesIn('LegacyTest.java', java), ['SR-1 → LegacyTest › testChecksum', 'SR-2 → LegacyTest › handshake']);
    const kotlin = joinLines(
      'class DoseTest {',
      '    // @verifies SR-3',
      '    @Test fun `rejects a tampered envelope`() {',
      '        assertFailsWith<TagException> { accept(tampered) }',
      '    }',
      '    // @verifies SR-4',
      '    @Test',
      '    fun acceptsFreshEnvelope() = runTest { accept(fresh) }',
      '}',
    );
    assert.deepEqual(sitesIn('DoseTest.kt', kotlin), ['SR-3 → DoseTest › rejects a tampered envelope', 'SR-4 → DoseTest › acceptsFreshEnvelope']);
    const csharp = joinLines(
      'namespace Pump.Tests',
      '{',
      '    [TestFixture]',
      '    public class AuthTests',
      '    {',
      '        // @verifies SR-5',
      '        [Test]',
      '        [Category("auth")]',
      '        public async Task RejectsExpiredToken() { await Verify(expired); }',
      '',
      '        /// <summary>@verifies SR-6</summary>',
      '        [Theory]',
      '        [InlineData("viewer"), InlineData("biomed")]',
      '        public void CannotProgram(string role) { }',
      '',
      '        // @verifies SR-7',
      '        [Fact(DisplayName = "MFA [required]")] public void RequiresMfa() { }',
      '    }',
      '}',
    );
    assert.deepEqual(sitesIn('AuthTests.cs', csharp), ['SR-5 → AuthTests › RejectsExpiredToken', 'SR-6 → AuthTests › CannotProgram', 'SR-7 → AuthTests › RequiresMfa']);
  });

  it('Go tests, examples, fuzz targets and benchmarks, with subtests standing on their parent', () => {
    const text = joinLines(
      '// Package dose tests the envelope. @verifies SR-1',
      'package dose',
      '',
      'import "testing"',
      '',
      '// @verifies SR-2',
      'func TestEnvelope(t *testing.T) {',
      '\tcases := map[string]struct{ seq uint64 }{"replay": {7}, "fresh": {8}}',
      '\tfor name, c := range cases {',
      '\t\tt.Run(name, func(t *testing.T) {',
      '\t\t\t// @verifies SR-3 in a subtest',
      '\t\t\t_ = c',
      '\t\t})',
      '\t}',
      '}',
      '',
      '// @verifies SR-4',
      'func TestMain(m *testing.M) { m.Run() }',
      '',
      '// @verifies SR-5',
      'func FuzzParse(f *testing.F) {}',
      '// @verifies SR-6',
      'func ExampleAccept() {}',
      '// @verifies SR-7',
      'func BenchmarkAccept(b *testing.B) {}',
      '// @verifies SR-8',
      'func Testify() {}',
    );
    assert.deepEqual(sitesIn('dose/envelope_test.go', text), [
      'SR-1 → file',
      'SR-2 → TestEnvelope',
      'SR-3 → TestEnvelope',
      'SR-4 → file',
      'SR-5 → FuzzParse',
      'SR-6 → ExampleAccept',
      'SR-7 → BenchmarkAccept',
      'SR-8 → file',
    ]);
  });

  it('Unity C tests, not their prototypes or helpers', () => {
    const text = joinLines(
      '/* Dose command tests.',
      ' * @verifies SR-1',
      ' */',
      '#include "unity.h"',
      'void test_declared_only(void);',
      '',
      '// @verifies SR-2',
      'static size_t build(const char *s) { return strlen("}"); }',
      '',
      '/* @verifies SR-3 */',
      'void test_valid_envelope_is_accepted(void)',
      '{',
      '    TEST_ASSERT_EQUAL(DOSE_OK, accept("{"));',
      '}',
      '',
      '// @verifies SR-4',
      'int main(void) { RUN_TEST(test_valid_envelope_is_accepted); }',
    );
    assert.deepEqual(sitesIn('firmware/test/test_dose.c', text), ['SR-1 → file', 'SR-2 → file', 'SR-3 → test_valid_envelope_is_accepted', 'SR-4 → file']);
  });

  it('GoogleTest macros: the suite encloses the test', () => {
    const text = joinLines(
      '#include <gtest/gtest.h>',
      'class DoseTest : public ::testing::Test {',
      ' protected:',
      '  // @verifies SR-1 in a fixture without tests',
      '  void SetUp() override {}',
      '};',
      '// @verifies SR-2',
      'TEST(Envelope, RejectsReplay) {',
      '  EXPECT_EQ(accept(replayed), DOSE_ERR_REPLAY);',
      '}',
      '// @verifies SR-3',
      'TEST_F(DoseTest, AcceptsFresh) { EXPECT_TRUE(ok); }',
      '// @verifies SR-4',
      'TEST_P(RateTest, StaysWithinLimits) {}',
    );
    assert.deepEqual(sitesIn('test/dose_test.cc', text), ['SR-1 → file', 'SR-2 → Envelope › RejectsReplay', 'SR-3 → DoseTest › AcceptsFresh', 'SR-4 → RateTest › StaysWithinLimits']);
  });

  it('Rust #[test] functions with other attributes and doc comments', () => {
    const text = joinLines(
      '//! @verifies SR-1 crate-level',
      '#[cfg(test)]',
      'mod tests {',
      '    use super::*;',
      '',
      '    /// @verifies SR-2',
      '    #[test]',
      '    #[should_panic(expected = "bad tag")]',
      '    fn rejects_bad_tag() {',
      '        accept(&[0u8; 4]).unwrap();',
      '    }',
      '',
      '    // @verifies SR-3',
      '    #[tokio::test]',
      '    async fn reconnects() -> Result<(), Error> { Ok(()) }',
      '}',
    );
    assert.deepEqual(sitesIn('src/envelope.rs', text), ['SR-1 → file', 'SR-2 → rejects_bad_tag', 'SR-3 → reconnects']);
  });

  describe('never throws on malformed input, and keeps what it can', () => {
    const cases: [string, string, string, string[]][] = [
      ['an unclosed test body runs to the end', 'test_a.c', joinLines('void test_a(void) {', '  if (x) {', '// @verifies SR-1'), ['SR-1 → test_a']],
      ['a stray closing brace', 'test_a.c', joinLines('}', '}', '// @verifies SR-1', 'void test_a(void) {}'), ['SR-1 → test_a']],
      ['an unterminated string', 'a.test.ts', joinLines("it('a', () => { const s = 'oops", '  // @verifies SR-1', '});'), ['SR-1 → a']],
      ['an unterminated title', 'a.test.ts', joinLines("it('a, () => {", '  // @verifies SR-1', '});'), ['SR-1 → file']],
      ['an annotation without a method', 'ATest.java', joinLines('// @verifies SR-1', '@Test'), ['SR-1 → file']],
      ['an unclosed annotation argument', 'ATest.java', joinLines('// @verifies SR-1', '@Test(timeout = ', 'void a() {}'), ['SR-1 → file']],
      ['an unclosed attribute', 'ATests.cs', joinLines('// @verifies SR-1', '[Fact', 'void A() {}'), ['SR-1 → file']],
      ['an unterminated block comment', 'test_a.c', joinLines('void test_a(void) {', '/* @verifies SR-1'), ['SR-1 → test_a']],
    ];
    for (const [name, path, text, expected] of cases) {
      it(name, () => {
        assert.deepEqual(sitesIn(path, text), expected);
      });
    }

    it('an unclosed Python bracket and an unterminated docstring', () => {
      // Python reads `def test_b` as inside the open bracket too.
      assert.deepEqual(sitesIn('test_a.py', joinLines('def test_a():', '    x = (', '# @verifies SR-1', 'def test_b():', '    pass')), ['SR-1 → test_a']);
      assert.deepEqual(sitesIn('test_a.py', joinLines('def test_a():', '    pass', 'def test_b():', '    """@verifies SR-2', 'def test_c():')), ['SR-2 → test_b']);
    });

    it('text without any test', () => {
      assert.deepEqual(sitesIn('a.ts', '// @verifies SR-1'), ['SR-1 → file']);
      assert.deepEqual(sitesIn('a.sh', '# @verifies SR-1\ntest_x() { :; }'), ['SR-1 → file']);
    });
  });

  describe('in the example project', () => {
    const root = 'examples/infusion-pump';
    const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
    const verifying = new Map<string, Link[]>();
    for (const folder of ['firmware/test', 'gateway/tests', 'app/test']) {
      for (const name of readdirSync(join(root, folder)).filter((file) => /\.(c|py|ts)$/.test(file))) {
        const path = `${folder}/${name}`;
        const { links } = extractFile(path, readFileSync(join(root, path), 'utf8'), { matcher, isTest: true });
        verifying.set(path, links.filter((link) => link.type === 'verifies'));
      }
    }
    const sitesOf = (path: string) => verifying.get(path)!.map((link) => `${link.to} → ${show(link.test!)}`);

    it('puts header annotations at file level', () => {
      const headers = ['gateway/tests/test_auth.py', 'gateway/tests/test_rate_limit.py', 'gateway/tests/test_logging_filters.py', 'firmware/test/test_audit_log.c', 'firmware/test/test_link_watchdog.c', 'app/test/redact.test.ts', 'app/test/roles.test.ts', 'app/test/session.test.ts'];
      for (const path of headers) {
        assert.ok(verifying.get(path)!.length > 0, path);
        assert.deepEqual(verifying.get(path)!.map((link) => link.test), verifying.get(path)!.map(() => ({ enclosing: [] })), path);
      }
      assert.deepEqual(sitesOf('gateway/tests/test_auth.py'), ['SR-6 → file', 'SR-7 → file']);
    });

    it('puts each annotation above a test on that test', () => {
      assert.deepEqual(sitesOf('firmware/test/test_dose_cmd.c'), [
        'SR-2 → test_valid_envelope_is_accepted',
        'SR-2 → test_modified_rate_is_rejected',
        'SR-2 → test_truncated_envelope_is_rejected',
        'SR-3 → test_envelope_for_another_pump_is_rejected',
        'SR-3 → test_replayed_sequence_is_rejected',
        'SR-3 → test_sequence_floor_survives_reboot',
        'SR-3 → test_stale_envelope_is_rejected',
      ]);
      assert.deepEqual(sitesOf('gateway/tests/test_dose_api.py').slice(3), [
        'SR-3 → test_sequence_numbers_increase_per_pump',
        'SR-99 → test_rate_above_hard_limit_is_refused',
        'SR-7 → test_denied_order_is_recorded_as_security_event',
      ]);
      assert.deepEqual(sitesOf('firmware/test/test_tls_client.c').map((site) => site.split(' → ')[1]), [
        'test_tls_policy_requires_peer_verification',
        'test_tls_policy_allows_tls13_only',
        'test_connect_only_to_configured_gateway',
        'test_at_most_two_sessions',
        'test_backoff_after_five_failed_handshakes',
      ]);
    });

    it('names only tests that the JUnit results report for the same file', () => {
      const results = readJUnit('test-results/junit.xml', readFileSync(join(root, 'test-results/junit.xml'), 'utf8'));
      const reported = new Set(results.testCases.map((testCase) => `${testCase.file} ${testCase.name}`));
      const reportedFiles = new Set(results.testCases.map((testCase) => testCase.file));
      const named = [...verifying]
        .filter(([path]) => reportedFiles.has(path))
        .flatMap(([path, links]) => links.flatMap((link) => (link.test!.name === undefined ? [] : [`${path} ${link.test!.name}`])));
      assert.equal(named.length, 7 + 6 + 8 + 6, 'test_dose_cmd.c, test_fw_update.c, test_audit.py, test_dose_api.py');
      assert.deepEqual(named.filter((test) => !reported.has(test)), []);
    });
  });

  it('finds the tests of a 10,000-test file in one pass', () => {
    const tests = Array.from({ length: 10_000 }, (_, i) => joinLines(`  // @verifies SR-${i + 1}`, `  it('case ${i}', () => {`, `    expect(f(${i})).toBe("{");`, '  });'));
    const text = joinLines("describe('many', () => {", ...tests, '});');
    const started = performance.now();
    const sites = sitesIn('many.test.ts', text);
    assert.equal(sites.length, 10_000);
    assert.equal(sites[9_999], 'SR-10000 → many › case 9999');
    assert.ok(performance.now() - started < 2_000, 'linear, not quadratic');
  });
});
