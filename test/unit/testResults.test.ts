import * as assert from 'node:assert/strict';
import { buildIndex, buildMatrix, DEFAULT_CONFIG, entryLabel, hoverMarkdown, RuleName, summarize, traceStatusLine, type Finding, type TraceIndex } from '../../src/core';
import { TraceTree } from '../../src/core/report/traceTreeModel';
import { buildFrom, InMemoryWorkspace, joinLines } from './util';

const requirements = joinLines(
  '# Security requirements',
  '',
  '## SR-1: Authenticate clinicians',
  '',
  '## SR-2: Limit the request rate',
  '',
  '## SR-3: Keep an audit trail',
);

const authTests = joinLines(
  'import pytest',
  '',
  '',
  '# @verifies SR-1',
  'def test_valid_token_is_accepted():',
  '    assert True',
  '',
  '',
  'def test_expired_token_is_rejected():',
  '    """@verifies SR-2"""',
  '    assert True',
);

/** A pytest `--junitxml` report of tests/test_auth.py, with the outcome of each test. */
function pytestReport(outcomes: { valid: 'pass' | 'fail' | 'skip'; expired: 'pass' | 'fail' | 'skip' }, timestamp = '2026-11-20T10:00:00.000000+00:00'): string {
  const body = (outcome: 'pass' | 'fail' | 'skip') =>
    outcome === 'fail' ? '<failure message="AssertionError: assert 401 == 200">tests/test_auth.py:6: AssertionError</failure>' : outcome === 'skip' ? '<skipped type="pytest.skip" message="needs the IdP">tests/test_auth.py:5: needs the IdP</skipped>' : '';
  return joinLines(
    '<?xml version="1.0" encoding="utf-8"?>',
    `<testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="2" time="0.031" timestamp="${timestamp}" hostname="ci">`,
    `<testcase classname="tests.test_auth" name="test_valid_token_is_accepted" time="0.001">${body(outcomes.valid)}</testcase>`,
    `<testcase classname="tests.test_auth" name="test_expired_token_is_rejected" time="0.001">${body(outcomes.expired)}</testcase>`,
    '</testsuite></testsuites>',
  );
}

const rulesOf = (findings: readonly Finding[], ...rules: string[]) =>
  findings.filter((finding) => rules.includes(finding.rule)).map((finding) => `${finding.rule} ${finding.item} ${finding.location.path}:${finding.location.range.start.line + 1}`);

const resultRules = [RuleName.TestFailing, RuleName.RequirementVerificationNotRun];

function update(index: TraceIndex, path: string, text: string | undefined): void {
  if (text === undefined) {
    index.removeFile(path);
  } else {
    index.updateFile(path, text);
  }
}

