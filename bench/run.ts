/**
 * `npm run bench`: JSP Trace side by side with ripgrep on generated workspaces (see bench/README.md).
 * Prints one table on standard output (progress goes to standard error) and writes the same as JSON.
 * Every figure is a median, a percentile or a ratio measured in this run: nothing here passes or fails.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { buildSync } from 'esbuild';
import { DEFAULT_CONFIG } from '../src/core/config/config';
import { JSP_KINDS } from '../src/core/model';
import { BENCH_DIR, DEFAULT_WORKSPACES_DIR, generateWorkspace, type TestResultsStats, type WorkspaceStats } from './generate';
import { EVIDENCE_TODAY, type EvidenceStats } from './evidence';
import { formatProfile, summarizeProfile, type ProfileSummary } from './profile';
import { ChromiumMissing, SMOKE_KEYSTROKES, measureMatrix, type MatrixResult } from './matrix';

const REPO = nodePath.resolve(BENCH_DIR, '..');
const CLI = nodePath.join(REPO, 'dist', 'cli.js');
const CHILD_SOURCE = nodePath.join(BENCH_DIR, 'child.ts');
const CHILD = nodePath.join(DEFAULT_WORKSPACES_DIR, '.build', 'child.js');

/**
 * Bundles bench/child.ts with the options esbuild.mjs uses for the CLI, so that the core runs in the
 * measuring process exactly as it runs in dist/cli.js (one CommonJS bundle, no loader hooks).
 */
