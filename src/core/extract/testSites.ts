import type { TestSite } from '../model';
import { endOfString, type CommentSpan, type CommentSyntax } from './comments';

/** A test, or a block of tests (`describe`, a test class), and the stretch of the file it answers for. */
interface Zone {
  readonly kind: 'test' | 'block';
  /** The test's name or `it()` title; the block's title or class name. */
  readonly name: string;
  /** A GoogleTest suite, which encloses its test without a block of its own. */
  readonly suite?: string;
  /** Where its own text starts (keyword, call or first marker); decorators and modifiers before it are found later. */
  readonly at: number;
  /** Just after its body, or after its header when it has none. */
  end: number;
  /** True where `[...]` before it is an attribute (C#, Rust), not the end of an expression. */
  readonly attributes: boolean;
  /** Just after the code before it: comments from here on are directly above it. */
  leadStart?: number;
  parent?: Zone;
  hasTests?: boolean;
  site?: TestSite;
}

/** The file's code with comments blanked and string literals filled with `"`, offsets unchanged. */
interface CodeScan {
  readonly text: string;
  readonly code: string;
  /** Each string literal (docstrings included) by its start, with its end; in file order. */
  readonly strings: ReadonlyMap<number, number>;
  /** The partner of each bracket, matched per kind; -1 for a bracket without one and for other characters. */
  readonly partner: Int32Array;
}

const FILE_LEVEL: TestSite = { enclosing: [] };

/**
 * The tests of one file, found once, and the test each annotation stands on: the test it is inside (body,
 * header, decorators, a Python docstring, or after the code of its last line) or directly above (only blank
 * lines, comments, decorators, attributes and modifiers between, from the line after other code). Anywhere
 * else (above or in a `describe` block or test class but on none of its tests, or between tests after other
 * code) it stands on the innermost block, `name` undefined and the block's title last in `enclosing`;
 * outside every block, at file level.
 */
export class TestSites {
  /** By `leadStart`, outer zones first. */
  readonly #zones: Zone[];

  constructor(text: string, syntax: CommentSyntax, comments: readonly CommentSpan[]) {
    const scan = maskCode(text, syntax, comments);
    this.#zones = nestZones(scan, syntax.docstrings ? pythonZones(scan) : syntax.line.includes('//') ? braceZones(scan) : []);
  }

  /** The test an annotation in `comment` stands on; `{ enclosing: [] }` (no name) at file level. */
  siteOf(comment: CommentSpan): TestSite {
    const zones = this.#zones;
    let [low, high] = [0, zones.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      [low, high] = zones[middle]!.leadStart! <= comment.start ? [middle + 1, high] : [low, middle];
    }
    let zone: Zone | undefined = zones[low - 1];
    while (zone && (zone.end <= comment.start || (zone.kind === 'block' && !zone.hasTests))) {
      zone = zone.parent;
    }
    return zone ? siteOfZone(zone) : FILE_LEVEL;
  }
}

function siteOfZone(zone: Zone): TestSite {
  if (!zone.site) {
    const enclosing: string[] = [];
    for (let outer = zone.parent; outer; outer = outer.parent) {
      enclosing.unshift(...(outer.kind === 'block' ? [outer.name] : []));
    }
    enclosing.push(...(zone.suite === undefined ? [] : [zone.suite]));
    zone.site = zone.kind === 'test' ? { name: zone.name, enclosing } : { enclosing: [...enclosing, zone.name] };
  }
  return zone.site;
}

/** Works out each zone's lead-in and nests the zones: a zone's parent is the innermost one around its lead-in. */
function nestZones(scan: CodeScan, zones: Zone[]): Zone[] {
  for (const zone of zones) {
    zone.leadStart = leadIn(scan, zone.at, zone.attributes);
    // A comment after the end of a test, on its last line, is about it (`assert x  # @verifies SR-1`).
    TRAILING.lastIndex = Math.max(zone.end, zone.at + 1);
    zone.end = TRAILING.lastIndex + (TRAILING.exec(scan.code)?.[0].length ?? 0);
  }
  zones.sort((a, b) => a.leadStart! - b.leadStart! || b.end - a.end);
  const open: Zone[] = [];
  for (const zone of zones) {
    while (open.length > 0 && open[open.length - 1]!.end <= zone.leadStart!) {
      open.pop();
    }
    zone.parent = open[open.length - 1];
    open.push(zone);
    for (let outer = zone.kind === 'test' ? zone.parent : undefined; outer && !outer.hasTests; outer = outer.parent) {
      outer.hasTests = true;
    }
  }
  return zones;
}

