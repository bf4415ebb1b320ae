import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cli';
import type { JsonReport } from '../../src/cli/report';
import { compareFindings, type Finding } from '../../src/core';
import { GitRevisionReader } from '../../src/node/gitRevision';
import { joinLines } from './util';

/** A temporary git repository: `files` committed as the base on branch main, then `change` written over them, uncommitted. */
async function withRepository(files: Record<string, string>, change: Record<string, string | null>, test: (root: string) => Promise<void>): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'jsp-trace-since-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const write = async (set: Record<string, string | null>) => {
    for (const [name, text] of Object.entries(set)) {
      const file = path.join(root, name);
      if (text === null) {
        await fs.rm(file);
      } else {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, text);
      }
    }
  };
  try {
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
    await write(files);
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
    await write(change);
    await test(root);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

async function check(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), color: false, cwd });
  return { code, stdout, stderr };
}

const BASE = {
  'jsp-trace.jsonc': '{ "rules": { "requirement-not-derived": "off" } }\n',
  'docs/reqs.md': joinLines('# Requirements', '', '## SR-1: Authenticate', 'Mitigates: TM-1', '', '## SR-2: Log', 'Mitigates: TM-1', ''),
  'docs/threats.md': '## TM-1: Spoofing\n',
  'src/auth.ts': '// @implements SR-1\n// @implements SR-2\n',
  'test/auth.test.ts': '// @verifies SR-1\n',
};

