/**
 * Deterministic generator of a synthetic workspace for the benchmarks (see bench/README.md).
 *
 * One seed and one size give byte-identical trees. The tree has the proportions of a real medical-device
 * repository: most files carry no ID; a few Markdown documents define objectives, misuse cases, threats,
 * requirements, controls, test cases, risk acceptances and vulnerability records (sections with
 * `Derives from:` / `Mitigates:` lines, and tables); 10-20% of source and test files carry annotations;
 * there are some files over 1 MB, some binary files, a `node_modules` folder and a git-ignored `build/`.
 * IDs mostly resolve, with deliberate gaps: unknown references, duplicate IDs, requirements not derived,
 * implemented or verified, threats not mitigated. Beside the tests lie the results files of one CI run of
 * them, as each test runner writes them by default (see {@link TestResultsWriter}), and the product's SBOM,
 * vulnerability registers and lockfiles (see bench/evidence.ts).
 *
 * Usage: npx tsx bench/generate.ts --files 10000 [--seed 1] [--out bench/workspaces] [--no-results] [--no-sbom]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { FDA_CATEGORIES } from '../src/core/graph/categories';
import { pushTo } from '../src/core/util/collections';
import { EvidenceWriter, NO_EVIDENCE, type EvidenceStats } from './evidence';

/** Bumped whenever the output changes, so that cached workspaces are regenerated. */
export const GENERATOR_VERSION = 8;

export interface GenerateOptions {
  readonly files: number;
  readonly seed: number;
  /** Folder that holds the workspaces (default bench/workspaces). */
  readonly outDir?: string;
  /** Regenerate even when an up-to-date marker exists. */
  readonly force?: boolean;
  /**
   * Write the tests' results files (default true). Without them the tree is otherwise byte for byte the
   * same, in `<files>-<seed>-no-results/`: the bench indexes both to measure what reading results costs.
   */
  readonly testResults?: boolean;
  /**
   * Write the SBOM, the vulnerability registers and the lockfiles (default true). Without them the tree is
   * otherwise byte for byte the same, in `<files>-<seed>-no-sbom/`: the bench indexes both to measure what they cost.
   */
  readonly sbom?: boolean;
  /**
   * Define about this many items instead of the files' share (~3,700 per 10,000 files), a fifth of them
   * requirements, in `<files>-<seed>-items<items>/`. A quarter of each kind is defined in four large
   * documents, the rest in the usual small ones, as in projects that keep one big specification per area.
   */
  readonly items?: number;
}

export interface WorkspaceStats {
  readonly generatorVersion: number;
  readonly files: number;
  readonly seed: number;
  /** Files on disk, by category. */
  readonly byCategory: Record<string, number>;
  /** Lines of the text files (binary files not counted). */
  readonly lines: number;
  readonly bytes: number;
  /** Lines of the files JSP Trace indexes: text, supported, not excluded, not over 1 MB. */
  readonly indexableLines: number;
  readonly items: Record<string, number>;
  /** Deliberate gaps written into the tree. */
  readonly gaps: Record<string, number>;
  /** The results files written beside the tests: extra files, counted in none of the figures above. */
  readonly testResults: TestResultsStats;
  /** The SBOM, vulnerability registers, risk acceptances and lockfiles: extra files, counted in none of the figures above. */
  readonly evidence: EvidenceStats;
}

const NO_RESULTS: TestResultsStats = { written: false, files: 0, bytes: 0, testCases: 0, annotatedTestCases: 0, byProducer: {} };

/** What one test runner's results files hold (see {@link TestResultsWriter}). */
export interface ProducerStats {
  /** Where the files are: a file, or a folder ending in `/`. */
  readonly where: string;
  files: number;
  /** Files the producer writes beside its XML that are not results (Surefire's `.txt` summaries). */
  otherFiles: number;
  bytes: number;
  testCases: number;
  /** Test cases of an annotated test under its current name: those a join can tie to an `@verifies`. */
  annotatedTestCases: number;
  failed: number;
  skipped: number;
  /** Test cases named after a test that no longer exists (renamed since the run). */
  stale: number;
}

export interface TestResultsStats {
  readonly written: boolean;
  /** Results files (XML) in all. */
  readonly files: number;
  readonly bytes: number;
  readonly testCases: number;
  readonly annotatedTestCases: number;
  readonly byProducer: Readonly<Record<string, ProducerStats>>;
}

export interface GeneratedWorkspace {
  readonly root: string;
  readonly stats: WorkspaceStats;
  /** True when the tree was written now, false when the cached one was up to date. */
  readonly generated: boolean;
}

export const BENCH_DIR = nodePath.resolve(__dirname);
export const DEFAULT_WORKSPACES_DIR = nodePath.join(BENCH_DIR, 'workspaces');

/** Writes (or reuses) the workspace `<outDir>/<files>-<seed>/`. */
export function generateWorkspace(options: GenerateOptions): GeneratedWorkspace {
  const outDir = options.outDir ?? DEFAULT_WORKSPACES_DIR;
  const withResults = options.testResults ?? true;
  const withSbom = options.sbom ?? true;
  const root = nodePath.join(outDir, `${options.files}-${options.seed}${withResults ? '' : '-no-results'}${withSbom ? '' : '-no-sbom'}${options.items ? `-items${options.items}` : ''}`);
  // The marker lives beside the tree, not in it, so that neither tool sees it.
  const marker = `${root}.json`;
  if (!options.force && existsSync(marker) && existsSync(root)) {
    try {
      const stats = JSON.parse(readFileSync(marker, 'utf8')) as WorkspaceStats;
      const current = stats.generatorVersion === GENERATOR_VERSION && stats.files === options.files && stats.seed === options.seed;
      if (current && stats.testResults.written === withResults && stats.evidence.written === withSbom) {
        return { root, stats, generated: false };
      }
    } catch {
      // regenerate below
    }
  }
  rmSync(marker, { force: true });
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const stats = new Generator(options.files, options.seed, withResults, withSbom, options.items).write(root);
  writeFileSync(marker, `${JSON.stringify(stats, null, 2)}\n`);
  return { root, stats, generated: true };
}

// ---------------------------------------------------------------------------------------------------------
// Random numbers

/** mulberry32: a small, fast, seedable PRNG; good enough for test data. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }
  float(): number {
    return this.#next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#next() * list.length)]!;
  }
  /** Picks by weight from `[value, weight]` pairs. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let r = this.#next() * total;
    for (const [value, weight] of choices) {
      r -= weight;
      if (r < 0) {
        return value;
      }
    }
    return choices[choices.length - 1]![0];
  }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.#next() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
  /** A log-normal sample with the given median; `sigma` controls the tail. */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.#next(), 1e-12);
    const v = this.#next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

const NOUNS = [
  'pump', 'dose', 'gateway', 'session', 'token', 'certificate', 'firmware', 'image', 'bootloader', 'counter',
  'envelope', 'order', 'patient', 'record', 'audit', 'event', 'alarm', 'config', 'key', 'store', 'cache',
  'queue', 'message', 'channel', 'device', 'sensor', 'reading', 'rate', 'volume', 'limit', 'profile', 'role',
  'user', 'clinician', 'nurse', 'ward', 'schedule', 'report', 'export', 'backup', 'update', 'package',
  'signature', 'digest', 'nonce', 'timestamp', 'log', 'entry', 'buffer', 'frame', 'packet', 'socket',
  'handler', 'request', 'response', 'payload', 'header', 'policy', 'rule', 'check', 'result', 'state',
];
const VERBS = [
  'validate', 'verify', 'parse', 'encode', 'decode', 'load', 'store', 'send', 'receive', 'apply', 'build',
  'compute', 'check', 'reject', 'accept', 'rotate', 'refresh', 'sign', 'encrypt', 'decrypt', 'record',
  'report', 'schedule', 'cancel', 'reset', 'open', 'close', 'flush', 'read', 'write', 'format', 'normalize',
];
const ADJECTIVES = [
  'signed', 'encrypted', 'authenticated', 'stale', 'pending', 'active', 'expired', 'trusted', 'remote',
  'local', 'secure', 'default', 'maximum', 'minimum', 'current', 'previous', 'next', 'raw', 'valid',
];
const PROSE = [
  'The gateway forwards only orders that passed validation.',
  'A clinician confirms every change before it reaches the pump.',
  'Keys never leave the secure element; the host sees only handles.',
  'The audit trail is append-only and its entries are chained by digest.',
  'When the connection drops, the pump keeps running the last confirmed program.',
  'Rate limits apply per device and per user, whichever is reached first.',
  'Configuration changes are versioned and can be rolled back from the console.',
  'Times are recorded in UTC with millisecond precision (ISO-8601).',
  'TLS 1.3 is required; older protocol versions are refused at the handshake.',
  'The update agent downloads images over HTTPS and verifies them before staging.',
  'Alarms are raised locally first and then reported to the central station.',
  'Personal data is minimized: the pump stores no patient name, only an encounter number.',
  'Errors are reported with a stable code so that the service team can search for them.',
  'Operators can export the event log as CSV from the maintenance menu.',
  'The dashboard refreshes every five seconds and shows the age of each reading.',
  'SHA-256 digests identify every released artefact in the manifest.',
  'Hospital IT manages the identity provider; the device trusts its signed assertions.',
  'Backups are encrypted with a key held by the customer, not by the manufacturer.',
];
const STRIDE = ['Spoofing', 'Tampering', 'Repudiation', 'Information disclosure', 'Denial of service', 'Elevation of privilege'];
const AREAS = [
  'auth', 'dose', 'firmware', 'gateway', 'telemetry', 'audit', 'update', 'crypto', 'dashboard', 'storage',
  'network', 'alarms', 'identity', 'backup', 'config', 'reporting', 'scheduler', 'drivers', 'bootloader', 'api',
];

