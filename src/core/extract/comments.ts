import { PythonStatements } from './docstrings';

/** How comments and strings are written in one family of languages. */
export interface CommentSyntax {
  readonly line: readonly string[];
  readonly block: readonly (readonly [open: string, close: string])[];
  /** Quotes of string literals, skipped so that `"http://x"` is not a comment. */
  readonly quotes: readonly string[];
  /** True for Python: string literals that are docstrings are read like comments, other strings are not. */
  readonly docstrings?: boolean;
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'", '`'] };
const HASH: CommentSyntax = { line: ['#'], block: [], quotes: ['"', "'"] };
// Python docstrings are where tests and functions describe themselves, so they are read like comments.
const PYTHON: CommentSyntax = { line: ['#'], block: [], quotes: ['"""', "'''", '"', "'"], docstrings: true };
const DASH: CommentSyntax = { line: ['--'], block: [], quotes: ["'", '"'] };
const LUA: CommentSyntax = { line: ['--'], block: [['--[[', ']]']], quotes: ["'", '"'] };
const HASKELL: CommentSyntax = { line: ['--'], block: [['{-', '-}']], quotes: ['"'] };
const SQL: CommentSyntax = { line: ['--'], block: [['/*', '*/']], quotes: ["'"] };
const MARKUP: CommentSyntax = { line: [], block: [['<!--', '-->']], quotes: [] };
const SEMICOLON: CommentSyntax = { line: [';'], block: [], quotes: ['"'] };
const PERCENT: CommentSyntax = { line: ['%'], block: [], quotes: [] };
const CSS: CommentSyntax = { line: [], block: [['/*', '*/']], quotes: ['"', "'"] };
const PHP: CommentSyntax = { line: ['//', '#'], block: [['/*', '*/']], quotes: ['"', "'"] };
const MATLAB: CommentSyntax = { line: ['%'], block: [['%{', '%}']], quotes: ["'", '"'] };

const BY_EXTENSION: ReadonlyMap<string, CommentSyntax> = new Map([
  ...['c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx', 'ino', 'cs', 'java', 'js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts', 'go', 'rs', 'swift', 'kt', 'kts', 'scala', 'dart', 'groovy', 'gradle', 'proto', 'm', 'mm', 'zig', 'v', 'sv'].map(
    (ext) => [ext, C_LIKE] as const,
  ),
  ...['sh', 'bash', 'zsh', 'ps1', 'rb', 'pl', 'pm', 'r', 'yaml', 'yml', 'toml', 'cmake', 'tf', 'ex', 'exs', 'jl', 'nim', 'cfg', 'conf', 'properties', 'dockerfile', 'makefile', 'mk'].map(
    (ext) => [ext, HASH] as const,
  ),
  ['py', PYTHON],
  ['pyi', PYTHON],
  ...['sql'].map((ext) => [ext, SQL] as const),
  ...['ada', 'adb', 'ads', 'vhd', 'vhdl', 'elm'].map((ext) => [ext, DASH] as const),
  ['lua', LUA],
  ['hs', HASKELL],
  ...['html', 'htm', 'xhtml', 'xml', 'svg', 'vue', 'svelte'].map((ext) => [ext, MARKUP] as const),
  ...['lisp', 'cl', 'el', 'clj', 'cljs', 'scm', 'asm', 's', 'ini'].map((ext) => [ext, SEMICOLON] as const),
  ...['tex', 'erl', 'hrl'].map((ext) => [ext, PERCENT] as const),
  ['matlab', MATLAB],
  ...['css', 'scss', 'less'].map((ext) => [ext, CSS] as const),
  ['php', PHP],
]);

/** The comment syntax for a file path, by extension (or name, for `Dockerfile` and `Makefile`). */
export function commentSyntaxFor(path: string): CommentSyntax | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return BY_EXTENSION.get(dot > 0 ? name.slice(dot + 1) : name);
}

/** A comment's content, as offsets into the file's text (delimiters excluded). */
export interface CommentSpan {
  readonly start: number;
  readonly end: number;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const tokenRegexes = new WeakMap<CommentSyntax, RegExp>();

/** The regular expression that finds the next comment opener or quote: longer tokens first. */
function tokenRegex(syntax: CommentSyntax): RegExp {
  let regex = tokenRegexes.get(syntax);
  if (!regex) {
    const tokens = [...syntax.block.map(([open]) => open), ...syntax.line, ...syntax.quotes].sort((a, b) => b.length - a.length);
    regex = new RegExp(tokens.map(escapeRegex).join('|'), 'g');
    tokenRegexes.set(syntax, regex);
  }
  return regex;
}

/**
 * Finds the comments of a text. It jumps from one comment opener or quote to the next with a regular
 * expression rather than walking characters, and skips string literals (with backslash escapes), except
 * docstrings where the syntax has them.
 */
export function findComments(text: string, syntax: CommentSyntax): CommentSpan[] {
  const comments: CommentSpan[] = [];
  const regex = tokenRegex(syntax);
  const statements = syntax.docstrings ? new PythonStatements(text) : undefined;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const token = match[0];
    const after = match.index + token.length;
    const block = syntax.block.find(([open]) => open === token);
    if (block) {
      const close = text.indexOf(block[1], after);
      const end = close === -1 ? text.length : close;
      comments.push({ start: after, end });
      regex.lastIndex = close === -1 ? text.length : close + block[1].length;
    } else if (syntax.line.includes(token)) {
      const newline = text.indexOf('\n', after);
      const end = newline === -1 ? text.length : newline;
      statements?.comment(match.index, end);
      comments.push({ start: after, end });
      regex.lastIndex = end;
    } else {
      const end = endOfString(text, after, token);
      if (statements?.string(match.index, end)) {
        comments.push({ start: after, end: text.startsWith(token, end - token.length) && end - token.length >= after ? end - token.length : end });
      }
      regex.lastIndex = end;
    }
  }
  return comments;
}

/** The offset after the string literal opened by `quote` just before `start`. */
export function endOfString(text: string, start: number, quote: string): number {
  const multiline = quote.length > 1 || quote === '`';
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
    } else if (char === quote[0] && text.startsWith(quote, i)) {
      return i + quote.length;
    } else if (char === '\n' && !multiline) {
      return i; // an unterminated single-line string ends at the line break
    }
  }
  return text.length;
}