describe('jsp-trace check --since', function () {
  // Each test runs git a dozen times: on a loaded CI machine that takes more than mocha's default 2 s.
  this.timeout(30_000);

  it('reports only the findings the change brought, matched by rule and item, and how coverage moved', async () => {
    // SR-2's old gap moves down two lines (not new); the change adds an unverified SR-3 and a second threat.
    const change = {
      'docs/reqs.md': joinLines('# Requirements', '', 'Intro.', '', '## SR-1: Authenticate', 'Mitigates: TM-1', '', '## SR-2: Log', 'Mitigates: TM-1', '', '## SR-3: Encrypt', 'Mitigates: TM-2', ''),
      'docs/threats.md': '## TM-1: Spoofing\n\n## TM-2: Disclosure\n',
      'src/auth.ts': '// @implements SR-1\n// @implements SR-2\n// @implements SR-3\n',
    };
    await withRepository(BASE, change, async (root) => {
      const before = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
      const { code, stdout } = await check(root, '.', '--since', 'main', '--format', 'json');
      const report = JSON.parse(stdout) as JsonReport;
      assert.deepEqual(report.findings.filter((f) => f.new).map((f) => `${f.rule} ${f.item} ${f.file}:${f.line}`), ['requirement-not-verified SR-3 docs/reqs.md:11']);
      assert.deepEqual(report.findings.filter((f) => !f.new).map((f) => `${f.rule} ${f.item} ${f.file}:${f.line}`), ['requirement-not-verified SR-2 docs/reqs.md:8']);
      assert.equal(report.since!.ref, 'main');
      assert.match(report.since!.commit, /^[0-9a-f]{40}$/);
      assert.deepEqual(report.since!.findings, { new: 1, unchanged: 1, fixed: 0 });
      assert.deepEqual(report.since!.coverage.find((c) => c.measure === 'verified'), { measure: 'verified', before: { done: 1, total: 2 }, after: { done: 1, total: 3 } });
      assert.deepEqual(report.since!.coverage.find((c) => c.measure === 'mitigated'), { measure: 'mitigated', before: { done: 1, total: 1 }, after: { done: 2, total: 2 } });
      assert.equal(code, 1, 'a new error fails the run');
      assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }), before, 'the working tree and the index are untouched');

      const text = await check(root, '.', '--since', 'main');
      assert.match(text.stdout, /\nSince {6}main \([0-9a-f]{12}\): 1 new finding · 1 unchanged, not listed · 0 fixed\n/);
      assert.match(text.stdout, /\n {11}requirements verified 1\/2 → 1\/3\n/);
      assert.match(text.stdout, /\ndocs\/reqs\.md:11:4 +error +requirement-not-verified/);
      assert.doesNotMatch(text.stdout, /SR-2/, 'the unchanged finding is not listed');

      const markdown = (await check(root, '.', '--since', 'main', '--format', 'markdown')).stdout;
      assert.match(markdown, /\n\| Coverage \| main \| this change \|\n/);
      assert.match(markdown, /\n\| Requirements verified \| 1\/2 \(50%\) \| 1\/3 \(33%\) ▼ \|\n/);
      assert.match(markdown, /\n\| Threats mitigated or accepted \| 1\/1 \(100%\) \| 2\/2 \(100%\) \|\n/);
      assert.match(markdown, /\n\*\*1 new finding\*\* \(1 error\) · 1 unchanged · 0 fixed\n/);
      assert.match(markdown, /\n- \[docs\/reqs\.md:11\]\(docs\/reqs\.md#L11\) Requirement SR-3/);
      assert.match(markdown, /<details><summary>1 unchanged finding<\/summary>\n\n- \[docs\/reqs\.md:8\]/);
      const sarif = JSON.parse((await check(root, '.', '--since', 'main', '--format', 'sarif')).stdout) as { runs: { results: { ruleId: string }[] }[] };
      assert.deepEqual(sarif.runs[0]!.results.map((result) => result.ruleId), ['requirement-not-verified'], 'SARIF under --since holds the new findings only');

      // As a pull request has it: the change committed on a branch, compared with the commit before it.
      execFileSync('git', ['checkout', '--quiet', '-b', 'change'], { cwd: root });
      execFileSync('git', ['commit', '--quiet', '-am', 'change'], { cwd: root });
      const committed = JSON.parse((await check(root, '.', '--since', 'HEAD~1', '--format', 'json')).stdout) as JsonReport;
      assert.deepEqual(committed.since!.findings, { new: 1, unchanged: 1, fixed: 0 });
      assert.deepEqual(committed.findings.filter((f) => f.new).map((f) => f.item), ['SR-3']);
    });
  });

  it('passes when the change brought no finding at the fail level, even if old ones remain, and counts the fixed ones', async () => {
    await withRepository(BASE, { 'test/auth.test.ts': '// @verifies SR-1\n// @verifies SR-2\n', 'docs/notes.md': 'SR-9 is planned.\n' }, async (root) => {
      const { code, stdout } = await check(root, '.', '--since', 'main', '--format', 'json');
      const report = JSON.parse(stdout) as JsonReport;
      assert.deepEqual(report.since!.findings, { new: 1, unchanged: 0, fixed: 1 });
      assert.equal(report.findings.find((f) => f.new)!.rule, 'unknown-reference');
      assert.equal(code, 1);
      assert.equal((await check(root, '.', '--since', 'main', '--fail-on', 'never')).code, 0);
    });
    await withRepository(BASE, { 'README.md': 'No IDs here.\n' }, async (root) => {
      assert.equal((await check(root, '.', '--since', 'main')).code, 0, 'the old SR-2 gap alone does not fail the run');
    });
  });

  it('reads the base of a folder inside the repository, with that folder as the root, and deleted files are gone there', async () => {
    const nested = Object.fromEntries(Object.entries(BASE).map(([name, text]) => [`product/${name}`, text]));
    await withRepository({ ...nested, 'other/reqs.md': '## SR-7: Elsewhere\n' }, { 'product/test/auth.test.ts': null }, async (root) => {
      const { stdout } = await check(path.join(root, 'other'), '../product', '--since', 'HEAD', '--format', 'json');
      const report = JSON.parse(stdout) as JsonReport;
      assert.deepEqual(report.findings.filter((f) => f.new).map((f) => `${f.item} ${f.file}`), ['SR-1 docs/reqs.md']);
      assert.deepEqual(report.since!.coverage.find((c) => c.measure === 'verified')!.before, { done: 1, total: 2 });
    });
  });

  it('works in a shallow clone once the base branch is fetched, as a pull-request job has it', async () => {
    await withRepository(BASE, {}, async (origin) => {
      const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      git(origin, 'branch', 'base');
      await fs.writeFile(path.join(origin, 'docs/notes.md'), 'SR-9 is planned.\n');
      git(origin, 'add', '.');
      git(origin, 'commit', '--quiet', '-m', 'change');
      const clone = path.join(origin, 'clone');
      git(origin, 'clone', '--quiet', '--depth=1', '--single-branch', '--branch', 'main', `file://${origin}`, clone);
      assert.equal((await check(clone, '.', '--since', 'origin/base')).code, 2, 'the base is not in the clone yet');
      git(clone, 'fetch', '--quiet', '--depth=1', 'origin', 'base:refs/remotes/origin/base');
      const report = JSON.parse((await check(clone, '.', '--since', 'origin/base', '--format', 'json')).stdout) as JsonReport;
      assert.deepEqual(report.findings.filter((f) => f.new).map((f) => `${f.rule} ${f.item}`), ['unknown-reference SR-9']);
    });
  });

  it('indexes a committed example project through git exactly as from the working tree: nothing new, nothing fixed, the same figures', async () => {
    const example = path.resolve(__dirname, '../../examples/infusion-pump');
    const files: Record<string, string> = {};
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await fs.readdir(path.join(example, folder), { withFileTypes: true })) {
        const relative = path.posix.join(folder, entry.name);
        if (entry.isDirectory()) await walk(relative);
        else files[relative] = await fs.readFile(path.join(example, relative), 'utf8');
      }
    };
    await walk('');
    await withRepository(files, {}, async (root) => {
      const report = JSON.parse((await check(root, '.', '--since', 'HEAD', '--today', '2026-11-28', '--format', 'json')).stdout) as JsonReport;
      assert.ok(report.findings.length > 20, 'the example has its deliberate gaps');
      assert.deepEqual(report.since!.findings, { new: 0, unchanged: report.findings.length, fixed: 0 });
      for (const { measure, before, after } of report.since!.coverage) {
        assert.deepEqual(before, after, measure);
      }
    });
  });

  it('names a revision the clone does not have, and how to fetch it, with exit code 2', async () => {
    await withRepository(BASE, {}, async (root) => {
      const { code, stderr } = await check(root, '.', '--since', 'origin/main');
      assert.equal(code, 2);
      assert.match(stderr, /--since: "origin\/main" is not a commit in this clone\. In a shallow CI clone, fetch it first, e\.g\. "git fetch --depth=1 origin main"/);
    });
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'jsp-trace-no-git-'));
    try {
      await fs.writeFile(path.join(outside, 'reqs.md'), '## SR-1: X\n');
      const { code, stderr } = await check(outside, '.', '--since', 'main');
      assert.equal(code, 2);
      assert.match(stderr, /--since needs a git repository/);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});

