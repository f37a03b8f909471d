// A worker process says it is alive: its graphile-worker pool id gets a row in
// worker_heartbeats, refreshed several times per dead-after period (real time: whether a process
// runs is a wall-clock fact, and processes may run different virtual clocks). Each beat also
// releases the jobs of pools that stopped beating, so a crashed process's import, launch or
// webhook event runs again within minutes instead of graphile-worker's 4 hours.
import { hostname } from "node:os";
import type { Sql } from "postgres";
import type { Logger } from "../log.js";
import { releaseJobsOfDeadWorkers } from "./dead-workers.js";

/** Beats per dead-after period: one or two missed beats (a slow database) do not kill a pool. */
const BEATS_PER_PERIOD = 4;

export interface Heartbeat {
  stop: () => Promise<void>;
}

export async function beat(sql: Sql, poolId: string): Promise<void> {
  await sql`
    insert into worker_heartbeats (pool_id, host, pid) values (${poolId}, ${hostname()}, ${process.pid})
    on conflict (pool_id) do update set beat_at = now()`;
}

/** Starts beating for the pool; `stop` ends the beats and removes the row (a clean exit holds nothing). */
export async function startHeartbeat(sql: Sql, log: Logger, poolId: string, deadAfterMs: number): Promise<Heartbeat> {
  await beat(sql, poolId);
  let failing = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await beat(sql, poolId);
      await releaseJobsOfDeadWorkers(sql, log, deadAfterMs);
      if (failing) log.info("worker heartbeat is back", { pool: poolId });
      failing = false;
    } catch (error) {
      // One line when beats start failing (the database is down); the beats go on regardless.
      if (!failing) log.warn("worker heartbeat failed; retrying", { pool: poolId, error: (error as Error).message });
      failing = true;
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, deadAfterMs / BEATS_PER_PERIOD);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      await sql`delete from worker_heartbeats where pool_id = ${poolId}`.catch(() => undefined);
    },
  };
}
