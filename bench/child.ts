/**
 * One measurement in a fresh Node process, so that nothing (JIT, heap, module caches) carries over from
 * one run to the next. bench/run.ts starts it and reads one JSON object from its standard output.
 *
 *   index <root>                          a rebuild + findings, as the CLI does (the cold index)
 *   phases <root>                         the same steps one phase at a time, each timed
 *   incremental <root> <edits> <seed>     one index, then many one-file edits, each timed
 *   typing <requirements> [edits]         the host's work per edit of one large document, as a delta and whole
 *
 * Every mode checks the rules with the generated evidence's fixed date as today ({@link EVIDENCE_TODAY}), as
 * `jsp-trace check --today` would.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { performance } from 'node:perf_hooks';
import { listFiles, loadConfig, loadFileSelector, type BuildResult } from '../src/core/workspace/buildIndex';
import { decodeText } from '../src/core/workspace/workspaceReader';
import { openTraceWorkspace } from '../src/core/workspace/traceWorkspace';
import { isMarkdown } from '../src/core/config/files';
import { TraceIndex } from '../src/core/graph/traceIndex';
import { TraceGraph } from '../src/core/graph/graph';
import { VulnerabilityTracker } from '../src/core/graph/vulnerabilityTracker';
import { extractFile, type FileExtractor } from '../src/core/extract/extractFile';
import { SentContributions, applyContributionsDelta, parseContributions } from '../src/core/extract/contributionsDelta';
import { DEFAULT_CONFIG } from '../src/core/config/config';
import { FileSelector } from '../src/core/config/files';
import { checkId, effectiveSeverities } from '../src/core/graph/rules';
import { verifyingAnnotations } from '../src/core/graph/testResults';
import { joinTestResults } from '../src/core/graph/incrementalJoin';
import type { FileContributions, Finding, TestCaseResult } from '../src/core/model';
import type { ExtractContext, FileRole } from '../src/core/extract/context';
import { RuleName } from '../src/core/graph/ruleCatalog';
import type { ConfigError, TraceConfig } from '../src/core/config/config';
import { NodeWorkspaceReader } from '../src/node/nodeWorkspace';
import { parseBlocks } from '../src/core/extract/markdownBlocks';
import { installedReadmes } from '../test/shared/installedReadmes';
import { remarkBlocks } from '../test/shared/remarkBlocks';
import { Random, commentFor, resultsProducer } from './generate';
import { EVIDENCE_TODAY } from './evidence';

function memory(): { rssMb: number; heapUsedMb: number; maxRssMb: number } {
  const usage = process.memoryUsage();
  return { rssMb: usage.rss / 1e6, heapUsedMb: usage.heapUsed / 1e6, maxRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6 };
}

/** A rebuild of the folder through the same way in as the CLI: configuration, walk, read, extract, graph, rules. */
async function rebuild(root: string): Promise<BuildResult> {
  const workspace = openTraceWorkspace({ reader: new NodeWorkspaceReader(root), today: EVIDENCE_TODAY });
  const { build } = (await workspace.rebuild())!; // a single rebuild is never overtaken by a newer one
  failOnConfigErrors(workspace.configErrors);
  return build!;
}

function failOnConfigErrors(errors: readonly ConfigError[]): void {
  if (errors.length > 0) {
    throw new Error(`configuration errors: ${JSON.stringify(errors)}`);
  }
}

/** The cold index, exactly as the CLI builds it: walk, read, extract, graph, rules; then all findings. */
async function coldIndex(root: string): Promise<Record<string, unknown>> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { index, skipped, excludedCount } = await rebuild(root);
  const built = performance.now();
  const findings = index.findings();
  const done = performance.now();
  const cpuUsed = process.cpuUsage(cpu);
  let items = 0;
  let links = 0;
  let references = 0;
  for (const file of index.graph.files()) {
    items += file.items.length;
    links += file.links.length;
    references += file.references.length;
  }
  return {
    indexMs: built - started,
    findingsMs: done - built,
    totalMs: done - started,
    /** CPU time of the process over the same span (main thread and libuv's pool): less sensitive to other load. */
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    files: index.graph.fileCount,
    skipped: skipped.length,
    excluded: excludedCount,
    items,
    links,
    references,
    findings: findings.length,
    testResults: testResultsSummary(index),
    maintenance: maintenanceSummary(index, findings),
    ...memory(),
  };
}