function bundleChild(): void {
  buildSync({
    entryPoints: [CHILD_SOURCE],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
}

// ---------------------------------------------------------------------------------------------------------
// Options

interface Options {
  /** The workspace of the headline figures (cold index, phases, RSS). */
  readonly headline: number;
  readonly incrementalSizes: readonly number[];
  readonly scaleSizes: readonly number[];
  readonly runs: number;
  /** Runs at the largest scaling size, which is slow. */
  readonly largeRuns: number;
  readonly phaseRuns: number;
  readonly edits: number;
  readonly seed: number;
  readonly json: string;
  readonly profile: boolean;
  readonly smoke: boolean;
  /** The workspace of the matrix rows (25,000 files: 5,000 requirements); undefined: no matrix rows. */
  readonly matrixFiles: number | undefined;
  /** Timed page loads of the matrix (one untimed load precedes them, except in a smoke run). */
  readonly matrixLoads: number;
  /** Whether the matrix rows measure the item-dense workspace (when {@link matrixFiles} names no other). */
  readonly matrixOnDense: boolean;
  /** The item-dense workspace: its files and items (a fifth of them requirements); undefined: no such rows. */
  readonly dense: { readonly files: number; readonly items: number } | undefined;
  /** The workspace indexed in a real extension host (code-server) for the event-loop rows; undefined: none. */
  readonly hostFiles: number | undefined;
}

/** The files of the item-dense workspace: the items, not the files, are what it scales. */
const DENSE_FILES = 20_000;

const USAGE = `Usage: npx tsx bench/run.ts [options]

  --smoke             tiny workspace (200 files), one run, 40 edits: checks the bench works (CI)
  --files N           size of the headline workspace (default 10000)
  --scale A,B,...     sizes of the scaling rows (default 1000,10000,50000)
  --no-50k            drop 50000 from the scaling rows (saves about two minutes)
  --runs N            repetitions of each cold measurement (default 5; 3 at 50k) and matrix page loads
  --edits N           timed one-file edits per size (default 200)
  --seed N            generator seed (default 1)
  --json PATH         where to write the JSON (default bench/results.json)
  --profile           also CPU-profile the CLI on the headline workspace and summarize it
  --matrix-files N    workspace of the matrix rows (default: the item-dense workspace, 20,000 requirements)
  --no-matrix         drop the matrix rows (headless Chromium; about a minute with the index)
  --items N           items of the item-dense workspace (default 100000, in 20,000 files)
  --no-items          drop the item-dense rows
  --host-files N      workspace of the extension-host rows (default 50000), indexed in code-server
  --no-host           drop the extension-host rows (code-server and Chromium; about two minutes)
`;

function parseOptions(argv: readonly string[]): Options {
  let headline = 10_000;
  let scale: number[] | undefined;
  let runs: number | undefined;
  let edits: number | undefined;
  let seed = 1;
  let json = nodePath.join(BENCH_DIR, 'results.json');
  let profile = false;
  let smoke = false;
  let no50k = false;
  let matrixFiles: number | undefined;
  let matrixSet = false;
  let items: number | undefined = 100_000;
  let hostFiles: number | undefined = 50_000;
  let hostSet = false;
  const number = (value: string | undefined, name: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`${name} needs a positive integer`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--smoke':
        smoke = true;
        break;
      case '--files':
        headline = number(argv[++i], arg);
        break;
      case '--scale':
        scale = (argv[++i] ?? '').split(',').map((s) => number(s, arg));
        break;
      case '--no-50k':
        no50k = true;
        break;
      case '--runs':
        runs = number(argv[++i], arg);
        break;
      case '--edits':
        edits = number(argv[++i], arg);
        break;
      case '--seed':
        seed = number(argv[++i], arg);
        break;
      case '--json':
        json = nodePath.resolve(argv[++i] ?? '');
        break;
      case '--profile':
        profile = true;
        break;
      case '--matrix-files':
        matrixFiles = number(argv[++i], arg);
        matrixSet = true;
        break;
      case '--no-matrix':
        matrixFiles = undefined;
        matrixSet = true;
        break;
      case '--items':
        items = number(argv[++i], arg);
        break;
      case '--no-items':
        items = undefined;
        break;
      case '--host-files':
        hostFiles = number(argv[++i], arg);
        hostSet = true;
        break;
      case '--no-host':
        hostFiles = undefined;
        hostSet = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (smoke) {
    return {
      headline: 200,
      incrementalSizes: [200],
      scaleSizes: [200],
      runs: runs ?? 1,
      largeRuns: runs ?? 1,
      phaseRuns: 1,
      edits: edits ?? 40,
      seed,
      json,
      profile,
      smoke,
      // The matrix on the smoke workspace (40 requirements), one page load, no warm-up.
      matrixFiles: matrixSet ? matrixFiles : 200,
      matrixLoads: runs ?? 1,
      matrixOnDense: false,
      dense: items === undefined ? undefined : { files: 200, items: 2_000 },
      hostFiles: hostSet ? hostFiles : 200,
    };
  }
  let scaleSizes = scale ?? [1_000, 10_000, 50_000];
  if (no50k) {
    scaleSizes = scaleSizes.filter((size) => size !== 50_000);
  }
  const r = runs ?? 5;
  return {
    headline,
    incrementalSizes: [...new Set([1_000, headline])].sort((a, b) => a - b),
    scaleSizes: [...new Set([...scaleSizes, headline])].sort((a, b) => a - b),
    runs: r,
    largeRuns: Math.min(r, 3),
    phaseRuns: Math.min(r, 3),
    edits: edits ?? 200,
    seed,
    json,
    profile,
    smoke,
    matrixFiles: matrixSet ? matrixFiles : undefined,
    matrixLoads: r,
    matrixOnDense: !matrixSet && items !== undefined,
    dense: items === undefined ? undefined : { files: DENSE_FILES, items },
    hostFiles,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Statistics and formatting

function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
function ms(n: number): string {
  if (!Number.isFinite(n)) {
    return 'n/a';
  }
  return n >= 100 ? `${int(n)} ms` : n >= 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`;
}
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : 'n/a');
const pct = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`;
const mb = (n: number): string => (!Number.isFinite(n) ? 'n/a' : n >= 10 ? `${n.toFixed(0)} MB` : n >= 1 ? `${n.toFixed(1)} MB` : `${(n * 1000).toFixed(0)} KB`);
const sizeLabel = (files: number): string => (files % 1000 === 0 ? `${files / 1000}k` : String(files));

function displayPath(path: string): string {
  const relative = nodePath.relative(process.cwd(), path);
  return relative && !relative.startsWith('..') ? relative : path;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Measurements

function check(result: SpawnSyncReturns<string>, what: string): string {
  if (result.error) {
    throw new Error(`${what}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${what} exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  }
  return result.stdout;
}

/** Runs bench/child.ts in a fresh Node process and returns its JSON. */
function child<T>(args: readonly string[]): T {
  const result = spawnSync(process.execPath, [CHILD, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(check(result, `child ${args[0]}`)) as T;
}

interface ColdResult {
  readonly indexMs: number;
  readonly findingsMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly files: number;
  readonly skipped: number;
  readonly excluded: number;
  readonly items: number;
  readonly links: number;
  readonly references: number;
  readonly findings: number;
  readonly maxRssMb: number;
  readonly testResults: ResultsRead;
  readonly maintenance: MaintenanceRead;
}

/** What one cold index read of the SBOMs, vulnerability records and lockfiles (bench/child.ts `maintenanceSummary`). */
interface MaintenanceRead {
  readonly components: number;
  readonly records: number;
  readonly vex: number;
  readonly affects: number;
  readonly depends: number;
  readonly lockfiles: number;
  readonly packages: number;
  readonly findingsByRule: Readonly<Record<string, number>>;
  /** `unknown-reference` findings on a purl. */
  readonly unknownPurls: number;
  /** SBOMs and lockfiles the index could not read (too large, say). */
  readonly unreadableEvidence: readonly string[];
}

/** What one cold index read of the test results (bench/child.ts `testResultsSummary`). */
interface ResultsRead {
  readonly files: number;
  readonly testCases: number;
  /** Test cases tied to at least one requirement. */
  readonly joined: number;
  /** Of those, tied to an annotation in another file than the test's own. */
  readonly joinedElsewhere: number;
  readonly requirements: number;
  readonly evidence: number;
  readonly routes: Readonly<Record<string, number>>;
  readonly byProducer: Readonly<Record<string, { files: number; testCases: number; joined: number }>>;
}

interface PhaseResult {
  readonly walkMs: number;
  readonly bareWalkMs: number;
  readonly readMs: number;
  readonly decodeMs: number;
  readonly extractMs: number;
  readonly extractMarkdownMs: number;
  readonly extractCodeMs: number;
  readonly extractResultsMs: number;
  readonly resultsFiles: number;
  readonly resultsBytes: number;
  readonly extractSbomMs: number;
  readonly sbomFiles: number;
  readonly sbomBytes: number;
  readonly sbomJsonParseMs: number;
  readonly sbomPrettyReadMs: number;
  readonly sbomPrettyBytes: number;
  readonly extractLockfilesMs: number;
  readonly lockfileFiles: number;
  readonly lockfileBytes: number;
  readonly joinMs: number;
  readonly joinAnnotations: number;
  readonly joinAnnotatedFiles: number;
  readonly joinTestCases: number;
  readonly markdownItParseMs: number;
  readonly remarkParseMs: number;
  readonly readmeFiles: number;
  readonly readmeBytes: number;
  readonly readmeMarkdownItMs: number;
  readonly readmeRemarkMs: number;
  readonly definingDocs: number;
  readonly definingBytes: number;
  readonly readSyncMs: number;
  readonly rulesOnceMs: number;
  readonly idsChecked: number;
  readonly regexScanMs: number;
  readonly regexMatches: number;
  readonly graphMs: number;
  readonly rulesMs: number;
  readonly findingsMs: number;
  readonly textFiles: number;
  readonly bytes: number;
  readonly markdownFiles: number;
  readonly markdownWithIds: number;
  readonly markdownBytesParsed: number;
}

interface EditSample {
  readonly kind: string;
  /** An edit of a test file (kind `code`). */
  readonly test: boolean;
  readonly bytes: number;
  readonly ms: number;
  readonly extractMs: number;
  readonly changedIds: number;
  readonly affectedPaths: number;
}

interface IncrementalResult {
  readonly buildMs: number;
  readonly files: number;
  readonly warmup: number;
  readonly samples: readonly EditSample[];
}

/** The ID regular expression for ripgrep: the configured kinds' patterns, whole words. */
export function ripgrepPattern(): string {
  return `\\b(?:${JSP_KINDS.map((kind) => DEFAULT_CONFIG.kinds[kind].pattern).join('|')})\\b`;
}

/**
 * ripgrep over the same tree: the same .gitignore (`--no-require-git`: the workspace is not a git
 * repository of its own; `--no-ignore-parent`: the repository's own .gitignore, which ignores
 * bench/workspaces/, must not apply), hidden files included as JSP Trace includes them (`--hidden`), the
 * same size limit (`--max-filesize 1M` = maxFileSize), binary files skipped as ripgrep always does.
 * `--count-matches` makes it find every ID, not only the first per line, without printing each one.
 */
function ripgrepArgs(threads?: number): string[] {
  return [
    '--count-matches',
    '--hidden',
    '--no-ignore-parent',
    '--no-require-git',
    '--max-filesize',
    `${Math.floor(DEFAULT_CONFIG.maxFileSize / (1024 * 1024))}M`,
    ...(threads ? ['--threads', String(threads)] : []),
    '-e',
    ripgrepPattern(),
    '.',
  ];
}

/**
 * CPU time (user + system) of this process's finished children, from /proc/self/stat (Linux; clock
 * ticks of 10 ms). The difference around one spawnSync is that child's CPU time, all threads included:
 * less disturbed than wall time when other work shares the machine. NaN elsewhere.
 */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

interface RgResult {
  readonly ms: number;
  readonly cpuMs: number;
  readonly files: number;
  readonly matches: number;
}

function ripgrep(root: string, threads?: number): RgResult {
  const cpu = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync('rg', ripgrepArgs(threads), { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = childrenCpuMs() - cpu;
  if (result.error || (result.status !== 0 && result.status !== 1)) {
    throw new Error(`rg failed: ${result.error?.message ?? result.stderr}`);
  }
  let files = 0;
  let matches = 0;
  for (const line of result.stdout.split('\n')) {
    const colon = line.lastIndexOf(':');
    if (colon > 0) {
      files++;
      matches += Number(line.slice(colon + 1));
    }
  }
  return { ms: elapsed, cpuMs, files, matches };
}

/** ripgrep's peak RSS, with GNU time when it is installed. */
function ripgrepMaxRss(root: string): number {
  if (!existsSync('/usr/bin/time')) {
    return NaN;
  }
  const out = nodePath.join(os.tmpdir(), `jsp-trace-bench-rg-${process.pid}.txt`);
  spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, 'rg', ...ripgrepArgs()], { cwd: root, stdio: 'ignore' });
  const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  rmSync(out, { force: true });
  return (kb * 1024) / 1e6;
}

interface CliResult {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly files: number;
  readonly findings: number;
}

/**
 * The CLI end to end, as CI runs it: `node dist/cli.js check <ws> --format json --fail-on never --today <the
 * evidence's date>` (as the bench's own index checks the rules), inside a two-line wrapper that records the process's peak RSS (getrusage) when it exits.
 */
function cli(root: string, extraArgs: readonly string[] = []): CliResult {
  const rssFile = nodePath.join(os.tmpdir(), `jsp-trace-bench-rss-${process.pid}.txt`);
  const wrapper = [
    `const cli = ${JSON.stringify(CLI)};`,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`,
    'process.argv = [process.argv[0], cli, ...process.argv.slice(1)];',
    'require(cli);',
  ].join('\n');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', wrapper, '--', 'check', root, '--format', 'json', '--fail-on', 'never', '--today', EVIDENCE_TODAY, ...extraArgs], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  const report = JSON.parse(check(result, 'jsp-trace check')) as { summary: { files: number; findings: { total: number } } };
  const maxRssKb = Number(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile, { force: true });
  return { ms: elapsed, maxRssMb: (maxRssKb * 1024) / 1e6, files: report.summary.files, findings: report.summary.findings.total };
}

/**
 * The CLI with extraction workers against the main thread alone (the speed-up on this machine), and what one
 * thread extracts per second with what stays on the main thread (walk, graph, rules, findings), from which
 * the figure on more cores follows: the main thread's share bounds it.
 */
function workerRows(files: string, cliByWorkers: ReadonlyMap<number, readonly CliResult[]>, phase: (key: keyof PhaseResult) => number, cores: number): Row[] {
  const [alone, pooled] = [...cliByWorkers.entries()];
  const aloneMs = median(alone![1].map((r) => r.ms));
  const pooledMs = median(pooled![1].map((r) => r.ms));
  const extractMs = phase('readMs') + phase('extractMs');
  const mainMs = phase('walkMs') + phase('graphMs') + phase('rulesMs') + phase('findingsMs');
  const filesPerSecond = phase('textFiles') / (extractMs / 1000);
  const megabytesPerSecond = phase('bytes') / 1e6 / (extractMs / 1000);
  return [
    {
      measure: `CLI with ${pooled![0]} extraction workers (--workers ${pooled![0]}) ÷ in the main thread (--workers 0), median of ${pooled![1].length}, on ${cores} cores`,
      files,
      jspTrace: `${ms(pooledMs)} / ${ms(aloneMs)}`,
      ripgrep: '',
      ratio: `×${(pooledMs / aloneMs).toFixed(2)}`,
      target: '',
      values: { workers: pooled![0], workersMs: pooledMs, mainThreadMs: aloneMs, ratio: pooledMs / aloneMs, cores },
    },
    {
      measure: `  one thread reads and extracts ${int(filesPerSecond)} files/s (${megabytesPerSecond.toFixed(1)} MB/s); the main thread keeps walk + graph + rules + findings`,
      files: '',
      jspTrace: ms(mainMs),
      ripgrep: '',
      ratio: '',
      target: '',
      values: { filesPerSecond, megabytesPerSecond, mainThreadMs: mainMs, extractMs },
    },
  ];
}

/** The item-dense workspace: cold index, peak RSS, and the median and p95 of one-file edits. */
function denseRows(dense: { stats: WorkspaceStats; cold: readonly ColdResult[]; edits: IncrementalResult }): Row[] {
  const files = int(dense.stats.files);
  const items = Object.values(dense.stats.items).reduce((sum, count) => sum + count, 0);
  const coldMs = median(dense.cold.map((r) => r.totalMs));
  const rssMb = Math.max(...dense.cold.map((r) => r.maxRssMb));
  const editMs = dense.edits.samples.map((sample) => sample.ms);
  const editMedian = median(editMs);
  const editP95 = percentile(editMs, 95);
  const indexed = dense.cold[dense.cold.length - 1]!.items;
  return [
    {
      measure: `${int(items)} items (${int(indexed)} IDs indexed, ${int(dense.stats.items.SR)} requirements): cold index, median of ${dense.cold.length}`,
      files,
      jspTrace: ms(coldMs),
      ripgrep: '',
      ratio: '',
      target: `≤ 10 s: ${coldMs <= 10_000 ? 'met' : 'missed'}`,
      values: { items, indexedIds: indexed, coldMs, runs: dense.cold.length },
    },
    {
      measure: `${int(items)} items: one-file edit, median / p95 of ${editMs.length}`,
      files,
      jspTrace: `${ms(editMedian)} / ${ms(editP95)}`,
      ripgrep: '',
      ratio: '',
      target: `< 20 ms: ${editMedian < 20 ? 'met' : 'missed'}`,
      values: { medianMs: editMedian, p95Ms: editP95, edits: editMs.length },
    },
    {
      measure: `${int(items)} items: peak RSS of the cold index`,
      files,
      jspTrace: `${int(rssMb)} MB`,
      ripgrep: '',
      ratio: '',
      target: `< 1 GB: ${rssMb < 1000 ? 'met' : 'missed'}`,
      values: { maxRssMb: rssMb },
    },
  ];
}

/** bench/child.ts `typing`: the host's work per edit of one large document, received as a delta and whole. */
interface TypingResult {
  readonly requirements: number;
  readonly findings: number;
  readonly edits: Record<string, Record<'delta' | 'whole', readonly { readonly longestMs: number; readonly totalMs: number }[]>>;
}

/**
 * Typing in one large requirements document in the editor: the extension host's work for each edit (the
 * worker's answer received, the graph and the rules, in the host's slices): the longest block the host ran
 * without a turn for anything else, and the whole work. As the extension receives an edit (a delta against
 * the last extraction) against the same edit received whole (JSON of every item, as before), side by side.
 */
function typingRows(typing: TypingResult): Row[] {
  return Object.entries(typing.edits).map(([edit, timings], index) => {
    const longest = (way: 'delta' | 'whole') => median(timings[way].map((work) => work.longestMs));
    const total = (way: 'delta' | 'whole') => median(timings[way].map((work) => work.totalMs));
    return {
      measure: `${index === 0 ? `typing in one document of ${int(typing.requirements)} requirements (${int(typing.findings)} findings), host per edit, longest block / all work, median of ${timings.delta.length}: ` : '  '}${edit}`,
      files: '',
      jspTrace: `${ms(longest('delta'))} / ${ms(total('delta'))} (sent whole: ${ms(longest('whole'))} / ${ms(total('whole'))})`,
      ripgrep: '',
      ratio: `×${(total('delta') / total('whole')).toFixed(2)}`,
      target: `≤ 50 ms block: ${longest('delta') <= 50 ? 'met' : 'missed'}`,
      values: { edit, deltaLongestMs: longest('delta'), deltaTotalMs: total('delta'), wholeLongestMs: longest('whole'), wholeTotalMs: total('whole'), edits: timings.delta.length, requirements: typing.requirements, findings: typing.findings },
    };
  });
}

/** The extension host's event loop during a cold index in code-server, as the extension logged it. */
function hostRow(files: string, host: HostStall | undefined, error: string | undefined): Row {
  return {
    measure: host
      ? `extension host during a cold index in code-server (${int(host.files)} files indexed in ${ms(host.indexMs)}): longest event-loop stall / p99`
      : 'extension host during a cold index in code-server: longest event-loop stall / p99',
    files,
    jspTrace: host ? `${ms(host.maxMs)} / ${ms(host.p99Ms)}` : `not measured: ${error ?? 'n/a'}`,
    ripgrep: '',
    ratio: '',
    target: `≤ 50 ms: ${host ? (host.maxMs <= 50 ? 'met' : 'missed') : 'n/a'}`,
    values: host ? { ...host } : { error },
  };
}

/** What the extension logged about its host's event loop while it indexed a workspace (bench/hostStall.spec.ts). */
interface HostStall {
  readonly maxMs: number;
  readonly p99Ms: number;
  readonly files: number;
  readonly items: number;
  readonly indexMs: number;
}

/**
 * A cold index in code-server: the end-to-end runner opens a copy of the workspace in a fresh profile (no
 * extraction cache) with the built extension, and the spec prints what the extension logged.
 */
function hostStall(root: string): HostStall {
  const result = spawnSync(process.execPath, [nodePath.join(REPO, 'test/e2e/run.mjs'), nodePath.join(BENCH_DIR, 'hostStall.spec.ts')], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, E2E_WORKSPACE: root, E2E_SKIP_BUILD: '1' },
  });
  const line = result.stdout.split('\n').find((text) => text.startsWith('HOST-STALL '));
  if (!line) {
    throw new Error(`the end-to-end runner printed no HOST-STALL line (exit ${result.status}): ${(result.stdout + result.stderr).trim().split('\n').slice(-3).join(' / ')}`);
  }
  return JSON.parse(line.slice('HOST-STALL '.length)) as HostStall;
}

function profileCli(root: string): ProfileSummary {
  const dir = nodePath.join(DEFAULT_WORKSPACES_DIR, '.profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  check(
    spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, CLI, 'check', root, '--format', 'json', '--fail-on', 'never', '--today', EVIDENCE_TODAY], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    'jsp-trace check --cpu-prof',
  );
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) {
    throw new Error('no CPU profile written');
  }
  return summarizeProfile(nodePath.join(dir, file), 25);
}

// ---------------------------------------------------------------------------------------------------------
// Environment

interface Environment {
  readonly node: string;
  readonly ripgrep: string | undefined;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly platform: string;
  readonly loadAverage: readonly number[];
  readonly cliBuiltAt: string;
  readonly cliStale: boolean;
}

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = nodePath.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function environment(): Environment {
  if (!existsSync(CLI)) {
    throw new Error(`${nodePath.relative(REPO, CLI)} is missing: run "npm run build" first (npm run bench does).`);
  }
  const rg = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  const cliTime = statSync(CLI).mtimeMs;
  return {
    node: process.version,
    ripgrep: rg.status === 0 ? rg.stdout.split('\n')[0] : undefined,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1e9),
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    cliBuiltAt: new Date(cliTime).toISOString(),
    cliStale: newestMtime(nodePath.join(REPO, 'src')) > cliTime,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The table

interface Row {
  readonly measure: string;
  readonly files: string;
  readonly jspTrace: string;
  readonly ripgrep: string;
  readonly ratio: string;
  readonly target: string;
  /** The raw numbers behind the row, for the JSON. */
  readonly values?: Record<string, number | string | undefined>;
}

function renderTable(rows: readonly Row[]): string {
  const header: Row = { measure: 'measure', files: 'files', jspTrace: 'JSP Trace', ripgrep: 'ripgrep', ratio: 'ratio', target: 'target (DESIGN.md §7)' };
  const columns = ['measure', 'files', 'jspTrace', 'ripgrep', 'ratio', 'target'] as const;
  const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: Row): string => `| ${columns.map((column, i) => (i === 0 ? row[column].padEnd(widths[i]!) : row[column].padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Test results

/**
 * The rows on the tests' results files: the cold index of the tree with them against the same tree
 * without them (wall and CPU time, medians of the same rotation), then what the index read of them and
 * how many test cases joined to an `@verifies`, in all and for each runner that wrote some.
 */
function testResultsRows(size: number, withResults: readonly ColdResult[], withoutResults: readonly ColdResult[], written: TestResultsStats): Row[] {
  if (withoutResults.length === 0 || !written.written) {
    return [];
  }
  const files = int(size);
  const wall = { with: median(withResults.map((r) => r.totalMs)), without: median(withoutResults.map((r) => r.totalMs)) };
  const cpu = { with: median(withResults.map((r) => r.cpuMs)), without: median(withoutResults.map((r) => r.cpuMs)) };
  const otherFiles = Object.values(written.byProducer).reduce((n, p) => n + p.otherFiles, 0);
  const read = withResults[withResults.length - 1]!.testResults;
  const rows: Row[] = [
    {
      measure: `cold index with the tests' results (${int(written.files)} XML files, ${mb(written.bytes / 1e6)}${otherFiles ? `, + ${int(otherFiles)} others` : ''}) ÷ without, median of ${withResults.length}`,
      files,
      jspTrace: `${ms(wall.with)} / ${ms(wall.without)}`,
      ripgrep: '',
      ratio: `×${(wall.with / wall.without).toFixed(2)}`,
      target: `< ×1.15: ${wall.with < 1.15 * wall.without ? 'met' : 'missed'}`,
      values: { withMs: wall.with, withoutMs: wall.without, ratio: wall.with / wall.without, runs: withResults.length, resultsFiles: written.files, otherFiles, resultsBytes: written.bytes },
    },
    {
      measure: '  the same on CPU time (user+sys, all threads)',
      files: '',
      jspTrace: `${ms(cpu.with)} / ${ms(cpu.without)}`,
      ripgrep: '',
      ratio: `×${(cpu.with / cpu.without).toFixed(2)}`,
      target: '',
      values: { withCpuMs: cpu.with, withoutCpuMs: cpu.without, ratio: cpu.with / cpu.without },
    },
    {
      measure: `  read: ${int(read.files)} files; test cases joined to an @verifies (${int(read.joinedElsewhere)} to a test in another file), evidence for ${int(read.requirements)} requirements`,
      files: '',
      jspTrace: `${int(read.joined)} of ${int(read.testCases)}`,
      ripgrep: '',
      ratio: '',
      target: '',
      values: { files: read.files, testCases: read.testCases, joined: read.joined, joinedElsewhere: read.joinedElsewhere, evidence: read.evidence, requirements: read.requirements, ...read.routes },
    },
  ];
  for (const [producer, wrote] of Object.entries(written.byProducer)) {
    const got = read.byProducer[producer];
    rows.push({
      measure: `    ${producer} (${wrote.where}): ${got ? `${int(got.testCases)} test cases read, ${int(got.joined)} joined of ${int(wrote.annotatedTestCases)} annotated` : `${int(wrote.testCases)} test cases, not read`}`,
      files: '',
      jspTrace: '',
      ripgrep: '',
      ratio: '',
      target: '',
      values: { written: wrote.testCases, annotated: wrote.annotatedTestCases, read: got?.testCases ?? 0, joined: got?.joined ?? 0 },
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// SBOM and vulnerabilities

/**
 * The rows on the SBOM, the vulnerability registers and the lockfiles: the cold index of the tree with them
 * against the same tree without them (wall and CPU time, medians of the same rotation), then what the index
 * read of them and what each Maintenance rule found, against what the generator wrote on purpose.
 */
function sbomRows(size: number, withSbom: readonly ColdResult[], withoutSbom: readonly ColdResult[], written: EvidenceStats): Row[] {
  if (withoutSbom.length === 0 || !written.written) {
    return [];
  }
  const wall = { with: median(withSbom.map((r) => r.totalMs)), without: median(withoutSbom.map((r) => r.totalMs)) };
  const cpu = { with: median(withSbom.map((r) => r.cpuMs)), without: median(withoutSbom.map((r) => r.cpuMs)) };
  const read = withSbom[withSbom.length - 1]!.maintenance;
  const lockfileBytes = written.lockfiles.reduce((n, lockfile) => n + lockfile.bytes, 0);
  const row = (measure: string, jspTrace: string, values: Row['values'], files = ''): Row => ({ measure, files, jspTrace, ripgrep: '', ratio: '', target: '', values });
  const rows: Row[] = [
    {
      ...row(
        `cold index with the SBOM (${int(written.sbom.components)} components, ${mb(written.sbom.bytes / 1e6)}), ${int(written.records)} vulnerability records and ${written.lockfiles.length} lockfiles (${written.files} files, ${mb(written.bytes / 1e6)}) ÷ without, median of ${withSbom.length}`,
        `${ms(wall.with)} / ${ms(wall.without)}`,
        { withMs: wall.with, withoutMs: wall.without, ratio: wall.with / wall.without, runs: withSbom.length, files: written.files, bytes: written.bytes, sbomBytes: written.sbom.bytes, lockfileBytes },
        int(size),
      ),
      ratio: `×${(wall.with / wall.without).toFixed(2)}`,
    },
    { ...row('  the same on CPU time (user+sys, all threads)', `${ms(cpu.with)} / ${ms(cpu.without)}`, { withCpuMs: cpu.with, withoutCpuMs: cpu.without, ratio: cpu.with / cpu.without }), ratio: `×${(cpu.with / cpu.without).toFixed(2)}` },
    row(
      `  read: components (dependencies); records + VEX entries (affects links); packages in ${read.lockfiles} lockfiles`,
      `${int(read.components)} (${int(read.depends)}); ${int(read.records)} + ${int(read.vex)} (${int(read.affects)}); ${int(read.packages)}`,
      { ...read, findingsByRule: undefined, unreadableEvidence: read.unreadableEvidence.join(', ') },
    ),
  ];
  if (read.unreadableEvidence.length > 0) {
    rows.push(row(`  NOT READ (unreadable-file): ${read.unreadableEvidence.join(', ')}`, 'n/a', { unreadable: read.unreadableEvidence.join(', ') }));
  }
  for (const [rule, found] of Object.entries(read.findingsByRule)) {
    rows.push(row(`    ${rule}: found (written on purpose)`, `${int(found)} (${int(written.expected[rule] ?? 0)})`, { found, written: written.expected[rule] }));
  }
  rows.push(
    row(
      "    unknown-reference to a purl: found (stale Affects: written; plus the older records' pkg:generic purls)",
      `${int(read.unknownPurls)} (${int(written.expected['unknown-reference'] ?? 0)} + older)`,
      { found: read.unknownPurls, written: written.expected['unknown-reference'] },
    ),
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const env = environment();
  if (env.cliStale) {
    log('warning: src/ is newer than dist/cli.js; the CLI rows measure the older build (run "npm run build")');
  }
  if (!env.ripgrep) {
    log('ripgrep (rg) is not installed: the ripgrep column stays empty (Debian: apt-get install ripgrep)');
  }

  bundleChild();
  const sizes = [...new Set([options.headline, ...options.incrementalSizes, ...options.scaleSizes, ...(options.matrixFiles ? [options.matrixFiles] : [])])].sort((a, b) => a - b);
  const workspaces = new Map<number, { root: string; stats: WorkspaceStats }>();
  for (const size of sizes) {
    const t0 = Date.now();
    const ws = generateWorkspace({ files: size, seed: options.seed });
    log(`workspace ${sizeLabel(size)}: ${ws.generated ? `generated in ${Date.now() - t0} ms` : 'up to date'} (${nodePath.relative(REPO, ws.root)})`);
    workspaces.set(size, ws);
  }
  const head = workspaces.get(options.headline)!;
  // The same tree without its tests' results files: what reading them costs.
  const headWithoutResults = generateWorkspace({ files: options.headline, seed: options.seed, testResults: false });
  log(`workspace ${sizeLabel(options.headline)} without test results: ${headWithoutResults.generated ? 'generated' : 'up to date'} (${nodePath.relative(REPO, headWithoutResults.root)})`);
  // ... and without its SBOM, vulnerability registers and lockfiles: what reading those costs.
  const headWithoutSbom = generateWorkspace({ files: options.headline, seed: options.seed, sbom: false });
  log(`workspace ${sizeLabel(options.headline)} without SBOM: ${headWithoutSbom.generated ? 'generated' : 'up to date'} (${nodePath.relative(REPO, headWithoutSbom.root)})`);

  // Cold index at every scaling size: ripgrep and the index alternate, in a rotating order. At the
  // headline size the CLI (wall time and peak RSS), ripgrep single-threaded and the index of the trees
  // without test results and without SBOM join the rotation.
  const cold = new Map<number, { index: ColdResult[]; rg: RgResult[]; rg1: RgResult[]; cli: CliResult[]; withoutResults: ColdResult[]; withoutSbom: ColdResult[] }>();
  for (const size of options.scaleSizes) {
    const { root } = workspaces.get(size)!;
    const isHead = size === options.headline;
    const runs = size === Math.max(...options.scaleSizes) && !isHead ? options.largeRuns : options.runs;
    const samples = { index: [] as ColdResult[], rg: [] as RgResult[], rg1: [] as RgResult[], cli: [] as CliResult[], withoutResults: [] as ColdResult[], withoutSbom: [] as ColdResult[] };
    const steps: (() => void)[] = [() => samples.index.push(child<ColdResult>(['index', root]))];
    if (isHead) {
      steps.push(() => samples.withoutResults.push(child<ColdResult>(['index', headWithoutResults.root])));
      steps.push(() => samples.withoutSbom.push(child<ColdResult>(['index', headWithoutSbom.root])));
    }
    if (env.ripgrep) {
      steps.push(() => samples.rg.push(ripgrep(root)));
      if (isHead) {
        steps.push(() => samples.rg1.push(ripgrep(root, 1)));
      }
    }
    if (isHead) {
      steps.push(() => samples.cli.push(cli(root)));
    }
    if (env.ripgrep) {
      ripgrep(root); // one untimed pass, so that neither tool pays for a cold page cache
      if (isHead) {
        ripgrep(headWithoutResults.root);
        ripgrep(headWithoutSbom.root);
      }
    }
    for (let run = 0; run < runs; run++) {
      log(`cold index ${sizeLabel(size)}: run ${run + 1} of ${runs}`);
      for (let s = 0; s < steps.length; s++) {
        steps[(s + run) % steps.length]!();
      }
    }
    cold.set(size, samples);
  }

  log(`phases ${sizeLabel(options.headline)}: ${options.phaseRuns} run(s)`);
  const phaseRuns: PhaseResult[] = [];
  for (let run = 0; run < options.phaseRuns; run++) {
    phaseRuns.push(child<PhaseResult>(['phases', head.root]));
  }
  const phase = (key: keyof PhaseResult): number => median(phaseRuns.map((p) => p[key]));

  const incremental = new Map<number, IncrementalResult>();
  for (const size of options.incrementalSizes) {
    log(`incremental ${sizeLabel(size)}: ${options.edits} edits`);
    incremental.set(size, child<IncrementalResult>(['incremental', workspaces.get(size)!.root, String(options.edits), String(options.seed)]));
  }

  // The item-dense workspace: cold index (peak RSS with it) and one-file edits.
  let dense: { root: string; stats: WorkspaceStats; cold: ColdResult[]; edits: IncrementalResult } | undefined;
  if (options.dense) {
    const t0 = Date.now();
    const ws = generateWorkspace({ files: options.dense.files, seed: options.seed, items: options.dense.items });
    log(`workspace of ${int(options.dense.items)} items: ${ws.generated ? `generated in ${Date.now() - t0} ms` : 'up to date'} (${nodePath.relative(REPO, ws.root)})`);
    const coldRuns: ColdResult[] = [];
    for (let run = 0; run < options.largeRuns; run++) {
      log(`cold index of ${int(options.dense.items)} items: run ${run + 1} of ${options.largeRuns}`);
      coldRuns.push(child<ColdResult>(['index', ws.root]));
    }
    log(`incremental, ${int(options.dense.items)} items: ${options.edits} edits`);
    dense = { ...ws, cold: coldRuns, edits: child<IncrementalResult>(['incremental', ws.root, String(options.edits), String(options.seed)]) };
  }

  // The CLI with extraction workers against the main thread alone, at the headline size: the speed-up on this machine.
  const workerCounts = [0, Math.max(2, os.availableParallelism())];
  const cliByWorkers = new Map<number, CliResult[]>(workerCounts.map((count) => [count, []]));
  for (let run = 0; run < options.largeRuns; run++) {
    for (const count of run % 2 === 0 ? workerCounts : [...workerCounts].reverse()) {
      cliByWorkers.get(count)!.push(cli(head.root, ['--workers', String(count)]));
    }
  }

  // One cold index in a real extension host, with its event loop watched by the extension.
  let host: HostStall | undefined;
  let hostError: string | undefined;
  if (options.hostFiles) {
    const ws = generateWorkspace({ files: options.hostFiles, seed: options.seed });
    log(`extension host: cold index of ${sizeLabel(options.hostFiles)} in code-server`);
    try {
      host = hostStall(ws.root);
    } catch (error) {
      hostError = (error as Error).message.split('\n')[0];
      log(`extension host: not measured: ${hostError}`);
    }
  }

  // The matrix webview in headless Chromium: the model the extension sends for the matrix workspace.
  let matrix: MatrixResult | undefined;
  let matrixError: string | undefined;
  let matrixMissing = false;
  const matrixRoot = options.matrixFiles ? workspaces.get(options.matrixFiles)!.root : options.matrixOnDense ? dense?.root : undefined;
  if (matrixRoot) {
    const matrixStarted = Date.now();
    try {
      matrix = await measureMatrix({
        root: matrixRoot,
        loads: options.matrixLoads,
        warmup: !options.smoke,
        ...(options.smoke ? { keystrokes: SMOKE_KEYSTROKES } : {}),
        log,
      });
      log(`matrix: done in ${Math.round((Date.now() - matrixStarted) / 1000)} s`);
      if (matrix.webviewStale) {
        log('warning: webview/ is newer than dist/webview.js; the matrix rows measure the older build (run "npm run build")');
      }
    } catch (error) {
      matrixError = (error as Error).message.split('\n')[0];
      log(`matrix: not measured: ${matrixError}`);
      matrixMissing = error instanceof ChromiumMissing;
      if (!matrixMissing) {
        process.exitCode = 2; // a bench that no longer works, unlike a machine without Chromium
      }
    }
  }

  let profile: ProfileSummary | undefined;
  if (options.profile) {
    log(`CPU profile of the CLI at ${sizeLabel(options.headline)}`);
    profile = profileCli(head.root);
  }
  const rgMaxRss = env.ripgrep ? ripgrepMaxRss(head.root) : NaN;

  // -- Rows -----------------------------------------------------------------------------------------------
  const rows: Row[] = [];
  const headCold = cold.get(options.headline)!;
  const coldMs = median(headCold.index.map((r) => r.totalMs));
  const rgMs = median(headCold.rg.map((r) => r.ms));
  const rg1Ms = median(headCold.rg1.map((r) => r.ms));
  const cliMs = median(headCold.cli.map((r) => r.ms));
  const files = int(options.headline);
  const rgCell = (value: number): string => (env.ripgrep ? ms(value) : 'n/a');
  const lastCold = headCold.index[headCold.index.length - 1]!;
  const lastRg = headCold.rg[headCold.rg.length - 1];

  rows.push({
    measure: `cold index, median (min) of ${headCold.index.length} (walk+read+extract+graph+rules+findings)`,
    files,
    jspTrace: `${ms(coldMs)} (${int(Math.min(...headCold.index.map((r) => r.totalMs)))})`,
    ripgrep: env.ripgrep ? `${ms(rgMs)} (${int(Math.min(...headCold.rg.map((r) => r.ms)))})` : 'n/a',
    ratio: ratio(coldMs, rgMs),
    target: `≤ 3× ripgrep: ${Number.isFinite(rgMs) ? (coldMs <= 3 * rgMs ? 'met' : 'missed') : 'n/a'}`,
    values: {
      jspTraceMs: coldMs,
      ripgrepMs: rgMs,
      ratio: coldMs / rgMs,
      runs: headCold.index.length,
      jspTraceMinMs: Math.min(...headCold.index.map((r) => r.totalMs)),
      ripgrepMinMs: Math.min(...headCold.rg.map((r) => r.ms)),
      jspTraceCpuMs: median(headCold.index.map((r) => r.cpuMs)),
    },
  });
  rows.push({
    measure: `  what was found: JSP Trace items / links / references; ripgrep ID matches in files`,
    files: '',
    jspTrace: `${int(lastCold.items)} / ${int(lastCold.links)} / ${int(lastCold.references)}`,
    ripgrep: lastRg ? `${int(lastRg.matches)} in ${int(lastRg.files)}` : 'n/a',
    ratio: '',
    target: '',
    values: { items: lastCold.items, links: lastCold.links, references: lastCold.references, findings: lastCold.findings, indexedFiles: lastCold.files, ripgrepMatches: lastRg?.matches, ripgrepFiles: lastRg?.files },
  });
  rows.push(...testResultsRows(options.headline, headCold.index, headCold.withoutResults, head.stats.testResults));
  rows.push(...sbomRows(options.headline, headCold.index, headCold.withoutSbom, head.stats.evidence));
  const phaseSum = phase('walkMs') + phase('readMs') + phase('extractMs') + phase('graphMs') + phase('rulesMs') + phase('findingsMs');
  const phaseRow = (name: string, value: number, extra: Record<string, number> = {}): void => {
    rows.push({ measure: `  phase: ${name}`, files: '', jspTrace: `${ms(value)} ${pct(value, phaseSum).padStart(4)}`, ripgrep: '', ratio: '', target: '', values: { ms: value, share: value / phaseSum, ...extra } });
  };
  phaseRow('walk (list folders, globs, .gitignore)', phase('walkMs'));
  const reference = (measure: string, value: number, values: Record<string, number> = {}): void => {
    rows.push({ measure, files: '', jspTrace: ms(value), ripgrep: '', ratio: '', target: '', values: { ms: value, ...values } });
  };
  reference('    for reference: the same folders listed without any glob matching', phase('bareWalkMs'));
  phaseRow(`read (size check, read, binary check, decode; ${mb(phase('bytes') / 1e6)})`, phase('readMs'), { bytes: phase('bytes') });
  reference('    for reference: the same reads synchronous, size from the open handle', phase('readSyncMs'));
  phaseRow(
    `extract Markdown (${int(phase('markdownWithIds'))} of ${int(phase('markdownFiles'))} docs parsed, ${mb(phase('markdownBytesParsed') / 1e6)}; ${int(phase('definingDocs'))} define items)`,
    phase('extractMarkdownMs'),
    { documents: phase('markdownFiles'), parsed: phase('markdownWithIds'), bytesParsed: phase('markdownBytesParsed'), definingDocs: phase('definingDocs'), definingBytes: phase('definingBytes') },
  );
  const megabytesPerSecond = (bytes: number, parseMs: number) => `${(bytes / 1e6 / (parseMs / 1000)).toFixed(2)} MB/s`;
  const parsed = phase('markdownBytesParsed');
  reference(`    of which markdown-it parsing those docs into blocks (${megabytesPerSecond(parsed, phase('markdownItParseMs'))})`, phase('markdownItParseMs'));
  reference(`    for reference: remark + GFM tables, the parser replaced, same docs (${megabytesPerSecond(parsed, phase('remarkParseMs'))})`, phase('remarkParseMs'));
  const readmes = `${int(phase('readmeFiles'))} READMEs of installed packages, ${mb(phase('readmeBytes') / 1e6)}`;
  reference(`    for reference: markdown-it on ${readmes} (${megabytesPerSecond(phase('readmeBytes'), phase('readmeMarkdownItMs'))})`, phase('readmeMarkdownItMs'));
  reference(`    for reference: remark on the same READMEs (${megabytesPerSecond(phase('readmeBytes'), phase('readmeRemarkMs'))})`, phase('readmeRemarkMs'));
  phaseRow(`extract code (${int(phase('textFiles') - phase('markdownFiles') - phase('resultsFiles'))} files: comments, annotations, tests)`, phase('extractCodeMs'));
  phaseRow(`extract test results (${int(phase('resultsFiles'))} JUnit XML files, ${mb(phase('resultsBytes') / 1e6)})`, phase('extractResultsMs'), { files: phase('resultsFiles'), bytes: phase('resultsBytes') });
  if (phase('sbomFiles') > 0) {
    const sbomMb = phase('sbomBytes') / 1e6;
    phaseRow(`extract SBOMs (${int(phase('sbomFiles'))} CycloneDX file, ${mb(sbomMb)}: ${(sbomMb / (phase('extractSbomMs') / 1000)).toFixed(1)} MB/s)`, phase('extractSbomMs'), { files: phase('sbomFiles'), bytes: phase('sbomBytes') });
    reference('    for reference: JSON.parse of the same text (no positions, nothing checked)', phase('sbomJsonParseMs'));
    const tooLarge = phase('sbomPrettyBytes') > DEFAULT_CONFIG.maxFileSize ? ': over maxFileSize, not read by the index' : '';
    reference(`    for reference: the same SBOM pretty-printed (${mb(phase('sbomPrettyBytes') / 1e6)}${tooLarge}), read the same way`, phase('sbomPrettyReadMs'), { bytes: phase('sbomPrettyBytes') });
  }
  if (phase('lockfileFiles') > 0) {
    phaseRow(`extract lockfiles (${int(phase('lockfileFiles'))} files, ${mb(phase('lockfileBytes') / 1e6)})`, phase('extractLockfilesMs'), { files: phase('lockfileFiles'), bytes: phase('lockfileBytes') });
  }
  phaseRow('graph (TraceGraph.setFile)', phase('graphMs'));
  phaseRow('rules (TraceIndex in bulk: every ID checked once, test results joined)', phase('rulesMs'));
  reference(`    for reference: checkId once per ID (${int(phase('idsChecked'))} IDs)`, phase('rulesOnceMs'));
  reference(
    `    for reference: the join alone (${int(phase('joinTestCases'))} test cases to ${int(phase('joinAnnotations'))} @verifies in ${int(phase('joinAnnotatedFiles'))} files)`,
    phase('joinMs'),
    { testCases: phase('joinTestCases'), annotations: phase('joinAnnotations'), annotatedFiles: phase('joinAnnotatedFiles') },
  );
  phaseRow('findings (collect and sort)', phase('findingsMs'));
  reference(`  for reference: the ID regex over the same texts in Node (${int(phase('regexMatches'))} matches)`, phase('regexScanMs'), { matches: phase('regexMatches') });
  if (headCold.cli.length > 0) {
    rows.push({
      measure: `CLI end to end, median of ${headCold.cli.length} (node start to JSON on stdout)`,
      files,
      jspTrace: ms(cliMs),
      ripgrep: rgCell(rgMs),
      ratio: ratio(cliMs, rgMs),
      target: `≤ 1 s: ${cliMs <= 1000 ? 'met' : 'missed'}`,
      values: { jspTraceMs: cliMs, ripgrepMs: rgMs, ratio: cliMs / rgMs },
    });
  }
  rows.push(...workerRows(files, cliByWorkers, phase, os.availableParallelism()));
  if (headCold.rg.length > 0) {
    const coldCpu = median(headCold.index.map((r) => r.cpuMs));
    const rgCpu = median(headCold.rg.map((r) => r.cpuMs));
    rows.push({
      measure: 'cold index CPU time (user+sys, all threads), median',
      files,
      jspTrace: ms(coldCpu),
      ripgrep: ms(rgCpu),
      ratio: ratio(coldCpu, rgCpu),
      target: '',
      values: { jspTraceCpuMs: coldCpu, ripgrepCpuMs: rgCpu, ratio: coldCpu / rgCpu },
    });
  }
  if (headCold.rg1.length > 0) {
    rows.push({
      measure: 'cold index against ripgrep on one thread (--threads 1)',
      files,
      jspTrace: ms(coldMs),
      ripgrep: ms(rg1Ms),
      ratio: ratio(coldMs, rg1Ms),
      target: '',
      values: { jspTraceMs: coldMs, ripgrepMs: rg1Ms, ratio: coldMs / rg1Ms },
    });
  }

  const editStats = (samples: readonly EditSample[]): { median: number; p95: number; count: number } => ({
    median: median(samples.map((s) => s.ms)),
    p95: percentile(samples.map((s) => s.ms), 95),
    count: samples.length,
  });
  const kinds: readonly (readonly [kind: string | undefined, label: string])[] = [
    [undefined, 'one-file edit, all'],
    ['requirements-doc', 'edit of a requirements document'],
    ['code', 'edit of a source or test file'],
    ['test-file', '… of which a test file (@verifies: results joined again)'],
    ['markdown-items', 'edit of another document that defines items'],
    ['markdown-other', 'edit of a Markdown document without items'],
    ['vulnerability-record', 'edit of a vulnerability record (Status:; every vulnerability re-checked)'],
    ['sbom', 'edit of the SBOM (a support level or a VEX state; whole file read again)'],
  ];
  // Edits of the evidence are timed apart (bench/child.ts `evidenceEdits`), so the mix of all edits leaves them out.
  const evidenceKinds = new Set(['vulnerability-record', 'sbom']);
  const firstSize = options.incrementalSizes[0]!;
  for (const [kind, label] of kinds) {
    // `test-file` is the part of `code` that edits test files.
    const of = (size: number): readonly EditSample[] =>
      incremental.get(size)!.samples.filter((s) => (kind === undefined ? !evidenceKinds.has(s.kind) : s.kind === kind || (kind === 'test-file' && s.test)));
    if (of(firstSize).length === 0) {
      continue;
    }
    const baseline = editStats(of(firstSize)).median;
    for (const size of options.incrementalSizes) {
      const samples = of(size);
      const stats = editStats(samples);
      // For comparison: extracting the same text whole, without the sections parsed before.
      const wholeExtractMs = median(samples.map((s) => s.extractMs));
      rows.push({
        measure:
          kind === undefined
            ? `${label} (${stats.count}): median / p95`
            : `  ${label} (${stats.count}, ~${mb(median(samples.map((s) => s.bytes)) / 1e6)}; whole re-extract ${ms(wholeExtractMs)}; ` +
              `${int(median(samples.map((s) => s.changedIds)))} IDs, ${int(median(samples.map((s) => s.affectedPaths)))} files)`,
        files: int(size),
        jspTrace: `${ms(stats.median)} / ${ms(stats.p95)}`,
        ripgrep: '',
        // The mix of all edits is bimodal (source edits ~0.1 ms, document edits ~15 ms), so its median
        // jumps between the modes: the size comparison is made per kind of edit only.
        ratio: size === firstSize || kind === undefined ? '' : `${ratio(stats.median, baseline)} of ${sizeLabel(firstSize)}`,
        target: `< 20 ms median: ${stats.median < 20 ? 'met' : 'missed'}`,
        values: {
          kind: kind ?? 'all',
          medianMs: stats.median,
          p95Ms: stats.p95,
          edits: stats.count,
          affectedPathsMedian: median(samples.map((s) => s.affectedPaths)),
          changedIdsMedian: median(samples.map((s) => s.changedIds)),
          wholeExtractMedianMs: wholeExtractMs,
          bytesMedian: median(samples.map((s) => s.bytes)),
        },
      });
    }
  }

  rows.push(...typingRows(child<TypingResult>(['typing', String(options.smoke ? 1000 : 10_000), String(Math.max(2, Math.round(options.edits / 20)))])));

  if (headCold.cli.length > 0) {
    const rss = median(headCold.cli.map((r) => r.maxRssMb));
    rows.push({
      measure: `CLI peak RSS, median of ${headCold.cli.length}`,
      files,
      jspTrace: mb(rss),
      ripgrep: env.ripgrep ? mb(rgMaxRss) : 'n/a',
      ratio: ratio(rss, rgMaxRss),
      target: `< 300 MB: ${rss < 300 ? 'met' : 'missed'}`,
      values: { jspTraceMb: rss, ripgrepMb: rgMaxRss },
    });
  }

  const firstScale = options.scaleSizes[0]!;
  const perFile = (size: number): { jsp: number; rg: number } => {
    const samples = cold.get(size)!;
    return { jsp: median(samples.index.map((r) => r.totalMs)) / size, rg: median(samples.rg.map((r) => r.ms)) / size };
  };
  for (const size of options.scaleSizes) {
    const { jsp, rg } = perFile(size);
    const samples = cold.get(size)!;
    rows.push({
      measure: `scaling: cold index per file, median of ${samples.index.length}`,
      files: int(size),
      jspTrace: `${(jsp * 1000).toFixed(0)} µs/file`,
      ripgrep: env.ripgrep ? `${(rg * 1000).toFixed(1)} µs/file` : 'n/a',
      ratio: ratio(jsp, rg),
      target: size === firstScale ? 'flat per file' : `${ratio(jsp, perFile(firstScale).jsp)} of ${sizeLabel(firstScale)}`,
      values: { jspTraceMs: jsp * size, ripgrepMs: rg * size, jspTraceUsPerFile: jsp * 1000, ripgrepUsPerFile: rg * 1000, runs: samples.index.length, peakRssMb: median(samples.index.map((r) => r.maxRssMb)) },
    });
  }

  if (dense) {
    rows.push(...denseRows(dense));
  }
  if (options.hostFiles) {
    rows.push(hostRow(int(options.hostFiles), host, hostError));
  }
  if (matrixRoot) {
    const matrixFiles = int(options.matrixFiles ?? options.dense?.files ?? 0);
    if (matrix) {
      const loads = matrix.loads;
      const wall = median(loads.map((l) => l.wallMs));
      const own = median(loads.map((l) => l.firstPaintMs));
      rows.push({
        measure: `matrix first paint (${int(matrix.requirements)} requirements), median of ${loads.length} page load${loads.length === 1 ? '' : 's'}: model posted → rows painted`,
        files: matrixFiles,
        jspTrace: ms(wall),
        ripgrep: '',
        ratio: '',
        target: `< 500 ms: ${wall < 500 ? 'met' : 'missed'}`,
        values: { wallMs: wall, firstPaintMs: own, loads: loads.length, requirements: matrix.requirements, modelBytes: matrix.modelBytes, maxWallMs: Math.max(...loads.map((l) => l.wallMs)) },
      });
      rows.push({
        measure: "  the webview's own firstPaintMs (handler start, JSON.parse included → frame with the rows)",
        files: '',
        jspTrace: ms(own),
        ripgrep: '',
        ratio: '',
        target: '',
        values: { ms: own },
      });
      const build = median(matrix.modelBuildMs);
      const json = median(matrix.modelJsonMs);
      rows.push({
        measure: `  for reference: the host builds the model (buildPanelModel + JSON.stringify, ${mb(matrix.modelBytes / 1e6)})`,
        files: '',
        jspTrace: `${ms(build)} + ${ms(json)}`,
        ripgrep: '',
        ratio: '',
        target: '',
        values: { buildPanelModelMs: build, stringifyMs: json },
      });
      const ready = median(loads.map((l) => l.readyMs));
      rows.push({ measure: "  for reference: page load to the webview's ready message", files: '', jspTrace: ms(ready), ripgrep: '', ratio: '', target: '', values: { ms: ready } });
      const keys = matrix.keystrokes;
      const keyWall = { median: median(keys.map((k) => k.wallMs)), p95: percentile(keys.map((k) => k.wallMs), 95) };
      const keyOwn = { median: median(keys.map((k) => k.filterMs)), p95: percentile(keys.map((k) => k.filterMs), 95) };
      rows.push({
        measure: `matrix filter keystroke (${keys.length} keys): keydown → result painted, median / p95`,
        files: matrixFiles,
        jspTrace: `${ms(keyWall.median)} / ${ms(keyWall.p95)}`,
        ripgrep: '',
        ratio: '',
        target: `< 50 ms p95: ${keyWall.p95 < 50 ? 'met' : 'missed'}`,
        values: { medianMs: keyWall.median, p95Ms: keyWall.p95, maxMs: Math.max(...keys.map((k) => k.wallMs)), keystrokes: keys.length },
      });
      rows.push({
        measure: "  the webview's own filterMs (input handler → next frame)",
        files: '',
        jspTrace: `${ms(keyOwn.median)} / ${ms(keyOwn.p95)}`,
        ripgrep: '',
        ratio: '',
        target: '',
        values: { medianMs: keyOwn.median, p95Ms: keyOwn.p95 },
      });
    } else {
      const why = matrixMissing ? 'n/a (no Chromium)' : 'n/a (failed: see the log)';
      rows.push({ measure: 'matrix first paint', files: matrixFiles, jspTrace: why, ripgrep: '', ratio: '', target: '< 500 ms: n/a' });
      rows.push({ measure: 'matrix filter keystroke', files: matrixFiles, jspTrace: 'n/a', ripgrep: '', ratio: '', target: '< 50 ms p95: n/a' });
    }
  }

  // -- Output ---------------------------------------------------------------------------------------------
  const stats = head.stats;
  const title = [
    `JSP Trace bench — ${new Date().toISOString().slice(0, 19)}Z, node ${env.node}, ${env.ripgrep ?? 'ripgrep not installed'}, ${env.cpus} CPUs (${env.cpuModel}), load ${env.loadAverage.join(' ')}`,
    `Headline workspace ${sizeLabel(options.headline)} (seed ${options.seed}): ${int(stats.files)} files, ${int(stats.lines)} lines (${int(stats.indexableLines)} in indexable files), ${mb(stats.bytes / 1e6)}, ` +
      `plus ${int(stats.testResults.files)} test results files (${mb(stats.testResults.bytes / 1e6)}, ${int(stats.testResults.testCases)} test cases) ` +
      `and ${int(stats.evidence.files)} SBOM, register and lockfiles (${mb(stats.evidence.bytes / 1e6)}: ${int(stats.evidence.sbom.components)} components, ${int(stats.evidence.records)} vulnerability records); ` +
      `${int(lastCold.files)} files indexed, ${int(lastCold.excluded)} excluded by name, ${int(lastCold.skipped)} skipped (large or binary); ${int(lastCold.findings)} findings`,
    `${env.ripgrep ? 'OS file cache warm for both tools (one untimed ripgrep pass first)' : 'OS file cache warm after the first run'}; each JSP Trace cold index in a fresh Node process; rules checked with today = ${EVIDENCE_TODAY}.${options.smoke ? ' SMOKE RUN: tiny workspace, figures mean nothing.' : ''}${env.cliStale ? ' WARNING: dist/cli.js is older than src/.' : ''}`,
    ...(matrix
      ? [
          `Matrix: headless Chromium ${matrix.chromium}, ${matrix.viewport.width}×${matrix.viewport.height}, dist/webview.js of ${matrix.webviewBuiltAt.slice(0, 19)}Z${matrix.webviewStale ? ' (WARNING: older than webview/)' : ''}; ` +
            `${int(matrix.rows['requirements'] ?? 0)} requirements, ${int(matrix.rows['threats'] ?? 0)} threats, ${int(matrix.rows['concept'] ?? 0)} concept and ${int(matrix.rows['vulnerabilities'] ?? 0)} vulnerability rows.`,
        ]
      : []),
  ];
  const table = renderTable(rows);
  const durationS = (Date.now() - started) / 1000;
  process.stdout.write(`${title.join('\n')}\n\n${table}\n\nBench took ${durationS.toFixed(0)} s. JSON: ${displayPath(options.json)}\n`);
  if (profile) {
    process.stdout.write(`\n${formatProfile(profile)}`);
  }

  const json = {
    version: 1,
    date: new Date().toISOString(),
    durationS,
    environment: env,
    options,
    ripgrep: { args: ripgrepArgs(), pattern: ripgrepPattern() },
    workspaces: Object.fromEntries([...workspaces].map(([size, ws]) => [size, ws.stats])),
    workspaceWithoutResults: headWithoutResults.stats,
    workspaceWithoutSbom: headWithoutSbom.stats,
    title,
    table: rows,
    raw: {
      cold: Object.fromEntries([...cold].map(([size, s]) => [size, s])),
      phases: phaseRuns,
      incremental: Object.fromEntries(
        [...incremental].map(([size, r]) => [
          size,
          {
            buildMs: r.buildMs,
            files: r.files,
            warmup: r.warmup,
            samples: r.samples.map((s) => ({ kind: s.kind, test: s.test, bytes: s.bytes, ms: Number(s.ms.toFixed(4)), extractMs: Number(s.extractMs.toFixed(4)), changedIds: s.changedIds, affectedPaths: s.affectedPaths })),
          },
        ]),
      ),
      ripgrepMaxRssMb: rgMaxRss,
      matrix: matrix ?? (matrixError ? { error: matrixError } : undefined),
    },
    profile,
  };
  mkdirSync(nodePath.dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(json, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 2;
});
