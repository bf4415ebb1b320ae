/**
 * Notices when the local calendar date changes, so that the indexes check dates (a risk acceptance's
 * `Expires:`) against the new day: a timer to the next local midnight, re-armed each time, and a check
 * when the window gets the focus back, because a machine that slept through midnight fires the timer late.
 * No `vscode` import: the unit tests drive it with a clock of their own.
 */
import { isoDateOf } from '../core';

/** The host's clock and timers: the system's in the extension, one a test sets in the tests. */
export interface HostClock {
  now(): Date;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: HostClock = {
  now: () => new Date(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Milliseconds from a clock reading to the next local midnight (a day can have 23 or 25 hours). */
export function msUntilMidnight(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() - now.getTime();
}

/** A window focus event: `vscode.window.onDidChangeWindowState` has this shape. */
export type FocusEvent = (listener: (state: { readonly focused: boolean }) => unknown) => { dispose(): unknown };

/**
 * Calls `onNewDay` with the new date when the local date is no longer the one the indexes were last built
 * for: the date when the watch started, then each new day it reported (each of which rebuilds them).
 */
export class CalendarWatch {
  readonly #clock: HostClock;
  readonly #onNewDay: (today: string) => void;
  readonly #focus: { dispose(): unknown };
  #date: string;
  #timer: unknown;

  constructor(clock: HostClock, onDidChangeFocus: FocusEvent, onNewDay: (today: string) => void) {
    this.#clock = clock;
    this.#onNewDay = onNewDay;
    this.#date = isoDateOf(clock.now());
    this.#arm();
    this.#focus = onDidChangeFocus((state) => state.focused && this.check());
  }

  /** Compares today with the date last seen, and reports a new day. */
  check(): void {
    const today = isoDateOf(this.#clock.now());
    if (today !== this.#date) {
      this.#date = today;
      this.#onNewDay(today);
    }
  }

  /** A timer that fires a little early (the clock was set back) finds the same date and is simply armed again. */
  #arm(): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.check();
      this.#arm();
    }, msUntilMidnight(this.#clock.now()));
  }

  dispose(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#focus.dispose();
  }
}
