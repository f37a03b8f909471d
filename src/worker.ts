// graphile-worker inside this process: the task list, the cron safety nets, and re-timing of
// waiting jobs whenever the app clock is moved.
import { type Runner, run, type TaskList } from "graphile-worker";
import pg from "pg";
import type { AppContext } from "./context.js";
import { workerLogger } from "./db/migrate.js";
import { taskList } from "./jobs/index.js";
import { retimeJobs } from "./jobs/queue.js";

export interface WorkerOptions {
  concurrency?: number;
  /** How often an idle worker looks for due jobs; bounds the due-to-start latency. */
  pollIntervalMs?: number;
  /** Extra tasks (tests register probes here). */
  extraTasks?: TaskList;
}

export interface WorkerHandle {
  runner: Runner;
  state: () => "running" | "stopped";
  stop: () => Promise<void>;
}

export async function startWorker(ctx: AppContext, options: WorkerOptions = {}): Promise<WorkerHandle> {
  // Our own pool, so that its error handlers outlive the runner: graphile-worker removes its
  // handlers when it stops, and a connection closed afterwards (a database restart or drop)
  // would otherwise raise an uncaught error.
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: (options.concurrency ?? 8) + 2 });
  const onError = (error: Error) => ctx.log.warn("worker database connection error", { error: error.message });
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  const runner = await run({
    pgPool: pool,
    taskList: { ...taskList(ctx), ...options.extraTasks },
    concurrency: options.concurrency ?? 8,
    pollInterval: options.pollIntervalMs ?? 500,
    noHandleSignals: true,
    logger: workerLogger(ctx.log),
    // The safety net runs every real minute on every worker; graphile-worker runs each tick once.
    crontab: "* * * * * sweep ?max=1",
  });
  // Whatever a previous process left half-done is looked at now, not at the first cron tick.
  await runner.addJob("sweep", {}, { jobKey: "sweep:start", jobKeyMode: "replace" });
  let stopped = false;
  const detachClock = ctx.clock.onChange(() => retimeJobs(ctx.sql, ctx.clock));
  return {
    runner,
    state: () => (stopped ? "stopped" : "running"),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      detachClock();
      await runner.stop();
      await pool.end();
    },
  };
}