/** The Maintenance phase's rules, whose findings the bench counts one by one. */
const MAINTENANCE_RULES: readonly string[] = [
  RuleName.ComponentSupportUnknown, RuleName.ComponentEndOfSupport, RuleName.SbomDrift, RuleName.VulnerabilityUntriaged,
  RuleName.VulnerabilityCommunicationOverdue, RuleName.VulnerabilityPatchOverdue, RuleName.VulnerabilityConflict,
];

/**
 * What the index read of the SBOMs, vulnerability records and lockfiles, and what the Maintenance rules found in
 * them; plus the references to a purl that nothing defines, and the evidence files it could not read.
 */
function maintenanceSummary(index: TraceIndex, findings: readonly Finding[]) {
  const counts = { components: 0, records: 0, vex: 0, affects: 0, depends: 0, lockfiles: 0, packages: 0 };
  for (const file of index.graph.files()) {
    for (const item of file.items) {
      if (item.kind === 'component' && item.attributes['metadata component'] !== 'true') {
        counts.components++;
      } else if (item.kind === 'vulnerability') {
        counts[index.selector.isSbom(file.path) ? 'vex' : 'records']++;
      }
    }
    counts.affects += file.links.filter((link) => link.type === 'affects').length;
    counts.depends += file.links.filter((link) => link.type === 'depends').length;
    counts.lockfiles += file.packages ? 1 : 0;
    counts.packages += file.packages?.length ?? 0;
  }
  const findingsByRule: Record<string, number> = Object.fromEntries(MAINTENANCE_RULES.map((rule) => [rule, 0]));
  for (const finding of findings) {
    if (finding.rule in findingsByRule) {
      findingsByRule[finding.rule]!++;
    }
  }
  const unknownPurls = findings.filter((finding) => finding.rule === RuleName.UnknownReference && finding.item.startsWith('pkg:')).length;
  const unreadable = findings.filter((finding) => finding.rule === RuleName.UnreadableFile && (index.selector.isSbom(finding.location.path) || index.selector.isLockfile(finding.location.path)));
  return { ...counts, findingsByRule, unknownPurls, unreadableEvidence: unreadable.map((finding) => finding.location.path) };
}

/** How the index extracts a file: its role by the configuration's globs, as TraceIndex decides it. */
function roleOf(index: TraceIndex, path: string): FileRole {
  const { selector } = index;
  return { isTest: selector.isTest(path), isTestResults: selector.isTestResults(path), isSbom: selector.isSbom(path), isLockfile: selector.isLockfile(path) };
}

function contextOf(index: TraceIndex, path: string): ExtractContext {
  return { matcher: index.matcher, ...roleOf(index, path) };
}

/**
 * What the index read of the test results, and how many of their test cases joined to an `@verifies`, by
 * runner; and how many joined to a test in another file than their own (see {@link isOwnFile}).
 */
function testResultsSummary(index: TraceIndex) {
  const joined = new Set<string>();
  const elsewhere = new Set<string>();
  const routes: Record<string, number> = {};
  let requirements = 0;
  let evidence = 0;
  for (const id of index.graph.allIds()) {
    const entries = index.testResults.evidence(id);
    requirements += entries.length > 0 ? 1 : 0;
    evidence += entries.length;
    for (const entry of entries) {
      routes[entry.route] = (routes[entry.route] ?? 0) + 1;
      const key = `${entry.result.path}:${entry.testCase.position.line}:${entry.testCase.position.character}`;
      joined.add(key);
      if (entry.annotation && !isOwnFile(entry.testCase, entry.annotation.path)) {
        elsewhere.add(key);
      }
    }
  }
  const byProducer: Record<string, { files: number; testCases: number; joined: number }> = {};
  for (const file of index.graph.files()) {
    if (file.testCases) {
      const producer = (byProducer[resultsProducer(file.path) ?? 'other'] ??= { files: 0, testCases: 0, joined: 0 });
      producer.files++;
      producer.testCases += file.testCases.length;
      producer.joined += file.testCases.filter(({ position }) => joined.has(`${file.path}:${position.line}:${position.character}`)).length;
    }
  }
  const total = (key: 'files' | 'testCases' | 'joined'): number => Object.values(byProducer).reduce((sum, p) => sum + p[key], 0);
  return { files: total('files'), testCases: total('testCases'), joined: total('joined'), joinedElsewhere: elsewhere.size, requirements, evidence, routes, byProducer };
}

