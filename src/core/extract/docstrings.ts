/** A `def`, `async def` or `class` statement, whose body may begin with a docstring. */
const DEFINITION_KEYWORD = /(?:async[ \t]+)?(?:def|class)\b/y;
const IDENTIFIER_CHAR = /[\w]/;

/**
 * Follows the statements of a Python file through the code between its comments and strings, to tell a
 * docstring (a string literal that is the first statement of a module, class or function body) from any
 * other string. Code is fed in order, each character once.
 */
export class PythonStatements {
  readonly #text: string;
  #cursor = 0;
  #bracketDepth = 0;
  /** Where the current logical line's first token starts; undefined between statements. */
  #statementStart: number | undefined;
  #seenCode = false;
  /** True right after the colon of a `def` or `class` header, before its body's first statement. */
  #bodyStarts = false;

  constructor(text: string) {
    this.#text = text;
  }

  /** Skips a comment, which is no statement, up to `end`. */
  comment(start: number, end: number): void {
    this.#code(start);
    this.#cursor = end;
  }

  /** Records the string literal opened at `start` and ending at `end`; true when it is a docstring. */
  string(start: number, end: number): boolean {
    const text = this.#text;
    // A raw or unicode prefix (`r"""`) belongs to the literal.
    const prefixed = /[rRuU]/.test(text[start - 1] ?? '') && !IDENTIFIER_CHAR.test(text[start - 2] ?? '');
    this.#code(prefixed ? start - 1 : start);
    const docstring = this.#bracketDepth === 0 && this.#statementStart === undefined && (!this.#seenCode || this.#bodyStarts);
    this.#token(start, '"');
    this.#cursor = end;
    return docstring;
  }

  /** Reads the code from the cursor up to `end`. */
  #code(end: number): void {
    const text = this.#text;
    for (let at = this.#cursor; at < end; at++) {
      const char = text[at]!;
      if (char === '\n') {
        const continued = text[at - (text[at - 1] === '\r' ? 2 : 1)] === '\\';
        if (this.#bracketDepth === 0 && !continued) {
          this.#statementStart = undefined;
        }
      } else if (char !== ' ' && char !== '\t' && char !== '\r' && char !== '\\' && char !== '\f') {
        this.#token(at, char);
      }
    }
    this.#cursor = Math.max(this.#cursor, end);
  }

  /** A significant character of code (or a string literal, as `"`) at `at`. */
  #token(at: number, char: string): void {
    if ('([{'.includes(char)) {
      this.#bracketDepth++;
    } else if (')]}'.includes(char)) {
      this.#bracketDepth = Math.max(0, this.#bracketDepth - 1);
    }
    this.#statementStart ??= at;
    this.#seenCode = true;
    this.#bodyStarts = false;
    if (this.#bracketDepth > 0) {
      return;
    }
    if (char === ';') {
      this.#statementStart = undefined;
    } else if (char === ':') {
      DEFINITION_KEYWORD.lastIndex = this.#statementStart;
      if (DEFINITION_KEYWORD.test(this.#text)) {
        this.#bodyStarts = true;
        this.#statementStart = undefined; // the body's first statement may follow on the same line
      }
    }
  }
}
