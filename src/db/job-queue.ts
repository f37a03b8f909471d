// Adding jobs to graphile-worker from SQL, so that a job commits (or not) together with the rows
// it works on. It lives below src/jobs because listeners, delivery and Slack notices enqueue too. Due times are virtual (the app clock); graphile-worker runs on real time, so each
// job carries its virtual due time in `_due` and its real run_at is derived from the clock.
// When a test or demo moves the clock, retimeJobs() moves every waiting job accordingly.
import type { Sql } from "postgres";
import { type Clock, clock as appClock, wallClock } from "../clock.js";
import type { Queryable } from "./queryable.js";

export interface JobOptions {
  /** Virtual instant the job is due; default now. */
  runAt?: Date;
  /**
   * Real milliseconds from now instead, for work paced by the outside world (Slack's
   * retry-after): such a job is not moved when the app clock is.
   */
  realDelayMs?: number;
  jobKey?: string;
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  queueName?: string;
  maxAttempts?: number;
  priority?: number;
}

export async function enqueue(
  sql: Queryable,
  task: string,
  payload: Record<string, unknown>,
  options: JobOptions = {},
  clock: Clock = appClock,
): Promise<Date> {
  const due = options.runAt ?? clock.now();
  const real = options.realDelayMs !== undefined;
  const body = JSON.stringify(real ? payload : { ...payload, _due: due.toISOString() });
  const runAt = real ? new Date(wallClock().getTime() + options.realDelayMs!) : clock.toRealDate(due);
  const [job] = await sql<{ run_at: Date }[]>`
    select run_at from graphile_worker.add_job(
      ${task},
      -- ::text first: postgres.js would otherwise encode the string as a JSON string.
      payload := ${body}::text::json,
      queue_name := ${options.queueName ?? null},
      run_at := ${runAt},
      max_attempts := ${options.maxAttempts ?? null},
      job_key := ${options.jobKey ?? null},
      priority := ${options.priority ?? null},
      job_key_mode := ${options.jobKeyMode ?? "replace"}
    )`;
  // The job's real run time (a kept job's own, with preserve_run_at).
  return job!.run_at;
}

/** Re-derive the real run_at of every waiting job from its virtual due time, then wake the workers. */
export async function retimeJobs(sql: Sql, clock: Clock = appClock): Promise<void> {
  const now = clock.now();
  const speed = clock.speed;
  await sql`
    update graphile_worker._private_jobs
    set run_at = case
      when (payload->>'_due')::timestamptz <= ${now} then now()
      when ${speed}::float8 = 0 then now() + interval '365 days'
      else now() + ((payload->>'_due')::timestamptz - ${now}::timestamptz) / ${speed}::float8
    end
    where locked_at is null and payload->>'_due' is not null`;
  await sql`select pg_notify('jobs:insert', '{"count":100}')`;
}
