// Jobs held by a worker process that is gone. graphile-worker 0.17 locks each job it runs with
// its pool's id (`locked_by`) and frees a dead pool's jobs only after 4 hours; we free them as
// soon as the pool's heartbeat (src/jobs/heartbeat.ts) has been silent for `deadAfterMs`, with
// graphile-worker's own `force_unlock_workers(worker_ids)` (what `workerUtils.forceUnlockWorkers`
// calls). Every job we run is safe to run again after a crash midway: imports, launches and
// webhook events commit their effects in one transaction guarded by a once-only key or status.
import type { Sql } from "postgres";
import type { Logger } from "../log.js";

/** Marks the attempt a dead worker was running; a job whose last attempt died gets one more, once. */
const STOPPED = "Its worker process stopped while running this job";

export interface ReleasedJob {
  id: string;
  task: string;
  attempts: number;
  max_attempts: number;
}

/**
 * Pools that hold jobs and are dead: their heartbeat (or, for a pool that never beat, their
 * oldest lock) is older than `deadAfterMs`. Staleness is measured in the database's real time,
 * and not across a database restart: while the database was down nobody could beat, so a pool
 * counts as dead only once the database has been up for `deadAfterMs` too.
 */
export async function deadPools(sql: Sql, deadAfterMs: number): Promise<string[]> {
  const silence = `${deadAfterMs / 1000} seconds`;
  const rows = await sql<{ pool_id: string }[]>`
    select distinct j.locked_by as pool_id
    from graphile_worker._private_jobs j
    left join worker_heartbeats h on h.pool_id = j.locked_by
    where j.locked_by is not null
      and j.locked_at < now() - ${silence}::interval
      and (h.pool_id is null or h.beat_at < now() - ${silence}::interval)
      and pg_postmaster_start_time() < now() - ${silence}::interval`;
  return rows.map((row) => row.pool_id);
}

/**
 * Frees every job the given pools hold, so that any worker retries it now. The attempt that
 * died counts, like any failed attempt; but a job whose last attempt died gets one more
 * (once), so that its last-try handler can still tell the user.
 */
export async function releaseJobsOf(sql: Sql, poolIds: string[], reason = STOPPED): Promise<ReleasedJob[]> {
  if (poolIds.length === 0) return [];
  return sql.begin(async (tx) => {
    const jobs = await tx<ReleasedJob[]>`
      update graphile_worker._private_jobs j
      set last_error = ${reason},
          max_attempts = case
            when j.attempts >= j.max_attempts and coalesce(j.last_error, '') not like ${`${STOPPED}%`} then j.attempts + 1
            else j.max_attempts end,
          updated_at = now()
      from graphile_worker._private_tasks t
      where t.id = j.task_id and j.locked_by = any(${tx.array(poolIds)}::text[])
      returning j.id::text as id, t.identifier as task, j.attempts, j.max_attempts`;
    await tx`select graphile_worker.force_unlock_workers(${tx.array(poolIds)}::text[])`;
    await tx`delete from worker_heartbeats where pool_id = any(${tx.array(poolIds)}::text[])`;
    return jobs;
  });
}

/** The safety net's step: release the jobs of every dead pool. Returns how many were released. */
export async function releaseJobsOfDeadWorkers(sql: Sql, log: Logger, deadAfterMs: number): Promise<number> {
  const pools = await deadPools(sql, deadAfterMs);
  if (pools.length === 0) return 0;
  const jobs = await releaseJobsOf(sql, pools);
  for (const job of jobs) {
    const given = job.attempts >= job.max_attempts;
    log[given ? "error" : "warn"](
      given
        ? "a job's worker died on its last two attempts; it is given up"
        : "a job's worker stopped; the job is released and will run again",
      { job: job.id, task: job.task, attempt: job.attempts, maxAttempts: job.max_attempts, pools },
    );
  }
  return jobs.length;
}