function titleCase(words: string[]): string {
  return words.map((word, i) => (i === 0 ? word[0]!.toUpperCase() + word.slice(1) : word)).join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// Languages

interface Language {
  readonly ext: string;
  /** Line comment prefix, or undefined when the language has only block comments. */
  readonly line: string | undefined;
  readonly block: readonly [string, string] | undefined;
  /** Lines of one function, with `doc` lines (comment content) placed before it. */
  readonly fn: (r: Random, name: string, doc: readonly string[], bodyLines: number) => string[];
  /** The file's first lines; `suite` is a test file's suite, after which Java names the file's class. */
  readonly header: (r: Random, module: string, suite?: string) => string[];
  /**
   * Rewrites `fn`'s lines into a test as the language's test framework declares one (JUnit 5, Unity, go
   * test, `#[test]`, jest and mocha), so that the test has the name its results carry. Absent where `fn`
   * already is one (pytest, shunit2). A rewrite of `fn`'s output draws the same random numbers as `fn`:
   * the rest of the tree stays as it was.
   */
  readonly test?: (lines: readonly string[], name: string) => string[];
  /** Wraps a test file's tests in the file-level suite its framework reports them under (a `describe`). */
  readonly suite?: (title: string, tests: readonly string[]) => string[];
}

/** Replaces the line that starts with `prefix` (after indentation) by `replacement`, lines included. */
function replaceLine(lines: readonly string[], prefix: string, replacement: readonly string[]): string[] {
  const at = lines.findIndex((line) => line.trimStart().startsWith(prefix));
  return at < 0 ? [...lines] : [...lines.slice(0, at), ...replacement, ...lines.slice(at + 1)];
}

/** The `it()` title of a generated jest or mocha test: its function name in words (`test_open_key_3` → "open key 3"). */
function testTitle(name: string): string {
  return name.replace(/^test_/, '').replace(/_/g, ' ');
}

/** jest and mocha: the function becomes an `it()` call titled after it (a JavaScript file's export goes). */
const itTest = (lines: readonly string[], name: string): string[] =>
  lines
    .filter((line) => !line.startsWith('module.exports.'))
    .map((line) => (/^(?:export )?async function /.test(line) && line.includes(` ${name}(`) ? `it('${testTitle(name)}', async () => {` : line === '}' ? '});' : line));
const describeSuite = (title: string, tests: readonly string[]): string[] => [`describe('${title}', () => {`, ...tests.map((line) => (line ? `  ${line}` : line)), '});'];

const ident = (r: Random): string => `${r.pick(ADJECTIVES)}_${r.pick(NOUNS)}`;
const camel = (r: Random): string => {
  const noun = r.pick(NOUNS);
  return `${r.pick(VERBS)}${noun[0]!.toUpperCase()}${noun.slice(1)}`;
};
const snake = (r: Random): string => `${r.pick(VERBS)}_${r.pick(NOUNS)}`;

function cStatement(r: Random): string {
  return r.pick([
    () => `int ${ident(r)} = ${r.int(0, 4096)};`,
    () => `if (${ident(r)} > ${r.int(1, 255)}) { return -${r.int(1, 40)}; }`,
    () => `memcpy(out->${r.pick(NOUNS)}, in->${r.pick(NOUNS)}, sizeof(out->${r.pick(NOUNS)}));`,
    () => `status = ${snake(r)}(ctx, ${ident(r)});`,
    () => `log_debug("${r.pick(VERBS)} %d // not a comment", ${ident(r)});`,
    () => `for (size_t i = 0; i < ${ident(r)}_len; i++) { acc ^= buf[i]; }`,
    () => `/* ${r.pick(PROSE)} */`,
    () => `// ${r.pick(PROSE)}`,
    () => ``,
  ])();
}

function tsStatement(r: Random): string {
  return r.pick([
    () => `const ${camel(r)} = await this.${camel(r)}(${r.pick(NOUNS)});`,
    () => `if (!${r.pick(NOUNS)}.${r.pick(NOUNS)}) { throw new Error('${r.pick(VERBS)} failed: see https://example.org/${r.pick(NOUNS)}'); }`,
    () => `const url = \`https://\${host}/api/v${r.int(1, 3)}/${r.pick(NOUNS)}s\`;`,
    () => `result.push({ ${r.pick(NOUNS)}: ${r.int(0, 999)}, ${r.pick(NOUNS)}: '${r.pick(ADJECTIVES)}' });`,
    () => `// ${r.pick(PROSE)}`,
    () => `logger.info('${camel(r)}', { ${r.pick(NOUNS)} });`,
    () => `return ${r.pick(NOUNS)}s.filter((item) => item.${r.pick(NOUNS)} > ${r.int(0, 100)});`,
    () => ``,
  ])();
}

function pyStatement(r: Random): string {
  return r.pick([
    () => `${snake(r)} = self.${snake(r)}(${r.pick(NOUNS)})`,
    () => `if not ${r.pick(NOUNS)}.${r.pick(NOUNS)}:`,
    () => `    raise ValueError("${r.pick(VERBS)} failed # not a comment")`,
    () => `result.append({"${r.pick(NOUNS)}": ${r.int(0, 999)}, "${r.pick(NOUNS)}": "${r.pick(ADJECTIVES)}"})`,
    () => `# ${r.pick(PROSE)}`,
    () => `logger.info("%s %s", ${r.pick(NOUNS)}, ${r.pick(NOUNS)})`,
    () => `for ${r.pick(NOUNS)} in ${r.pick(NOUNS)}s:`,
    () => `    total += ${r.pick(NOUNS)}.${r.pick(NOUNS)}`,
    () => ``,
  ])();
}

function goStatement(r: Random): string {
  return r.pick([
    () => `${camel(r)}, err := s.${camel(r)}(ctx, ${r.pick(NOUNS)})`,
    () => `if err != nil {\n\t\treturn fmt.Errorf("${r.pick(VERBS)}: %w", err)\n\t}`,
    () => `// ${r.pick(PROSE)}`,
    () => `out = append(out, ${r.pick(NOUNS)}{ID: ${r.int(0, 999)}, Name: "${r.pick(ADJECTIVES)}"})`,
    () => `log.Printf("${r.pick(VERBS)} %v", ${r.pick(NOUNS)})`,
    () => ``,
  ])();
}

function javaStatement(r: Random): string {
  return r.pick([
    () => `final var ${camel(r)} = this.${camel(r)}(${r.pick(NOUNS)});`,
    () => `if (${r.pick(NOUNS)} == null) { throw new IllegalStateException("${r.pick(VERBS)} failed"); }`,
    () => `// ${r.pick(PROSE)}`,
    () => `result.add(new ${titleCase([r.pick(NOUNS)]).replace(' ', '')}(${r.int(0, 999)}, "${r.pick(ADJECTIVES)}"));`,
    () => `LOG.debug("{} {}", ${r.pick(NOUNS)}, ${r.pick(NOUNS)});`,
    () => ``,
  ])();
}

function rustStatement(r: Random): string {
  return r.pick([
    () => `let ${snake(r)} = self.${snake(r)}(&${r.pick(NOUNS)})?;`,
    () => `if ${r.pick(NOUNS)}.is_empty() { return Err(Error::${titleCase([r.pick(NOUNS)])}); }`,
    () => `// ${r.pick(PROSE)}`,
    () => `out.push(${titleCase([r.pick(NOUNS)])} { id: ${r.int(0, 999)}, name: "${r.pick(ADJECTIVES)}".into() });`,
    () => ``,
  ])();
}

function sqlStatement(r: Random): string {
  return r.pick([
    () => `  ${r.pick(NOUNS)}_${r.pick(NOUNS)} VARCHAR(${r.int(8, 255)}) NOT NULL,`,
    () => `  ${r.pick(NOUNS)}_id BIGINT REFERENCES ${r.pick(NOUNS)}s(id),`,
    () => `  -- ${r.pick(PROSE)}`,
    () => `  created_at TIMESTAMP DEFAULT now(),`,
  ])();
}

function shStatement(r: Random): string {
  return r.pick([
    () => `${r.pick(NOUNS).toUpperCase()}_DIR="\${ROOT}/${r.pick(NOUNS)}"`,
    () => `if [ -z "\${${r.pick(NOUNS).toUpperCase()}}" ]; then echo "missing ${r.pick(NOUNS)} # not a comment"; exit 1; fi`,
    () => `# ${r.pick(PROSE)}`,
    () => `run_step ${snake(r)} --${r.pick(NOUNS)} "\${${r.pick(NOUNS).toUpperCase()}}"`,
    () => ``,
  ])();
}

function yamlStatement(r: Random): string {
  return r.pick([
    () => `  ${r.pick(NOUNS)}: ${r.int(0, 9999)}`,
    () => `  ${r.pick(NOUNS)}_${r.pick(NOUNS)}: "${r.pick(ADJECTIVES)}"`,
    () => `  # ${r.pick(PROSE)}`,
    () => `  - name: ${r.pick(VERBS)}-${r.pick(NOUNS)}`,
  ])();
}

const body = (r: Random, n: number, statement: (r: Random) => string, indent: string): string[] =>
  Array.from({ length: n }, () => statement(r).split('\n').map((line) => (line ? indent + line : line))).flat();

const LICENSE = [
  'Copyright (c) PumpLink Medical, Inc. All rights reserved.',
  'Licensed under the PumpLink commercial licence; see LICENSE in the repository root.',
];

const LANGUAGES: Record<string, Language> = {
  c: {
    ext: 'c',
    line: '//',
    block: ['/*', '*/'],
    header: (r, module) => ['/*', ...LICENSE.map((l) => ` * ${l}`), ' */', '', `#include "${module}.h"`, '#include <string.h>', `#include <${r.pick(['stdint', 'stdbool', 'stddef'])}.h>`, ''],
    fn: (r, name, doc, n) => [
      ...(doc.length ? ['/**', ...doc.map((d) => ` * ${d}`), ' */'] : []),
      `static int ${name}(${r.pick(NOUNS)}_ctx_t *ctx, const uint8_t *buf, size_t len)`,
      '{',
      '    int status = 0;',
      ...body(r, n, cStatement, '    '),
      '    return status;',
      '}',
      '',
    ],
    // Unity: `void test_x(void)`, which its generated runner calls.
    test: (lines, name) => replaceLine(replaceLine(lines, `static int ${name}(`, [`void ${name}(void)`]), 'return status;', ['    TEST_ASSERT_EQUAL_INT(0, status);']),
  },
  h: {
    ext: 'h',
    line: '//',
    block: ['/*', '*/'],
    header: (_r, module) => ['/*', ...LICENSE.map((l) => ` * ${l}`), ' */', `#ifndef ${module.toUpperCase()}_H`, `#define ${module.toUpperCase()}_H`, ''],
    fn: (r, name, doc, n) => [
      ...(doc.length ? ['/**', ...doc.map((d) => ` * ${d}`), ' */'] : []),
      `int ${name}(${r.pick(NOUNS)}_ctx_t *ctx, const uint8_t *buf, size_t len);`,
      ...Array.from({ length: Math.max(0, n - 2) }, () => `#define ${r.pick(NOUNS).toUpperCase()}_${r.pick(NOUNS).toUpperCase()} ${r.int(0, 65535)}u`),
      '',
    ],
  },
  ts: {
    ext: 'ts',
    line: '//',
    block: ['/*', '*/'],
    header: (r, module) => [`import { ${camel(r)} } from '../${r.pick(AREAS)}/${r.pick(NOUNS)}';`, `import type { ${titleCase([r.pick(NOUNS)])} } from './${module}';`, "import { logger } from '../util/log';", ''],
    fn: (r, name, doc, n) => [
      ...(doc.length ? ['/**', ...doc.map((d) => ` * ${d}`), ' */'] : []),
      `export async function ${name}(${r.pick(NOUNS)}: ${titleCase([r.pick(NOUNS)])}, host: string): Promise<unknown[]> {`,
      '  const result: unknown[] = [];',
      ...body(r, n, tsStatement, '  '),
      '  return result;',
      '}',
      '',
    ],
    test: itTest,
    suite: describeSuite,
  },
  js: {
    ext: 'js',
    line: '//',
    block: ['/*', '*/'],
    header: (r) => ["'use strict';", `const { ${camel(r)} } = require('./${r.pick(NOUNS)}');`, ''],
    fn: (r, name, doc, n) => [
      ...(doc.length ? ['/**', ...doc.map((d) => ` * ${d}`), ' */'] : []),
      `async function ${name}(${r.pick(NOUNS)}, host) {`,
      '  const result = [];',
      ...body(r, n, tsStatement, '  '),
      '  return result;',
      '}',
      `module.exports.${name} = ${name};`,
      '',
    ],
    test: itTest,
    suite: describeSuite,
  },
  py: {
    ext: 'py',
    line: '#',
    block: ['"""', '"""'],
    header: (r, module) => [...LICENSE.map((l) => `# ${l}`), `"""${titleCase([r.pick(NOUNS), 'helpers'])} for ${module}."""`, 'import logging', `from .${r.pick(NOUNS)} import ${titleCase([r.pick(NOUNS)])}`, '', 'logger = logging.getLogger(__name__)', ''],
    fn: (r, name, doc, n) => [
      `def ${name}(self, ${r.pick(NOUNS)}):`,
      ...(doc.length ? [`    """${doc[0]}`, ...doc.slice(1).map((d) => `    ${d}`), '    """'] : []),
      '    result = []',
      '    total = 0',
      ...body(r, n, pyStatement, '    '),
      '    return result',
      '',
    ],
  },
  go: {
    ext: 'go',
    line: '//',
    block: ['/*', '*/'],
    header: (_r, module) => [...LICENSE.map((l) => `// ${l}`), '', `package ${module.replace(/[^a-z]/g, '')}`, '', 'import (', '\t"context"', '\t"fmt"', '\t"log"', ')', ''],
    fn: (r, name, doc, n) => [
      ...doc.map((d) => `// ${d}`),
      `func (s *Service) ${name[0]!.toUpperCase()}${name.slice(1)}(ctx context.Context, ${r.pick(NOUNS)} string) (out []${r.pick(NOUNS)}, err error) {`,
      ...body(r, n, goStatement, '\t'),
      '\treturn out, nil',
      '}',
      '',
    ],
    test: (lines, name) => {
      const exported = `${name[0]!.toUpperCase()}${name.slice(1)}`;
      return replaceLine(replaceLine(lines, `func (s *Service) ${exported}(`, [`func ${exported}(t *testing.T) {`]), 'return out, nil', ['\tt.Log(out)']);
    },
  },
  java: {
    ext: 'java',
    line: '//',
    block: ['/*', '*/'],
    header: (r, module, suite) => {
      const lines = ['/*', ...LICENSE.map((l) => ` * ${l}`), ' */', `package com.pumplink.${module.replace(/[^a-z]/g, '')};`, '', 'import java.util.ArrayList;', 'import java.util.List;', `import com.pumplink.${r.pick(AREAS)}.${titleCase([r.pick(NOUNS)])};`, ''];
      const drawn = `${titleCase([r.pick(NOUNS)])}${titleCase([r.pick(NOUNS)])}`;
      return [...lines, `public final class ${suite ?? drawn} {`, ''];
    },
    fn: (r, name, doc, n) => [
      ...(doc.length ? ['    /**', ...doc.map((d) => `     * ${d}`), '     */'] : []),
      `    public List<Object> ${name}(final Object ${r.pick(NOUNS)}) {`,
      '        final List<Object> result = new ArrayList<>();',
      ...body(r, n, javaStatement, '        '),
      '        return result;',
      '    }',
      '',
    ],
    test: (lines, name) => replaceLine(replaceLine(lines, `public List<Object> ${name}(`, ['    @Test', `    void ${name}() {`]), 'return result;', ['        assertFalse(result.isEmpty());']),
  },
  rs: {
    ext: 'rs',
    line: '//',
    block: ['/*', '*/'],
    header: (r) => [...LICENSE.map((l) => `// ${l}`), `use crate::${r.pick(AREAS)}::${titleCase([r.pick(NOUNS)])};`, 'use crate::error::Error;', ''],
    fn: (r, name, doc, n) => [
      ...doc.map((d) => `/// ${d}`),
      `pub fn ${name}(&self, ${r.pick(NOUNS)}: &[u8]) -> Result<Vec<Item>, Error> {`,
      '    let mut out = Vec::new();',
      ...body(r, n, rustStatement, '    '),
      '    Ok(out)',
      '}',
      '',
    ],
    // A test may return a Result, so the body's `?` stays valid.
    test: (lines, name) => replaceLine(replaceLine(lines, `pub fn ${name}(`, ['#[test]', `fn ${name}() -> Result<(), Error> {`]), 'Ok(out)', ['    Ok(())']),
  },
  sql: {
    ext: 'sql',
    line: '--',
    block: ['/*', '*/'],
    header: (_r, module) => [`-- Schema for the ${module} service.`, ...LICENSE.map((l) => `-- ${l}`), ''],
    fn: (r, name, doc, n) => [
      ...doc.map((d) => `-- ${d}`),
      `CREATE TABLE ${name} (`,
      '  id BIGSERIAL PRIMARY KEY,',
      ...body(r, n, sqlStatement, ''),
      `  note TEXT DEFAULT '-- not a comment'`,
      ');',
      '',
    ],
  },
  sh: {
    ext: 'sh',
    line: '#',
    block: undefined,
    header: () => ['#!/usr/bin/env bash', ...LICENSE.map((l) => `# ${l}`), 'set -euo pipefail', ''],
    fn: (r, name, doc, n) => [...doc.map((d) => `# ${d}`), `${name}() {`, ...body(r, n, shStatement, '  '), '}', ''],
  },
  yaml: {
    ext: 'yaml',
    line: '#',
    block: undefined,
    header: (_r, module) => [`# Deployment settings for ${module}.`, 'version: 2', ''],
    fn: (r, name, doc, n) => [...doc.map((d) => `# ${d}`), `${name}:`, ...body(r, n, yamlStatement, ''), ''],
  },
};

/** Source languages and their share of source files. */
const LANGUAGE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['ts', 20], ['py', 17], ['c', 12], ['h', 4], ['go', 10], ['java', 10], ['js', 8], ['rs', 4], ['sql', 4], ['sh', 4], ['yaml', 7],
];