/**
 * Whether a test case stands for a test in the file at `path`, by the generated tree's names (a file's
 * name is unique there): the file's name without extensions is a segment of the classname (pytest module,
 * Java class, ctest executable) or the test's full title starts with it (the `describe`), or the classname
 * is a Go import path ending in the file's folder.
 */
function isOwnFile(testCase: TestCaseResult, path: string): boolean {
  const slash = path.lastIndexOf('/');
  const stem = path.slice(slash + 1).replace(/\..*$/, '');
  return testCase.classname.split(/[./:]/).includes(stem) || testCase.name.split(' ')[0] === stem || testCase.classname.endsWith(`/${path.slice(0, slash)}`);
}

/**
 * The cold index one phase at a time, with the core's own functions: walk (folders, globs, .gitignore),
 * read (size check, read, binary check, decode), extract (Markdown and code separately; plus, for
 * reference, the parser alone on the same documents, and remark, the parser it replaced), graph (TraceGraph.setFile) and graph + rules
 * (TraceIndex.setContributions: rules = the difference), then findings. buildIndex overlaps reading with
 * extraction, so the phases add up to a little more than the cold index.
 */
async function phases(root: string): Promise<Record<string, unknown>> {
  const reader = new NodeWorkspaceReader(root);
  const { config: configured, errors } = await loadConfig(reader);
  failOnConfigErrors(errors);
  const loaded = { ...configured, today: EVIDENCE_TODAY };
  const t0 = performance.now();
  const selector = await loadFileSelector(reader, loaded);
  const { paths } = await listFiles(reader, selector);
  const t1 = performance.now();
  const bare = await bareWalk(reader);
  const { texts, ...read } = await readTexts(reader, paths, loaded.maxFileSize);
  // Timed from the end of the walk, as it always was: the read phase includes the bare walk.
  const readMs = performance.now() - t1;
  const index = new TraceIndex(loaded, selector);
  const { contributions, ...extract } = timedExtract(texts, index);
  return {
    walkMs: t1 - t0,
    ...bare,
    readMs,
    ...read,
    ...extract,
    ...markdownParserReference(texts, contributions, index),
    ...sbomReference(texts, index),
    readSyncMs: readSyncReference(root, paths, loaded.maxFileSize),
    ...regexReference(texts, index),
    ...timedGraph(contributions, index),
    ...joinReference(contributions),
    ...rulesOnceReference(index, loaded, contributions),
    files: paths.length,
    textFiles: texts.length,
    ...memory(),
  };
}

type Text = { readonly path: string; readonly text: string };

/** For reference: the same folders listed with no glob matching at all (folder names only). */
async function bareWalk(reader: NodeWorkspaceReader) {
  const w0 = performance.now();
  let listed = 0;
  const walk = async (folder: string): Promise<void> => {
    const entries = await reader.readDirectory(folder);
    const subfolders: Promise<void>[] = [];
    for (const entry of entries) {
      listed++;
      if (entry.type === 'directory' && entry.name !== 'node_modules' && entry.name !== 'build') {
        subfolders.push(walk(folder ? `${folder}/${entry.name}` : entry.name));
      }
    }
    await Promise.all(subfolders);
  };
  await walk('');
  return { bareWalkMs: performance.now() - w0, listed };
}

