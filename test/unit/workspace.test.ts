import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Minimatch } from 'minimatch';
import { DEFAULT_CONFIG, EVIDENCE_MAX_FILE_SIZE, FileSelector, compileGlob, decodeText, isBinary, listFiles, loadFileSelector } from '../../src/core';
import { InMemoryWorkspace, buildFrom, findingKeys, joinLines } from './util';
import { fuzzRuns } from './fuzz';

describe('Building the index of a workspace', () => {
  it('indexes supported files and skips excluded folders without reading them', async () => {
    const { index, workspace } = await buildFrom({
      'docs/reqs.md': joinLines('## SO-1: Objective', '## SR-1: Nonces', 'Derives from: SO-1'),
      'src/a.c': '// @implements SR-1',
      'node_modules/lib/index.js': '// @verifies SR-1',
      'dist/bundle.js': '// @verifies SR-1',
      'assets/logo.png': 'not really a png',
    });
    assert.deepEqual(findingKeys(index), ['requirement-not-verified SR-1 docs/reqs.md:2']);
    assert.deepEqual(workspace.reads.sort(), ['docs/reqs.md', 'src/a.c']);
  });

  it('skips what the root .gitignore ignores, unless the configuration says not to', async () => {
    const files = {
      '.gitignore': 'generated/\n*.tmp.md\n',
      'docs/reqs.md': '## SR-1: X',
      'generated/more.md': '## SR-2: Y',
      'docs/notes.tmp.md': '## SR-3: Z',
    };
    const withIgnore = await buildFrom(files);
    assert.deepEqual([...withIgnore.index.graph.ids()], ['SR-1']);
    const without = await buildFrom(files, { ...DEFAULT_CONFIG, useGitignore: false });
    assert.deepEqual([...without.index.graph.ids()].sort(), ['SR-1', 'SR-2', 'SR-3']);
  });

  it('skips binary and oversized files and says why', async () => {
    const binary = new Uint8Array([0x23, 0x20, 0x53, 0x52, 0x00, 0x01]);
    const { skipped, index } = await buildFrom(
      { 'docs/big.md': `## SR-1: Big\n${'x'.repeat(200)}`, 'src/blob.c': binary, 'docs/small.md': '## SR-2: Small' },
      { ...DEFAULT_CONFIG, maxFileSize: 100 },
    );
    assert.deepEqual(skipped, [
      { path: 'docs/big.md', reason: 'too-large' },
      { path: 'src/blob.c', reason: 'binary' },
    ]);
    assert.deepEqual([...index.graph.ids()], ['SR-2']);
  });

  it('passes over a JSON file too large even for evidence, read only to see whether it is a threat model, without a finding', async () => {
    const data = new Uint8Array(EVIDENCE_MAX_FILE_SIZE + 1);
    const { skipped, index } = await buildFrom({ 'fixtures/huge.json': data, 'sbom/huge.cdx.json': data, 'docs/reqs.md': '## SR-1: X' });
    assert.deepEqual(skipped, [
      { path: 'fixtures/huge.json', reason: 'too-large' },
      { path: 'sbom/huge.cdx.json', reason: 'too-large' },
    ]);
    assert.deepEqual(index.unreadableFiles().map((finding) => finding.location.path), ['sbom/huge.cdx.json'], 'an SBOM too large to read is still reported');
  });

  it('applies include and exclude globs and marks tests by the test globs', async () => {
    const config = { ...DEFAULT_CONFIG, include: ['docs/**', 'src/**', 'spec/**'], exclude: ['src/vendor/**'], tests: ['spec/**'] };
    const { index } = await buildFrom(
      {
        'docs/reqs.md': '## SR-1: X',
        'src/vendor/x.c': '// @implements SR-1',
        'other/y.c': '// @implements SR-1',
        'spec/z.ts': '// @verifies SR-1',
      },
      config,
    );
    assert.deepEqual(index.graph.incoming('SR-1').map((l) => [l.type, l.location.path, l.inTest]), [['verifies', 'spec/z.ts', true]]);
  });

  it('excludes the files of a folder an exclude glob names without a trailing /**', async () => {
    const config = { ...DEFAULT_CONFIG, exclude: [...DEFAULT_CONFIG.exclude, 'vendor', 'docs/archive', '*.egg-info', 'old/*'] };
    const { index } = await buildFrom(
      {
        'docs/reqs.md': '## SR-1: X',
        'vendor/b.md': '## SR-1: Vendored',
        'docs/archive/c.md': '## SR-1: Archived',
        'pkg.egg-info/d.md': '## SR-1: Packaged',
        'old/2019/e.md': '## SR-1: Old',
      },
      config,
    );
    assert.deepEqual(index.graph.definitions('SR-1').map((item) => item.location.path), ['docs/reqs.md']);
  });

  it('lists the files to read in order, the evidence files, and counts what it passed over by name', async () => {
    const workspace = new InMemoryWorkspace({
      '.gitignore': 'out/\n',
      'src/b.c': '',
      'src/a.c': '',
      'out/sbom.cdx.json': '{}',
      'bom.json': '{}',
      'node_modules/x/index.js': '',
      'assets/logo.png': '',
    });
    const { paths, evidence, excludedCount } = await listFiles(workspace, await loadFileSelector(workspace, DEFAULT_CONFIG));
    assert.deepEqual(paths, ['bom.json', 'src/a.c', 'src/b.c'], 'an SBOM is read, for its components');
    assert.deepEqual([...evidence], [['bom.json', 'sbom']]);
    assert.equal(excludedCount, 4, 'out/ and node_modules/ as folders; .gitignore and the image as files');
  });

  it('recognises test files by the default globs', () => {
    const selector = new FileSelector(DEFAULT_CONFIG);
    for (const path of ['test/a.c', 'gateway/tests/test_auth.py', 'app/a.test.ts', 'app/a.spec.js', 'pkg/auth_test.go', 'x/__tests__/y.js']) {
      assert.ok(selector.isTest(path), path);
    }
    for (const path of ['src/auth.c', 'docs/testing.md', 'src/contest.ts']) {
      assert.ok(!selector.isTest(path), path);
    }
  });

  it('detects binary content and strips a byte order mark', () => {
    assert.ok(isBinary(new Uint8Array([1, 2, 0, 3])));
    assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), 'A');
  });
});

