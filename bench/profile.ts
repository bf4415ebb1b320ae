/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`) of the CLI: self time by category (read, Markdown
 * parse, extraction, graph, rules, ...) and the top functions by self time, mapped back to the
 * TypeScript sources through the bundle's source map.
 *
 * Usage: npx tsx bench/profile.ts <file.cpuprofile> [--top 25]
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as nodePath from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionTime {
  readonly name: string;
  /** `src/core/extract/markdown.ts:57` or a package path, after source mapping. */
  readonly location: string;
  readonly category: string;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly categories: readonly { readonly category: string; readonly selfMs: number; readonly share: number }[];
  readonly top: readonly FunctionTime[];
}

/** Categories in the order of the pipeline; the first rule that matches a location wins. */
const CATEGORY_RULES: readonly (readonly [category: string, test: (source: string, name: string) => boolean])[] = [
  ['idle', (_s, n) => n === '(idle)'],
  ['gc', (_s, n) => n === '(garbage collector)'],
  ['read (fs, decode, binary check)', (s, n) => /nodeWorkspace\.ts$/.test(s) || n === 'isBinary' || n === 'decodeText' || n === 'indexFile'],
  ['walk (globs, .gitignore)', (s, n) => /node_modules\/(minimatch|brace-expansion|balanced-match|ignore|@isaacs\/[^/]*glob[^/]*)\//.test(s) || /core\/config\/files\.ts$/.test(s) || n === 'walk'],
  ['Markdown parse (markdown-it)', (s) => /node_modules\/(markdown-it|mdurl|uc\.micro|entities|linkify-it|punycode)[^/]*\//.test(s) || /core\/extract\/markdown(Parser|Blocks)\.ts$/.test(s)],
  ['Markdown extract (sections, keys)', (s) => /core\/extract\/markdown[A-Za-z]*\.ts$/.test(s)],
  ['test results (JUnit XML, join to tests)', (s) => /node_modules\/(fast-xml-parser|strnum|anynum|xml-naming|path-expression-matcher|is-unsafe|@nodable)\//.test(s) || /core\/extract\/(junit|junitJoin|testSites)\.ts$|core\/graph\/(testResults|incrementalJoin)\.ts$/.test(s)],
  ['evidence (SBOM, lockfiles, threat models, other readers)', (s) => /node_modules\/(smol-toml|js-yaml)\//.test(s) || /core\/extract\/[^/]+\.ts$/.test(s) && !/core\/extract\/(code|comments|extractFile|linkKeys|context)\.ts$/.test(s)],
  ['code extract (comments, annotations)', (s) => /core\/extract\/(code|comments|extractFile|linkKeys|context)\.ts$/.test(s)],
  ['ID matching', (s) => /core\/config\/ids\.ts$/.test(s)],
  ['line index (positions)', (s) => /core\/util\/text\.ts$/.test(s)],
  ['graph', (s) => /core\/graph\/graph\.ts$/.test(s)],
  ['rules and findings', (s) => /core\/(graph\/(rules|coverage|traceIndex)|model)\.ts$/.test(s)],
  ['report (summary, JSON)', (s) => /cli\/(report|cli)\.ts$/.test(s) || /core\/report\/summary\.ts$/.test(s)],
  ['config', (s) => /core\/config\/config\.ts$|jsonc-parser/.test(s)],
  ['workspace (buildIndex)', (s) => /core\/workspace\/[^/]+\.ts$/.test(s)],
  ['node and V8 internals', (s, n) => s.startsWith('node:') || s === '' || n.startsWith('(')],
];

/** Native file-system functions that run as libuv completions, with no caller on the stack. */
const FS_CALLBACKS = new Set(['open', 'openFileHandle', 'close', 'read', 'fstat', 'stat', 'lstat', 'readdir', 'readFileHandle', 'realpath']);

function categoryOf(source: string, name: string): string {
  for (const [category, test] of CATEGORY_RULES) {
    if (test(source, name)) {
      return category;
    }
  }
  return 'other';
}

/** Source maps by script URL, loaded lazily. */
class SourceMaps {
  readonly #maps = new Map<string, SourceMap | undefined>();

  map(frame: CallFrame): { source: string; line: number } {
    const url = frame.url;
    if (!url.startsWith('file://') && !url.startsWith('/')) {
      return { source: url, line: frame.lineNumber + 1 };
    }
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    let map = this.#maps.get(path);
    if (!this.#maps.has(path)) {
      map = undefined;
      const mapPath = `${path}.map`;
      if (existsSync(mapPath)) {
        try {
          map = new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8')) as SourceMapPayload);
        } catch {
          map = undefined;
        }
      }
      this.#maps.set(path, map);
    }
    const relative = (p: string): string => nodePath.relative(process.cwd(), p).split(nodePath.sep).join('/');
    if (!map) {
      return { source: relative(path), line: frame.lineNumber + 1 };
    }
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource) {
      return { source: relative(path), line: frame.lineNumber + 1 };
    }
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : nodePath.resolve(nodePath.dirname(path), entry.originalSource);
    return { source: relative(source), line: (entry.originalLine ?? 0) + 1 };
  }
}

/** Self time by function and by category. */
export function summarizeProfile(profilePath: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // The delta after a sample is the time spent in it.
    const delta = timeDeltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, delta));
  }
  const maps = new SourceMaps();
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parents.set(child, node.id);
    }
  }
  // Native frames (fs bindings, regular expressions, builtins) and Node's own JavaScript count for the
  // project or package code that called them: the nearest ancestor outside node: and V8.
  const categories = new Map<number, string>();
  const categoryOfNode = (id: number): string => {
    const cached = categories.get(id);
    if (cached !== undefined) {
      return cached;
    }
    const frame = nodes.get(id)!.callFrame;
    const { source } = maps.map(frame);
    let category: string;
    if (frame.functionName.startsWith('(') || (source !== '' && !source.startsWith('node:'))) {
      category = categoryOf(source, frame.functionName || '(anonymous)');
    } else {
      const parent = parents.get(id);
      category = parent === undefined ? 'node and V8 internals' : categoryOfNode(parent);
      if (category === 'idle' || category === 'gc') {
        category = 'node and V8 internals';
      }
      if (category === 'node and V8 internals' && FS_CALLBACKS.has(frame.functionName)) {
        category = 'read (fs, decode, binary check)'; // libuv completions: no JavaScript caller on the stack
      }
    }
    categories.set(id, category);
    return category;
  };
  const byFunction = new Map<string, { name: string; location: string; category: string; us: number }>();
  const byCategory = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    const { source, line } = maps.map(frame);
    const name = frame.functionName || '(anonymous)';
    const category = categoryOfNode(id);
    const location = source ? `${source}:${line}` : '';
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { name, location, category, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    totalUs += us;
  }
  const busyUs = totalUs - (byCategory.get('idle') ?? 0);
  const share = (us: number): number => (busyUs > 0 ? us / busyUs : 0);
  return {
    totalMs: busyUs / 1000,
    categories: [...byCategory]
      .filter(([category]) => category !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([category, us]) => ({ category, selfMs: us / 1000, share: share(us) })),
    top: [...byFunction.values()]
      .filter((entry) => entry.category !== 'idle')
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((entry) => ({ name: entry.name, location: entry.location, category: entry.category, selfMs: entry.us / 1000, share: share(entry.us) })),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const lines = [`CPU profile of the CLI: ${summary.totalMs.toFixed(0)} ms busy (idle excluded)`, '', 'Self time by category:'];
  for (const { category, selfMs, share } of summary.categories) {
    lines.push(`  ${(share * 100).toFixed(1).padStart(5)}%  ${selfMs.toFixed(0).padStart(6)} ms  ${category}`);
  }
  lines.push('', 'Top functions by self time:');
  for (const fn of summary.top) {
    lines.push(`  ${(fn.share * 100).toFixed(1).padStart(5)}%  ${fn.selfMs.toFixed(0).padStart(6)} ms  ${fn.name}  ${fn.location}  [${fn.category}]`);
  }
  return `${lines.join('\n')}\n`;
}

// The file's own command line; guarded by name too, so that a bundle that includes this module does not run it.
if (require.main === module && /profile\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const [path, ...rest] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: tsx bench/profile.ts <file.cpuprofile> [--top N]\n');
    process.exit(2);
  }
  const topIndex = rest.indexOf('--top');
  process.stdout.write(formatProfile(summarizeProfile(path, topIndex >= 0 ? Number(rest[topIndex + 1]) : 25)));
}
