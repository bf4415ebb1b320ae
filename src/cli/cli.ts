import { parseArgs } from 'node:util';
import { existsSync, promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import {
  EXPORT_FORMATS,
  MATRIX_VIEWS,
  buildMatrix,
  checkMinimums,
  codeQualityReport,
  parseMinimums,
  sarifLog,
  countOf,
  exportMatrix,
  hasJspEvidence,
  isIsoDate,
  isoDateOf,
  jspPhases,
  openTraceWorkspace,
  type ConfigError,
  type CoverageMinimums,
  type ExportFormat,
  type MatrixView,
  type Severity,
  type TraceWorkspace,
  type TraceConfig,
  type TraceWorkspaceOptions,
  type WorkspaceReader,
} from '../core';
import { FileWriteError, writeFileAtomic } from '../node/atomicWrite';
import { NotACacheFileError, nodeCacheStore } from '../node/cacheFile';
import { NodeWorkspaceReader } from '../node/nodeWorkspace';
import { ExtractionPool, defaultCliWorkers } from '../node/extractionPool';
import { GitRevisionError, repositoryLocation } from '../node/gitRevision';
import { markdownReport } from './markdownReport';
import { compareWithRevision } from './since';
import { ansiStyles, jsonReport, plainStyles, textReport } from './report';
import packageJson from '../../package.json';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
  readonly cwd: string;
  /** The extraction worker bundle (dist/extractionWorker.js); without it, files are extracted in the main thread. */
  readonly workerScript?: string;
}

/** Exit codes: the contract with CI scripts. */
export const enum ExitCode {
  Ok = 0,
  FindingsAtFailLevel = 1,
  UsageOrConfig = 2,
}

const USAGE = `Usage: jsp-trace <command> [folder] [options]

Commands:
  check [folder]              check the security traceability of a workspace folder (default: the
                              current folder); print a summary and every finding
  matrix [folder]             print or write the traceability matrix, with coverage and JSP phases

Options of check:
  --format text|json|sarif|markdown|codequality
                              output format (default: text): SARIF 2.1.0 for code-scanning views, a
                              Markdown pull-request summary, GitLab's code quality report
  --fail-on error|warning|never
                              exit with 1 when a finding has this severity or a higher one (default: error)
  --min-coverage <measure=percent,...>
                              fail (exit 1) when a coverage measure is below its minimum, e.g.
                              verified=90,implemented=95,mitigated=100 (adds to "minCoverage" in the config)
  --since <git-ref>           report only what is new since that revision (read through git, the working
                              tree untouched): new findings, matched by rule and item, and how each coverage
                              measure moved; the exit code follows the new findings only

Options of matrix:
  --format html|csv|json      output format (default: html)
  --view requirements|threats|concept|vulnerabilities|categories|components
                              the rows of the matrix (default: requirements)
  --output <file>             write to a file (atomically) instead of printing

Common options:
  --config <path>             configuration file (default: <folder>/jsp-trace.jsonc, optional)
  --today YYYY-MM-DD          the date that risk acceptances' "Expires:" is checked against (default:
                              the system date), so that a report can be reproduced
  --cache                     keep what was extracted from Markdown in a cache file, so the next run
                              parses only the documents that changed
  --cache-location <file>     the cache file (default: <folder>/.jsp-trace-cache; implies --cache)
  --workers <n>               threads that read and extract files in parallel (default: none on one or
                              two cores, else one per core but one, at most 8; 0 works in the main thread)
  -h, --help                  show this help
  -v, --version               show the version

Exit codes: 0 success (check: no finding at the fail level), 1 check found findings at the fail level,
2 usage or configuration error.
`;

class UsageError extends Error {}

const CHECK_FORMATS = ['text', 'json', 'sarif', 'markdown', 'codequality'] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Like ESLint's `.eslintcache`: beside what it caches, for the user to ignore in version control. */
const CACHE_FILE_NAME = '.jsp-trace-cache';

const FAIL_LEVELS: Record<string, readonly Severity[]> = {
  error: ['error'],
  warning: ['error', 'warning'],
  never: [],
};

const OPTIONS = {
  format: { type: 'string' },
  'fail-on': { type: 'string', default: 'error' },
  view: { type: 'string', default: 'requirements' },
  output: { type: 'string' },
  config: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  today: { type: 'string' },
  since: { type: 'string' },
  'min-coverage': { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Runs the CLI with its arguments (without `node` and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`jsp-trace: ${(error as Error).message}\nRun "jsp-trace --help" for usage.\n`);
      return ExitCode.UsageOrConfig;
    }
    if (error instanceof NotACacheFileError || error instanceof FileWriteError || error instanceof GitRevisionError) {
      io.stderr(`jsp-trace: ${error.message}\n`);
      return ExitCode.UsageOrConfig;
    }
    throw error;
  }
}

