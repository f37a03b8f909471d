// Drives virtual time for engine tests: wait until the worker has nothing runnable, then move
// the clock to the next moment anything is due (a queue row or a job), and repeat. Tests never
// sleep for campaign time; days pass in milliseconds.
import type { TestApp } from "./app.js";
import { Stepper } from "./stepper.js";

export interface DriveOptions {
  /** Stop once virtual time passes this instant. */
  until?: Date;
  maxSteps?: number;
  /** Also step at least this often (virtual ms), so that sandbox events in between happen. */
  maxStepMs?: number;
}

/** Runs the app through virtual time until `done` holds (or nothing is left to happen). */
export async function drive(t: TestApp, done: () => Promise<boolean>, options: DriveOptions = {}): Promise<void> {
  const stepper = new Stepper(t.db.sql, t.clock, t.sandbox);
  for (let step = 0; step < (options.maxSteps ?? 2_000); step++) {
    await stepper.settle();
    if (await done()) return;
    let next = await stepper.nextDue();
    const cap = options.maxStepMs ? new Date(t.clock.nowMs() + options.maxStepMs) : null;
    if (cap && (!next || cap < next)) next = cap;
    if (!next) throw new Error("nothing left to happen, and the condition does not hold");
    if (options.until && next > options.until) return;
    await t.clock.set({ now: next });
  }
  throw new Error("too many steps");
}

/** Moves virtual time on by `ms` in steps of at most 6 hours, letting the worker do everything due on the way. */
export async function runFor(t: TestApp, ms: number): Promise<void> {
  const stepper = new Stepper(t.db.sql, t.clock, t.sandbox);
  const limit = new Date(t.clock.nowMs() + ms);
  while (t.clock.nowMs() < limit.getTime()) await stepper.step(6 * 3_600_000, limit);
  await stepper.settle();
}