/** Read: size check, read, binary check and decode (timed apart), 32 files at a time as buildIndex does. */
async function readTexts(reader: NodeWorkspaceReader, paths: readonly string[], maxFileSize: number) {
  const texts: Text[] = [];
  let decodeMs = 0;
  let bytes = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const data = await reader.readFileUpTo(path, maxFileSize);
      if (!data || data === 'too-large') {
        continue;
      }
      const d0 = performance.now();
      const text = decodeText(data);
      decodeMs += performance.now() - d0;
      if (text !== undefined) {
        bytes += data.length;
        texts.push({ path, text });
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  texts.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { texts, decodeMs, bytes };
}

/** Extract: Markdown, code, test results (JUnit XML), SBOMs and lockfiles timed apart. */
function timedExtract(texts: readonly Text[], index: TraceIndex) {
  const t2 = performance.now();
  const contributions: FileContributions[] = [];
  let extractMarkdownMs = 0;
  let extractCodeMs = 0;
  let markdownFiles = 0;
  let markdownWithIds = 0;
  let markdownBytesParsed = 0;
  const evidence = { results: { ms: 0, files: 0, bytes: 0 }, sbom: { ms: 0, files: 0, bytes: 0 }, lockfiles: { ms: 0, files: 0, bytes: 0 } };
  for (const { path, text } of texts) {
    const context = contextOf(index, path);
    const e0 = performance.now();
    contributions.push(extractFile(path, text, context));
    const elapsed = performance.now() - e0;
    const kind = context.isTestResults ? 'results' : context.isSbom ? 'sbom' : context.isLockfile ? 'lockfiles' : undefined;
    if (kind) {
      evidence[kind].ms += elapsed;
      evidence[kind].files++;
      evidence[kind].bytes += Buffer.byteLength(text);
    } else if (isMarkdown(path)) {
      extractMarkdownMs += elapsed;
      markdownFiles++;
      if (index.matcher.containsId(text)) {
        markdownWithIds++;
        markdownBytesParsed += Buffer.byteLength(text);
      }
    } else {
      extractCodeMs += elapsed;
    }
  }
  const extractMs = performance.now() - t2;
  const { results, sbom, lockfiles } = evidence;
  return {
    contributions, extractMs, extractMarkdownMs, extractCodeMs, markdownFiles, markdownWithIds, markdownBytesParsed,
    extractResultsMs: results.ms, resultsFiles: results.files, resultsBytes: results.bytes,
    extractSbomMs: sbom.ms, sbomFiles: sbom.files, sbomBytes: sbom.bytes,
    extractLockfilesMs: lockfiles.ms, lockfileFiles: lockfiles.files, lockfileBytes: lockfiles.bytes,
  };
}

/**
 * For reference: `JSON.parse` of the SBOMs (a floor: no positions, nothing checked), and the same SBOMs
 * pretty-printed (2-space indentation, as cdxgen and the CycloneDX plugins can write them) read as the index
 * reads them. The generated SBOM is compact, because pretty-printed it passes the default `maxFileSize`.
 */
function sbomReference(texts: readonly Text[], index: TraceIndex) {
  const sboms = texts.filter(({ path }) => index.selector.isSbom(path));
  const j0 = performance.now();
  const parsed = sboms.map(({ path, text }) => ({ path, value: JSON.parse(text) as unknown }));
  const sbomJsonParseMs = performance.now() - j0;
  const pretty = parsed.map(({ path, value }) => ({ path, text: JSON.stringify(value, null, 2) }));
  const p0 = performance.now();
  for (const { path, text } of pretty) {
    extractFile(path, text, contextOf(index, path));
  }
  return { sbomJsonParseMs, sbomPrettyReadMs: performance.now() - p0, sbomPrettyBytes: pretty.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0) };
}

/**
 * For reference: the documents the prefilter lets through parsed into blocks by the reader's parser
 * (markdown-it) and by remark with GFM tables, the parser it replaced; the same for real READMEs, those of
 * the installed packages; and how many of the documents define items (the others only mention IDs).
 */
function markdownParserReference(texts: readonly Text[], contributions: readonly FileContributions[], index: TraceIndex) {
  const parsedDocs = texts.filter(({ path, text }) => isMarkdown(path) && index.matcher.containsId(text)).map(({ text }) => text);
  // This runs bundled, from bench/workspaces/.build/.
  const readmes = installedReadmes(nodePath.join(__dirname, '..', '..', '..', 'node_modules')).map((file) => readFileSync(file, 'utf8'));
  const timed = (parse: (text: string) => unknown, documents: readonly string[]): number => {
    const p0 = performance.now();
    for (const text of documents) {
      parse(text);
    }
    return performance.now() - p0;
  };
  const byPath = new Map(contributions.map((c) => [c.path, c]));
  const definingDocs = texts.filter(({ path, text }) => isMarkdown(path) && index.matcher.containsId(text) && (byPath.get(path)?.items.length ?? 0) > 0);
  return {
    markdownItParseMs: timed(parseBlocks, parsedDocs),
    remarkParseMs: timed(remarkBlocks, parsedDocs),
    readmeFiles: readmes.length,
    readmeBytes: readmes.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    readmeMarkdownItMs: timed(parseBlocks, readmes),
    readmeRemarkMs: timed(remarkBlocks, readmes),
    definingDocs: definingDocs.length,
    definingBytes: definingDocs.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0),
  };
}

/** For reference: the same files read synchronously and decoded, the size taken from the open handle (no stat by path). */
function readSyncReference(root: string, paths: readonly string[], maxFileSize: number): number {
  const y0 = performance.now();
  for (const path of paths) {
    const fd = openSync(nodePath.join(root, ...path.split('/')), 'r');
    try {
      if (fstatSync(fd).size <= maxFileSize) {
        decodeText(readFileSync(fd));
      }
    } finally {
      closeSync(fd);
    }
  }
  return performance.now() - y0;
}