/** The line-comment prefix (or block delimiters) the bench uses to add an annotation to a generated file. */
export function commentFor(ext: string): { line?: string; block?: readonly [string, string] } | undefined {
  if (ext === 'md') {
    return { block: ['<!--', '-->'] };
  }
  const language = Object.values(LANGUAGES).find((l) => l.ext === ext);
  return language ? { ...(language.line ? { line: language.line } : {}), ...(language.block ? { block: language.block } : {}) } : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The generator

interface ItemCounts {
  SO: number;
  MC: number;
  TM: number;
  SR: number;
  SC: number;
  TC: number;
  RA: number;
  VULN: number;
}

class Generator {
  readonly #r: Random;
  readonly #byCategory: Record<string, number> = {};
  readonly #gaps: Record<string, number> = {
    unknownReferences: 0,
    duplicateIds: 0,
    requirementsNotDerived: 0,
    threatsNotMitigated: 0,
  };
  #lines = 0;
  #bytes = 0;
  /** False while writing files the index excludes: their IDs are not counted as gaps or coverage. */
  #counting = true;
  #indexableLines = 0;
  #root = '';
  readonly #counts: ItemCounts;
  /** Requirements (numbers) code may implement and tests may verify; the rest are deliberate gaps. */
  readonly #implementable: number[];
  readonly #verifiable: number[];
  #implementCursor = 0;
  #verifyCursor = 0;
  /** The test files written, with their tests, for the results files. */
  readonly #testFiles: GeneratedTestFile[] = [];

  constructor(
    readonly files: number,
    readonly seed: number,
    readonly withResults: boolean,
    readonly withSbom: boolean,
    readonly items?: number,
  ) {
    this.#r = new Random(seed * 7919 + files);
    const n = files;
    this.#counts = items
      ? {
          SO: Math.round(items * 0.02),
          MC: Math.round(items * 0.05),
          TM: Math.round(items * 0.4),
          SR: Math.round(items * 0.2),
          SC: Math.round(items * 0.1),
          TC: Math.round(items * 0.2),
          RA: Math.round(items * 0.015),
          VULN: Math.round(items * 0.015),
        }
      : {
          SO: Math.max(3, Math.round(n / 250)),
          MC: Math.max(3, Math.round(n / 100)),
          TM: Math.max(5, Math.round(n / 10)),
          SR: Math.max(10, Math.round(n / 5)),
          SC: Math.max(2, Math.round(n / 40)),
          TC: Math.max(2, Math.round(n / 50)),
          RA: Math.max(1, Math.round(n / 250)),
          VULN: Math.max(1, Math.round(n / 250)),
        };
    const srs = Array.from({ length: this.#counts.SR }, (_, i) => i + 1);
    this.#implementable = this.#r.shuffle(srs.filter(() => this.#r.chance(0.93)));
    this.#verifiable = this.#r.shuffle(srs.filter(() => this.#r.chance(0.9)));
  }

  write(root: string): WorkspaceStats {
    this.#root = root;
    const n = this.files;
    let remaining = n;
    const take = (count: number): number => {
      const c = Math.max(0, Math.min(count, remaining));
      remaining -= c;
      return c;
    };

    this.#file('.gitignore', 'node_modules/\nbuild/\n*.log\n.env\n', 'config');
    take(1);
    this.#file('README.md', this.#plainDoc('PumpLink', 40, false).join('\n'), 'markdown-plain');
    take(1);

    // Fixed shares first; source files fill the rest.
    const nodeModules = take(Math.round(n * 0.08));
    const buildOut = take(Math.round(n * 0.02));
    const large = take(Math.max(1, Math.round(n / 2000)));
    const binary = take(Math.max(2, Math.round(n * 0.01)));
    const otherText = take(Math.round(n * 0.04));
    const definingDocs = this.#writeDefiningDocs(take);
    const plainDocs = take(Math.round(n * 0.065) - definingDocs);
    const source = remaining;

    this.#counting = false;
    this.#writeNodeModules(nodeModules);
    this.#writeBuildOutput(buildOut);
    this.#counting = true;
    this.#writeLarge(large);
    this.#writeBinary(binary);
    this.#writeOtherText(otherText);
    this.#writePlainDocs(plainDocs);
    this.#writeSource(source);
    // Each with random numbers of its own, so that the tree is the same with results and evidence and without.
    const results = this.withResults ? new TestResultsWriter(root, new Random(this.seed * 104_729 + this.files)).write(this.#testFiles) : NO_RESULTS;
    const evidenceIds = { firstVulnerability: this.#counts.VULN + 1, firstRisk: this.#counts.RA + 1, requirements: this.#counts.SR };
    const evidence = this.withSbom ? new EvidenceWriter(root, new Random(this.seed * 130_363 + this.files), this.files, evidenceIds).write() : NO_EVIDENCE;

    return {
      generatorVersion: GENERATOR_VERSION,
      files: this.files,
      seed: this.seed,
      byCategory: Object.fromEntries(Object.entries(this.#byCategory).sort()),
      lines: this.#lines,
      bytes: this.#bytes,
      indexableLines: this.#indexableLines,
      items: { ...this.#counts },
      gaps: {
        ...this.#gaps,
        requirementsNotImplemented: this.#counts.SR - new Set(this.#implementable.slice(0, this.#implementCursor)).size,
        requirementsNotVerified: this.#counts.SR - new Set(this.#verifiable.slice(0, this.#verifyCursor)).size,
      },
      testResults: results,
      evidence,
    };
  }

  #file(path: string, content: string | Uint8Array, category: string, indexable = category !== 'config'): void {
    const absolute = nodePath.join(this.#root, ...path.split('/'));
    mkdirSync(nodePath.dirname(absolute), { recursive: true });
    const text = typeof content === 'string' ? (content.endsWith('\n') ? content : `${content}\n`) : undefined;
    const data = text ?? (content as Uint8Array);
    writeFileSync(absolute, data);
    this.#byCategory[category] = (this.#byCategory[category] ?? 0) + 1;
    this.#bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (text !== undefined) {
      let lines = 0;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
        lines++;
      }
      this.#lines += lines;
      if (indexable) {
        this.#indexableLines += lines;
      }
    }
  }

  // -- IDs ------------------------------------------------------------------------------------------------

  /** A random defined ID of a kind, or (with probability `unknown`) one beyond the defined range. */
  #id(kind: keyof ItemCounts, unknown = 0): string {
    const count = this.#counts[kind];
    if (unknown > 0 && this.#r.chance(unknown)) {
      if (this.#counting) {
        this.#gaps['unknownReferences']!++;
      }
      return `${kind}-${count + this.#r.int(1, 500)}`;
    }
    return `${kind}-${this.#r.int(1, count)}`;
  }

  /** The next requirement for an `@implements`, cycling so that most implementable ones are covered. */
  #nextImplemented(): string {
    if (this.#r.chance(0.02) || !this.#counting) {
      return this.#id('SR', this.#counting ? 1 : 0);
    }
    const list = this.#implementable;
    return `SR-${list[this.#implementCursor++ % list.length]}`;
  }

  #nextVerified(): string {
    if (this.#r.chance(0.02) || !this.#counting) {
      return this.#id('SR', this.#counting ? 1 : 0);
    }
    const list = this.#verifiable;
    return `SR-${list[this.#verifyCursor++ % list.length]}`;
  }

  #title(): string {
    return titleCase([this.#r.pick(VERBS), this.#r.pick(ADJECTIVES), this.#r.pick(NOUNS), this.#r.pick(['before use', 'at rest', 'in transit', 'on startup', 'per session', 'for every request', 'after update'])]);
  }

  #paragraph(maxSentences: number, mentionChance: number, mentionKinds: readonly (keyof ItemCounts)[] = ['SR', 'TM']): string[] {
    const sentences = Array.from({ length: this.#r.int(1, maxSentences) }, () => this.#r.pick(PROSE));
    if (this.#r.chance(mentionChance)) {
      const id = this.#id(this.#r.pick(mentionKinds), 0.01);
      sentences.splice(this.#r.int(0, sentences.length), 0, this.#r.pick([`See ${id}.`, `This also serves ${id}.`, `(Compare \`${id}\`.)`]));
    }
    // Wrap at ~100 characters, as people write Markdown.
    const lines: string[] = [];
    let current = '';
    for (const word of sentences.join(' ').split(' ')) {
      if (current.length + word.length > 100) {
        lines.push(current);
        current = word;
      } else {
        current = current ? `${current} ${word}` : word;
      }
    }
    if (current) {
      lines.push(current);
    }
    return lines;
  }

  /** A key line in one of the spellings the README allows. */
  #key(key: string, value: string): string {
    return this.#r.weighted<string>([
      [`${key}: ${value}`, 4],
      [`- ${key}: ${value}`, 4],
      [`**${key}:** ${value}`, 2],
      [`- **${key}**: ${value}`, 1],
    ]);
  }

  // -- Markdown ---------------------------------------------------------------------------------------------

  /** Writes the documents that define items; returns how many files they took. */
  #writeDefiningDocs(take: (count: number) => number): number {
    const r = this.#r;
    let written = 0;
    const chunked = (kind: keyof ItemCounts, perFile: number, write: (path: string, first: number, last: number, index: number) => void, folder: string, name: string): void => {
      const total = this.#counts[kind];
      // With an item count of its own, a quarter of each kind goes into four large documents first (under
      // the default maxFileSize of 1 MB).
      const large = this.items ? Math.ceil(total / 16) : 0;
      const ranges: [number, number][] = [];
      for (let first = 1; first <= total; ) {
        const size = ranges.length < 4 && large > 0 ? large : perFile;
        ranges.push([first, Math.min(total, first + size - 1)]);
        first += size;
      }
      take(ranges.length);
      ranges.forEach(([first, last], f) => {
        const area = AREAS[f % AREAS.length]!;
        const suffix = f < AREAS.length ? area : `${area}-${Math.floor(f / AREAS.length) + 1}`;
        write(`${folder}/${name}-${suffix}.md`, first, last, f);
        written++;
      });
    };

    chunked('SO', 15, (path, first, last) => {
      const lines = ['# Security objectives', '', ...this.#paragraph(3, 0), ''];
      for (let i = first; i <= last; i++) {
        lines.push(`## SO-${i}: ${this.#title()}`, '', ...this.#paragraph(4, 0.1, ['MC']), '');
      }
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/concept', 'security-objectives');

    chunked('MC', 15, (path, first, last) => {
      const lines = ['# Misuse cases', '', ...this.#paragraph(3, 0), ''];
      for (let i = first; i <= last; i++) {
        lines.push(`## MC-${i}: ${titleCase(['attacker', r.pick(VERBS), 'the', r.pick(NOUNS)])}`, '', this.#key('Actor', r.pick(['insider', 'network attacker', 'malicious app', 'stolen device'])), '', ...this.#paragraph(5, 0.3, ['SO', 'TM']), '');
      }
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/concept', 'misuse-cases');

    chunked('TM', 30, (path, first, last) => {
      const lines = ['# Threat model', '', ...this.#paragraph(4, 0.2, ['SO']), ''];
      if (r.chance(0.5)) {
        lines.push('| ID | Title | STRIDE | Likelihood | Impact |', '| --- | --- | --- | --- | --- |');
        for (let i = first; i <= last; i++) {
          lines.push(`| TM-${i} | ${this.#title()} | ${r.pick(STRIDE)} | ${r.pick(['low', 'medium', 'high'])} | ${r.pick(['minor', 'serious', 'critical'])} |`);
        }
        lines.push('', ...this.#paragraph(3, 0.3), '');
      } else {
        for (let i = first; i <= last; i++) {
          lines.push(`## TM-${i}: ${this.#title()}`, '', this.#key('STRIDE', r.pick(STRIDE)), this.#key('Asset', r.pick(NOUNS)), '', ...this.#paragraph(5, 0.2, ['MC', 'SO']), '');
        }
      }
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/design/threat-model', 'threats');

    // Threats get mitigations by cycling through a shuffled list, so that ~95% are covered.
    const mitigable = r.shuffle(Array.from({ length: this.#counts.TM }, (_, i) => i + 1).filter(() => r.chance(0.95)));
    this.#gaps['threatsNotMitigated'] = this.#counts.TM - mitigable.length;
    let mitigateCursor = 0;
    const nextMitigated = (): string => (r.chance(0.01) ? this.#id('TM', 1) : `TM-${mitigable[mitigateCursor++ % mitigable.length]}`);

    chunked('SR', 40, (path, first, last) => {
      const lines = [`# Security requirements`, '', ...this.#paragraph(4, 0), ''];
      for (let i = first; i <= last; i++) {
        // A few requirements are defined twice (a copy-paste slip in another document).
        const id = r.chance(0.005) ? (this.#gaps['duplicateIds']!++, `SR-${r.int(1, this.#counts.SR)}`) : `SR-${i}`;
        lines.push(`## ${r.chance(0.1) ? `**${id}**` : id}: ${this.#title()}`, '');
        if (r.chance(0.95)) {
          const sources = [this.#id(r.chance(0.6) ? 'SO' : 'MC', 0.01)];
          if (r.chance(0.4)) {
            sources.push(this.#id('MC', 0.01));
          }
          lines.push(this.#key('Derives from', [...new Set(sources)].join(', ')));
        } else {
          this.#gaps['requirementsNotDerived']!++;
        }
        const mitigations = Array.from({ length: r.weighted([[0, 2], [1, 6], [2, 2]]) }, nextMitigated);
        if (mitigations.length > 0) {
          lines.push(this.#key('Mitigates', [...new Set(mitigations)].join(', ')));
        }
        lines.push(this.#key('Category', r.pick(FDA_CATEGORIES)));
        if (r.chance(0.5)) {
          lines.push(this.#key('Status', r.pick(['Draft', 'Approved', 'Implemented'])));
        }
        lines.push('', ...this.#paragraph(6, 0.15, ['SR', 'TM', 'SC']), '');
        if (r.chance(0.08)) {
          lines.push('```text', `example: ${this.#id('SR')} -> ${this.#id('TM')} (fenced, ignored)`, '```', '');
        }
        if (r.chance(0.2)) {
          lines.push(...Array.from({ length: r.int(2, 4) }, () => `- ${r.pick(PROSE)}`), '');
        }
      }
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/design/requirements', 'requirements');

    chunked('SC', 25, (path, first, last) => {
      const lines = ['# Security controls', '', ...this.#paragraph(3, 0.2), '', '| ID | Name | Implements | Mitigates | Owner |', '| --- | --- | --- | --- | --- |'];
      for (let i = first; i <= last; i++) {
        lines.push(`| SC-${i} | ${this.#title()} | ${this.#nextImplemented()} | ${nextMitigated()} | ${r.pick(['platform', 'firmware', 'cloud', 'mobile'])} team |`);
      }
      lines.push('', ...this.#paragraph(4, 0.2), '');
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/design/controls', 'controls');

    chunked('TC', 20, (path, first, last) => {
      const lines = ['# Verification test specification', '', ...this.#paragraph(3, 0), ''];
      for (let i = first; i <= last; i++) {
        lines.push(`### TC-${i}: ${this.#title()}`, '', this.#key('Verifies', [this.#nextVerified(), ...(r.chance(0.3) ? [this.#nextVerified()] : [])].join(', ')), this.#key('Method', r.pick(['test', 'inspection', 'analysis', 'fuzzing'])), '');
        lines.push(...Array.from({ length: r.int(3, 6) }, (_, step) => `${step + 1}. ${titleCase([r.pick(VERBS), 'the', r.pick(NOUNS)])} and check the ${r.pick(NOUNS)}.`), '');
      }
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/verification', 'test-specification');

    chunked('RA', 20, (path, first, last) => {
      const lines = ['# Residual risk acceptances', ''];
      for (let i = first; i <= last; i++) {
        lines.push(`## RA-${i}: Accept ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)} risk`, '', this.#key('Accepts', this.#id('TM', 0.02)), this.#key('Approved by', r.pick(['J. Doe (CISO)', 'Product Security Board'])), this.#key('Date', `2025-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`), '', ...this.#paragraph(3, 0.2), '');
      }
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/risk', 'risk-acceptances');

    chunked('VULN', 20, (path, first, last) => {
      const lines = ['# Vulnerability records', ''];
      for (let i = first; i <= last; i++) {
        lines.push(`## VULN-${i}: CVE-2024-${r.int(10000, 49999)} in ${r.pick(['openssl', 'zlib', 'busybox', 'lodash', 'log4j'])}`, '', this.#key('Affects', `pkg:generic/${r.pick(NOUNS)}@${r.int(1, 9)}.${r.int(0, 20)}`), this.#key('Status', r.pick(['triaged', 'patched', 'not affected'])), '', ...this.#paragraph(3, 0.3, ['SR']), '');
      }
      this.#file(path, lines.join('\n'), 'markdown-defining');
    }, 'docs/maintenance', 'vulnerabilities');

    return written;
  }

  #plainDoc(title: string, targetLines: number, mentions: boolean): string[] {
    const r = this.#r;
    const lines = [`# ${title}`, ''];
    while (lines.length < targetLines) {
      const roll = r.float();
      if (roll < 0.15) {
        lines.push(`## ${titleCase([r.pick(VERBS), r.pick(NOUNS)])}`, '');
      } else if (roll < 0.22) {
        lines.push('```sh', `./scripts/${snake(r)}.sh --${r.pick(NOUNS)} ${r.int(1, 99)}`, `make ${r.pick(VERBS)}`, '```', '');
      } else if (roll < 0.3) {
        lines.push(...Array.from({ length: r.int(2, 5) }, () => `- ${r.pick(PROSE)}`), '');
      } else if (roll < 0.33) {
        lines.push('| Setting | Default | Notes |', '| --- | --- | --- |', ...Array.from({ length: r.int(2, 6) }, () => `| ${r.pick(NOUNS)} | ${r.int(0, 100)} | ${r.pick(PROSE)} |`), '');
      } else {
        lines.push(...this.#paragraph(5, mentions ? 0.25 : 0), '');
      }
    }
    return lines;
  }

  #writePlainDocs(count: number): void {
    const r = this.#r;
    for (let i = 0; i < count; i++) {
      const area = r.pick(AREAS);
      const path = r.weighted<string>([
        [`docs/guides/${area}/${snake(r).replace(/_/g, '-')}-${i}.md`, 4],
        [`docs/adr/${String(i).padStart(4, '0')}-${r.pick(VERBS)}-${r.pick(NOUNS)}.md`, 2],
        [`src/${area}/${r.pick(NOUNS)}-${i}/README.md`, 3],
        [`docs/release-notes/v${r.int(1, 5)}.${i}.md`, 1],
      ]);
      const mentions = r.chance(0.2);
      const lines = Math.round(Math.min(2000, Math.max(10, r.logNormal(90, 0.8))));
      this.#file(path, this.#plainDoc(titleCase([r.pick(VERBS), r.pick(ADJECTIVES), r.pick(NOUNS)]), lines, mentions).join('\n'), 'markdown-plain');
    }
  }

  // -- Code ---------------------------------------------------------------------------------------------------

  #writeSource(count: number): void {
    const r = this.#r;
    for (let i = 0; i < count; i++) {
      const key = r.weighted(LANGUAGE_WEIGHTS);
      const language = LANGUAGES[key]!;
      const area = r.pick(AREAS);
      const isTest = key !== 'h' && key !== 'yaml' && key !== 'sql' && r.chance(0.25);
      const name = `${r.pick(NOUNS)}_${r.pick(NOUNS)}_${i}`;
      const path = isTest ? testPath(r, key, area, name) : sourcePath(r, key, area, name);
      const annotated = r.chance(isTest ? 0.4 : 0.15);
      const targetLines = Math.round(Math.min(4000, Math.max(8, r.logNormal(78, 0.75))));
      const testFile: GeneratedTestFile | undefined = isTest ? { language: key, area, stem: name, path, suite: key === 'java' ? javaTestClass(name) : name, tests: [] } : undefined;
      this.#file(path, this.#code(language, area, targetLines, annotated, testFile).join('\n'), isTest ? 'test' : 'source');
      if (testFile) {
        this.#testFiles.push(testFile);
      }
    }
  }

  /** A file of functions; a test file's (`testFile`) are tests, which it records with whether each is annotated. */
  #code(language: Language, module: string, targetLines: number, annotated: boolean, testFile?: GeneratedTestFile): string[] {
    const r = this.#r;
    const isTest = testFile !== undefined;
    const lines = language.header(r, module, testFile?.suite);
    const functions = Math.max(1, Math.round(targetLines / 16));
    const annotations = !annotated ? 0 : isTest ? r.weighted([[1, 3], [2, 3], [3, 2], [5, 1]]) : r.weighted([[1, 5], [2, 3], [3, 1], [5, 1]]);
    const annotatedAt = new Set(Array.from({ length: annotations }, () => r.int(0, functions - 1)));
    const written: string[] = [];
    for (let f = 0; f < functions; f++) {
      const name = isTest ? `test_${snake(r)}_${f}` : `${snake(r)}_${f}`;
      const doc: string[] = [];
      if (r.chance(0.5)) {
        doc.push(`${titleCase([r.pick(VERBS), 'the', r.pick(ADJECTIVES), r.pick(NOUNS)])}.`);
      }
      if (annotatedAt.has(f)) {
        doc.push(this.#annotation(isTest));
        if (r.chance(0.15)) {
          doc.push(`See also ${this.#id('SR', 0.02)} and ${this.#id('TM')}.`);
        }
      }
      const fn = language.fn(r, name, doc, r.int(4, 16));
      written.push(...(testFile && language.test ? language.test(fn, name) : fn));
      testFile?.tests.push({ name, annotated: annotatedAt.has(f) });
    }
    return [...lines, ...(testFile && language.suite ? language.suite(testFile.suite, written) : written)];
  }

  #annotation(isTest: boolean): string {
    const r = this.#r;
    if (isTest) {
      const ids = [this.#nextVerified(), ...(r.chance(0.4) ? [this.#nextVerified()] : [])];
      return `@verifies ${ids.join(r.chance(0.2) ? ' and ' : ', ')}`;
    }
    if (r.chance(0.08)) {
      return `@mitigates ${this.#id('TM', 0.02)}`;
    }
    const ids = [this.#nextImplemented(), ...(r.chance(0.3) ? [this.#nextImplemented()] : [])];
    return `@implements ${ids.join(', ')}`;
  }

  // -- Everything else ----------------------------------------------------------------------------------------

  #writeNodeModules(count: number): void {
    const r = this.#r;
    const packages = Math.max(1, Math.round(count / 12));
    for (let i = 0; i < count; i++) {
      const pkg = `${r.pick(NOUNS)}-${r.pick(VERBS)}-${i % packages}`;
      const path = i % 12 === 0 ? `node_modules/${pkg}/package.json` : `node_modules/${pkg}/lib/${r.pick(NOUNS)}-${i}.js`;
      const content = path.endsWith('.json')
        ? JSON.stringify({ name: pkg, version: `${r.int(0, 9)}.${r.int(0, 30)}.0`, main: 'lib/index.js' }, null, 2)
        : this.#code(LANGUAGES['js']!, pkg, Math.round(Math.max(8, r.logNormal(60, 0.7))), r.chance(0.02)).join('\n');
      this.#file(path, content, 'node_modules', false);
    }
  }

  #writeBuildOutput(count: number): void {
    const r = this.#r;
    for (let i = 0; i < count; i++) {
      this.#file(`build/${r.pick(AREAS)}/${r.pick(NOUNS)}-${i}.js`, this.#code(LANGUAGES['js']!, 'build', Math.round(Math.max(8, r.logNormal(120, 0.7))), r.chance(0.14)).join('\n'), 'gitignored', false);
    }
  }

  /** Files over 1 MB: generated tables and data dumps with supported extensions (skipped by size). */
  #writeLarge(count: number): void {
    const r = this.#r;
    for (let i = 0; i < count; i++) {
      const sql = i % 2 === 0;
      const target = r.int(1_100_000, 2_500_000);
      const lines: string[] = [sql ? '-- Seed data (generated). Rows reference SR-1 for traceability.' : '/* Generated lookup tables. @implements SR-1 */'];
      let size = lines[0]!.length;
      for (let row = 0; size < target; row++) {
        const line = sql
          ? `INSERT INTO ${r.pick(NOUNS)}s (id, name, value) VALUES (${row}, '${r.pick(ADJECTIVES)}-${r.pick(NOUNS)}', ${r.int(0, 1e6)});`
          : `    { 0x${r.int(0, 0xffff).toString(16).padStart(4, '0')}, 0x${r.int(0, 0xffff).toString(16).padStart(4, '0')}, ${r.int(0, 1e6)} }, /* ${row} */`;
        lines.push(line);
        size += line.length + 1;
      }
      this.#file(sql ? `data/seed/large-dump-${i}.sql` : `vendor/generated/tables_${i}.c`, lines.join('\n'), 'large', false);
    }
  }

  /** Binary files: images and firmware blobs (unsupported names), and corrupt fixtures with supported ones. */
  #writeBinary(count: number): void {
    const r = this.#r;
    for (let i = 0; i < count; i++) {
      const size = Math.round(Math.min(400_000, Math.max(64, r.logNormal(8_000, 1.2))));
      const bytes = new Uint8Array(size);
      for (let b = 0; b < size; b++) {
        bytes[b] = r.chance(0.3) ? 0 : r.int(1, 255);
      }
      const path = r.weighted<string>([
        [`assets/images/${r.pick(NOUNS)}-${i}.png`, 5],
        [`firmware/blobs/${r.pick(NOUNS)}-${i}.bin`, 2],
        [`test/fixtures/corrupt-${r.pick(NOUNS)}-${i}.xml`, 2],
        [`tools/${r.pick(NOUNS)}-${i}.dat.c`, 1],
      ]);
      this.#file(path, bytes, 'binary', false);
    }
  }

  /** Text files the indexer does not read (unsupported extensions): JSON, CSV, plain text, lock files. */
  #writeOtherText(count: number): void {
    const r = this.#r;
    for (let i = 0; i < count; i++) {
      const kind = r.pick(['json', 'csv', 'txt', 'lock']);
      const rows = Math.round(Math.max(5, r.logNormal(60, 0.8)));
      const lines: string[] = [];
      for (let row = 0; row < rows; row++) {
        lines.push(
          kind === 'json'
            ? `  "${r.pick(NOUNS)}_${row}": ${r.int(0, 1000)},`
            : kind === 'csv'
              ? `${row},${r.pick(NOUNS)},${r.pick(ADJECTIVES)},${r.int(0, 1000)}`
              : kind === 'txt'
                ? r.pick(PROSE)
                : `${r.pick(NOUNS)}@${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 9)}: sha512-${r.int(1e8, 9e8)}`,
        );
      }
      const content = kind === 'json' ? `{\n${lines.join('\n')}\n  "end": 0\n}` : lines.join('\n');
      this.#file(`${r.pick(['data', 'config', 'docs/data', 'tools'])}/${r.pick(NOUNS)}-${i}.${kind}`, content, 'other-text', false);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Test results

/** A test the generator wrote, under the name its runner reports. */
interface GeneratedTest {
  readonly name: string;
  readonly annotated: boolean;
}

/** A test file the generator wrote: what its runner would report of it. */
interface GeneratedTestFile {
  readonly language: string;
  readonly area: string;
  /** The file name without folder and extension. */
  readonly stem: string;
  readonly path: string;
  /** The Java class or the jest/mocha `describe` title its tests are reported under. */
  readonly suite: string;
  readonly tests: GeneratedTest[];
}

type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

/** One test's line in a results file. */
interface ResultCase {
  /** As reported: the test's name, or, when `stale`, the name it had before it was renamed. */
  readonly name: string;
  readonly stale: boolean;
  /** The test carries an `@verifies`: reported under its current name, a join can tie it to it. */
  readonly annotated: boolean;
  readonly outcome: Outcome;
  readonly seconds: number;
}

/** The results of one test file. */
interface FileResults {
  readonly file: GeneratedTestFile;
  readonly cases: readonly ResultCase[];
}

/**
 * The runners, where each writes its results by default and which test files it runs. The app's unit
 * tests (`__tests__`) run under jest, its `test/` specs under mocha; shell tests (shunit2) write no results.
 */
const PRODUCERS = {
  surefire: { where: 'services/', runs: (f: GeneratedTestFile) => f.language === 'java' },
  pytest: { where: 'cloud/test-results/junit.xml', runs: (f: GeneratedTestFile) => f.language === 'py' },
  'jest-junit': { where: 'app/junit.xml', runs: (f: GeneratedTestFile) => f.path.includes('/__tests__/') },
  'mocha-junit-reporter': { where: 'app/test-results.xml', runs: (f: GeneratedTestFile) => f.path.startsWith('app/test/') },
  'go-junit-report': { where: 'gateway/test-results/go-junit.xml', runs: (f: GeneratedTestFile) => f.language === 'go' },
  ctest: { where: 'firmware/build/test-results/ctest-junit.xml', runs: (f: GeneratedTestFile) => f.language === 'c' },
  nextest: { where: 'agent/target/nextest/ci/junit.xml', runs: (f: GeneratedTestFile) => f.language === 'rs' },
} as const;
type Producer = keyof typeof PRODUCERS;

/** The runner that wrote a results file of the generated tree, by its path; undefined for any other file. */
export function resultsProducer(path: string): Producer | undefined {
  if (/^services\/[^/]+\/target\/surefire-reports\/TEST-[^/]+\.xml$/.test(path)) {
    return 'surefire';
  }
  return (Object.keys(PRODUCERS) as Producer[]).find((producer) => producer !== 'surefire' && PRODUCERS[producer].where === path);
}

/** The day the results were written: fixed, so that the tree never depends on the clock. */
const RUN_DAY = '2026-03-02';
const HOST = 'ci-runner-7';

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const seconds = (value: number, digits = 3): string => value.toFixed(digits);
const sum = (cases: readonly ResultCase[]): number => cases.reduce((total, c) => total + c.seconds, 0);
const count = (cases: readonly ResultCase[], ...outcomes: Outcome[]): number => cases.filter((c) => outcomes.includes(c.outcome)).length;

/** Surefire writes the JVM's system properties into every report; these are the usual ones (values of a Linux CI runner). */
function surefireProperties(area: string): [string, string][] {
  const home = '/usr/lib/jvm/java-21-openjdk-amd64';
  const repo = '/home/ci/.m2/repository';
  return [
    ['java.runtime.name', 'OpenJDK Runtime Environment'], ['sun.boot.library.path', `${home}/lib`], ['java.vm.version', '21.0.2+13-Ubuntu-122.04.1'],
    ['java.vm.vendor', 'Ubuntu'], ['maven.multiModuleProjectDirectory', '/home/ci/pumplink/services'], ['java.vendor.url', 'https://ubuntu.com/'],
    ['path.separator', ':'], ['guice.disable.misplaced.annotation.check', 'true'], ['java.vm.name', 'OpenJDK 64-Bit Server VM'],
    ['user.country', 'US'], ['sun.java.launcher', 'SUN_STANDARD'], ['java.vm.specification.name', 'Java Virtual Machine Specification'],
    ['user.dir', `/home/ci/pumplink/services/${area}`], ['java.vm.compressedOopsMode', 'Zero based'], ['java.runtime.version', '21.0.2+13-Ubuntu-122.04.1'],
    ['os.arch', 'amd64'], ['java.io.tmpdir', '/tmp'], ['line.separator', '&#10;'], ['java.vm.specification.vendor', 'Oracle Corporation'],
    ['os.name', 'Linux'], ['maven.conf', '/usr/share/maven/conf'], ['sun.jnu.encoding', 'UTF-8'],
    ['java.library.path', '/usr/java/packages/lib:/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/usr/lib/jni:/lib:/usr/lib'],
    ['maven.build.version', 'Apache Maven 3.9.6'], ['java.class.version', '65.0'], ['java.specification.name', 'Java Platform API Specification'],
    ['sun.management.compiler', 'HotSpot 64-Bit Tiered Compilers'], ['os.version', '6.5.0-1017-azure'], ['user.home', '/home/ci'],
    ['user.timezone', 'Etc/UTC'], ['file.encoding', 'UTF-8'], ['java.specification.version', '21'], ['user.name', 'ci'],
    ['java.class.path', `/home/ci/pumplink/services/${area}/target/test-classes:/home/ci/pumplink/services/${area}/target/classes:${repo}/org/junit/jupiter/junit-jupiter/5.10.2/junit-jupiter-5.10.2.jar:${repo}/org/junit/jupiter/junit-jupiter-api/5.10.2/junit-jupiter-api-5.10.2.jar:${repo}/org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar:${repo}/org/junit/platform/junit-platform-commons/1.10.2/junit-platform-commons-1.10.2.jar:${repo}/org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar:${repo}/org/junit/jupiter/junit-jupiter-engine/5.10.2/junit-jupiter-engine-5.10.2.jar:${repo}/org/junit/platform/junit-platform-engine/1.10.2/junit-platform-engine-1.10.2.jar`],
    ['java.vm.specification.version', '21'], ['sun.arch.data.model', '64'], ['java.home', home],
    ['sun.java.command', `/home/ci/pumplink/services/${area}/target/surefire/surefirebooter-20260302101501_3.jar /home/ci/pumplink/services/${area}/target/surefire 2026-03-02T10-14-58_412-jvmRun1 surefire-20260302101501_1tmp surefire_0-20260302101501_2tmp`],
    ['java.specification.vendor', 'Oracle Corporation'], ['java.version.date', '2024-01-16'], ['java.version', '21.0.2'], ['java.vm.info', 'mixed mode, sharing'],
    ['java.vendor', 'Ubuntu'], ['maven.home', '/usr/share/maven'], ['file.separator', '/'], ['sun.io.unicode.encoding', 'UnicodeLittle'],
    ['sun.cpu.endian', 'little'], ['java.vendor.url.bug', 'https://bugs.launchpad.net/ubuntu/+source/openjdk-21'], ['surefire.test.class.path', `/home/ci/pumplink/services/${area}/target/test-classes:/home/ci/pumplink/services/${area}/target/classes`],
  ];
}

/**
 * Writes the results of the generated tests as each runner writes them by default: Maven Surefire (one
 * `TEST-<class>.xml` and one `.txt` summary per class), pytest `--junitxml`, jest-junit, mocha-junit-reporter,
 * go-junit-report, `ctest --output-junit` (one test case per Unity test executable) and cargo-nextest.
 * A few percent of the tests fail, error or are skipped, and some are reported under the name they had
 * before a rename (the test "no longer exists").
 */
class TestResultsWriter {
  readonly #byProducer: Record<string, ProducerStats> = {};

  constructor(
    readonly root: string,
    readonly r: Random,
  ) {}

  write(testFiles: readonly GeneratedTestFile[]): TestResultsStats {
    // Runners collect test files in path order.
    const sorted = [...testFiles].sort((a, b) => (a.path < b.path ? -1 : 1));
    for (const producer of Object.keys(PRODUCERS) as Producer[]) {
      const results = sorted.filter(PRODUCERS[producer].runs).map((file) => this.#run(file));
      if (results.length > 0) {
        this.#byProducer[producer] = { where: PRODUCERS[producer].where, files: 0, otherFiles: 0, bytes: 0, testCases: 0, annotatedTestCases: 0, failed: 0, skipped: 0, stale: 0 };
        this.#writeProducer(producer, results);
      }
    }
    const producers = Object.values(this.#byProducer);
    const total = (key: 'files' | 'bytes' | 'testCases' | 'annotatedTestCases'): number => producers.reduce((n, p) => n + p[key], 0);
    return { written: true, files: total('files'), bytes: total('bytes'), testCases: total('testCases'), annotatedTestCases: total('annotatedTestCases'), byProducer: this.#byProducer };
  }

  /** One run of a file's tests: each test's outcome, and now and then the name it had before a rename. */
  #run(file: GeneratedTestFile): FileResults {
    const r = this.r;
    const cases = file.tests.map(({ name, annotated }): ResultCase => {
      const stale = r.chance(0.015);
      return {
        name: stale ? `test_${snake(r)}_old_${name.slice(name.lastIndexOf('_') + 1)}` : name,
        stale,
        annotated,
        outcome: r.weighted<Outcome>([['passed', 945], ['failed', 30], ['error', 5], ['skipped', 20]]),
        seconds: Math.min(30, r.logNormal(0.01, 1.5)),
      };
    });
    return { file, cases };
  }

  #writeProducer(producer: Producer, results: readonly FileResults[]): void {
    switch (producer) {
      case 'surefire':
        for (const result of results) {
          this.#surefire(result);
        }
        break;
      case 'pytest':
        this.#emit(producer, PRODUCERS.pytest.where, pytest(results), results);
        break;
      case 'jest-junit':
        this.#emit(producer, PRODUCERS['jest-junit'].where, jestJunit(results), results);
        break;
      case 'mocha-junit-reporter':
        this.#emit(producer, PRODUCERS['mocha-junit-reporter'].where, mochaJunit(results), results);
        break;
      case 'go-junit-report': {
        const packages = goPackages(results);
        this.#emit(producer, PRODUCERS['go-junit-report'].where, goJunitReport(packages), [...packages.values()].flat());
        break;
      }
      case 'ctest':
        this.#emit(producer, PRODUCERS.ctest.where, ctest(results), results, 'executables');
        break;
      case 'nextest': {
        // nextest leaves ignored tests out of its report.
        const run = results.map(({ file, cases }) => ({ file, cases: cases.filter((c) => c.outcome !== 'skipped') }));
        this.#emit(producer, PRODUCERS.nextest.where, nextest(run), run);
        break;
      }
    }
  }

  #surefire(result: FileResults): void {
    const { file, cases } = result;
    const fqn = `com.pumplink.${file.area}.${file.suite}`;
    const folder = `services/${file.area}/target/surefire-reports`;
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd" version="3.0" name="${fqn}" time="${seconds(sum(cases))}" tests="${cases.length}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}" failures="${count(cases, 'failed')}">`,
      '  <properties>',
      ...surefireProperties(file.area).map(([name, value]) => `    <property name="${name}" value="${value}"/>`),
      '  </properties>',
    ];
    for (const c of cases) {
      const open = `  <testcase name="${c.name}" classname="${fqn}" time="${seconds(c.seconds)}"`;
      if (c.outcome === 'passed') {
        lines.push(`${open}/>`);
      } else if (c.outcome === 'skipped') {
        lines.push(`${open}>`, '    <skipped message="Disabled until the pump simulator is available"/>', '  </testcase>');
      } else {
        const [tag, type, message] = c.outcome === 'failed' ? ['failure', 'org.opentest4j.AssertionFailedError', 'expected: <true> but was: <false>'] : ['error', 'java.lang.NullPointerException', 'Cannot invoke "Object.toString()" because "value" is null'];
        lines.push(
          `${open}>`,
          `    <${tag} message="${xml(message)}" type="${type}"><![CDATA[${type}: ${message}`,
          `\tat com.pumplink.${file.area}.${file.suite}.${c.name}(${file.suite}.java:${this.r.int(20, 400)})`,
          '\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)',
          '\tat java.base/java.util.ArrayList.forEach(ArrayList.java:1596)',
          `]]></${tag}>`,
          '  </testcase>',
        );
      }
    }
    lines.push('</testsuite>');
    this.#emit('surefire', `${folder}/TEST-${fqn}.xml`, lines.join('\n'), [result]);
    const summary = [
      '-'.repeat(79),
      `Test set: ${fqn}`,
      '-'.repeat(79),
      `Tests run: ${cases.length}, Failures: ${count(cases, 'failed')}, Errors: ${count(cases, 'error')}, Skipped: ${count(cases, 'skipped')}, Time elapsed: ${seconds(sum(cases))} s -- in ${fqn}`,
    ];
    this.#put(`${folder}/${fqn}.txt`, summary.join('\n'));
    this.#byProducer['surefire']!.otherFiles++;
  }

  /**
   * Writes one results file and counts what it holds. A ctest test case is a whole test executable: it
   * counts as annotated when any of the file's tests is.
   */
  #emit(producer: Producer, path: string, text: string, results: readonly FileResults[], unit: 'tests' | 'executables' = 'tests'): void {
    const stats = this.#byProducer[producer]!;
    stats.files++;
    stats.bytes += this.#put(path, text);
    for (const { cases } of results) {
      if (unit === 'executables') {
        stats.testCases++;
        stats.annotatedTestCases += cases.some((c) => c.annotated) ? 1 : 0;
        stats.failed += count(cases, 'failed', 'error') > 0 ? 1 : 0;
        continue;
      }
      stats.testCases += cases.length;
      stats.annotatedTestCases += cases.filter((c) => c.annotated && !c.stale).length;
      stats.failed += count(cases, 'failed', 'error');
      stats.skipped += count(cases, 'skipped');
      stats.stale += cases.filter((c) => c.stale).length;
    }
  }

  #put(path: string, text: string): number {
    const absolute = nodePath.join(this.root, ...path.split('/'));
    mkdirSync(nodePath.dirname(absolute), { recursive: true });
    writeFileSync(absolute, `${text}\n`);
    return Buffer.byteLength(text) + 1;
  }
}

/** A wall-clock time of the CI run, `minutes` after 10:00 on {@link RUN_DAY}, plus `plusSeconds`; ISO without zone. */
function runTime(minutes: number, plusSeconds = 0): string {
  return new Date(Date.parse(`${RUN_DAY}T10:00:00Z`) + (minutes * 60 + plusSeconds) * 1000).toISOString().slice(0, 19);
}

/** pytest `--junitxml` (xunit2, pytest 8): one line; classname is the module's dotted path from the rootdir (cloud/). */
function pytest(results: readonly FileResults[]): string {
  const all = results.flatMap((result) => result.cases);
  const cases = results.flatMap(({ file, cases }) => {
    const module = file.path.slice('cloud/'.length);
    const classname = module.replace(/\.py$/, '').replace(/\//g, '.');
    return cases.map((c) => {
      const open = `<testcase classname="${classname}" name="${c.name}" time="${seconds(c.seconds)}"`;
      switch (c.outcome) {
        case 'passed':
          return `${open} />`;
        case 'skipped':
          return `${open}><skipped type="pytest.skip" message="needs pump hardware">${module}:12: needs pump hardware</skipped></testcase>`;
        case 'failed':
          return `${open}><failure message="AssertionError: assert 4 == 5">def ${c.name}(self, rate):\n&gt;       assert limit(rate) == 5\nE       AssertionError: assert 4 == 5\n\n${module}:21: AssertionError</failure></testcase>`;
        case 'error':
          return `${open}><error message="failed on setup with &quot;fixture 'clock' not found&quot;">file /home/ci/pumplink/cloud/${module}, line 3\n  def ${c.name}(self, clock):\nE       fixture 'clock' not found</error></testcase>`;
      }
    });
  });
  const suite = `<testsuite name="pytest" errors="${count(all, 'error')}" failures="${count(all, 'failed')}" skipped="${count(all, 'skipped')}" tests="${all.length}" time="${seconds(sum(all))}" timestamp="${runTime(15)}.123456+00:00" hostname="${HOST}">`;
  return `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">${suite}${cases.join('')}</testsuite></testsuites>`;
}

/** jest-junit with its defaults: one suite per test file named after its `describe`; classname and name the full title; no file attribute. */
function jestJunit(results: readonly FileResults[]): string {
  const all = results.flatMap((result) => result.cases);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="jest tests" tests="${all.length}" failures="${count(all, 'failed', 'error')}" errors="0" time="${seconds(sum(all))}">`];
  results.forEach(({ file, cases }, i) => {
    lines.push(`  <testsuite name="${file.suite}" errors="0" failures="${count(cases, 'failed', 'error')}" skipped="${count(cases, 'skipped')}" timestamp="${runTime(20, i)}" time="${seconds(sum(cases))}" tests="${cases.length}">`);
    for (const [n, c] of cases.entries()) {
      const title = `${file.suite} ${testTitle(c.name)}`;
      lines.push(`    <testcase classname="${title}" name="${title}" time="${seconds(c.seconds)}">`);
      if (c.outcome === 'skipped') {
        lines.push('      <skipped/>');
      } else if (c.outcome !== 'passed') {
        lines.push(`      <failure>Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: true\nReceived: false\n    at Object.toBe (/home/ci/pumplink/${file.path}:${12 + 16 * n}:24)</failure>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n');
}

/** mocha-junit-reporter with its defaults: a root suite, one suite per `describe` with the file; name the full title, classname the test's own. */
function mochaJunit(results: readonly FileResults[]): string {
  const all = results.flatMap((result) => result.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Mocha Tests" time="${seconds(sum(all), 4)}" tests="${all.length}" failures="${count(all, 'failed', 'error')}" skipped="${count(all, 'skipped')}">`,
    `  <testsuite name="Root Suite" timestamp="${runTime(25)}" tests="0" time="0.0000" failures="0">`,
    '  </testsuite>',
  ];
  results.forEach(({ file, cases }, i) => {
    lines.push(`  <testsuite name="${file.suite}" timestamp="${runTime(25, i)}" tests="${cases.length}" file="/home/ci/pumplink/${file.path}" time="${seconds(sum(cases), 4)}" failures="${count(cases, 'failed', 'error')}">`);
    for (const c of cases) {
      const title = testTitle(c.name);
      lines.push(`    <testcase name="${file.suite} ${title}" time="${seconds(c.seconds, 4)}" classname="${title}">`);
      if (c.outcome === 'skipped') {
        lines.push('      <skipped/>');
      } else if (c.outcome !== 'passed') {
        lines.push(`      <failure message="expected false to be true" type="AssertionError"><![CDATA[AssertionError: expected false to be true\n    at Context.<anonymous> (${file.path.slice('app/'.length)}:22:40)]]></failure>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n');
}

/**
 * The Go packages' results with go-junit-report: one suite per package (classname its import path, the
 * gateway module being github.com/pumplink/gateway). A name is reported once per package, as `go test`
 * runs it: the generator's names can repeat between files of one package, which Go would not compile.
 */
function goPackages(results: readonly FileResults[]): Map<string, FileResults[]> {
  const packages = new Map<string, FileResults[]>();
  const seen = new Set<string>();
  for (const { file, cases } of results) {
    const importPath = `github.com/pumplink/${file.path.slice(0, file.path.lastIndexOf('/'))}`;
    const unique = cases.filter((c) => !seen.has(`${importPath} ${c.name}`));
    unique.forEach((c) => seen.add(`${importPath} ${c.name}`));
    pushTo(packages, importPath, { file, cases: unique });
  }
  return packages;
}

function goJunitReport(packages: ReadonlyMap<string, readonly FileResults[]>): string {
  const all = [...packages.values()].flat().flatMap((result) => result.cases);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites tests="${all.length}" failures="${count(all, 'failed', 'error')}">`];
  [...packages].forEach(([importPath, files], id) => {
    const cases = files.flatMap((result) => result.cases);
    lines.push(
      `\t<testsuite name="${importPath}" tests="${cases.length}" failures="${count(cases, 'failed', 'error')}" errors="0" id="${id}" hostname="${HOST}" time="${seconds(sum(cases))}" timestamp="${runTime(30, id)}Z">`,
      '\t\t<properties>',
      '\t\t\t<property name="go.version" value="go1.22.1 linux/amd64"></property>',
      '\t\t</properties>',
    );
    for (const { file, cases: fileCases } of files) {
      const source = `${file.stem}_test.go`;
      for (const c of fileCases) {
        const open = `\t\t<testcase name="${c.name[0]!.toUpperCase()}${c.name.slice(1)}" classname="${importPath}" time="${seconds(c.seconds)}">`;
        if (c.outcome === 'passed') {
          lines.push(`${open}</testcase>`);
        } else if (c.outcome === 'skipped') {
          lines.push(open, `\t\t\t<skipped message="Skipped"><![CDATA[    ${source}:12: needs the pump simulator]]></skipped>`, '\t\t</testcase>');
        } else {
          lines.push(open, `\t\t\t<failure message="Failed"><![CDATA[    ${source}:27: got 1.5 U/h, want 1.2 U/h]]></failure>`, '\t\t</testcase>');
        }
      }
    }
    lines.push('\t</testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n');
}

/**
 * `ctest --output-junit`: one test case per Unity test executable (`test_<file>`), named and classed after
 * it; the Unity functions show only in its output, which ctest keeps in `<system-out>`.
 */
function ctest(results: readonly FileResults[]): string {
  const executables = results.map(({ file, cases }) => ({ name: `test_${file.stem}`, file, cases, failed: count(cases, 'failed', 'error') > 0 }));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuite name="Linux-c"',
    `\ttests="${executables.length}"`,
    `\tfailures="${executables.filter((e) => e.failed).length}"`,
    '\tdisabled="0"',
    '\tskipped="0"',
    '\thostname=""',
    '\ttime="0"',
    `\ttimestamp="${runTime(35)}"`,
    '\t>',
  ];
  for (const { name, file, cases, failed } of executables) {
    const output = cases.map((c, n) => {
      const at = `${file.path}:${20 + 16 * n}:${c.name}`;
      return c.outcome === 'passed' ? `${at}:PASS` : c.outcome === 'skipped' ? `${at}:IGNORE: needs the pump simulator` : `${at}:FAIL: Expected 0 Was -3`;
    });
    output.push('', '-----------------------', `${cases.length} Tests ${count(cases, 'failed', 'error')} Failures ${count(cases, 'skipped')} Ignored `, failed ? 'FAIL' : 'OK');
    lines.push(`\t<testcase name="${name}" classname="${name}"`, `\t\ttime="${seconds(sum(cases), 5)}" status="${failed ? 'fail' : 'run'}">`);
    if (failed) {
      lines.push('\t\t<failure message="Failed"/>');
    }
    lines.push(`\t\t<system-out>${xml(output.join('\n'))}</system-out>`, '\t</testcase>');
  }
  lines.push('</testsuite>');
  return lines.join('\n');
}

/** cargo-nextest's JUnit report (`[profile.ci.junit]`): one suite per test binary, `agent::<binary>`. */
function nextest(results: readonly FileResults[]): string {
  const all = results.flatMap((result) => result.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="nextest-run" tests="${all.length}" failures="${count(all, 'failed', 'error')}" errors="0" uuid="5f0c2a94-3c1e-4d1b-9a57-2b8e1f6c7d10" timestamp="${runTime(40)}.000+00:00" time="${seconds(sum(all))}">`,
  ];
  results.forEach(({ file, cases }, i) => {
    const binary = `agent::${file.path.slice(file.path.lastIndexOf('/') + 1, -'.rs'.length)}`;
    lines.push(`    <testsuite name="${binary}" tests="${cases.length}" disabled="0" errors="0" failures="${count(cases, 'failed', 'error')}">`);
    for (const c of cases) {
      const open = `        <testcase name="${c.name}" classname="${binary}" timestamp="${runTime(40, i)}.000+00:00" time="${seconds(c.seconds)}">`;
      if (c.outcome === 'passed') {
        lines.push(open, '        </testcase>');
      } else {
        lines.push(open, `            <failure type="test failure">thread '${c.name}' panicked at tests/${file.stem}.rs:27:5:\nassertion failed: out.is_empty()</failure>`, '        </testcase>');
      }
    }
    lines.push('    </testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Paths

function sourcePath(r: Random, key: string, area: string, name: string): string {
  switch (key) {
    case 'java':
      return `services/${area}/src/main/java/com/pumplink/${area}/${titleCase([name]).replace(/_/g, '')}.java`;
    case 'go':
      return `gateway/internal/${area}/${name}.go`;
    case 'c':
    case 'h':
      return `firmware/${area}/${name}.${key}`;
    case 'py':
      return `cloud/${area}/${name}.py`;
    case 'rs':
      return `agent/src/${area}/${name}.rs`;
    case 'sql':
      return `db/migrations/${area}/${name}.sql`;
    case 'sh':
      return `scripts/${area}/${name}.sh`;
    case 'yaml':
      return `deploy/${area}/${name}.yaml`;
    default:
      return `${r.pick(['app', 'web', 'console'])}/src/${area}/${name}.${key}`;
  }
}

/** The class of a Java test file, named after the file as Java requires (`pump_dose_12` → `Pumpdose12Test`). */
function javaTestClass(name: string): string {
  return `${titleCase([name]).replace(/_/g, '')}Test`;
}

function testPath(r: Random, key: string, area: string, name: string): string {
  switch (key) {
    case 'java':
      return `services/${area}/src/test/java/com/pumplink/${area}/${javaTestClass(name)}.java`;
    case 'go':
      return `gateway/internal/${area}/${name}_test.go`;
    case 'c':
      return `firmware/tests/${area}/test_${name}.c`;
    case 'py':
      return `cloud/tests/${area}/test_${name}.py`;
    case 'rs':
      return `agent/tests/${area}_${name}.rs`;
    case 'sh':
      return `scripts/tests/${area}/${name}_test.sh`;
    default:
      return r.chance(0.5) ? `app/src/${area}/__tests__/${name}.test.${key}` : `app/test/${area}/${name}.spec.${key}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Command line

function main(argv: readonly string[]): void {
  let files = 10_000;
  let seed = 1;
  let outDir: string | undefined;
  let force = false;
  let testResults = true;
  let sbom = true;
  let items: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--files') {
      files = Number(argv[++i]);
    } else if (arg === '--seed') {
      seed = Number(argv[++i]);
    } else if (arg === '--out') {
      outDir = nodePath.resolve(argv[++i]!);
    } else if (arg === '--force') {
      force = true;
    } else if (arg === '--no-results') {
      testResults = false;
    } else if (arg === '--no-sbom') {
      sbom = false;
    } else if (arg === '--items') {
      items = Number(argv[++i]);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (!Number.isInteger(files) || files < 50) {
    throw new Error('--files must be an integer of at least 50');
  }
  const started = Date.now();
  const { root, stats, generated } = generateWorkspace({ files, seed, force, testResults, sbom, ...(outDir ? { outDir } : {}), ...(items ? { items } : {}) });
  const results = stats.testResults.written ? ` + ${stats.testResults.files} test results files (${(stats.testResults.bytes / 1e6).toFixed(1)} MB)` : '';
  const { evidence } = stats;
  const sbomText = evidence.written ? ` + ${evidence.files} SBOM, register and lockfiles (${(evidence.bytes / 1e6).toFixed(1)} MB: ${evidence.sbom.components} components, ${evidence.records} records)` : '';
  process.stdout.write(`${generated ? 'generated' : 'up to date'}: ${root} (${stats.files} files, ${stats.lines} lines, ${(stats.bytes / 1e6).toFixed(1)} MB${results}${sbomText}) in ${Date.now() - started} ms\n`);
}

// The file's own command line; guarded by name too, so that a bundle that includes this module does not run it.
if (require.main === module && /generate\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  main(process.argv.slice(2));
}
