import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { runCli } from '../../src/cli/cli';
import { markdownText } from '../../src/cli/markdownReport';
import { RULES, codeQualityReport, findingFingerprints, sarifLog, type Finding } from '../../src/core';
import { joinLines, withTempFolder } from './util';

const repoRoot = path.resolve(__dirname, '../..');
const example = 'examples/infusion-pump';
const XSS = '<img src=x onerror=alert(1)>';
const HOSTILE_TITLE = `${XSS} [click](javascript:alert(1)) a|b **bold** \`code\``;
/** The title the heading gives: Markdown's own emphasis, link and code markup is gone, the raw HTML and the pipe stay. */
const TITLE_AS_READ = `${XSS} click a|b bold code`;

async function check(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), color: false, cwd });
  return { code, stdout, stderr };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[];
  partialFingerprints: Record<string, string>;
}
interface SarifRun {
  tool: { driver: { rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
  originalUriBaseIds?: Record<string, { uri: string }>;
  results: SarifResult[];
}

describe('jsp-trace check --format sarif', function () {
  this.timeout(20_000);

  it('writes SARIF 2.1.0 that validates against the official schema: a descriptor per rule, results by rule index, paths from the repository root', async () => {
    const { stdout } = await check(repoRoot, example, '--today', '2026-11-28', '--format', 'sarif');
    const log = JSON.parse(stdout) as { version: string; runs: SarifRun[] };
    const schema = JSON.parse(await fs.readFile(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    // The schema's language pattern (`…[a-zA-Z]{2}]?$`) is not valid with the `u` flag ajv uses by default.
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    const [run] = log.runs;
    assert.deepEqual(run!.tool.driver.rules.map((rule) => rule.id), RULES.map((rule) => rule.name));
    assert.equal(run!.tool.driver.rules.find((rule) => rule.id === 'requirement-not-verified')!.shortDescription.text, 'Requirement not verified');
    assert.equal(run!.tool.driver.rules.find((rule) => rule.id === 'control-category-empty')!.defaultConfiguration.level, 'note');
    const sr8 = run!.results.find((result) => result.ruleId === 'requirement-not-verified' && result.message.text.includes('SR-8'))!;
    assert.equal(run!.tool.driver.rules[sr8.ruleIndex]!.id, 'requirement-not-verified');
    assert.deepEqual(sr8.locations[0]!.physicalLocation.artifactLocation, { uri: `${example}/docs/design/security-requirements.md`, uriBaseId: '%SRCROOT%' });
    assert.deepEqual(sr8.locations[0]!.physicalLocation.region, { startLine: 80, startColumn: 4, endLine: 80, endColumn: 8 });
    assert.match(run!.originalUriBaseIds!['%SRCROOT%']!.uri, /^file:\/\/.*\/$/);
    assert.equal(run!.results.length, 23);
  });

  it('fingerprints a finding by rule, item and file, so that it keeps its fingerprint when lines move', () => {
    const finding = (line: number, item = 'SR-8', path = 'docs/reqs.md'): Finding => ({
      rule: 'requirement-not-verified',
      severity: 'error',
      message: `${item} is not verified`,
      item,
      location: { path, range: { start: { line, character: 3 }, end: { line, character: 7 } } },
      related: [],
    });
    const before = findingFingerprints([finding(10), finding(20, 'SR-9')]);
    const after = findingFingerprints([finding(14), finding(31, 'SR-9')]);
    assert.deepEqual(after, before);
    assert.equal(new Set([...before, ...findingFingerprints([finding(10, 'SR-8', 'docs/other.md')])]).size, 3, 'other items and files differ');
    const twice = findingFingerprints([finding(3), finding(9)]);
    assert.notEqual(twice[0], twice[1], 'two findings of one item in one file are told apart');
    const sarif = sarifLog([finding(10)], { toolVersion: '1.0.0', pathPrefix: '' }) as { runs: SarifRun[] };
    assert.equal(sarif.runs[0]!.results[0]!.partialFingerprints['jspTraceRuleItem/v1'], before[0]);
    // Under --since only the new one is reported, with the fingerprint it has among all the findings.
    const [older, newer] = [finding(3), finding(9)];
    const onlyNew = sarifLog([older, newer], { toolVersion: '1.0.0', pathPrefix: '', only: new Set([newer]) }) as { runs: SarifRun[] };
    assert.deepEqual(onlyNew.runs[0]!.results.map((result) => result.partialFingerprints['jspTraceRuleItem/v1']), [twice[1]]);
    assert.deepEqual(codeQualityReport([older, newer], '', new Set([newer])).map((entry) => entry['fingerprint']), [twice[1]]);
    const odd = sarifLog([finding(1, 'SR-8', 'docs/a#b?.md'), finding(1, 'SR-8', 'c:d/e f.md')], { toolVersion: '1.0.0', pathPrefix: 'sub/' }) as { runs: SarifRun[] };
    assert.deepEqual(
      odd.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri),
      ['sub/docs/a%23b%3F.md', 'sub/c%3Ad/e%20f.md'],
      'every segment is encoded: a # or ? stays in the name, a : does not make the URI absolute',
    );
  });
});

describe('jsp-trace check --format markdown', function () {
  this.timeout(20_000);

  it('summarises the example project as the fixture shows: coverage, then the findings by rule with links', async () => {
    const { stdout } = await check(repoRoot, example, '--today', '2026-11-28', '--format', 'markdown');
    assert.equal(stdout, await fs.readFile(path.join(repoRoot, 'test/fixtures/review/example-summary.md'), 'utf8'));
  });

  it('lists at most 50 findings, 20 per rule, and says how many it left out', async () => {
    const requirements = Array.from({ length: 120 }, (_, i) => `## SR-${i + 1}: R${i + 1}\nDerives from: SO-1\n`).join('\n');
    await withTempFolder({ 'reqs.md': `## SO-1: Objective\n\n${requirements}`, 'src/a.ts': '// @implements SR-1\n' }, async (folder) => {
      const { stdout } = await check(folder, '.', '--format', 'markdown', '--fail-on', 'never');
      const listed = stdout.split('\n').filter((line) => line.startsWith('- ['));
      assert.equal(listed.length, 40, 'two rules, 20 each');
      assert.match(stdout, /- … and 99 more findings: run `jsp-trace check` for all of them\./);
      assert.match(stdout, /- … and 100 more findings/);
    });
  });

  it('keeps a hostile title inert in Markdown, SARIF and the HTML matrix', async () => {
    await withTempFolder({ 'reqs.md': joinLines(`## SR-1: ${HOSTILE_TITLE}`, '') }, async (folder) => {
      const markdown = (await check(folder, '.', '--format', 'markdown', '--fail-on', 'never')).stdout;
      assert.doesNotMatch(markdown, /<img/);
      assert.doesNotMatch(markdown, /\]\(javascript/);
      assert.match(markdown, /"&lt;img src=x onerror=alert\\\(1\\\)&gt; click a\\\|b bold code"/);
      const sarif = JSON.parse((await check(folder, '.', '--format', 'sarif', '--fail-on', 'never')).stdout) as { runs: SarifRun[] };
      const texts = sarif.runs[0]!.results.map((result) => result.message.text);
      assert.ok(texts.every((text) => text.includes(TITLE_AS_READ)), 'SARIF carries the title as plain text, with no markdown message');
      assert.ok(sarif.runs[0]!.results.every((result) => !('markdown' in result.message)));
      let html = '';
      await runCli(['matrix', folder], { stdout: (text) => (html += text), stderr: () => {}, color: false, cwd: folder });
      assert.doesNotMatch(html, /<img src=x/);
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    });
  });

  it('escapes every character that could start markup, and folds line breaks', () => {
    assert.equal(markdownText('a|b\n<script>*x*</script> [l](u) `c` _e_ #h !i ~s~ \\'), 'a\\|b &lt;script&gt;\\*x\\*&lt;/script&gt; \\[l\\]\\(u\\) \\`c\\` \\_e\\_ \\#h \\!i \\~s\\~ \\\\');
    // GitHub's mentions, autolinks and math are not stopped by backslashes: a word joiner breaks them.
    const joined = markdownText('@verifies SR-1, see https://evil.example, www.evil.example or a@b.example for $x$');
    assert.equal(joined, '@\u2060verifies SR-1, see https:\u2060//evil.example, www\u2060.evil.example or a@\u2060b.example for \\$x\\$');
    assert.doesNotMatch(joined, /@[a-z]|:\/\/|www\./);
  });
});

describe('jsp-trace check --format codequality', () => {
  it("writes GitLab's code quality report: one entry per finding with a stable fingerprint and the path from the repository root", async () => {
    const { stdout } = await check(repoRoot, example, '--today', '2026-11-28', '--format', 'codequality');
    const report = JSON.parse(stdout) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    assert.equal(report.length, 23);
    const sr8 = report.find((entry) => entry.check_name === 'requirement-not-verified' && entry.description.includes('SR-8'))!;
    assert.deepEqual(sr8.location, { path: `${example}/docs/design/security-requirements.md`, lines: { begin: 80 } });
    assert.equal(sr8.severity, 'major');
    assert.equal(new Set(report.map((entry) => entry.fingerprint)).size, report.length);
  });
});