describe('Reading a revision through git', function () {
  this.timeout(30_000);

  it('reads blobs that span many chunks, empty ones, and folders named with leading spaces or pathspec magic; a closed revision reads nothing', async () => {
    const large = Array.from({ length: 200_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
    const files = { ' lead/docs/big.md': large, ' lead/empty.md': '', ':colon/reqs.md': '## SR-1: X\n', 'a[b]/reqs.md': '## SR-2: Y\n' };
    await withRepository(files, {}, async (root) => {
      // A reader left open keeps its git process, and so mocha, running: each is closed whatever happens.
      const reader = await GitRevisionReader.open(path.join(root, ' lead'), 'HEAD');
      try {
        assert.equal(new TextDecoder().decode(await reader.readFile('docs/big.md')), large);
        assert.equal((await reader.readFile('empty.md'))!.length, 0);
        assert.deepEqual(await reader.readDirectory(''), [{ name: 'docs', type: 'directory' }, { name: 'empty.md', type: 'file' }]);
      } finally {
        reader.close();
      }
      await assert.rejects(reader.readFile('empty.md'), /the revision was closed/);
      for (const folder of [':colon', 'a[b]']) {
        const nested = await GitRevisionReader.open(path.join(root, folder), 'HEAD');
        try {
          assert.deepEqual((await nested.readDirectory('')).map((entry) => entry.name), ['reqs.md'], folder);
        } finally {
          nested.close();
        }
      }
    });
  });
});

describe('Matching findings across a change', () => {
  const at = (rule: string, item: string, path: string, line: number, message = `${rule} ${item}`): Finding => ({
    rule,
    item,
    message,
    severity: 'error',
    location: { path, range: { start: { line, character: 0 }, end: { line, character: 1 } } },
    related: [],
  });

  it('pairs repeated findings of one item by file and message first, so the new place is the new one', () => {
    const base = [at('unknown-reference', 'SR-9', 'a.md', 3, 'in a')];
    const current = [at('unknown-reference', 'SR-9', 'b.md', 1, 'in b'), at('unknown-reference', 'SR-9', 'a.md', 40, 'in a')];
    const { added, unchanged, fixed } = compareFindings(base, current);
    assert.deepEqual(added.map((f) => f.location.path), ['b.md']);
    assert.deepEqual(unchanged.map((f) => f.location.range.start.line), [40]);
    assert.deepEqual(fixed, []);
  });
});
