import { JSP_KINDS, type ItemKind } from '../model';
import type { TraceConfig } from './config';

/** One ID found in a text, with its offset. */
export interface IdMatch {
  readonly id: string;
  readonly kind: ItemKind;
  readonly offset: number;
}

/**
 * Finds the IDs of every configured kind in text. One combined regular expression scans the text once;
 * each kind's pattern is a named group so the match says its kind without a second test.
 */
export class IdMatcher {
  readonly #combined: RegExp;
  readonly #kinds: ItemKind[] = [];
  readonly #anchored = new Map<ItemKind, RegExp>();

  constructor(kinds: TraceConfig['kinds']) {
    const alternatives: string[] = [];
    for (const kind of JSP_KINDS) {
      const pattern = kinds[kind].pattern;
      this.#kinds.push(kind);
      alternatives.push(`(?<k${alternatives.length}>${pattern})`);
      this.#anchored.set(kind, new RegExp(`^(?:${pattern})$`, 'u'));
    }
    // Whole words only: `XSR-1` and `SR-12a` are not IDs. Nor is `SC-28(1)`: a parenthesised number right
    // after the ID makes it a NIST SP 800-53 control enhancement, which documents cite alongside ours.
    // Lookarounds keep the match itself the bare ID.
    this.#combined = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_]|\\(\\d+\\))`, 'gu');
  }

  /** Every ID in `text` between `start` and `end` offsets, in order. */
  *matches(text: string, start = 0, end = text.length): Generator<IdMatch> {
    const regex = this.#combined;
    regex.lastIndex = start;
    for (let match = regex.exec(text); match !== null && match.index < end; match = regex.exec(text)) {
      if (match.index + match[0].length > end) {
        break;
      }
      const groups = match.groups!;
      const index = this.#kinds.findIndex((_, i) => groups[`k${i}`] !== undefined);
      yield { id: match[0], kind: this.#kinds[index]!, offset: match.index };
      if (match[0].length === 0) {
        regex.lastIndex++;
      }
    }
  }

  /** True when `text` contains at least one ID: the cheap prefilter before any parsing. */
  containsId(text: string): boolean {
    this.#combined.lastIndex = 0;
    return this.#combined.test(text);
  }

  /** The kind of an ID, or undefined when it matches no configured pattern. */
  kindOf(id: string): ItemKind | undefined {
    for (const kind of this.#kinds) {
      if (this.#anchored.get(kind)!.test(id)) {
        return kind;
      }
    }
    return undefined;
  }
}
