import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How long the event loop was held up: its longest delay and the 99th percentile, in milliseconds. */
export interface EventLoopDelay {
  readonly maxMs: number;
  readonly p99Ms: number;
}

/** How finely the delay is sampled: a stall shorter than this goes unseen. */
const RESOLUTION_MS = 10;

/**
 * Measures the extension host's event loop while `work` runs and for `settleMs` after it (the surfaces
 * refresh on timers once the index is announced), and hands the figures to `report`. The host's thread is
 * shared with every other extension: a long delay is a pause in all of them.
 */
export async function watchEventLoop(work: () => Promise<void>, settleMs: number, report: (delay: EventLoopDelay) => void): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  try {
    await work();
  } finally {
    setTimeout(() => {
      histogram.disable();
      // The histogram counts in nanoseconds, each delay including the sampling interval itself.
      const ms = (ns: number) => Math.max(0, Math.round(ns / 1e6 - RESOLUTION_MS));
      report({ maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)) });
    }, settleMs);
  }
}

/** Lets the event loop run whatever waits (timers, messages from the window) before the work goes on. */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