const [BLANK, LINE_BLANK, WORD, DOTTED] = [/\s/, /[^\S\n]/, /[\w$]/, /[\w$.]/];
const TRAILING = /[^\S\n]*[;,]?[^\S\n]*(?=\n|$)/y;
/** Words that may stand before a declaration and belong to it, so that a comment above them stands on it. */
const MODIFIERS = new Set(['public', 'private', 'protected', 'internal', 'static', 'final', 'abstract', 'sealed', 'open', 'inner', 'override', 'virtual', 'async', 'suspend', 'partial', 'pub', 'unsafe', 'export', 'default', 'extern', 'inline']);

/** The first offset from `at`, going by `step`, whose character `pattern` does not match (-1 or the length at an end). */
function skip(code: string, at: number, step: 1 | -1, pattern: RegExp): number {
  while (at >= 0 && at < code.length && pattern.test(code[at]!)) {
    at += step;
  }
  return at;
}

/**
 * Where the comments above a declaration start: on the line after the code before it, walking back over
 * blanks (comments included), decorators, attributes and modifiers.
 */
function leadIn(scan: CodeScan, at: number, attributes: boolean): number {
  for (let start = at; ; ) {
    const last = skip(scan.code, start - 1, -1, BLANK);
    const earlier = last < 0 ? undefined : prefixStart(scan, last, attributes);
    if (earlier === undefined) {
      const newline = scan.code.slice(last + 1, start).indexOf('\n');
      return newline < 0 ? last + 1 : last + 2 + newline;
    }
    start = earlier;
  }
}

/** Where the decorator (`@x`, `@x(...)`), attribute (`[X]`, `#[x]`) or modifier that ends at `last` begins, if one does. */
function prefixStart({ code, partner }: CodeScan, last: number, attributes: boolean): number | undefined {
  const char = code[last];
  const open = partner[last]!;
  if (char === ']' || (char === ')' && open < 0)) {
    return char === ']' && attributes && open >= 0 ? open - (code[open - 1] === '#' ? 1 : 0) : undefined;
  }
  const end = char === ')' ? open : last + 1;
  const start = skip(code, end - 1, -1, DOTTED) + 1;
  if (code[start - 1] === '@') {
    return start - 1;
  }
  return char !== ')' && MODIFIERS.has(code.slice(start, end)) ? start : undefined;
}