/** For reference: the combined ID regular expression over every text (a JavaScript "ripgrep"). */
function regexReference(texts: readonly Text[], index: TraceIndex) {
  const s0 = performance.now();
  let regexMatches = 0;
  for (const { text } of texts) {
    for (const _ of index.matcher.matches(text)) {
      regexMatches++;
    }
  }
  return { regexScanMs: performance.now() - s0, regexMatches };
}

/**
 * Graph (TraceGraph.setFile); graph + rules as buildIndex does them (TraceIndex in bulk: every file's
 * contributions, then every ID checked once and the test results joined; rules = the difference); findings.
 */
function timedGraph(contributions: readonly FileContributions[], index: TraceIndex) {
  const g0 = performance.now();
  const graph = new TraceGraph();
  for (const c of contributions) {
    graph.setFile(c);
  }
  const graphMs = performance.now() - g0;
  const i0 = performance.now();
  index.beginBulk();
  for (const c of contributions) {
    index.setContributions(c);
  }
  index.endBulk();
  const graphRulesMs = performance.now() - i0;
  const f0 = performance.now();
  const findings = index.findings();
  const findingsMs = performance.now() - f0;
  return { graphMs, rulesMs: Math.max(0, graphRulesMs - graphMs), graphRulesMs, findingsMs, findings: findings.length };
}

/** For reference: the join of the test results to the `@verifies` annotations alone, on the same contributions (part of the rules phase). */
function joinReference(contributions: readonly FileContributions[]) {
  const annotations = contributions.flatMap(verifyingAnnotations);
  const results = contributions.flatMap(({ path, testCases, problems }) => (testCases ? [{ file: { path, testCases, problems }, mtime: undefined }] : []));
  const j0 = performance.now();
  const evidence = joinTestResults(annotations, results);
  return {
    joinMs: performance.now() - j0,
    joinAnnotations: annotations.length,
    joinAnnotatedFiles: new Set(annotations.map((annotation) => annotation.path)).size,
    joinTestCases: results.reduce((sum, { file }) => sum + file.testCases.length, 0),
    joinRequirements: evidence.size,
  };
}

/** For reference: every ID checked once, with the joined test results and the records of each CVE, without the bulk build's bookkeeping. */
function rulesOnceReference(index: TraceIndex, loaded: TraceConfig, contributions: readonly FileContributions[]) {
  const severities = effectiveSeverities(loaded.rules);
  const vulnerabilities = new VulnerabilityTracker();
  contributions.forEach((c) => vulnerabilities.update(c.path, c));
  vulnerabilities.refresh(index.graph);
  const context = { today: loaded.today, testResults: index.testResults, policy: loaded.policy, support: loaded.support, recordsByCve: vulnerabilities.recordsByCve };
  const o0 = performance.now();
  let idsChecked = 0;
  for (const id of index.graph.allIds()) {
    checkId(id, index.graph, severities, context);
    idsChecked++;
  }
  return { rulesOnceMs: performance.now() - o0, idsChecked };
}

type EditKind = 'requirements-doc' | 'markdown-items' | 'code' | 'markdown-other' | 'vulnerability-record' | 'sbom';

interface EditSample {
  readonly kind: EditKind;
  readonly path: string;
  /** A test file: its edit adds or moves an `@verifies`, so the test results are joined again. */
  readonly test: boolean;
  readonly bytes: number;
  readonly ms: number;
  /** The same text extracted again on its own, untimed in `ms`: how much of an edit is extraction. */
  readonly extractMs: number;
  readonly changedIds: number;
  readonly affectedPaths: number;
}

/**
 * One index built once, then `edits` one-file edits timed as an editor sees them: `updateFile` with the
 * new text (extract, graph update, re-check of the changed IDs), then `findingsIn` for every affected
 * path (the diagnostics to republish). Half the edits hit a uniformly random indexed file other than test
 * results (mostly code: an annotation is added), half a requirements document (a `Mitigates:` line is added or removed: what
 * people edit when they edit traceability; the generator gives these documents the same size, 40
 * requirements, at every workspace size, so that sizes compare). Each edit is followed by its revert,
 * timed as well, so the workspace stays the same throughout. A few untimed edits warm the JIT first. Then
 * the edits of the evidence: see {@link evidenceEdits}.
 */
