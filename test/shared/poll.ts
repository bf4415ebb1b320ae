// The one polling loop of the two editor test suites: the end-to-end specs (test/e2e, run by mocha under tsx)
// and the in-extension-host suite (test/vscode, bundled by esbuild). Both wait for work the editor does in the
// background (indexing, rendering), so both ask the same question until the answer is right.

/** How long {@link waitUntil} polls and what its timeout error says. */
export interface WaitOptions<T> {
  /** Milliseconds before giving up; 30 s when omitted. */
  timeout?: number;
  /** Milliseconds between two probes; 250 when omitted. */
  interval?: number;
  /** What was awaited, for the timeout error; a function receives the probe's last result. */
  message: string | ((last: T | undefined) => string);
}

/**
 * Calls `probe` until `ok` holds for its result and returns that result. A probe that throws counts as "not yet"
 * (the page or the index may still be loading); on timeout the error says what was awaited and, if the last
 * probe threw, why.
 */
export async function waitUntil<T>(probe: () => PromiseLike<T> | T, ok: (value: T) => boolean, options: WaitOptions<T>): Promise<T> {
  const timeout = options.timeout ?? 30_000;
  const interval = options.interval ?? 250;
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = typeof options.message === 'function' ? options.message(last) : options.message;
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`Timed out after ${timeout} ms: ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
