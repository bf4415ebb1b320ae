import * as assert from 'node:assert/strict';
import { testPlacement, testSkeleton, type TestPlacement, type TestSkeleton } from '../../src/core';
import { findingKeys, indexOf, joinLines } from './util';

const REQUIREMENTS = joinLines('# Requirements', '', '## SR-8: Encrypt PHI at rest', '', 'Derives from: SO-1', '', '## SO-1: Protect PHI');

/** The placement and skeleton of a test for SR-8 in a workspace; `texts` stands for the host reading the model. */
function skeletonFor(files: Record<string, string>, existingNames: readonly string[] = []): { placement: TestPlacement; skeleton: TestSkeleton } {
  const index = indexOf({ 'docs/requirements.md': REQUIREMENTS, ...files });
  const placement = testPlacement(index.graph, 'SR-8', (path) => index.selector.isTest(path));
  const modelText = placement.model === undefined ? undefined : files[placement.model];
  const skeleton = testSkeleton(index.graph.item('SR-8')!, placement, modelText, new Set(existingNames));
  return { placement, skeleton };
}

/** Whether SR-8 is still reported unverified once the skeleton is written into the workspace. */
function unverifiedWith(files: Record<string, string>, skeleton: TestSkeleton): boolean {
  const index = indexOf({ 'docs/requirements.md': REQUIREMENTS, ...files, [skeleton.path]: skeleton.contents });
  return findingKeys(index).some((key) => key.startsWith('requirement-not-verified SR-8 '));
}

const PYTHON_WORKSPACE = {
  'gateway/pumplink_gateway/phi.py': joinLines('# @implements SR-8', 'def encrypt(value):', '    return value'),
  'gateway/tests/conftest.py': joinLines('import pytest'),
  'gateway/tests/test_audit.py': joinLines('# @verifies SR-1', 'def test_chain():', '    assert True'),
  'app/src/util/redact.ts': joinLines('// @implements SR-9', 'export const x = 1;'),
  'app/test/redact.test.ts': joinLines("import assert from 'node:assert/strict';", "describe('x', () => {", "\tit('y', () => assert.ok(true));", '});'),
};

