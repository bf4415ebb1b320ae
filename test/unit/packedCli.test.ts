import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

describe('The CLI as npm packs it', function () {
  // npm pack builds the bundles (prepare), then npm installs the tarball: tens of seconds on a loaded machine.
  this.timeout(240_000);

  it('installs from the tarball into an empty folder, holding only the CLI, and `npx jsp-trace check` runs there', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'jsp-trace-packed-'));
    try {
      const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as {
        filename: string;
        files: { path: string }[];
      }[];
      assert.deepEqual(packed[0]!.files.map((file) => file.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'bin/jsp-trace.js', 'dist/cli.js', 'dist/extractionWorker.js', 'package.json']);
      const project = path.join(folder, 'project');
      await fs.mkdir(path.join(project, 'docs'), { recursive: true });
      await fs.writeFile(path.join(project, 'package.json'), '{ "name": "project", "private": true }\n');
      await fs.writeFile(path.join(project, 'docs/reqs.md'), '## SR-1: Authenticate\n\nMitigates: TM-1\n\n## TM-1: Spoofing\n');
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(folder, packed[0]!.filename)], { cwd: project, stdio: 'ignore' });
      const run = spawnSync('npx', ['--no-install', 'jsp-trace', 'check', '.'], { cwd: project, encoding: 'utf8' });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^JSP Trace: \.\n\d+ files indexed\n/);
      assert.match(run.stdout, /requirement-not-implemented/);
      assert.equal(spawnSync('npx', ['--no-install', 'jsp-trace', '--version'], { cwd: project, encoding: 'utf8' }).stdout.trim(), JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')).version);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
