import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { changeCountText, compareTrace, coverageChangeText, coverageTrend, openTraceWorkspace, type Finding, type TraceSummary, type WorkspaceReader } from '../../src/core';
import { GitRevisionError, indexRevision, revisionChoices } from '../../src/node/gitRevision';
import { NodeWorkspaceReader } from '../../src/node/nodeWorkspace';
import { joinLines } from './util';

async function withTempFolder(test: (folder: string) => Promise<void>): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'jsp-trace-compare-'));
  try {
    await test(folder);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd, encoding: 'utf8' }).trim();
}

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), text);
  }
}

const REQUIREMENTS = joinLines('## SR-1: Authenticate', 'Derives from: SO-1', '', '## SO-1: Safe dosing', '');

describe('Compare with Branch: the refs offered and the base indexed through git', function () {
  // Each test runs git several times: on a loaded CI machine that takes more than mocha's default 2 s.
  this.timeout(30_000);

  it('offers the merge base with the upstream, then the local and the remote branches', async () => {
    await withTempFolder(async (folder) => {
      const origin = path.join(folder, 'origin');
      await fs.mkdir(origin);
      git(origin, 'init', '--quiet', '--initial-branch=main');
      await write(origin, { 'docs/reqs.md': REQUIREMENTS });
      git(origin, 'add', '.');
      git(origin, 'commit', '--quiet', '-m', 'base');
      const forkPoint = git(origin, 'rev-parse', 'HEAD');
      git(folder, 'clone', '--quiet', origin, 'clone');
      const clone = path.join(folder, 'clone');
      git(clone, 'checkout', '--quiet', '-b', 'feature', '--track', 'origin/main');
      await write(clone, { 'docs/more.md': '## SR-2: Log\n' });
      git(clone, 'add', '.');
      git(clone, 'commit', '--quiet', '-m', 'change');
      git(origin, 'commit', '--quiet', '--allow-empty', '-m', 'main moves on');

      const choices = await revisionChoices(path.join(clone, 'docs'));
      assert.deepEqual(choices, { mergeBase: { commit: forkPoint, upstream: 'origin/main' }, localBranches: ['feature', 'main'], remoteBranches: ['origin/main'] });
    });
  });

  it('offers no merge base without an upstream, and nothing outside a repository', async () => {
    await withTempFolder(async (folder) => {
      assert.equal(await revisionChoices(folder), undefined);
      git(folder, 'init', '--quiet', '--initial-branch=main');
      await write(folder, { 'docs/reqs.md': REQUIREMENTS });
      git(folder, 'add', '.');
      git(folder, 'commit', '--quiet', '-m', 'base');
      assert.deepEqual(await revisionChoices(folder), { mergeBase: undefined, localBranches: ['main'], remoteBranches: [] });
    });
  });

  it('indexes the folder as it is at the ref, leaves the working tree alone and closes the base', async () => {
    await withTempFolder(async (folder) => {
      git(folder, 'init', '--quiet', '--initial-branch=main');
      await write(folder, { 'docs/reqs.md': REQUIREMENTS });
      git(folder, 'add', '.');
      git(folder, 'commit', '--quiet', '-m', 'base');
      await write(folder, { 'docs/reqs.md': `${REQUIREMENTS}\n## SR-2: Log\n` });
      const state = await indexRevision(folder, 'main', (reader) => openTraceWorkspace({ reader, today: '2026-01-15' }));
      assert.equal(state.summary.requirements.total, 1, 'SR-2 is only in the working tree');
      assert.equal(state.commit, git(folder, 'rev-parse', 'HEAD'));
      assert.equal(git(folder, 'status', '--porcelain'), 'M docs/reqs.md', 'only the edit, uncommitted: the index and the tree are untouched');

      const current = openTraceWorkspace({ reader: new NodeWorkspaceReader(folder), today: '2026-01-15' });
      await current.rebuild();
      const findings = current.findings();
      const change = compareTrace(state, { findings, summary: current.summary(findings)! });
      assert.deepEqual(change.changes.added.map((f) => `${f.rule} ${f.item}`).sort(), ['requirement-not-derived SR-2', 'requirement-not-implemented SR-2', 'requirement-not-verified SR-2']);
      assert.deepEqual(change.coverage.map(coverageChangeText).slice(0, 1), ['requirements derived 1/1 → 1/2']);
      assert.equal(coverageTrend(change.coverage[0]!), '▼');
    });
  });

  it('says when the configuration at the ref has errors, and closes the base workspace either way', async () => {
    await withTempFolder(async (folder) => {
      git(folder, 'init', '--quiet', '--initial-branch=main');
      await write(folder, { 'jsp-trace.jsonc': '{ "rules": 5 }\n', 'docs/reqs.md': REQUIREMENTS });
      git(folder, 'add', '.');
      git(folder, 'commit', '--quiet', '-m', 'broken configuration');
      let closed = 0;
      const failure = await indexRevision(folder, 'main', (reader) => {
        const workspace = openTraceWorkspace({ reader });
        const close = workspace.close.bind(workspace);
        workspace.close = () => {
          closed++;
          close();
        };
        return workspace;
      }).catch((error: unknown) => error);
      assert.ok(failure instanceof GitRevisionError && failure.problem === 'configuration-errors', String(failure));
      assert.equal(closed, 1);
    });
  });

  it('names a ref that is not a commit, and a folder that is in no repository', async () => {
    await withTempFolder(async (folder) => {
      const open = (reader: WorkspaceReader) => openTraceWorkspace({ reader });
      const outside = await indexRevision(folder, 'main', open).catch((error: unknown) => error);
      assert.ok(outside instanceof GitRevisionError && outside.problem === 'not-a-repository');
      git(folder, 'init', '--quiet', '--initial-branch=main');
      const unknown = await indexRevision(folder, 'nowhere', open).catch((error: unknown) => error);
      assert.ok(unknown instanceof GitRevisionError && unknown.problem === 'unknown-revision');
    });
  });
});

