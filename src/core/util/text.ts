import type { Position } from '../model';

/** Converts between string offsets and zero-based line/character positions of one text. */
export class LineIndex {
  readonly #lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.#lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** The offset at which the zero-based `line` starts. */
  lineStart(line: number): number {
    return this.#lineStarts[Math.min(Math.max(line, 0), this.#lineStarts.length - 1)]!;
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.#lineStarts.length ? this.#lineStarts[line + 1]! : this.text.length + 1;
    const end = this.text.charCodeAt(next - 2) === 13 /* \r */ ? next - 2 : next - 1;
    return this.text.slice(start, Math.max(start, end));
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#lineStarts[middle]! <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { line: low, character: offset - this.#lineStarts[low]! };
  }
}

/** `12 requirements`, `1 requirement`. */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