describe('Test results in the index', () => {
  it('reports a failing test at its annotation, with the result line as related information, and counts passing requirements', async () => {
    const { index } = await buildFrom({
      'docs/requirements.md': requirements,
      'tests/test_auth.py': authTests,
      'test-results/junit.xml': pytestReport({ valid: 'fail', expired: 'pass' }),
    });
    const findings = index.findings();
    assert.deepEqual(rulesOf(findings, ...resultRules), ['test-failing SR-1 tests/test_auth.py:4']);
    const failing = findings.find((finding) => finding.rule === RuleName.TestFailing)!;
    assert.equal(failing.severity, 'error');
    assert.match(failing.message, /^Test "test_valid_token_is_accepted" verifies SR-1 "Authenticate clinicians" and failed in its latest result \(test-results\/junit\.xml, 2026-11-20 10:00 UTC\): AssertionError: assert 401 == 200$/);
    assert.deepEqual(failing.related.map((related) => `${related.location.path}:${related.location.range.start.line + 1} ${related.message}`), [
      'test-results/junit.xml:3 Latest result of "test_valid_token_is_accepted": failed',
    ]);
    const summary = summarize(index);
    assert.equal(summary.testResults, true);
    assert.deepEqual({ verified: summary.requirements.verified, passing: summary.requirements.passing }, { verified: 2, passing: 1 });
  });

  it('follows a results file as it changes: all-pass clears the failure, removing it ends the measuring', async () => {
    const { index } = await buildFrom({
      'docs/requirements.md': requirements,
      'tests/test_auth.py': authTests,
      'junit.xml': pytestReport({ valid: 'fail', expired: 'pass' }),
    });
    update(index, 'junit.xml', pytestReport({ valid: 'pass', expired: 'pass' }));
    assert.deepEqual(rulesOf(index.findings(), ...resultRules), []);
    assert.equal(summarize(index).requirements.passing, 2);
    update(index, 'junit.xml', pytestReport({ valid: 'skip', expired: 'pass' }));
    assert.deepEqual(rulesOf(index.findings(), ...resultRules), ['requirement-verification-not-run SR-1 docs/requirements.md:3']);
    assert.match(index.findings().find((finding) => finding.rule === RuleName.RequirementVerificationNotRun)!.message, /its test did not run in the workspace's test results \(only skipped\)/);
    update(index, 'junit.xml', undefined);
    assert.deepEqual(rulesOf(index.findings(), ...resultRules), []);
    assert.equal(summarize(index).testResults, false);
  });

  it('reports a verified requirement whose tests have no result once results exist, and only then', async () => {
    const files = { 'docs/requirements.md': requirements, 'tests/test_auth.py': authTests, 'tests/test_audit.py': joinLines('# @verifies SR-3', 'def test_chain():', '    pass') };
    const without = await buildFrom(files);
    assert.deepEqual(rulesOf(without.index.findings(), ...resultRules), []);
    const { index } = await buildFrom({ ...files, 'reports/junit-gateway.xml': pytestReport({ valid: 'pass', expired: 'pass' }) });
    assert.deepEqual(rulesOf(index.findings(), ...resultRules), ['requirement-verification-not-run SR-3 docs/requirements.md:7']);
    // Editing the test so that its annotation names another test re-joins; nothing else needs re-reading.
    update(index, 'tests/test_audit.py', joinLines('def test_chain():', '    pass'));
    assert.deepEqual(rulesOf(index.findings(), ...resultRules, RuleName.RequirementNotVerified), ['requirement-not-verified SR-3 docs/requirements.md:7']);
  });

  it('takes a "verifies" property as verification, and reports its failure at the result line', async () => {
    const report = joinLines(
      '<testsuite name="UpdateTest" tests="1" failures="1" timestamp="2026-11-02T09:14:55">',
      '  <testcase name="rejectsDowngrade" classname="com.acme.UpdateTest" time="0.01">',
      '    <properties><property name="verifies" value="SR-3"/></properties>',
      '    <failure message="expected: &lt;false&gt; but was: &lt;true&gt;" type="org.opentest4j.AssertionFailedError"/>',
      '  </testcase>',
      '</testsuite>',
    );
    const { index } = await buildFrom({ 'docs/requirements.md': requirements, 'build/test-results/test/TEST-com.acme.UpdateTest.xml': report });
    const findings = index.findings();
    assert.deepEqual(rulesOf(findings, ...resultRules, RuleName.RequirementNotVerified).filter((line) => line.includes('SR-3')), ['test-failing SR-3 build/test-results/test/TEST-com.acme.UpdateTest.xml:2']);
    assert.match(findings.find((finding) => finding.rule === RuleName.TestFailing)!.message, /expected: <false> but was: <true>$/);
  });

  it('reads results where build tools write them and where .gitignore ignores them, and nothing else there', async () => {
    const files = {
      '.gitignore': 'test-results/\ntarget/\n',
      'docs/requirements.md': requirements,
      'tests/test_auth.py': authTests,
      'test-results/junit.xml': pytestReport({ valid: 'pass', expired: 'pass' }),
      'target/surefire-reports/TEST-tests.test_auth.xml': pytestReport({ valid: 'pass', expired: 'pass' }),
      'target/classes/notes.md': '## SR-9: Not a requirement of this workspace',
      'node_modules/some-lib/junit.xml': '<testsuite><testcase name="x" classname="y"><failure/></testcase></testsuite>',
    };
    const { index } = await buildFrom(files);
    assert.deepEqual([...index.evidence.keys()].sort(), ['target/surefire-reports/TEST-tests.test_auth.xml', 'test-results/junit.xml']);
    assert.equal(index.graph.item('SR-9'), undefined);
    assert.equal(summarize(index).requirements.passing, 2);
    const excluded = await buildFrom(files, { ...DEFAULT_CONFIG, exclude: [...DEFAULT_CONFIG.exclude, '**/surefire-reports/**'] });
    assert.deepEqual([...excluded.index.evidence.keys()], ['test-results/junit.xml'], 'the configuration\'s own exclude wins');
  });

  it('keeps the newest result of a test across files, by timestamp and else by the file\'s modification time', async () => {
    const older = pytestReport({ valid: 'fail', expired: 'pass' }, '2026-11-01T08:00:00');
    const newer = pytestReport({ valid: 'pass', expired: 'pass' }, '2026-11-20T08:00:00');
    const { index } = await buildFrom({ 'docs/requirements.md': requirements, 'tests/test_auth.py': authTests, 'a/junit.xml': newer, 'b/junit.xml': older });
    assert.deepEqual(rulesOf(index.findings(), ...resultRules), []);

    const undated = (text: string) => text.replace(/ timestamp="[^"]*"/, '');
    const workspace = new DatedWorkspace(
      { 'docs/requirements.md': requirements, 'tests/test_auth.py': authTests, 'a/junit.xml': undated(older), 'b/junit.xml': undated(newer) },
      { 'a/junit.xml': Date.UTC(2026, 10, 1), 'b/junit.xml': Date.UTC(2026, 10, 20) },
    );
    const dated = (await buildIndex(workspace, DEFAULT_CONFIG)).index;
    assert.deepEqual(rulesOf(dated.findings(), ...resultRules), [], 'b/junit.xml is newer by mtime and passes');
  });

  it('reports malformed XML on its file with the parser\'s position, and keeps the other results', async () => {
    const { index } = await buildFrom({
      'docs/requirements.md': requirements,
      'tests/test_auth.py': authTests,
      'test-results/junit.xml': pytestReport({ valid: 'fail', expired: 'pass' }),
      'test-results/broken.xml': joinLines('<testsuites>', '  <testsuite name="x">', '    <testcase name="y"', '</testsuites>'),
    });
    const unreadable = index.findings().filter((finding) => finding.rule === RuleName.UnreadableFile);
    assert.equal(unreadable.length, 1);
    assert.equal(unreadable[0]!.location.path, 'test-results/broken.xml');
    assert.equal(unreadable[0]!.severity, 'error');
    assert.match(unreadable[0]!.message, /^Not readable as XML: /);
    assert.ok(unreadable[0]!.location.range.start.line > 0, 'at the parser\'s line, not the top of the file');
    assert.deepEqual(rulesOf(index.findings(), ...resultRules), ['test-failing SR-1 tests/test_auth.py:4']);
  });
});

describe('Test results on the surfaces', () => {
  it('says in the status line, the hover and the matrix how each requirement\'s tests fared', async () => {
    const { index } = await buildFrom({
      'docs/requirements.md': requirements,
      'tests/test_auth.py': authTests,
      'test-results/junit.xml': pytestReport({ valid: 'fail', expired: 'pass' }),
    });
    const graph = index.graph;
    assert.equal(traceStatusLine(graph, graph.item('SR-1')!, index.testResults), 'not implemented · 1 test · 1 failing · not derived');
    assert.equal(traceStatusLine(graph, graph.item('SR-2')!, index.testResults), 'not implemented · 1 test · passing · not derived');
    assert.equal(traceStatusLine(graph, graph.item('SR-2')!), 'not implemented · 1 test · not derived', 'without results, nothing is said of them');
    const hover = hoverMarkdown(graph, 'SR-1', index.testResults);
    assert.match(hover.replace(/\\(.)/g, '$1'), /Latest test results:\n\n- ✗ failed tests\.test_auth\.test_valid_token_is_accepted \(test-results\/junit\.xml:3, 2026-11-20 10:00 UTC\): AssertionError: assert 401 == 200/);

    const matrix = buildMatrix(index);
    assert.ok(matrix.columns.some((column) => column.key === 'testResults' && column.label === 'Latest results'));
    const cells = (id: string) => matrix.rows.find((row) => row.id === id)!.cells['testResults']!;
    assert.deepEqual(cells('SR-1').map(entryLabel), ['✗ failed test_valid_token_is_accepted']);
    assert.deepEqual(cells('SR-1')[0]!.location, { path: 'test-results/junit.xml', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } } });
    assert.deepEqual(cells('SR-2').map(entryLabel), ['✓ passed test_expired_token_is_rejected']);
    assert.ok(matrix.rows.find((row) => row.id === 'SR-1')!.gaps.includes(RuleName.TestFailing));

    const tree = new TraceTree(graph, index.findings(), 'all', index.testResults);
    const tests = [...tree.walk()].flatMap((node) => (node.type === 'location' && node.relation === 'verifies' && node.parent?.type === 'item' ? [`${node.parent.id} ${node.label} ${node.outcome}`] : []));
    assert.deepEqual(tests, ['SR-1 tests/test_auth.py:4 failed', 'SR-2 tests/test_auth.py:10 passed']);
  });
});

/** An in-memory workspace whose files have modification times. */
class DatedWorkspace extends InMemoryWorkspace {
  constructor(
    files: Record<string, string>,
    readonly mtimes: Record<string, number>,
  ) {
    super(files);
  }

  async modifiedTime(path: string): Promise<number | undefined> {
    return this.mtimes[path];
  }
}
