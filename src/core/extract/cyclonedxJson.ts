/**
 * JSON read by position for the CycloneDX reader, on jsonc-parser's `visit`: the reader says, value by value, which
 * parts it wants ({@link TypedReaders}), and the rest goes by unread but checked all the same. `visit` builds no tree: jsonc-parser's
 * `parseTree` costs 50–90 ms per MB and several times the file's size in memory, and `JSON.parse` builds the whole
 * document only to throw it away — too much for a 20 MB SBOM.
 */
import { printParseErrorCode, visit, type ParseOptions } from 'jsonc-parser';

/** The type of a JSON value. */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

type Scalar<T extends JsonType, V> = { readonly type: T; readonly value: V; readonly start: number; readonly end: number };
/**
 * A value as the walk reaches it, by the offset it starts at: a scalar with its value (a string decoded) and the
 * offset after it; an object or array before its entries, whose end comes to {@link EntriesReader.close}.
 */
export type JsonValue =
  | { readonly type: 'object' | 'array'; readonly start: number; readonly value?: undefined; readonly end?: undefined }
  | Scalar<'string', string> | Scalar<'number', number> | Scalar<'boolean', boolean> | Scalar<'null', null>;

/** Reads a value as the walk reaches it; for an object or array, returns the reader of its entries, if any. */
export type ValueReader = (value: JsonValue) => EntriesReader | undefined;

/** Reads the entries of one object or array as they come; the walk skips whatever it has no reader for. */
export interface EntriesReader {
  /** The reader of the object's member named `key`. */
  readonly member?: (key: string) => ValueReader | undefined;
  /** The reader of each element of the array. */
  readonly element?: ValueReader | undefined;
  /** The object or array, which starts at `start`, ends at `end`, the offset after its closing bracket. */
  readonly close?: (start: number, end: number) => void;
}

/** A string value, and where its text is: inside the quotes. */
export interface Located { readonly value: string; readonly start: number; readonly end: number }

/** Where a text stops being JSON: jsonc-parser's first error, in words. */
export interface JsonSyntaxError { readonly what: string; readonly offset: number; readonly length: number }

/**
 * As strict as `JSON.parse`: with these options jsonc-parser rejects what it rejects, control characters in strings
 * included, and accepts lone surrogates as it does (test/unit/cyclonedx.test.ts checks the two agree).
 */
const STRICT: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };
const BYTE_ORDER_MARK = 0xfeff;

/** Carries the first syntax error out of `visit`, which would otherwise go on past it. */
class StopAtError {
  constructor(readonly error: JsonSyntaxError) {}
}

/** An object or array being walked: where it starts, its reader, and the reader of the value that comes next in it. */
interface Frame { readonly start: number; readonly entries: EntriesReader | undefined; next: ValueReader | undefined }

/**
 * Walks the JSON text, handing its value to `root` and on down as the readers ask; returns where the text stops
 * being JSON, or undefined. A byte order mark before the value is read as white space, as editors read it
 * (`JSON.parse` and jsonc-parser reject it; a space in its place keeps the offsets).
 *
 * Every token is checked, read or not: `visit` can skip an object's callbacks (`onObjectBegin` returning false),
 * but then it reports no errors inside it either. `visit` descends by recursion, so a text nested some thousands
 * deep exhausts the stack (a `RangeError`), where `JSON.parse` would read it.
 */
export function walkJson(text: string, root: ValueReader): JsonSyntaxError | undefined {
  const frames: Frame[] = [{ start: 0, entries: undefined, next: root }];
  const top = () => frames[frames.length - 1]!;
  const begin = (type: 'object' | 'array') => (start: number) => {
    const entries = top().next?.({ type, start });
    frames.push({ start, entries, next: type === 'array' ? entries?.element : undefined });
  };
  const end = (offset: number, length: number) => {
    const frame = frames.pop()!;
    frame.entries?.close?.(frame.start, offset + length);
  };
  try {
    visit(text.charCodeAt(0) === BYTE_ORDER_MARK ? ` ${text.slice(1)}` : text, {
      onObjectBegin: begin('object'),
      onArrayBegin: begin('array'),
      onObjectEnd: end,
      onArrayEnd: end,
      onObjectProperty: (key: string) => {
        const frame = top();
        frame.next = frame.entries?.member?.(key);
      },
      onLiteralValue: (value: unknown, offset: number, length: number) => void top().next?.(scalar(value, offset, offset + length)),
      onError: (code, offset, length) => {
        throw new StopAtError({ what: printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(), offset, length });
      },
    }, STRICT);
  } catch (stop) {
    if (stop instanceof StopAtError) {
      return stop.error;
    }
    throw stop;
  }
  return undefined;
}

/** The {@link JsonValue} of a literal `visit` reports, by its JavaScript type. */
function scalar(value: unknown, start: number, end: number): JsonValue {
  switch (typeof value) {
    case 'string':
      return { type: 'string', value, start, end };
    case 'number':
      return { type: 'number', value, start, end };
    case 'boolean':
      return { type: 'boolean', value, start, end };
    default:
      return { type: 'null', value: null, start, end };
  }
}

const A_TYPE: Readonly<Record<JsonType, string>> = {
  object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'true or false', null: 'null',
};

/**
 * Readers of values of one type, each handing the value on. A value of another type is skipped and reported as a
 * problem that covers it, named by `what` (`"version"`, `An entry of "components"`); null means absent, no problem.
 */
export class TypedReaders {
  readonly #report: (start: number, end: number, message: string) => void;

  constructor(report: (start: number, end: number, message: string) => void) {
    this.#report = report;
  }

  /** Reads an object's members, with `entries` or, to keep state for each object, with what `entries` makes for it. */
  object(what: string, entries: EntriesReader | (() => EntriesReader)): ValueReader {
    return (value) => (value.type !== 'object' ? this.mismatch(value, 'object', what) : typeof entries === 'function' ? entries() : entries);
  }

  /** Hands each element of an array to `element`, then says it is done to `close`. */
  array(what: string, element: ValueReader, close?: () => void): ValueReader {
    const entries: EntriesReader = { element, close };
    return (value) => (value.type === 'array' ? entries : this.mismatch(value, 'array', what));
  }

  /** Hands a string to `use`; null, or a value of another type, as undefined. */
  string(what: string, use: (text: string | undefined) => void): ValueReader {
    return (value) => {
      use(value.type === 'string' ? value.value : undefined);
      return this.mismatch(value, 'string', what);
    };
  }

  /** Hands a string and where its text is to `use`; null, or a value of another type, as undefined. */
  located(what: string, use: (located: Located | undefined) => void): ValueReader {
    return (value) => {
      use(value.type === 'string' ? { value: value.value, start: value.start + 1, end: value.end - 1 } : undefined);
      return this.mismatch(value, 'string', what);
    };
  }

  /** Reports a value that is not of the `type` it should be, once its end is known; the walk skips what it holds. */
  mismatch(value: JsonValue, type: JsonType, what: string): EntriesReader | undefined {
    if (value.type === type || value.type === 'null') {
      return undefined;
    }
    const report = (start: number, end: number) => this.#report(start, end, `${what} should be ${A_TYPE[type]}, but it is ${A_TYPE[value.type]}: JSP Trace skipped it.`);
    return value.end === undefined ? { close: report } : void report(value.start, value.end);
  }
}