describe('Test skeleton of an unverified requirement', () => {
  it('writes a failing pytest test beside the tests nearest to the implementing Python code', () => {
    const { placement, skeleton } = skeletonFor(PYTHON_WORKSPACE);
    assert.deepEqual(placement, { language: 'python', folder: 'gateway/tests', model: 'gateway/tests/test_audit.py', note: undefined });
    assert.equal(skeleton.path, 'gateway/tests/test_sr_8.py');
    assert.equal(skeleton.framework, 'pytest');
    assert.equal(
      skeleton.contents,
      joinLines(
        '# SR-8: Encrypt PHI at rest',
        '# A placeholder written by JSP Trace: it fails until someone writes the test.',
        '',
        '',
        '# @verifies SR-8',
        'def test_sr_8_encrypt_phi_at_rest():',
        '    assert False, "Not written yet: the test that verifies SR-8: Encrypt PHI at rest"',
        '',
      ),
    );
    assert.equal(unverifiedWith(PYTHON_WORKSPACE, skeleton), false);
  });

  it('writes mocha when the neighbouring tests use Node\'s assert, copying their import and indentation', () => {
    const files = { ...PYTHON_WORKSPACE, 'app/src/auth/session.ts': joinLines('// @implements SR-8', 'export const y = 2;') };
    delete (files as Record<string, string>)['gateway/pumplink_gateway/phi.py'];
    const { placement, skeleton } = skeletonFor(files);
    assert.equal(placement.folder, 'app/test');
    assert.equal(skeleton.path, 'app/test/sr-8.test.ts');
    assert.equal(skeleton.framework, 'mocha');
    assert.equal(
      skeleton.contents,
      joinLines(
        '// SR-8: Encrypt PHI at rest',
        '// A placeholder written by JSP Trace: it fails until someone writes the test.',
        "import assert from 'node:assert/strict';",
        '',
        '// @verifies SR-8',
        "it('SR-8: Encrypt PHI at rest', () => {",
        "\tassert.fail('Not written yet: the test that verifies SR-8: Encrypt PHI at rest');",
        '});',
        '',
      ),
    );
    assert.equal(unverifiedWith(files, skeleton), false);
  });

  it('writes jest when the neighbouring tests use expect(), with their .spec infix and extension', () => {
    const files = {
      'web/src/phi.js': '// @implements SR-8',
      'web/src/phi.spec.js': joinLines("const { encrypt } = require('./phi');", "test('encrypts', () => {", '  expect(encrypt(1)).not.toBe(1);', '});'),
    };
    const { skeleton } = skeletonFor(files);
    assert.equal(skeleton.path, 'web/src/sr-8.spec.js');
    assert.equal(skeleton.framework, 'jest');
    assert.match(skeleton.contents, /^it\('SR-8: Encrypt PHI at rest', \(\) => \{\n {2}throw new Error\('Not written yet: [^']*'\);\n\}\);$/m);
    assert.doesNotMatch(skeleton.contents, /import|require/);
    assert.equal(unverifiedWith(files, skeleton), false);
  });

  it('imports it from Vitest when the neighbouring tests do, and takes the jest form when unsure', () => {
    const vitest = skeletonFor({ 'src/phi.ts': '// @implements SR-8', 'src/phi.test.ts': "import { expect, it } from 'vitest';" }).skeleton;
    assert.match(vitest.contents, /^import \{ it \} from 'vitest';$/m);
    const unsure = skeletonFor({ 'src/phi.ts': '// @implements SR-8', 'src/phi.test.ts': "describe('phi', () => {});" }).skeleton;
    assert.equal(unsure.framework, 'jest');
    assert.match(unsure.contents, /throw new Error/);
  });

  it('writes a JUnit 5 class in the package of the nearest test folder', () => {
    const files = {
      'pump/src/main/java/com/acme/pump/PhiCipher.java': joinLines('package com.acme.pump;', '// @implements SR-8', 'class PhiCipher {}'),
      'pump/src/test/java/com/acme/pump/PhiCipherTest.java': joinLines('package com.acme.pump;', 'import org.junit.jupiter.api.Test;', 'class PhiCipherTest {', '  @Test void works() {}', '}'),
    };
    const { skeleton } = skeletonFor(files);
    assert.equal(skeleton.path, 'pump/src/test/java/com/acme/pump/SR8VerificationTest.java');
    assert.equal(skeleton.framework, 'junit');
    for (const line of [
      'package com.acme.pump;',
      'import static org.junit.jupiter.api.Assertions.fail;',
      'class SR8VerificationTest {',
      '  // @verifies SR-8',
      '  @DisplayName("SR-8: Encrypt PHI at rest")',
      '  void sr8EncryptPhiAtRest() {',
      '    fail("Not written yet: the test that verifies SR-8: Encrypt PHI at rest");',
    ]) {
      assert.ok(skeleton.contents.split('\n').includes(line), `${line}\n---\n${skeleton.contents}`);
    }
    assert.equal(unverifiedWith(files, skeleton), false);
  });

  it('writes JUnit 4 after a JUnit 4 neighbour, and takes the package from the folder when the neighbour has none', () => {
    const files = {
      'src/main/java/org/x/A.java': '// @implements SR-8',
      'src/test/java/org/x/ATest.java': joinLines('import org.junit.Test;', 'public class ATest {}'),
    };
    const { skeleton } = skeletonFor(files);
    assert.match(skeleton.contents, /^package org\.x;$/m);
    assert.match(skeleton.contents, /^import static org\.junit\.Assert\.fail;$/m);
    assert.match(skeleton.contents, /^public class SR8VerificationTest \{$/m);
    assert.doesNotMatch(skeleton.contents, /jupiter|DisplayName/);
  });

  it('writes a Unity test with a runner like its neighbours', () => {
    const files = {
      'firmware/src/phi.c': '// @implements SR-8',
      'firmware/test/support/fake_platform.c': '// fakes',
      'firmware/test/test_audit_log.c': joinLines('#include "unity.h"', 'void test_a(void)', '{', '    TEST_ASSERT_TRUE(1);', '}', 'int main(void)', '{', '    UNITY_BEGIN();', '    RUN_TEST(test_a);', '    return UNITY_END();', '}'),
    };
    const { skeleton } = skeletonFor(files);
    assert.equal(skeleton.path, 'firmware/test/test_sr_8.c');
    assert.equal(skeleton.framework, 'unity');
    assert.ok(skeleton.contents.includes('#include "unity.h"\n'));
    assert.ok(skeleton.contents.includes('// @verifies SR-8\nvoid test_sr_8_encrypt_phi_at_rest(void)\n{\n    TEST_FAIL_MESSAGE("Not written yet: the test that verifies SR-8: Encrypt PHI at rest");\n}'));
    assert.ok(skeleton.contents.includes('    RUN_TEST(test_sr_8_encrypt_phi_at_rest);'));
    assert.equal(unverifiedWith(files, skeleton), false);
  });

  it('writes a Go test in the package of its neighbours', () => {
    const files = {
      'pump/phi.go': joinLines('package pump', '// @implements SR-8'),
      'pump/phi_test.go': joinLines('package pump_test', 'import "testing"'),
    };
    const { skeleton } = skeletonFor(files);
    assert.equal(skeleton.path, 'pump/sr8_test.go');
    assert.equal(skeleton.framework, 'go');
    assert.match(skeleton.contents, /^package pump_test$/m);
    assert.ok(skeleton.contents.includes('// @verifies SR-8\nfunc TestSR8EncryptPhiAtRest(t *testing.T) {\n\tt.Fatal("Not written yet: the test that verifies SR-8: Encrypt PHI at rest")\n}'));
    assert.equal(unverifiedWith(files, skeleton), false);
  });
});

describe('Where the test of a requirement goes', () => {
  const MONOREPO = {
    ...PYTHON_WORKSPACE,
    'app/test/roles.test.ts': "import assert from 'node:assert/strict';",
    'firmware/test/test_dose.c': '#include "unity.h"',
  };

  it('follows the tests nearest to the code that implements the requirement', () => {
    assert.equal(skeletonFor(MONOREPO).placement.folder, 'gateway/tests');
    const inApp = { ...MONOREPO, 'gateway/pumplink_gateway/phi.py': '', 'app/src/util/cipher.ts': '// @implements SR-8' };
    assert.equal(skeletonFor(inApp).placement.folder, 'app/test');
  });

  it('prefers tests in the language of the implementing code over nearer tests in another', () => {
    const files = { 'svc/phi.py': '# @implements SR-8', 'svc/web/phi.test.ts': '', 'tests/test_x.py': '' };
    assert.equal(skeletonFor(files).placement.model, 'tests/test_x.py');
  });

  it('follows the tests nearest to the requirement\'s document when no code implements it', () => {
    const files = { ...MONOREPO, 'gateway/pumplink_gateway/phi.py': '' };
    const index = indexOf({ 'firmware/docs/requirements.md': REQUIREMENTS, ...files });
    assert.equal(testPlacement(index.graph, 'SR-8', (path) => index.selector.isTest(path)).folder, 'firmware/test');
  });

  it('between equally near tests, takes the framework most of the workspace uses', () => {
    // docs/ is as far from app/test as from gateway/tests and firmware/test; TypeScript has the most tests.
    const files = { ...MONOREPO, 'gateway/pumplink_gateway/phi.py': '' };
    assert.equal(skeletonFor(files).placement.folder, 'app/test');
  });

  it('counts only files the index takes for tests', () => {
    const index = indexOf({ 'docs/requirements.md': REQUIREMENTS, ...PYTHON_WORKSPACE });
    const placement = testPlacement(index.graph, 'SR-8', (path) => path.startsWith('app/'));
    assert.equal(placement.folder, 'app/test');
  });

  it('picks a file name no file of the folder has, and numbers the test inside too', () => {
    const python = skeletonFor(PYTHON_WORKSPACE, ['test_sr_8.py', 'test_sr_8_2.py']).skeleton;
    assert.equal(python.path, 'gateway/tests/test_sr_8_3.py');
    assert.match(python.contents, /^def test_sr_8_encrypt_phi_at_rest_3\(\):$/m);
    const go = skeletonFor({ 'pump/phi.go': '// @implements SR-8', 'pump/phi_test.go': 'package pump' }, ['sr8_test.go']).skeleton;
    assert.equal(go.path, 'pump/sr8_2_test.go');
    assert.match(go.contents, /^func TestSR8EncryptPhiAtRest2\(t \*testing\.T\) \{$/m);
    const java = skeletonFor({ 'src/test/java/a/ATest.java': '', 'src/main/java/a/A.java': '// @implements SR-8' }, ['SR8VerificationTest.java']).skeleton;
    assert.equal(java.path, 'src/test/java/a/SR8Verification2Test.java');
    assert.match(java.contents, /^class SR8Verification2Test \{$/m);
  });

  it('with no test in the workspace, follows the implementing code\'s language and says so', () => {
    const python = skeletonFor({ 'gateway/pumplink_gateway/phi.py': '# @implements SR-8\ndef f():\n  return 1' });
    assert.deepEqual(python.placement, {
      language: 'python',
      folder: 'gateway/tests',
      model: 'gateway/pumplink_gateway/phi.py',
      note: 'The workspace had no test to follow: pytest was chosen from the language of gateway/pumplink_gateway/phi.py, which implements SR-8.',
    });
    assert.match(python.skeleton.contents, /^# The workspace had no test to follow: pytest was chosen/m);
    assert.equal(skeletonFor({ 'app/src/util/cipher.ts': '// @implements SR-8' }).skeleton.path, 'app/test/sr-8.test.ts');
    assert.equal(skeletonFor({ 'src/main/java/com/a/C.java': 'package com.a;\n// @implements SR-8' }).skeleton.path, 'src/test/java/com/a/SR8VerificationTest.java');
    assert.equal(skeletonFor({ 'fw/src/phi.c': '// @implements SR-8' }).skeleton.path, 'fw/test/test_sr_8.c');
    const go = skeletonFor({ 'cmd/pump/main.go': 'package main\n// @implements SR-8' }).skeleton;
    assert.equal(go.path, 'cmd/pump/sr8_test.go');
    assert.match(go.contents, /^package main$/m);
  });

  it('with neither tests nor implementing code, takes the commonest language of the code, else pytest at the root', () => {
    const go = skeletonFor({ 'lib/a.go': 'package lib', 'lib/b.go': 'package lib', 'x.py': '' }).skeleton;
    assert.equal(go.path, 'sr8_test.go');
    assert.match(go.contents, /^\/\/ The workspace had no test to follow: Go's testing package was chosen from the language of most of the workspace's code\.$/m);
    const bare = skeletonFor({});
    assert.equal(bare.skeleton.path, 'tests/test_sr_8.py');
    assert.match(bare.skeleton.contents, /^# The workspace had no test to follow: pytest is a guess/m);
  });

  it('quotes a title with quotes and backslashes as a string of the language', () => {
    const index = indexOf({ 'docs/r.md': '## SR-8: Don\'t log "C:\\temp"', 'tests/test_a.py': '' });
    const placement = testPlacement(index.graph, 'SR-8', (path) => index.selector.isTest(path));
    const { contents } = testSkeleton(index.graph.item('SR-8')!, placement, undefined, new Set());
    assert.match(contents, /^ {4}assert False, "Not written yet: the test that verifies SR-8: Don't log \\"C:\\\\temp\\""$/m);
  });
});
