/** Polls fn until ok(value) holds; throws with a message built from the last value on timeout. */
export async function waitUntil<T>(
  fn: () => Promise<T>,
  ok: (value: T) => boolean,
  options: { timeout?: number; interval?: number; message: string | ((last: T | undefined) => string) },
): Promise<T> {
  const timeout = options.timeout ?? 30_000;
  const interval = options.interval ?? 250;
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const msg = typeof options.message === 'function' ? options.message(last) : options.message;
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeout} ms: ${msg}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
