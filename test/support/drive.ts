// Drives virtual time for engine tests: wait until the worker has nothing runnable, then move
// the clock to the next moment anything is due (a queue row or a job), and repeat. Tests never
// sleep for campaign time; days pass in milliseconds.
import type { TestApp } from "./app.js";

async function quiet(t: TestApp, timeoutMs: number): Promise<void> {
  const started = Date.now();
  let calm = 0;
  while (Date.now() - started < timeoutMs) {
    const [row] = await t.db.sql<{ runnable: number; sending: number }[]>`
      select (select count(*)::int from graphile_worker._private_jobs j
              join graphile_worker._private_tasks k on k.id = j.task_id
              where (j.locked_at is not null or (j.run_at <= now() and j.attempts < j.max_attempts))
                and k.identifier <> 'sweep') as runnable,
             (select count(*)::int from send_queue where status = 'sending') as sending`;
    calm = row!.runnable === 0 && row!.sending === 0 ? calm + 1 : 0;
    if (calm >= 3) return;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  throw new Error("the worker did not settle");
}

/** The next virtual instant at which a job or a queue row is due, after now. */
async function nextDue(t: TestApp): Promise<Date | null> {
  const now = t.clock.now();
  const [row] = await t.db.sql<{ at: Date | null }[]>`
    select least(
      (select min((payload->>'_due')::timestamptz) from graphile_worker._private_jobs
        where locked_at is null and payload->>'_due' is not null and (payload->>'_due')::timestamptz > ${now}),
      (select min(q.scheduled_for) from send_queue q join campaigns c on c.id = q.campaign_id
        where q.status = 'pending' and c.status = 'active' and q.scheduled_for > ${now})
    ) as at`;
  return row?.at ?? null;
}

export interface DriveOptions {
  /** Stop once virtual time passes this instant. */
  until?: Date;
  maxSteps?: number;
  /** Also step at least this often (virtual ms), so that sandbox events in between happen. */
  maxStepMs?: number;
}

/** Runs the app through virtual time until `done` holds (or nothing is left to happen). */
export async function drive(t: TestApp, done: () => Promise<boolean>, options: DriveOptions = {}): Promise<void> {
  for (let step = 0; step < (options.maxSteps ?? 2_000); step++) {
    await quiet(t, 20_000);
    if (await done()) return;
    let next = await nextDue(t);
    const cap = options.maxStepMs ? new Date(t.clock.nowMs() + options.maxStepMs) : null;
    if (cap && (!next || cap < next)) next = cap;
    if (!next) throw new Error("nothing left to happen, and the condition does not hold");
    if (options.until && next > options.until) return;
    await t.clock.set({ now: next });
  }
  throw new Error("too many steps");
}