type ParsedArgs = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: typeof OPTIONS }>>;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals }: ParsedArgs = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: OPTIONS });
  if (values.help) {
    io.stdout(USAGE);
    return ExitCode.Ok;
  }
  if (values.version) {
    io.stdout(`${packageJson.version}\n`);
    return ExitCode.Ok;
  }
  const [command, folderArgument, ...extra] = positionals;
  if (command === undefined) {
    io.stdout(USAGE);
    return ExitCode.UsageOrConfig;
  }
  if (command !== 'check' && command !== 'matrix') {
    throw new UsageError(`unknown command "${command}". The commands are "check" and "matrix".`);
  }
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument "${extra[0]}": ${command} takes one folder.`);
  }
  const folder = nodePath.resolve(io.cwd, folderArgument ?? '.');
  const options = command === 'check' ? checkOptions(values) : matrixOptions(values);
  if (values.today !== undefined && !isIsoDate(values.today)) {
    throw new UsageError(`--today must be a date written YYYY-MM-DD, not "${values.today}".`);
  }
  if (!(await isDirectory(folder))) {
    throw new UsageError(`"${folderArgument ?? '.'}" is not a folder.`);
  }
  const pool = extractionPool(values.workers, io);
  try {
    return await checkOrMatrix(folder, options, values, io, pool);
  } finally {
    pool?.dispose();
  }
}

/** More threads than this only add memory: each holds the extractors and its files' parsed sections. */
const MOST_WORKERS = 32;

/** The extraction workers `--workers` asks for (else {@link defaultCliWorkers}), when the worker bundle is there. */
function extractionPool(workers: string | undefined, io: CliIo): ExtractionPool | undefined {
  if (workers !== undefined && (!/^\d{1,2}$/.test(workers) || Number(workers) > MOST_WORKERS)) {
    throw new UsageError(`--workers must be a number of threads from 0 (extract in the main thread) to ${MOST_WORKERS}, not "${workers}".`);
  }
  const size = workers === undefined ? defaultCliWorkers() : Number(workers);
  if (size === 0 || !io.workerScript || !existsSync(io.workerScript)) {
    return undefined;
  }
  return new ExtractionPool(io.workerScript, size, (message) => io.stderr(`jsp-trace: warning: ${message}\n`));
}

async function checkOrMatrix(
  folder: string,
  options: ReturnType<typeof checkOptions> | ReturnType<typeof matrixOptions>,
  values: ParsedArgs['values'],
  io: CliIo,
  pool: ExtractionPool | undefined,
): Promise<number> {
  // The workers read the folder's files themselves; a --since base is read through git, so its text is sent to them.
  const workspaceSetup: TraceWorkspaceOptions = { ...(await workspaceOptions(folder, values, io)), ...(pool ? { extractor: (config) => pool.extractorFor(config, folder) } : {}) };
  const workspace = openTraceWorkspace(workspaceSetup);
  await workspace.rebuild();
  const index = workspace.index;
  if (!index) {
    reportConfigErrors(workspace.configErrors, values.config ?? nodePath.relative(io.cwd, nodePath.join(folder, workspace.configPath!)), io);
    return ExitCode.UsageOrConfig;
  }

  if (options.command === 'matrix') {
    const matrix = buildMatrix(index, options.view);
    const content = exportMatrix(matrix, jspPhases(index), options.format, { title: nodePath.basename(folder), generated: new Date().toISOString() });
    if (values.output) {
      await writeFileAtomic(nodePath.resolve(io.cwd, values.output), content);
      io.stderr(`Wrote the ${matrix.title.toLowerCase()} matrix (${countOf(matrix.rows.length, 'row')}) to ${values.output}.\n`);
    } else {
      io.stdout(content);
    }
    return ExitCode.Ok;
  }

  // The base is indexed as the working tree is, without the cache: it holds the working tree's documents.
  const openBase = (reader: WorkspaceReader) =>
    openTraceWorkspace({ ...workspaceSetup, cache: undefined, reader, ...(pool ? { extractor: (config: TraceConfig) => pool.extractorFor(config) } : {}) });
  const where = { folder, title: nodePath.relative(io.cwd, folder) || '.' };
  return printCheck(workspace, options, where, io, values.since === undefined ? undefined : { ref: values.since, openBase });
}

/** The revision `--since` names, and how to index the folder as it is there. */
interface SinceOption {
  readonly ref: string;
  readonly openBase: (reader: WorkspaceReader) => TraceWorkspace;
}

/**
 * Prints the summary and the findings; the exit code says whether a finding is at the fail level. With
 * `--since`, only the findings new since the base count, and the report says how coverage moved.
 */
async function printCheck(
  workspace: TraceWorkspace,
  options: ReturnType<typeof checkOptions>,
  where: { readonly folder: string; readonly title: string },
  io: CliIo,
  since: SinceOption | undefined,
): Promise<ExitCode> {
  const { folder, title } = where;
  const findings = workspace.findings();
  const summary = workspace.summary(findings)!; // printed once the folder is indexed
  const jspEvidence = hasJspEvidence(workspace.index!);
  const change = since && (await compareWithRevision(folder, since.ref, { findings, summary }, since.openBase));
  const minimums = checkMinimums(summary, { ...workspace.index!.config.minCoverage, ...options.minimums });
  // Code-scanning views and review tools open files from the repository root, not from the checked folder.
  const repository = options.format === 'text' || options.format === 'json' ? undefined : await repositoryLocation(folder);
  const pathPrefix = repository?.prefix ?? '';
  // Under --since only the new findings are reported and counted.
  const reported = change ? change.changes.added : findings;
  const newFindings = change && new Set(reported);
  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify(jsonReport(summary, findings, jspEvidence, change, minimums), null, 2)}\n`);
      break;
    case 'sarif':
      io.stdout(`${JSON.stringify(sarifLog(findings, { toolVersion: packageJson.version, pathPrefix, rootUri: repository?.rootUri, only: newFindings }), null, 2)}\n`);
      break;
    case 'codequality':
      io.stdout(`${JSON.stringify(codeQualityReport(findings, pathPrefix, newFindings), null, 2)}\n`);
      break;
    case 'markdown':
      io.stdout(markdownReport({ title, pathPrefix }, summary, findings, change, minimums));
      break;
    default:
      io.stdout(textReport(title, summary, findings, io.color ? ansiStyles : plainStyles, jspEvidence, change, minimums));
  }
  const failed = reported.some((finding) => options.failLevels.includes(finding.severity)) || minimums.some((check) => !check.met);
  return failed ? ExitCode.FindingsAtFailLevel : ExitCode.Ok;
}

