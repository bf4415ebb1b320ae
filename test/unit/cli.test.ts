import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/cli';
import type { JsonReport } from '../../src/cli/report';
import packageJson from '../../package.json';
import { withTempFolder } from './util';

const repoRoot = path.resolve(__dirname, '../..');
const example = 'examples/infusion-pump';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    color: false,
    cwd: repoRoot,
  });
  return { code, stdout, stderr };
}

/** The rows of the example README's "Deliberate gaps" table: the findings the example promises. */
async function documentedGaps(): Promise<string[]> {
  const readme = await fs.readFile(path.join(repoRoot, example, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Deliberate gaps'));
  return section
    .split('\n')
    .filter((line) => /^\|\s*`?[a-z]+(-[a-z]+)+`?\s*\|/.test(line))
    .map((line) => {
      const [rule, item, file, lineNumber] = line.split('|').slice(1, 5).map((cell) => cell.replace(/`/g, '').trim());
      return `${rule} ${item} ${file}:${lineNumber}`;
    })
    .sort();
}

describe('jsp-trace check', () => {
  it('rejects a --today that is not a date, naming the flag', async () => {
    const { code, stderr } = await cli('check', example, '--today', '2026-02-30');
    assert.equal(code, 2);
    assert.match(stderr, /--today must be a date written YYYY-MM-DD, not "2026-02-30"/);
  });

  it('measures the example’s risk acceptances against --today', async () => {
    const expired = async (today: string) => {
      const report = JSON.parse((await cli('check', example, '--format', 'json', '--today', today)).stdout) as JsonReport;
      return report.findings.filter((f) => f.rule === 'risk-acceptance-expired').map((f) => f.item);
    };
    assert.deepEqual(await expired('2026-03-10'), [], 'RA-3 is in date on the day it expires');
    assert.deepEqual(await expired('2026-03-11'), ['RA-3']);
    assert.deepEqual(await expired('2027-03-13'), ['RA-1', 'RA-3']);
  });

  it('reports exactly the gaps the example project documents', async () => {
    const { code, stdout } = await cli('check', example, '--format', 'json', '--today', '2026-11-28');
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.version, 1);
    const reported = report.findings.map((f) => `${f.rule} ${f.item} ${f.file}:${f.line}`).sort();
    const documented = await documentedGaps();
    assert.ok(documented.length >= 6, 'the example documents its gaps');
    assert.deepEqual(reported, documented);
    assert.equal(code, 1);
  });

  it('prints JSON findings with every documented field', async () => {
    const report = JSON.parse((await cli('check', example, '--format', 'json')).stdout) as JsonReport;
    const finding = report.findings[0]!;
    assert.deepEqual(Object.keys(finding), ['rule', 'severity', 'message', 'item', 'file', 'line', 'column']);
    assert.equal(report.summary.findings.total, report.findings.length);
    assert.ok(report.summary.requirements.total > 10);
  });

  it('prints the summary and then one line per finding as path:line:col  severity  rule  message', async () => {
    const { stdout } = await cli('check', example);
    assert.match(stdout, /^JSP Trace: examples\/infusion-pump\n\d+ files indexed\n/);
    assert.match(stdout, /\nItems {6}\d+ objectives · \d+ misuse cases · \d+ threats · \d+ requirements/);
    assert.match(stdout, /\nCoverage {3}requirements derived \d+\/\d+ \(\d+%\) · implemented \d+\/\d+ \(\d+%\) · verified/);
    assert.match(stdout, /\nFindings {3}\d+ errors? · \d+ warnings? · \d+ info\n/);
    assert.match(stdout, /\ndocs\/[\w/.-]+\.md:\d+:\d+ +error +[a-z-]+ +\S.*\n/);
  });

  it('exits by the fail level', async () => {
    assert.equal((await cli('check', example, '--fail-on', 'never')).code, 0);
    assert.equal((await cli('check', example, '--fail-on', 'warning')).code, 1);
    await withTempFolder({ 'docs/r.md': '## SO-1: O\n## SR-1: R\nDerives from: SO-1\n', 'src/a.c': '// @implements SR-1\n' }, async (folder) => {
      const { code, stdout } = await cli('check', folder);
      assert.equal(code, 1, stdout);
      await fs.writeFile(path.join(folder, 'jsp-trace.jsonc'), '{ "rules": { "requirement-not-verified": "warning" } }');
      assert.equal((await cli('check', folder)).code, 0);
      assert.equal((await cli('check', folder, '--fail-on', 'warning')).code, 1);
    });
  });

  it('fails a run below a minimum coverage, naming the measure, the figure and the minimum', async () => {
    // The example: verified 12/14, implemented 13/14, mitigated or accepted 10/11.
    const args = ['check', example, '--today', '2026-11-28', '--fail-on', 'never'];
    const below = await cli(...args, '--min-coverage', 'verified=90, implemented=90');
    assert.equal(below.code, 1);
    assert.match(below.stdout, /\nMinimums {3}requirements verified 12\/14 \(85\.7%\) is below the minimum of 90%\n/);
    assert.doesNotMatch(below.stdout, /implemented 13\/14 \(92\.8%\) is below/, 'a met minimum is not a shortfall');
    assert.equal((await cli(...args, '--min-coverage', 'verified=85,mitigated=90')).code, 0);
    const json = JSON.parse((await cli(...args, '--format', 'json', '--min-coverage', 'mitigated=100')).stdout) as JsonReport;
    assert.deepEqual(json.minimums, [{ measure: 'mitigated', minimum: 100, done: 10, total: 11, met: false }]);
    await withTempFolder({ 'reqs.md': '## SR-1: X\n', 'jsp-trace.jsonc': '{ "minCoverage": { "implemented": 100 } }' }, async (folder) => {
      const fromConfig = await cli('check', folder, '--fail-on', 'never');
      assert.equal(fromConfig.code, 1, '"minCoverage" in the configuration applies');
      assert.match(fromConfig.stdout, /requirements implemented 0\/1 \(0%\) is below the minimum of 100%/);
    });
    const wrong = await cli('check', example, '--min-coverage', 'covered=90');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--min-coverage: "covered" is not a coverage measure; the measures are derived, implemented, verified, passing, mitigated\./);
    assert.match((await cli('check', example, '--min-coverage', 'verified=high')).stderr, /--min-coverage: "verified=high" is not measure=percentage\./);
  });

  it('exits with 2 and names the field for an invalid configuration', async () => {
    await withTempFolder({ 'jsp-trace.jsonc': '{\n  "rules": { "duplicate-id": "loud" }\n}\n' }, async (folder) => {
      const { code, stderr, stdout } = await cli('check', folder);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /jsp-trace\.jsonc:2:30: error: rules\.duplicate-id: "rules\.duplicate-id" must be one of/);
      assert.match(stderr, /the configuration has an error; fix it and run again/);
    });
  });

  it('reads the configuration named by --config', async () => {
    await withTempFolder({ 'docs/r.md': '## REQ-1: R\n', 'custom.jsonc': '{ "kinds": { "requirement": { "pattern": "REQ-\\\\d+" } } }' }, async (folder) => {
      const report = JSON.parse((await cli('check', folder, '--format', 'json', '--config', path.join(folder, 'custom.jsonc'))).stdout) as JsonReport;
      assert.equal(report.summary.requirements.total, 1);
    });
  });

  it('names a --config file outside the folder as given when it has errors', async () => {
    await withTempFolder({ 'project/docs/r.md': '## SR-1: R\n', 'shared.jsonc': '{\n  "maxFileSize": "big"\n}\n' }, async (folder) => {
      const config = path.join(folder, 'shared.jsonc');
      const { code, stderr } = await cli('check', path.join(folder, 'project'), '--config', config);
      assert.equal(code, 2);
      assert.ok(stderr.startsWith(`${config}:2:18: error: maxFileSize: `), stderr);
    });
  });

  it('exits with 2 on usage errors, with a message naming the problem', async () => {
    for (const [args, message] of [
      [['check', example, '--format', 'xml'], /--format of check must be one of text, json, sarif, markdown, codequality, not "xml"/],
      [['check', example, '--fail-on', 'sometimes'], /--fail-on must be "error", "warning" or "never"/],
      [['check', 'no/such/folder'], /"no\/such\/folder" is not a folder/],
      [['check', example, '--colour'], /Unknown option '--colour'/],
      [['verify'], /unknown command "verify"/],
      [['matrix', example, '--format', 'pdf'], /--format of matrix must be one of html, csv, json/],
      [['matrix', example, '--view', 'tests'], /--view must be one of requirements, threats, concept, vulnerabilities/],
      [['check', example, '--output', 'x.html'], /--output goes with "matrix"/],
      [['check', example, '--config', 'missing.jsonc'], /cannot read the configuration file/],
      [['check', example, '--workers', 'many'], /--workers must be a number of threads from 0/],
      [['check', example, '--workers', '999'], /--workers must be a number of threads from 0 \(extract in the main thread\) to 32, not "999"/],
    ] as const) {
      const { code, stderr } = await cli(...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
    }
  });

  it('keeps a cache with --cache and gives the same report from it, also after an edit', async () => {
    const files = {
      'docs/reqs.md': '## SO-1: Objective\n## SR-1: Nonces\nDerives from: SO-1\n',
      'src/nonce.c': '// @implements SR-1\n',
    };
    await withTempFolder(files, async (folder) => {
      const first = await cli('check', folder, '--format', 'json', '--cache');
      const cacheFile = path.join(folder, '.jsp-trace-cache');
      const cached = JSON.parse((await fs.readFile(cacheFile, 'utf8')).replace(/^.*\n/, '')) as { entries: Record<string, unknown> };
      assert.deepEqual(Object.keys(cached.entries), ['docs/reqs.md'], 'Markdown only');
      const second = await cli('check', folder, '--format', 'json', '--cache');
      assert.equal(second.stdout, first.stdout);

      await fs.writeFile(path.join(folder, 'docs/reqs.md'), '## SO-1: Objective\n## SR-1: Nonces\n');
      const edited = await cli('check', folder, '--format', 'json', '--cache');
      assert.match(edited.stdout, /requirement-not-derived/, 'the edited document is parsed again');

      await fs.writeFile(cacheFile, 'JSP Trace extraction cache, format 1\n{ not json');
      const corrupt = await cli('check', folder, '--format', 'json', '--cache-location', cacheFile);
      assert.equal(corrupt.stdout, edited.stdout);
      assert.equal(corrupt.stderr, '');
    });
  });

  it('warns when the cache cannot be written, and reports as without it', async () => {
    await withTempFolder({ 'docs/reqs.md': '## SR-1: Nonces\n' }, async (folder) => {
      const cacheFile = path.join(folder, 'no/such/folder/cache');
      const cached = await cli('check', folder, '--format', 'json', '--cache-location', cacheFile);
      assert.match(cached.stderr, /^jsp-trace: warning: could not write the cache .*no[/\\]such[/\\]folder[/\\]cache: /);
      assert.equal(cached.stdout, (await cli('check', folder, '--format', 'json')).stdout);
    });
  });

  it('shows help and the version', async () => {
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: jsp-trace <command> \[folder\] \[options\]/);
    assert.deepEqual(await cli('--version'), { code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('gives the same report with extraction workers as in the main thread', async () => {
    const run = async (workers: string) =>
      (await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/jsp-trace.js'), 'check', example, '--format', 'json', '--fail-on', 'never', '--today', '2026-11-29', '--workers', workers], { cwd: repoRoot })).stdout;
    const inThread = await run('0');
    assert.ok(JSON.parse(inThread).findings.length > 10);
    assert.equal(await run('3'), inThread);
  });

  it('runs as the bundled bin script', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/jsp-trace.js'), '--version']);
    assert.equal(stdout, `${packageJson.version}\n`);
  });
});

describe('jsp-trace matrix', () => {
  it('prints the requirement matrix as CSV, one row per requirement with every column', async () => {
    const { code, stdout } = await cli('matrix', example, '--format', 'csv');
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], 'ID,Title,Category,Defined in,Derived from,Mitigates,Implemented by,Verified by,Latest results,Status,Gaps');
    const report = JSON.parse((await cli('check', example, '--format', 'json')).stdout) as JsonReport;
    // SR-11 is defined twice: one row.
    assert.equal(lines.length - 1, report.summary.requirements.total);
    assert.match(stdout, /\nSR-14,.*,untraced,requirement-not-implemented; requirement-not-verified\n/);
  });

  it('prints JSON with the rows, the summary and the JSP phases', async () => {
    const matrix = JSON.parse((await cli('matrix', example, '--format', 'json', '--view', 'threats')).stdout);
    assert.equal(matrix.view, 'threats');
    assert.deepEqual(matrix.phases.map((phase: { title: string }) => phase.title), ['Concept', 'Design & Development', 'Verification & Validation', 'Maintenance']);
    assert.equal(matrix.rows.find((row: { id: string }) => row.id === 'TM-9').status, 'untraced');
  });

  it('writes an HTML page atomically, with workspace text escaped', async () => {
    await withTempFolder({ 'docs/r.md': '## SR-1: <img src=x onerror=alert(1)>\n' }, async (folder) => {
      const output = path.join(folder, 'matrix.html');
      const { code, stderr } = await cli('matrix', folder, '--output', output);
      assert.equal(code, 0);
      assert.match(stderr, /Wrote the security requirements matrix \(1 row\) to /);
      const html = await fs.readFile(output, 'utf8');
      assert.match(html, /<td>&lt;img src=x onerror=alert\(1\)&gt;<\/td>/);
      assert.doesNotMatch(html, /<img/);
      assert.deepEqual((await fs.readdir(folder)).sort(), ['docs', 'matrix.html']);
    });
  });
});

describe('jsp-trace check: fail closed', () => {
  it('reports a requirements document it cannot parse, and fails', async () => {
    await withTempFolder({ 'a.md': `# SR-1: Dose limit\n\n${'>'.repeat(8000)} x\n` }, async (folder) => {
      const text = await cli('check', folder);
      assert.equal(text.code, 1);
      assert.match(text.stdout, /^a\.md:\d+:\d+ +error +unreadable-file +\S/m);
      const json = await cli('check', folder, '--format', 'json');
      assert.equal(json.code, 1);
      const report = JSON.parse(json.stdout) as JsonReport;
      assert.deepEqual(report.findings.filter((f) => f.rule === 'unreadable-file').map((f) => `${f.severity} ${f.item} ${f.file}`), ['error a.md a.md']);
      assert.equal(report.summary.byRule['unreadable-file'], 1);
    });
  });

  it('names the configuration file and the reason when it is a folder or a FIFO, and never hangs', async () => {
    await withTempFolder({ 'docs/r.md': '## SR-1: R\n' }, async (folder) => {
      await fs.mkdir(path.join(folder, 'jsp-trace.jsonc'));
      const asFolder = await cli('check', folder);
      assert.equal(asFolder.code, 2);
      assert.match(asFolder.stderr, /jsp-trace\.jsonc:1:1: error: JSP Trace cannot read the configuration file jsp-trace\.jsonc: it is a folder, not a file\./);
      const asConfigOption = await cli('check', folder, '--config', path.join(folder, 'jsp-trace.jsonc'));
      assert.equal(asConfigOption.code, 2);
      assert.match(asConfigOption.stderr, /cannot read the configuration file ".*jsp-trace\.jsonc": it is a folder, not a file\./);
      if (process.platform !== 'win32') {
        await fs.rmdir(path.join(folder, 'jsp-trace.jsonc'));
        await promisify(execFile)('mkfifo', [path.join(folder, 'jsp-trace.jsonc')]);
        assert.match((await cli('check', folder)).stderr, /it is not a regular file \(a FIFO, socket or device\)/);
        assert.match((await cli('check', folder, '--config', path.join(folder, 'jsp-trace.jsonc'))).stderr, /not a regular file/);
      }
    });
  });

  it('prints 150,000 findings as text and as JSON', async function () {
    this.timeout(60_000);
    const files = { 'jsp-trace.jsonc': '{ "maxFileSize": 10000000 }', 'src/a.c': '// SR-999\n'.repeat(150_000) };
    await withTempFolder(files, async (folder) => {
      const text = await cli('check', folder);
      assert.equal(text.code, 1);
      assert.equal(text.stdout.split('\n').filter((line) => line.startsWith('src/a.c:')).length, 150_000);
      const json = await cli('check', folder, '--format', 'json');
      assert.equal((JSON.parse(json.stdout) as JsonReport).findings.length, 150_000);
    });
  });
});

describe('jsp-trace check on a folder without JSP evidence', function () {
  const nistOnly = { 'controls.md': '# Controls\n\n## SC-28 Protection of Information at Rest\n\n## RA-5 Vulnerability Monitoring and Scanning\n' };

  it('still checks, and says in the text summary that no link or annotation names an ID', async function () {
    await withTempFolder(nistOnly, async (folder) => {
      const { stdout } = await cli('check', folder, '--fail-on', 'never');
      assert.match(stdout, /No JSP evidence here: no link line/);
      assert.match(stdout, /1 file indexed\nNo JSP evidence/);
    });
  });

  it('reports jspEvidence false in JSON, and true for the example project', async function () {
    await withTempFolder(nistOnly, async (folder) => {
      const report = JSON.parse((await cli('check', folder, '--format', 'json', '--fail-on', 'never')).stdout) as JsonReport;
      assert.equal(report.jspEvidence, false);
    });
    const example = JSON.parse((await cli('check', 'examples/infusion-pump', '--format', 'json', '--fail-on', 'never')).stdout) as JsonReport;
    assert.equal(example.jspEvidence, true);
    assert.doesNotMatch((await cli('check', 'examples/infusion-pump', '--fail-on', 'never')).stdout, /No JSP evidence/);
  });
});
