// Moves virtual time for the engine tests and the demo: wait until the
// worker has nothing runnable and nothing is in flight (jobs, sends, the sandbox's webhooks),
// then set the clock to the next instant anything is due, never further than a maximum step
// (people in the sandbox reply and accept at times the app cannot know in advance). Between
// steps the clock stands still, so a run is deterministic and days pass in milliseconds.
import type { Sql } from "postgres";
import type { Clock } from "../../src/clock.js";
import type { Sandbox } from "../../src/unipile/sandbox/index.js";

export class Stepper {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly sandbox: Sandbox,
  ) {}

  /** Resolves once the app has done everything due at the current virtual instant. */
  async settle(timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    let calm = 0;
    while (Date.now() - started < timeoutMs) {
      await this.sandbox.webhooksIdle();
      const [row] = await this.sql<{ runnable: number; sending: number }[]>`
        select (select count(*)::int from graphile_worker._private_jobs j
                join graphile_worker._private_tasks k on k.id = j.task_id
                where (j.locked_at is not null or (j.run_at <= now() and j.attempts < j.max_attempts))
                  and k.identifier <> 'sweep') as runnable,
               (select count(*)::int from send_queue where status = 'sending') as sending`;
      calm = row!.runnable === 0 && row!.sending === 0 ? calm + 1 : 0;
      if (calm >= 3) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error("the app did not settle within 30 s of real time");
  }

  /** The next virtual instant at which a job or a queue row is due, after now. */
  async nextDue(): Promise<Date | null> {
    const now = this.clock.now();
    const [row] = await this.sql<{ at: Date | null }[]>`
      select least(
        (select min((payload->>'_due')::timestamptz) from graphile_worker._private_jobs
          where locked_at is null and payload->>'_due' is not null and (payload->>'_due')::timestamptz > ${now}),
        (select min(q.scheduled_for) from send_queue q join campaigns c on c.id = q.campaign_id
          where q.status = 'pending' and c.status = 'active' and q.scheduled_for > ${now})
      ) as at`;
    return row?.at ?? null;
  }

  /** Settles, then moves the clock to the next due instant, at most `maxStepMs` ahead and never past `limit`. */
  async step(maxStepMs: number, limit: Date): Promise<Date> {
    await this.settle();
    const cap = new Date(Math.min(this.clock.nowMs() + maxStepMs, limit.getTime()));
    const due = await this.nextDue();
    const next = due && due < cap ? due : cap;
    await this.clock.set({ now: next });
    return next;
  }
}
