// Running a long computation written as a generator: all at once (pure callers, tests), or in
// slices of a few milliseconds with the event loop free between them. Planning a 100,000-prospect
// account takes seconds of CPU; done in one go on the process that also answers Slack, every
// acknowledgement due meanwhile would wait for it and miss Slack's 3 seconds.

/** Runs the generator to its end without pausing and returns its result. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * When the event loop last got a turn from any sliced computation: the slice is shared by all of
 * them, so eight previews computed at once still hold the loop for one slice, not eight.
 */
let sliceStarted = performance.now();

/**
 * Runs the generator, letting the event loop run other work after every `sliceMs` of sliced
 * work in this process. Short slices: answering one Slack request takes several turns of the
 * event loop (signature, replay check, lookup, queueing), and each turn may wait for one slice.
 */
export async function runInSlices<T>(steps: Generator<void, T, void>, sliceMs = 5): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted >= sliceMs) {
      const usedUp = sliceStarted;
      await new Promise<void>((resolve) => setImmediate(resolve));
      // The first computation to resume after the loop's turn opens the next slice; the others
      // find it opened and take a step of it at most before yielding again.
      if (sliceStarted === usedUp) sliceStarted = performance.now();
    }
  }
}
