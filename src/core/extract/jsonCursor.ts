/**
 * A cursor over JSON text for readers that need positions in big files. It checks the text as strictly as
 * `JSON.parse` while it walks it, and builds nothing the reader does not ask for: jsonc-parser's tree would give
 * positions too, but costs 50–90 ms per MB and several times the file's size in memory, and `JSON.parse` builds
 * the whole document only to be thrown away — too much for a 20 MB SBOM.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** The characters that may follow a backslash, other than `u`: `" \ / b f n r t`. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const HEX4 = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The type of a JSON value, told by its first character. */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
/** Reads the value at an offset and returns the offset after it, or undefined to have the cursor skip it. */
export type ValueReader = (start: number) => number | undefined;
/** Reads a member's value, given its key, like a {@link ValueReader}. */
export type MemberReader = (key: string, start: number) => number | undefined;

/** Where a text stops being JSON. The reader that meets it asks jsonc-parser to name the error. */
export class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super(`not JSON at offset ${offset}`);
  }
}

/**
 * Walks JSON text by offsets: a caller reads the members and elements it wants, and the cursor skips the others
 * without decoding them, checking them all the same, so reading costs about one pass over the characters.
 * Whatever is not JSON throws a {@link JsonSyntaxError}.
 */
export class JsonCursor {
  constructor(readonly text: string) {}

  /** Hands the value that makes up the text from `start` on to `read`; checks that nothing but space follows. */
  document(start: number, read: ValueReader): void {
    const valueStart = this.skipSpace(start);
    if (valueStart >= this.text.length) {
      throw new JsonSyntaxError(valueStart);
    }
    const end = this.skipSpace(read(valueStart) ?? this.end(valueStart));
    if (end < this.text.length) {
      throw new JsonSyntaxError(end);
    }
  }

  /** The type of the value that starts at `start`, by its first character (the value may still prove invalid). */
  typeAt(start: number): JsonType {
    const first = this.text.charCodeAt(start);
    return first === OPEN_BRACE ? 'object' : first === OPEN_BRACKET ? 'array' : first === QUOTE ? 'string'
      : first === 0x74 || first === 0x66 ? 'boolean' : first === 0x6e ? 'null' : 'number';
  }

  /** The offset just after the value that starts at `start`, which it checks. */
  end(start: number): number {
    const type = this.typeAt(start);
    return type === 'string' ? this.#stringEnd(start) : type === 'object' || type === 'array' ? this.#containerEnd(start) : this.#scalarEnd(start);
  }

  /** The value of the string that starts at `start` (its opening quote). */
  string(start: number, end = this.#stringEnd(start)): string {
    const raw = this.text.slice(start + 1, end - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, end)) as string) : raw;
  }

  /** Hands each member of the object at `start` to `read`, in order; returns the offset after the object. */
  members(start: number, read: MemberReader): number {
    return this.#entries(start, CLOSE_BRACE, (at) => {
      const keyEnd = this.#keyEnd(at);
      const valueStart = this.#valueAfter(keyEnd);
      return read(this.string(at, keyEnd), valueStart) ?? this.end(valueStart);
    });
  }

  /** Hands each element of the array at `start` to `read`, in order; returns the offset after the array. */
  elements(start: number, read: ValueReader): number {
    return this.#entries(start, CLOSE_BRACKET, (at) => read(at) ?? this.end(at));
  }

  /** The offset of the first character from `i` on that is not white space. */
  skipSpace(i: number): number {
    const text = this.text;
    for (let c = text.charCodeAt(i); isSpace(c); c = text.charCodeAt(++i));
    return i;
  }

  #entries(start: number, close: number, readEntry: (at: number) => number): number {
    const text = this.text;
    let i = this.skipSpace(start + 1);
    if (text.charCodeAt(i) === close) {
      return i + 1;
    }
    for (;;) {
      i = this.skipSpace(readEntry(i));
      const c = text.charCodeAt(i);
      if (c === close) {
        return i + 1;
      }
      if (c !== COMMA) {
        throw new JsonSyntaxError(i);
      }
      i = this.skipSpace(i + 1);
    }
  }

  /** The end of the key that starts a member at `at`. */
  #keyEnd(at: number): number {
    if (this.text.charCodeAt(at) !== QUOTE) {
      throw new JsonSyntaxError(at);
    }
    return this.#stringEnd(at);
  }

  /** Checks the colon after a key that ends at `keyEnd`; returns the offset of the member's value. */
  #valueAfter(keyEnd: number): number {
    const colon = this.skipSpace(keyEnd);
    if (this.text.charCodeAt(colon) !== COLON) {
      throw new JsonSyntaxError(colon);
    }
    return this.skipSpace(colon + 1);
  }

  /** Skips an object or array with a stack of the brackets to close, not recursion: nesting depth is the file's choice. */
  #containerEnd(start: number): number {
    const text = this.text;
    const closers: number[] = [];
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        i = this.skipSpace(i + 1);
        if (text.charCodeAt(i) !== close) {
          closers.push(close);
          i = close === CLOSE_BRACE ? this.#valueAfter(this.#keyEnd(i)) : i;
          continue;
        }
        i++;
      } else {
        i = c === QUOTE ? this.#stringEnd(i) : this.#scalarEnd(i);
      }
      // A value ended at `i`: next comes a comma and another entry, or the brackets it closes.
      for (;;) {
        const close = closers.pop();
        if (close === undefined) {
          return i;
        }
        i = this.skipSpace(i);
        const next = text.charCodeAt(i);
        if (next === COMMA) {
          closers.push(close);
          i = this.skipSpace(i + 1);
          i = close === CLOSE_BRACE ? this.#valueAfter(this.#keyEnd(i)) : i;
          break;
        }
        if (next !== close) {
          throw new JsonSyntaxError(i);
        }
        i++;
      }
    }
  }

  #stringEnd(start: number): number {
    const text = this.text;
    for (let i = start + 1; i < text.length; ) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        return i + 1;
      }
      if (c === BACKSLASH) {
        const escaped = text.charCodeAt(i + 1);
        const length = SIMPLE_ESCAPES.has(escaped) ? 2 : escaped === 0x75 && HEX4.test(text.slice(i + 2, i + 6)) ? 6 : 0;
        if (length === 0) {
          throw new JsonSyntaxError(i);
        }
        i += length;
      } else if (c < 0x20) {
        throw new JsonSyntaxError(i);
      } else {
        i++;
      }
    }
    throw new JsonSyntaxError(text.length);
  }

  #scalarEnd(start: number): number {
    const literal = LITERALS.find((word) => this.text.startsWith(word, start));
    if (literal) {
      return start + literal.length;
    }
    NUMBER.lastIndex = start;
    if (!NUMBER.test(this.text)) {
      throw new JsonSyntaxError(start);
    }
    return NUMBER.lastIndex;
  }
}