describe('What a change did, in a few words', () => {
  const finding = (item: string): Finding => ({ rule: 'requirement-not-verified', item, severity: 'error', message: `${item} is not verified`, location: { path: 'a.md', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } } }) as Finding;
  const summary = (verified: number, total: number) => ({ requirements: { total, derived: total, implemented: total, verified, passing: 0 }, threats: { total: 0, mitigated: 0, accepted: 0, notApplicable: 0 } }) as unknown as TraceSummary;

  it('counts the new gaps and the fixed ones against the ref', () => {
    const change = (base: string[], current: string[]) => compareTrace({ findings: base.map(finding), summary: summary(1, 2) }, { findings: current.map(finding), summary: summary(1, 2) }).changes;
    assert.equal(changeCountText(change(['SR-1'], ['SR-1', 'SR-2', 'SR-3']), 'main'), '+2 gaps vs main');
    assert.equal(changeCountText(change(['SR-1'], ['SR-2']), 'main'), '+1 gap, 1 fixed vs main');
    assert.equal(changeCountText(change(['SR-1', 'SR-2'], []), 'origin/main'), '2 fixed vs origin/main');
    assert.equal(changeCountText(change(['SR-1'], ['SR-1']), 'main'), '+0 gaps vs main');
  });

  it('says which way a measure moved, and nothing when it held or was not measured', () => {
    const [verifiedUp] = compareTrace({ findings: [], summary: summary(1, 2) }, { findings: [], summary: summary(3, 4) }).coverage.filter((c) => c.after.measure === 'verified');
    assert.equal(coverageTrend(verifiedUp!), '▲');
    const [held] = compareTrace({ findings: [], summary: summary(1, 2) }, { findings: [], summary: summary(2, 4) }).coverage.filter((c) => c.after.measure === 'verified');
    assert.equal(coverageTrend(held!), '');
    assert.equal(coverageTrend({ before: undefined, after: held!.after }), '');
  });
});
