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
 * Runs the generator, letting the event loop run other work after every `sliceMs` of its own.
 * Short slices: answering one Slack request takes several turns of the event loop (signature,
 * replay check, lookup, queueing), and each turn may wait for one slice.
 */
export async function runInSlices<T>(steps: Generator<void, T, void>, sliceMs = 5): Promise<T> {
  let sliceStarted = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
}
