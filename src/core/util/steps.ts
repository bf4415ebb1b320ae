// Long computations written as generators that yield between steps, so that the same code runs to the end
// at once (the CLI) or in slices that give the caller's event loop a turn (the extension host, whose thread
// every extension shares).

/** A computation that yields between its steps and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) {
      return next.value;
    }
  }
}

/** How long work runs between two pauses: short enough that the host's event loop turns every few frames. */
export const SLICE_MS = 10;

/** Runs the steps, pausing through `pause` whenever about `sliceMs` have passed since the last pause. */
export async function runStepsInSlices<T>(steps: Steps<T>, pause: () => Promise<void>, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = Date.now();
  for (;;) {
    const next = steps.next();
    if (next.done) {
      return next.value;
    }
    if (Date.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = Date.now();
    }
  }
}
