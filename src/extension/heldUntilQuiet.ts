/**
 * Holds back what would be sent again at every edit until edits pause, then sends it once: the diagnostics
 * of a file with thousands of them (VS Code re-renders all of a file's markers each time they are set, and
 * 20,000 at each keystroke held up the editor). No `vscode` import: the unit tests drive it with a clock of
 * their own.
 */
import { SYSTEM_CLOCK, type HostClock } from './calendarWatch';

export class HeldUntilQuiet<T> {
  readonly #held = new Map<string, T>();
  #timer: unknown;

  constructor(
    readonly quietMs: number,
    /** Sends what was held, once nothing was held for `quietMs`. */
    readonly release: (held: T[]) => void,
    readonly clock: HostClock = SYSTEM_CLOCK,
  ) {}

  /** Holds `item` under `key` (a later one replaces it) and starts the wait again. */
  hold(key: string, item: T): void {
    this.#held.set(key, item);
    this.clock.clearTimeout(this.#timer);
    this.#timer = this.clock.setTimeout(() => {
      const held = [...this.#held.values()];
      this.#held.clear();
      this.release(held);
    }, this.quietMs);
  }

  /** Forgets the held items that `sent` says were sent another way. */
  drop(sent: (item: T) => boolean): void {
    for (const [key, item] of this.#held) {
      if (sent(item)) {
        this.#held.delete(key);
      }
    }
  }

  dispose(): void {
    this.clock.clearTimeout(this.#timer);
    this.#held.clear();
  }
}