describe('Compiled globs', () => {
  it('answer as minimatch does for globs of literal names, * and ** (property)', () => {
    const name = fc.constantFrom('a', 'b', '.a', 'a.b', 'test', 'x-y', 'a b');
    const globSegment = fc.oneof(name, fc.constantFrom('*', '**', '*.b', 'a*', '*a*', '.*', '*.*', 'te*t', 'a.egg-info', '*.egg-info'));
    const glob = fc.array(globSegment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));
    // Walk paths, and the folder probes (`vendor/`) that the walk asks about folders.
    const path = fc.tuple(fc.array(name, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([segments, folder]) => segments.join('/') + (folder ? '/' : ''));
    fc.assert(
      fc.property(glob, fc.array(path, { maxLength: 20 }), (pattern, paths) => {
        const minimatch = new Minimatch(pattern, { dot: true });
        const compiled = compileGlob(pattern);
        for (const candidate of paths) {
          assert.equal(compiled(candidate), minimatch.match(candidate), `${pattern} on "${candidate}"`);
        }
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it('answer as minimatch does, also for the shapes answered without it', () => {
    const { include, exclude, tests, testResults, sboms, threatModels } = DEFAULT_CONFIG;
    const globs = [...new Set([...include, ...exclude, ...tests, ...testResults, ...sboms, ...threatModels, ...DEFAULT_CONFIG.needs.exports,
      '**/node_modules/**', '**/.git/**', '**/*.test.*', 'docs/**', '**/build/**/*.md', '{a,b}/*.md', 'docs/[a-c]*.md', '!(x)/*.md', '**/?.md', 'a/**/b/**'])];
    const paths = ['a', '.a', 'node_modules', 'node_modules/x', 'a/node_modules', 'a/node_modules/', 'a/node_modules/b/c', '.node_modules/x',
      'x/.git/config', 'test/a.c', 'src/test', 'src/test/a.py', 'src/a.test.ts', 'docs/a.md', 'a/build/b/c.md', '', 'a/b.md', 'c/b.md', 'docs/b1.md',
      'docs/d.md', 'x/q.md', 'y/1.md', 'a/x/b/y', 'a/b', 'junit.xml', 'x/TEST-a.xml', 'test-results/x/y.xml', 'a/test-results.xml', 'bom.json',
      'x/app.cdx.json', 'x/my-sbom.json', 'x/vex.json', 'docs/needs.json', 'x/test_a.py', 'x/a_test.go', '.github/x.md', 'a/.hidden/b.json'];
    for (const glob of globs) {
      const minimatch = new Minimatch(glob, { dot: true });
      const compiled = compileGlob(glob);
      for (const path of paths) {
        assert.equal(compiled(path), minimatch.match(path), `${glob} on "${path}"`);
      }
    }
  });
});
