// graphile-worker inside this process: the task list, the cron safety nets, and re-timing of
// waiting jobs whenever the app clock is moved.
import { type Runner, run, type TaskList } from "graphile-worker";
import pg from "pg";
import type { AppContext } from "./context.js";
import { workerLogger } from "./db/migrate.js";
import { taskList } from "./jobs/index.js";
import { retimeJobs } from "./jobs/queue.js";

const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;

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
  const start = () =>
    run({
      pgPool: pool,
      taskList: { ...taskList(ctx), ...options.extraTasks },
      concurrency: options.concurrency ?? 8,
      pollInterval: options.pollIntervalMs ?? 500,
      noHandleSignals: true,
      logger: workerLogger(ctx.log),
      // The safety net runs every real minute on every worker; graphile-worker runs each tick once.
      crontab: "* * * * * sweep ?max=1",
    });
  let runner = await start();
  // Whatever a previous process left half-done is looked at now, not at the first cron tick.
  await runner.addJob("sweep", {}, { jobKey: "sweep:start", jobKeyMode: "replace" });
  let stopped = false;
  let restartMs = FIRST_RESTART_MS;
  // graphile-worker stops its runner for good when it cannot record a job's outcome (the
  // database went away mid-job); this process must not become a silent idler, so start a new
  // runner with backoff until one starts.
  const supervise = (current: Runner) => {
    current.promise.then(
      () => restart(current, "stopped"),
      (error: Error) => restart(current, error.message),
    );
  };
  const restart = async (current: Runner, reason: string) => {
    if (stopped || current !== runner) return;
    ctx.log.warn("job runner stopped unexpectedly; starting a new one", { reason, inMs: restartMs });
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, restartMs).unref());
      if (stopped) return;
      try {
        runner = await start();
        restartMs = FIRST_RESTART_MS;
        ctx.log.info("job runner restarted");
        supervise(runner);
        return;
      } catch (error) {
        restartMs = Math.min(restartMs * 2, MAX_RESTART_MS);
        ctx.log.debug("job runner could not start yet", { error: (error as Error).message, retryInMs: restartMs });
      }
    }
  };
  supervise(runner);
  const detachClock = ctx.clock.onChange(() => retimeJobs(ctx.sql, ctx.clock));
  return {
    get runner() {
      return runner;
    },
    state: () => (stopped ? "stopped" : "running"),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      detachClock();
      // A runner that already stopped by itself rejects a second stop; nothing is left to stop.
      await runner.stop().catch(() => {});
      await pool.end();
    },
  };
}