async function incremental(root: string, edits: number, seed: number): Promise<Record<string, unknown>> {
  const b0 = performance.now();
  const { index } = await rebuild(root);
  const buildMs = performance.now() - b0;
  index.findings();

  const all: string[] = [];
  const defining: string[] = [];
  for (const file of index.graph.files()) {
    // An annotation does not go into a results file, an SBOM or a lockfile: their edits are timed apart.
    if (!file.testCases && !index.selector.isSbom(file.path) && !index.selector.isLockfile(file.path)) {
      all.push(file.path);
    }
    if (isMarkdown(file.path) && file.items.some((item) => item.kind === 'requirement')) {
      defining.push(file.path);
    }
  }
  all.sort();
  defining.sort();
  const r = new Random(seed);
  const textOf = (path: string): string => readFileSync(nodePath.join(root, ...path.split('/')), 'utf8');
  const requirements = [...index.graph.ids()].filter((id) => id.startsWith('SR-'));
  const threats = [...index.graph.ids()].filter((id) => id.startsWith('TM-'));

  const edit = (path: string, text: string): { kind: EditKind; text: string } => {
    const lines = text.split('\n');
    if (isMarkdown(path)) {
      const isDefining = (index.graph.file(path)?.items.length ?? 0) > 0;
      const from = r.int(0, lines.length - 1);
      const isKeyLine = (line: string, i: number): boolean => /^(?:- )?(?:\*\*)?Mitigates/.test(line) && i >= 0;
      const after = lines.findIndex((line, i) => i >= from && isKeyLine(line, i));
      const keyLine = after >= 0 ? after : lines.findIndex(isKeyLine);
      if (isDefining && keyLine >= 0 && r.chance(0.5)) {
        lines.splice(keyLine, 1); // remove a Mitigates: line
      } else {
        const headings = lines.map((line, i) => (/^#{1,6} /.test(line) ? i : -1)).filter((i) => i >= 0);
        const at = headings.length > 0 ? r.pick(headings) + 1 : r.int(0, lines.length);
        lines.splice(at, 0, isDefining ? `Mitigates: ${r.pick(threats)}` : `See ${r.pick(requirements)} for the rationale.`);
      }
      const definesRequirements = index.graph.file(path)?.items.some((item) => item.kind === 'requirement') ?? false;
      return { kind: definesRequirements ? 'requirements-doc' : isDefining ? 'markdown-items' : 'markdown-other', text: lines.join('\n') };
    }
    const ext = path.slice(path.lastIndexOf('.') + 1);
    const comment = commentFor(ext);
    const verb = index.selector.isTest(path) ? 'verifies' : 'implements';
    const annotation = `@${verb} ${r.pick(requirements)}`;
    const line = comment?.line ? `${comment.line} ${annotation}` : comment?.block ? `${comment.block[0]} ${annotation} ${comment.block[1]}` : `// ${annotation}`;
    lines.splice(r.int(0, lines.length), 0, line);
    return { kind: 'code', text: lines.join('\n') };
  };

  const time = (path: string, text: string) => timeEdit(index, path, text);
  const warmup = Math.min(20, Math.max(4, Math.round(edits / 10)));
  const samples: EditSample[] = [];
  for (let i = 0; i < warmup + edits / 2; i++) {
    const path = i % 2 === 0 || defining.length === 0 ? r.pick(all) : r.pick(defining);
    const original = textOf(path);
    const changed = edit(path, original);
    const forward = time(path, changed.text);
    const back = time(path, original);
    if (i >= warmup) {
      const test = changed.kind === 'code' && index.selector.isTest(path);
      samples.push({ kind: changed.kind, path, test, ...forward }, { kind: changed.kind, path, test, ...back });
    }
  }
  samples.push(...evidenceEdits(index, textOf, Math.max(2, Math.round(edits / 10)), r));
  return { buildMs, files: all.length, warmup, samples, ...memory() };
}

type EditTiming = Omit<EditSample, 'kind' | 'path' | 'test'>;

/** One edit as the editor performs it: the new text into the index, then the findings of every file they changed in. */
function timeEdit(index: TraceIndex, path: string, text: string): EditTiming {
  const t0 = performance.now();
  const change = index.updateFile(path, text);
  for (const affected of change.affectedPaths) {
    index.findingsIn(affected);
  }
  const ms = performance.now() - t0;
  const e0 = performance.now();
  extractFile(path, text, contextOf(index, path));
  const extractMs = performance.now() - e0;
  return { bytes: Buffer.byteLength(text), ms, extractMs, changedIds: change.changedIds.size, affectedPaths: change.affectedPaths.size };
}

/** A `Status:` line of a vulnerability record, in any of the key spellings. */
const STATUS_LINE = /^(?:- )?(?:\*\*Status:\*\*|\*\*Status\*\*:|Status:) (?<value>.*)$/dgm;
/** An SBOM component's level of support, compact or pretty-printed. */
const SUPPORT_LEVEL = /"name":\s*"[^"]*(?:levelOfSupport|Level of Support|support level)",\s*"value":\s*"(?<value>[^"]*)"/dg;
/** A VEX entry's `analysis.state`. */
const VEX_STATE = /"state":\s*"(?<value>[a-z_]+)"/dg;

/**
 * `count` edits of a vulnerability record (a `Status:` changed between open and patched: every vulnerability
 * is re-checked together) and `count` of the SBOM (a component's level of support or a VEX entry's state
 * changed: the whole file is read again), each followed by its revert; two of each untimed first.
 */
function evidenceEdits(index: TraceIndex, textOf: (path: string) => string, count: number, r: Random): EditSample[] {
  const records: string[] = [];
  const sboms: string[] = [];
  for (const file of index.graph.files()) {
    if (index.selector.isSbom(file.path) && file.items.some((item) => item.kind === 'component')) {
      sboms.push(file.path);
    } else if (isMarkdown(file.path) && file.items.some((item) => item.kind === 'vulnerability')) {
      records.push(file.path);
    }
  }
  // One match of `pattern`, at random, with its `value` group replaced.
  const changeValue = (text: string, pattern: RegExp, to: (value: string) => string): string | undefined => {
    const matches = [...text.matchAll(pattern)];
    const [start, end] = matches.length > 0 ? r.pick(matches).indices!.groups!['value']! : [];
    return start === undefined ? undefined : `${text.slice(0, start)}${to(text.slice(start, end))}${text.slice(end)}`;
  };
  const editOf = (kind: 'vulnerability-record' | 'sbom', text: string): string | undefined =>
    kind === 'vulnerability-record'
      ? changeValue(text, STATUS_LINE, (status) => (status.toLowerCase() === 'open' ? 'patched' : 'open'))
      : r.chance(0.5)
        ? changeValue(text, SUPPORT_LEVEL, (level) => (/maintained|active/i.test(level) ? 'deprecated' : 'Actively maintained'))
        : changeValue(text, VEX_STATE, (state) => (state === 'resolved' ? 'exploitable' : 'resolved'));
  const samples: EditSample[] = [];
  for (const [kind, paths] of [['vulnerability-record', records], ['sbom', sboms]] as const) {
    for (let i = 0; paths.length > 0 && i < count + 2; i++) {
      const path = r.pick(paths);
      const original = textOf(path);
      const changed = editOf(kind, original);
      if (changed === undefined) {
        continue;
      }
      const forward = timeEdit(index, path, changed);
      const back = timeEdit(index, path, original);
      if (i >= 2) {
        samples.push({ kind, path, test: false, ...forward }, { kind, path, test: false, ...back });
      }
    }
  }
  return samples;
}

/** A requirements document of `count` sections as people write them: heading, link line, two lines of prose. */
function requirementsDocument(count: number): string {
  const sections = Array.from(
    { length: count },
    (_, i) => `## SR-${i + 1}: The pump shall check dose limit ${i + 1}\n\n- Derives from: SO-${(i % 50) + 1}\n\nLimit ${i + 1} is read from the drug library before each infusion.\nIt is logged.\n`,
  );
  return `Infusion requirements: each derives from a security objective.\n\n${sections.join('\n')}`;
}

/** The edits of {@link typing}: the `n`th keystroke in the middle section's title or paragraph, or a line added at the top. */
const TYPING_EDITS: Record<string, (text: string, n: number, middle: number) => string> = {
  'a keystroke in a title': (text, n, middle) => text.replace(`dose limit ${middle}${'x'.repeat(n)}\n`, `dose limit ${middle}${'x'.repeat(n + 1)}\n`),
  'a keystroke in a paragraph': (text, n, middle) => text.replace(`Limit ${middle}${'y'.repeat(n)} is`, `Limit ${middle}${'y'.repeat(n + 1)} is`),
  'a line added at the top': (text) => text.replace('objective.\n', 'objective.\n\n'),
};

/** The host's work for one edit: each block it ran without giving its event loop a turn, and their sum. */
interface HostWork {
  readonly longestMs: number;
  readonly totalMs: number;
}

/**
 * Times the host's work for edits as the extension does it: the extraction worker's answer received (a
 * delta applied, or JSON parsed), then {@link TraceIndex.indexText} with the host's pause between slices.
 */
class HostClock {
  #blocks: number[] = [];
  #since = 0;
  /** The index's pause: ends one block, and starts the next when the event loop comes back. */
  readonly pause = (): Promise<void> => {
    this.#blocks.push(performance.now() - this.#since);
    return new Promise((resolve) => setImmediate(() => ((this.#since = performance.now()), resolve())));
  };

  /** An extractor whose answer, received by `receive`, is the first block of the next edit. */
  extractor(receive: () => FileContributions): FileExtractor {
    return {
      extract: async () => {
        this.#since = performance.now();
        return receive();
      },
      forget: () => undefined,
      dispose: () => undefined,
    };
  }

  async time(update: () => Promise<unknown>): Promise<HostWork> {
    this.#blocks = [];
    await update();
    this.#blocks.push(performance.now() - this.#since);
    return { longestMs: Math.max(...this.#blocks), totalMs: this.#blocks.reduce((sum, ms) => sum + ms, 0) };
  }
}

/**
 * The extension host's work for each edit of one large requirements document open in the editor: the
 * extraction worker's answer received, put in the graph, and the rules run again, in slices as the
 * extension runs them (the extraction itself runs on the worker, not timed). Two indexes take the same
 * edits side by side: one receives each edit as the extension sends it, a delta against the last
 * extraction, and one receives it whole, as JSON.
 */
async function typing(requirementsArg: string, [editsArg]: string[]): Promise<Record<string, unknown>> {
  const requirements = Number(requirementsArg);
  const edits = Number(editsArg ?? 20);
  const config: TraceConfig = { ...DEFAULT_CONFIG, maxFileSize: 64 * 1024 * 1024, today: EVIDENCE_TODAY };
  const selector = new FileSelector(config);
  const path = 'docs/requirements.md';
  const objectives = Array.from({ length: 50 }, (_, i) => `## SO-${i + 1}: Objective ${i + 1}\n`).join('\n');
  let received: () => FileContributions = () => {
    throw new Error('no answer yet');
  };
  const clock = new HostClock();
  const indexWith = () => new TraceIndex(config, selector, undefined, undefined, clock.extractor(() => received()), undefined, clock.pause);
  const delta = indexWith();
  const whole = indexWith();
  const context = contextOf(delta, path);
  let text = requirementsDocument(requirements);
  let sent = SentContributions.of(extractFile(path, text, context));
  for (const index of [delta, whole]) {
    index.updateFile('docs/objectives.md', objectives);
    index.setContributions(parseContributions(JSON.stringify(sent.contributions)));
  }
  const host = (index: TraceIndex, receive: () => FileContributions): Promise<HostWork> => {
    received = receive;
    return clock.time(() => index.indexText(path, text));
  };
  const results: Record<string, { delta: HostWork[]; whole: HostWork[] }> = {};
  for (const [name, edit] of Object.entries(TYPING_EDITS)) {
    const timings = { delta: [] as HostWork[], whole: [] as HostWork[] };
    // Two untimed edits first: the JIT.
    for (let n = 0; n < edits + 2; n++) {
      text = edit(text, n, requirements >> 1);
      const next = extractFile(path, text, context);
      const change = sent.deltaTo(next);
      const json = JSON.stringify(next);
      sent = change.sent;
      const byDelta = await host(delta, () => applyContributionsDelta(delta.graph.file(path)!, change.delta));
      const byWhole = await host(whole, () => parseContributions(json));
      if (n >= 2) {
        timings.delta.push(byDelta);
        timings.whole.push(byWhole);
      }
    }
    results[name] = timings;
  }
  return { requirements, findings: delta.findings().length, items: [...delta.graph.ids()].length, edits: results };
}

const MODES: Record<string, (root: string, rest: string[]) => Promise<Record<string, unknown>>> = {
  index: coldIndex,
  phases,
  incremental: (root, [edits, seed]) => incremental(root, Number(edits ?? 200), Number(seed ?? 1)),
  typing,
};

async function main(): Promise<void> {
  const [mode, root, ...rest] = process.argv.slice(2);
  if (!root) {
    throw new Error('usage: child.ts index|phases|incremental <root> [edits seed] | typing <requirements> [edits]');
  }
  const measure = MODES[mode ?? ''];
  if (!measure) {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(`${JSON.stringify(await measure(root, rest))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
