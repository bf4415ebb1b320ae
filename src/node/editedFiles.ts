/**
 * How many files' last answer both ends of an extraction worker keep: enough for the files being edited now.
 * Both ends keep the same files in the same order, so the base of a delta is there when it arrives.
 */
const EDITED_FILES_KEPT = 16;

/** The last answer to an edit of each file edited lately, with the ID of that answer; the oldest go first. */
export class EditedFiles<T> {
  readonly #entries = new Map<string, { readonly revision: number; readonly value: T }>();

  get(path: string): { readonly revision: number; readonly value: T } | undefined {
    return this.#entries.get(path);
  }

  set(path: string, revision: number, value: T): void {
    this.#entries.delete(path);
    this.#entries.set(path, { revision, value });
    if (this.#entries.size > EDITED_FILES_KEPT) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  forget(path: string): void {
    this.#entries.delete(path);
  }
}