/** Finds the extents of comments (with their delimiters) and strings and blanks them out of the code, each character once. */
function maskCode(text: string, syntax: CommentSyntax, comments: readonly CommentSpan[]): CodeScan {
  const parts: string[] = [];
  const strings = new Map<number, number>();
  const quote = syntax.quotes.length > 0 ? new RegExp([...syntax.quotes].sort((a, b) => b.length - a.length).map((token) => token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
  const openers = [...syntax.block.map(([open]) => open), ...syntax.line, ...(syntax.docstrings ? syntax.quotes : [])].sort((a, b) => b.length - a.length);
  let [done, nextQuote, nextToken] = [0, -1, ''];
  const fill = (start: number, end: number, filler: string): void => {
    parts.push(text.slice(done, start), text.slice(start, end).replace(/[^\r\n]/g, filler));
    done = end;
  };
  for (let index = 0; index <= comments.length; index++) {
    const comment = comments[index] ?? { start: text.length, end: text.length }; // the last one closes the code
    const opener = (index < comments.length && openers.find((token) => comment.start >= token.length && text.startsWith(token, comment.start - token.length))) || '';
    const docstring = syntax.docstrings === true && syntax.quotes.includes(opener);
    const closer = syntax.block.find(([open]) => open === opener)?.[1] ?? (docstring ? opener : '');
    const open = Math.max(comment.start - opener.length, done);
    const close = Math.max(closer && text.startsWith(closer, comment.end) ? comment.end + closer.length : comment.end, open);
    while (quote) {
      if (nextQuote !== Infinity && nextQuote < done) {
        quote.lastIndex = done;
        const match = quote.exec(text);
        [nextQuote, nextToken] = match ? [match.index, match[0]] : [Infinity, ''];
      }
      if (nextQuote >= open) {
        break;
      }
      const end = Math.min(endOfString(text, nextQuote + nextToken.length, nextToken), open);
      strings.set(nextQuote, end);
      fill(nextQuote, end, '"');
    }
    if (docstring) {
      strings.set(open, close); // a docstring stays code: a statement, so a module docstring is not above the first test
    }
    fill(open, close, docstring ? '"' : ' ');
  }
  const code = parts.join('');
  return { text, code, strings, partner: pairBrackets(code) };
}

/** Pairs brackets with a stack per kind, so that one stray bracket of a kind leaves the others paired. */
function pairBrackets(code: string): Int32Array {
  const partner = new Int32Array(code.length).fill(-1);
  const stacks: number[][] = [[], [], []];
  for (let at = 0; at < code.length; at++) {
    const kind = '([{)]}'.indexOf(code[at]!);
    const open = kind < 3 ? undefined : stacks[kind - 3]!.pop();
    if (kind >= 0 && kind < 3) {
      stacks[kind]!.push(at);
    } else if (open !== undefined) {
      [partner[open], partner[at]] = [at, open];
    }
  }
  return partner;
}

/** `it`/`test`/`specify` (jest, mocha, vitest, jasmine) and `describe`/`context`/`suite`, here before a string title. */
const TEST_CALL = /(?<![\w$.])(describe|context|suite|fdescribe|xdescribe|it|test|specify|fit|xit)(?:\.(?:only|skip|concurrent|todo|failing|sequential))*\s*\(\s*"/g;
const BLOCK_CALLS = new Set(['describe', 'context', 'suite', 'fdescribe', 'xdescribe']);
/** JUnit 4/5 and TestNG annotations, C# (NUnit, xUnit, MSTest) and Rust attributes that make a method a test. */
const TEST_MARKER = /@(?:[\w$]+\.)*(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)(?![\w$])|#?\[\s*(?:\w+(?:::|\.))*(?:test|rstest|Test|Fact|Theory|TestMethod|DataTestMethod|TestCase|TestCaseSource)(?:Attribute)?(?![\w$])/g;
/** Unity C tests and JUnit 3 methods: `void test_x(void)`, `public void testX()`. */
const VOID_TEST = /\bvoid\s+(test\w*)\s*\((?=\s*(?:void\s*)?\))/g;
const GO_TEST = /^func[ \t]+((?:Test|Benchmark|Fuzz)(?![a-z])\w*|Example\w*)[ \t]*\(/gm;
const GOOGLE_TEST = /\b(?:TEST|TEST_F|TEST_P|TYPED_TEST|TYPED_TEST_P)\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)/g;
const CLASS = /(?<![\w$.])class\s+([A-Za-z_$][\w$]*)/g;

/** The tests and test blocks of a file in a brace language. */
function braceZones(scan: CodeScan): Zone[] {
  const { code, partner } = scan;
  const stops = /[{;}@]/g;
  let [searchedFrom, stop] = [-1, -1];
  /** The end of the body whose `{` comes before any `;`, `}` or `@` from `from`; `from` when there is none. */
  const bodyEnd = (from: number): number => {
    if (from < searchedFrom || from > stop) {
      // Searched again only past the last stop found: one sweep per recogniser, however many headers share a stop.
      [stops.lastIndex, searchedFrom] = [from, from];
      stop = stops.exec(code)?.index ?? code.length;
    }
    return code[stop] !== '{' ? from : partner[stop]! < 0 ? code.length : partner[stop]! + 1;
  };
  const zones: Zone[] = [...testCalls(scan)];
  const methods = new Set<number>();
  const method = (at: number, name: string | undefined, parameters: number | undefined, attributes = true): void => {
    if (name !== undefined && parameters !== undefined && !methods.has(parameters)) {
      methods.add(parameters);
      zones.push({ kind: 'test', name, at, end: bodyEnd(partner[parameters]! < 0 ? code.length : partner[parameters]! + 1), attributes });
    }
  };
  // The scan from a method's first marker reads its other markers, so each is read once.
  let scanned = 0;
  for (const match of code.matchAll(TEST_MARKER)) {
    if (match.index >= scanned) {
      const found = methodAfter(scan, match.index);
      scanned = found.stop;
      method(match.index, found.name, found.parameters);
    }
  }
  for (const match of code.matchAll(VOID_TEST)) {
    method(match.index, match[1], match.index + match[0].length - 1);
  }
  for (const match of code.matchAll(GO_TEST)) {
    method(match.index, match[1] === 'TestMain' ? undefined : match[1], match.index + match[0].length - 1, false);
  }
  for (const match of code.matchAll(GOOGLE_TEST)) {
    zones.push({ kind: 'test', name: match[2]!, suite: match[1]!, at: match.index, end: bodyEnd(match.index + match[0].length), attributes: false });
  }
  for (const match of code.matchAll(CLASS)) {
    const end = bodyEnd(match.index + match[0].length);
    if (end > match.index + match[0].length) {
      zones.push({ kind: 'block', name: match[1]!, at: match.index, end, attributes: true });
    }
  }
  return zones;
}

/** Test calls whose title is a literal: quoted, or a template without `${}`, and the whole first argument. */
function* testCalls({ text, code, strings, partner }: CodeScan): Generator<Zone> {
  for (const match of code.matchAll(TEST_CALL)) {
    const quote = match.index + match[0].length - 1;
    const end = strings.get(quote) ?? quote;
    const [delimiter, title, next] = [text[quote], text.slice(quote + 1, end - 1), code[skip(code, end, 1, BLANK)]];
    const literal = end - quote >= 2 && text[end - 1] === delimiter && !(delimiter === '`' && title.includes('${'));
    if (literal && (next === ',' || next === ')')) {
      const close = partner[code.lastIndexOf('(', quote)]!;
      const kind = BLOCK_CALLS.has(match[1]!) ? 'block' : 'test';
      yield { kind, name: title.replace(/\\([\s\S])/g, '$1'), at: match.index, end: close < 0 ? code.length : close + 1, attributes: false };
    }
  }
}

/**
 * The name and parameter list of the method whose annotations or attributes start at `from`: it reads past
 * them, the modifiers and the return type to the first `(`, and takes the word just before it (or a Kotlin
 * name in backticks). `stop` is where it stopped reading.
 */
function methodAfter({ text, code, strings, partner }: CodeScan, from: number): { name?: string; parameters?: number; stop: number } {
  let name: string | undefined;
  for (let at = from; at < code.length; at++) {
    const char = code[at]!;
    if (char === '(') {
      return name === undefined ? { stop: at } : { name, parameters: at, stop: at };
    }
    // An annotation (`@X`, `@X(...)`) or an attribute (`[X]`, `#[x]`) before the name is read past.
    const afterAnnotation = char === '@' ? skip(code, skip(code, at + 1, 1, DOTTED), 1, BLANK) : undefined;
    const attribute = name === undefined && (char === '[' || (char === '#' && code[at + 1] === '[')) ? at + (char === '#' ? 1 : 0) : undefined;
    const bracket = afterAnnotation !== undefined && code[afterAnnotation] === '(' ? afterAnnotation : attribute;
    if (bracket !== undefined && partner[bracket]! < 0) {
      return { stop: bracket + 1 }; // left open
    } else if (bracket !== undefined || afterAnnotation !== undefined) {
      at = bracket === undefined ? afterAnnotation! - 1 : partner[bracket]!;
      name = char === '@' ? undefined : name;
    } else if (WORD.test(char)) {
      name = text.slice(at, skip(code, at, 1, WORD));
      at += name.length - 1;
    } else if (char === '"' && text[at] === '`') {
      const end = strings.get(at) ?? at + 1;
      [name, at] = [text.slice(at + 1, end - 1), end - 1];
    } else if (!BLANK.test(char)) {
      name = undefined;
      if (!'<>[],.?:'.includes(char)) {
        return { stop: at };
      }
    }
  }
  return { stop: code.length };
}

/** A `def` or `class` block open at some indentation. */
interface PythonBlock { readonly indent: number; readonly testClass: boolean; readonly zone: Zone | undefined }

const PYTHON_HEADER = /(?:async[ \t]+)?def[ \t]+(\w+)|class[ \t]+(\w+)[ \t]*(\()?/y;

/**
 * The tests of a Python file: `test*` functions at module level or in a test class (`Test*`, or a
 * `unittest.TestCase` subclass), blocks ending by indentation. Lines inside brackets, after a backslash or
 * inside a multi-line string continue a statement and do not end blocks.
 */
function pythonZones(scan: CodeScan): Zone[] {
  const { code } = scan;
  const zones: Zone[] = [];
  const open: PythonBlock[] = [];
  const strings = [...scan.strings];
  let [stringIndex, depth, continued, lastCodeEnd] = [0, 0, false, 0];
  const closeBlocks = (indent: number): void => {
    for (let block = open.at(-1); block && block.indent >= indent; block = open.at(-1)) {
      open.pop();
      if (block.zone) {
        block.zone.end = lastCodeEnd;
      }
    }
  };
  for (let lineStart = 0; lineStart < code.length; ) {
    const newline = code.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? code.length : newline;
    while (stringIndex < strings.length && strings[stringIndex]![1] <= lineStart) {
      stringIndex++;
    }
    const first = skip(code, lineStart, 1, LINE_BLANK);
    if (first < lineEnd && depth === 0 && !continued && (strings[stringIndex]?.[0] ?? Infinity) >= lineStart) {
      // Python counts a tab as reaching the next multiple of eight; mixing tabs and spaces is an error there.
      const indent = code.slice(lineStart, first).replace(/\t/g, '        ').length;
      closeBlocks(indent);
      const block = pythonBlock(scan, first, indent, open.at(-1));
      if (block) {
        open.push(block);
        zones.push(...(block.zone ? [block.zone] : []));
      }
    }
    for (let at = first; at < lineEnd; at++) {
      const kind = '([{)]}'.indexOf(code[at]!);
      depth = kind < 0 ? depth : kind < 3 ? depth + 1 : Math.max(0, depth - 1);
      lastCodeEnd = BLANK.test(code[at]!) ? lastCodeEnd : at + 1;
    }
    continued = /\\\r?$/.test(code.slice(Math.max(lineStart, lineEnd - 2), lineEnd));
    lineStart = lineEnd + 1;
  }
  closeBlocks(-1);
  return zones;
}

function pythonBlock({ code, partner }: CodeScan, first: number, indent: number, parent: PythonBlock | undefined): PythonBlock | undefined {
  PYTHON_HEADER.lastIndex = first;
  const header = PYTHON_HEADER.exec(code);
  const inTestScope = !parent || parent.testClass;
  const zone = (kind: 'test' | 'block', name: string): Zone => ({ kind, name, at: first, end: first, attributes: false });
  if (!header) {
    return undefined;
  } else if (header[1] !== undefined) {
    return { indent, testClass: false, zone: inTestScope && header[1].startsWith('test') ? zone('test', header[1]) : undefined };
  }
  const name = header[2]!;
  const basesOpen = first + header[0].length - 1;
  const bases = header[3] && partner[basesOpen]! > basesOpen ? code.slice(basesOpen, partner[basesOpen]) : '';
  const testClass = inTestScope && (name.startsWith('Test') || /TestCase\b/.test(bases));
  return { indent, testClass, zone: testClass ? zone('block', name) : undefined };
}
