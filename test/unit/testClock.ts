import type { HostClock } from '../../src/extension/calendarWatch';

/** A clock the test sets: timers fire only when the test moves time on past them. */
export class TestClock implements HostClock {
  #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 0;

  constructor(public time: number) {}

  now(): Date {
    return new Date(this.time);
  }

  setTimeout(callback: () => void, ms: number): number {
    this.#timers.set(++this.#next, { at: this.time + ms, callback });
    return this.#next;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time on to `until`, firing each timer due on the way at its time (an overdue one at once: late, as after a sleep). */
  advance(until: Date): void {
    for (;;) {
      const due = [...this.#timers].filter(([, timer]) => timer.at <= until.getTime()).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) {
        break;
      }
      this.#timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = until.getTime();
  }
}