/** How to open the folder's workspace: with the configuration file and the cache file the options name. */
async function workspaceOptions(folder: string, values: { config?: string; cache?: boolean; 'cache-location'?: string; today?: string }, io: CliIo): Promise<TraceWorkspaceOptions> {
  const configPath = values.config ? nodePath.resolve(io.cwd, values.config) : undefined;
  const today = isoDateOf(new Date());
  const cacheFile = values['cache-location'] ? nodePath.resolve(io.cwd, values['cache-location']) : values.cache ? nodePath.join(folder, CACHE_FILE_NAME) : undefined;
  return {
    reader: new NodeWorkspaceReader(folder),
    // The system date, read once for the run; --today fixes it.
    ...(values.today === undefined ? { clock: () => today } : { today: values.today }),
    ...(configPath ? { configPath, configText: await readConfigFile(configPath) } : {}),
    ...(cacheFile ? { cache: await nodeCacheStore(cacheFile, packageJson.version, (message) => io.stderr(`jsp-trace: warning: ${message}\n`)) } : {}),
  };
}

function reportConfigErrors(errors: readonly ConfigError[], shownPath: string, io: CliIo): void {
  io.stderr(errors.map((error) => formatConfigError(shownPath, error)).join(''));
  io.stderr(`jsp-trace: the configuration has ${errors.length === 1 ? 'an error' : 'errors'}; fix ${errors.length === 1 ? 'it' : 'them'} and run again.\n`);
}

type ParsedValues = { format?: string; 'fail-on'?: string; view?: string; output?: string; since?: string; 'min-coverage'?: string };

function checkOptions(values: ParsedValues) {
  const format = (values.format ?? 'text') as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) {
    throw new UsageError(`--format of check must be one of ${CHECK_FORMATS.join(', ')}, not "${format}".`);
  }
  const failLevels = FAIL_LEVELS[values['fail-on'] ?? 'error'];
  if (!failLevels) {
    throw new UsageError(`--fail-on must be "error", "warning" or "never", not "${values['fail-on']}".`);
  }
  if (values.output) {
    throw new UsageError('--output goes with "matrix"; redirect the output of "check" instead.');
  }
  return { command: 'check' as const, format, failLevels, minimums: minimumsOption(values['min-coverage']) };
}

function minimumsOption(text: string | undefined): CoverageMinimums {
  try {
    return text === undefined ? {} : parseMinimums(text);
  } catch (error) {
    throw new UsageError(`--min-coverage: ${(error as Error).message}`);
  }
}

function matrixOptions(values: ParsedValues) {
  const format = (values.format ?? 'html') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format of matrix must be one of ${EXPORT_FORMATS.join(', ')}, not "${format}".`);
  }
  if (values.since !== undefined || values['min-coverage'] !== undefined) {
    throw new UsageError(`${values.since !== undefined ? '--since' : '--min-coverage'} goes with "check".`);
  }
  const view = values.view as MatrixView;
  if (!MATRIX_VIEWS.includes(view)) {
    throw new UsageError(`--view must be one of ${MATRIX_VIEWS.join(', ')}, not "${values.view}".`);
  }
  return { command: 'matrix' as const, format, view };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads `--config` as the workspace's files are read: a folder, a FIFO or a device is an error, never a hang. */
async function readConfigFile(path: string): Promise<string> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await new NodeWorkspaceReader(nodePath.dirname(path)).readFile(nodePath.basename(path));
  } catch (error) {
    throw new UsageError(`cannot read the configuration file "${path}": ${(error as Error).message}.`);
  }
  if (!bytes) {
    throw new UsageError(`cannot read the configuration file "${path}": it does not exist.`);
  }
  return new TextDecoder().decode(bytes);
}

function formatConfigError(path: string, error: ConfigError): string {
  const { line, character } = error.range.start;
  const field = error.field ? `${error.field}: ` : '';
  return `${path}:${line + 1}:${character + 1}: error: ${field}${error.message}\n`;
}
