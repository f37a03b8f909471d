// Adding jobs to graphile-worker from SQL, so that a job commits (or not) together with the rows
// it works on. It lives below src/jobs because listeners, delivery and Slack notices enqueue too. Due times are virtual (the app clock); graphile-worker runs on real time, so each
// job carries its virtual due time in `_due` and its real run_at is derived from the clock.
// When a test or demo moves the clock, retimeJobs() moves every waiting job accordingly.
import type { PendingQuery, Row, Sql } from "postgres";
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
  const add = () => sql<{ run_at: Date | null }[]>`
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
  let [job] = await add();
  // add_job first takes the key from a keyed job a worker has locked, then upserts; a worker that
  // locks the job between those two steps leaves the upsert nothing to update or insert, and
  // add_job returns no job (seen once in tenant_day's 40,000 sends, failing the send's outcome
  // transaction). Asked again, it sees the lock and adds a new job.
  if (!job?.run_at) [job] = await add();
  if (!job?.run_at) throw new Error(`graphile-worker added no ${task} job (key ${options.jobKey ?? "none"})`);
  // The job's real run time (a kept job's own, with preserve_run_at).
  return job.run_at;
}

/**
 * enqueue() as an SQL expression, for a statement that adds one job per row it touches (the
 * webhook intake, the release of events that waited for a send): `fields` are json_build_object's
 * arguments over the row, `jobKey` an SQL text expression over it. Due now on the app clock, and
 * timed as enqueue() times such a job (`_due`, and run_at from the clock).
 */
export function addJobPerRow(
  sql: Queryable,
  clock: Clock,
  task: string,
  fields: PendingQuery<Row[]>,
  jobKey: PendingQuery<Row[]>,
): PendingQuery<Row[]> {
  const due = clock.now();
  return sql`graphile_worker.add_job(${task},
    payload := json_build_object(${fields}, '_due', ${due.toISOString()}::text),
    run_at := ${clock.toRealDate(due)}, job_key := ${jobKey})`;
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
