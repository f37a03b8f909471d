// Which jobs the dead-worker release frees, on a real database with graphile-worker's own tables:
// only the jobs of pools whose heartbeat stopped, a job whose last attempt died gets exactly one
// more, and nobody is judged dead across a database restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseJobsOfDeadWorkers } from "../../src/jobs/dead-workers.js";
import { enqueue } from "../../src/db/job-queue.js";
import { createLogger } from "../../src/log.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const log = createLogger({ test: true });
/** Short, because the suite's database server has only just started (see the last case). */
const DEAD_AFTER_MS = 1_000;

interface JobState {
  locked_by: string | null;
  attempts: number;
  max_attempts: number;
  is_available: boolean;
}

/** A job as a worker pool holds it: locked an hour ago, on its given attempt. */
async function heldJob(pool: string, key: string, attempts: number, maxAttempts: number): Promise<string> {
  await enqueue(db.sql, "probe", {}, { jobKey: key, maxAttempts });
  const [job] = await db.sql<{ id: string }[]>`
    update graphile_worker._private_jobs set locked_by = ${pool}, locked_at = now() - interval '1 hour', attempts = ${attempts}
    where key = ${key} returning id::text as id`;
  return job!.id;
}

async function state(id: string): Promise<JobState> {
  const [row] = await db.sql<JobState[]>`
    select locked_by, attempts, max_attempts, is_available from graphile_worker._private_jobs where id = ${id}`;
  return row!;
}

async function heartbeat(pool: string, age: string): Promise<void> {
  await db.sql`insert into worker_heartbeats (pool_id, host, pid, beat_at) values (${pool}, 'test', 1, now() - ${age}::interval)
               on conflict (pool_id) do update set beat_at = excluded.beat_at`;
}

describe("releasing the jobs of dead workers", () => {
  it("frees a silent pool's job, and leaves a beating pool's long job alone", async () => {
    await heartbeat("pool-silent", "10 minutes");
    await heartbeat("pool-beating", "0 seconds");
    const dead = await heldJob("pool-silent", "a", 1, 5);
    const alive = await heldJob("pool-beating", "b", 1, 5);
    // A pool that died before its first beat: only its lock's age tells.
    const unregistered = await heldJob("pool-never-beat", "c", 1, 5);

    expect(await releaseJobsOfDeadWorkers(db.sql, log, DEAD_AFTER_MS)).toBe(2);

    expect(await state(dead)).toEqual({ locked_by: null, attempts: 1, max_attempts: 5, is_available: true });
    expect(await state(unregistered)).toEqual({ locked_by: null, attempts: 1, max_attempts: 5, is_available: true });
    expect(await state(alive)).toEqual({ locked_by: "pool-beating", attempts: 1, max_attempts: 5, is_available: false });
    const pools = await db.sql`select pool_id from worker_heartbeats order by pool_id`;
    expect(pools.map((row) => row.pool_id)).toEqual(["pool-beating"]);
  });

  it("gives a job whose last attempt died one more attempt, and only once", async () => {
    await heartbeat("pool-gone-1", "10 minutes");
    const id = await heldJob("pool-gone-1", "last", 3, 3);
    await releaseJobsOfDeadWorkers(db.sql, log, DEAD_AFTER_MS);
    expect(await state(id)).toEqual({ locked_by: null, attempts: 3, max_attempts: 4, is_available: true });

    // Its extra attempt dies too: it is given up rather than crash every worker forever.
    await heartbeat("pool-gone-2", "10 minutes");
    await db.sql`update graphile_worker._private_jobs set locked_by = 'pool-gone-2', locked_at = now() - interval '1 hour', attempts = 4
                 where id = ${id}`;
    await releaseJobsOfDeadWorkers(db.sql, log, DEAD_AFTER_MS);
    expect(await state(id)).toEqual({ locked_by: null, attempts: 4, max_attempts: 4, is_available: false });
  });

  it("judges nobody dead until the database itself has been up for the dead-after period", async () => {
    await heartbeat("pool-before-restart", "100 years");
    const id = await heldJob("pool-before-restart", "restart", 1, 5);
    // A period longer than the server has been up: every beat in it could have failed on the outage.
    const [{ uptime_ms }] = (await db.sql`
      select (extract(epoch from now() - pg_postmaster_start_time()) * 1000)::bigint as uptime_ms`) as unknown as [{ uptime_ms: string }];
    const longerThanUptime = Number(uptime_ms) + 3_600_000;
    expect(await releaseJobsOfDeadWorkers(db.sql, log, longerThanUptime)).toBe(0);
    expect((await state(id)).locked_by).toBe("pool-before-restart");
  });
});
