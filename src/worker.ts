// graphile-worker inside this process: the task list, the cron safety nets, re-timing of
// waiting jobs whenever the app clock is moved, the heartbeat that lets other processes release
// this one's jobs if it dies, and a supervisor that starts a new runner when graphile-worker
// gives one up (a database outage mid-job).
import { EventEmitter } from "node:events";
import { type Runner, run, type TaskList, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import type { AppContext } from "./context.js";
import { workerLogger } from "./db/migrate.js";
import { releaseJobsOf } from "./jobs/dead-workers.js";
import { type Heartbeat, startHeartbeat } from "./jobs/heartbeat.js";
import { taskList } from "./jobs/index.js";
import { retimeJobs } from "./db/job-queue.js";

/** How long a stop waits for running jobs before it releases them for another process. */
const STOP_DEADLINE_MS = 7_000;
const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;

export interface WorkerOptions {
  concurrency?: number;
  /** How often an idle worker looks for due jobs; bounds the due-to-start latency. */
  pollIntervalMs?: number;
  /** Extra tasks (tests register probes here). */
  extraTasks?: TaskList;
  /** Real time a stop waits for running jobs before releasing them (default 7 s, within main.ts's 10 s). */
  stopDeadlineMs?: number;
}

export interface WorkerHandle {
  runner: Runner;
  /** graphile-worker's pool id of the current runner: the `locked_by` of the jobs this process runs. */
  poolId: string;
  state: () => "running" | "stopped";
  stop: () => Promise<void>;
}

interface RunningPool {
  runner: Runner;
  poolId: string;
  heartbeat: Heartbeat;
}

export async function startWorker(ctx: AppContext, options: WorkerOptions = {}): Promise<WorkerHandle> {
  // Our own pool, so that its error handlers outlive the runner: graphile-worker removes its
  // handlers when it stops, and a connection closed afterwards (a database restart or drop)
  // would otherwise raise an uncaught error.
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: (options.concurrency ?? 8) + 2 });
  const onError = (error: Error) => ctx.log.warn("worker database connection error", { error: error.message });
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  const deadAfterMs = ctx.config.WORKER_DEAD_AFTER_SECONDS * 1000;

  const start = async (): Promise<RunningPool> => {
    // The pool's id is only told through this event, emitted while run() builds the pool.
    const events = new EventEmitter() as WorkerEvents;
    let poolId = "";
    events.on("pool:create", ({ workerPool }) => {
      poolId = workerPool.id;
    });
    const runner = await run({
      pgPool: pool,
      events,
      taskList: { ...taskList(ctx), ...options.extraTasks },
      concurrency: options.concurrency ?? 8,
      pollInterval: options.pollIntervalMs ?? 500,
      noHandleSignals: true,
      logger: workerLogger(ctx.log),
      // The safety net runs every real minute on every worker; graphile-worker runs each tick once.
      // The weekly reports' tick too: it decides by the app clock whether a Monday 09:00 has come.
      crontab: "* * * * * sweep ?max=1\n* * * * * weekly-reports ?max=1",
    });
    try {
      return { runner, poolId, heartbeat: await startHeartbeat(ctx.sql, ctx.log, poolId, deadAfterMs) };
    } catch (error) {
      await runner.stop().catch(() => {});
      throw error;
    }
  };

  let current = await start();
  // Whatever a previous process left half-done is looked at now, not at the first cron tick.
  await current.runner.addJob("sweep", {}, { jobKey: "sweep:start", jobKeyMode: "replace" });
  let stopped = false;
  let restartMs = FIRST_RESTART_MS;

  // graphile-worker stops its runner for good when it cannot record a job's outcome (the
  // database went away mid-job); this process must not become a silent idler, so start a new
  // runner with backoff until one starts. The dead runner's jobs are released at once: this
  // process knows it is no longer running them.
  const supervise = (running: RunningPool) => {
    running.runner.promise.then(
      () => restart(running, "stopped"),
      (error: Error) => restart(running, error.message),
    );
  };
  const restart = async (dead: RunningPool, reason: string) => {
    if (stopped || dead !== current) return;
    ctx.log.warn("job runner stopped unexpectedly; starting a new one", { reason, inMs: restartMs });
    await dead.heartbeat.stop();
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, restartMs).unref());
      if (stopped) return;
      try {
        await releaseJobsOf(ctx.sql, [dead.poolId]);
        current = await start();
        restartMs = FIRST_RESTART_MS;
        ctx.log.info("job runner restarted");
        supervise(current);
        return;
      } catch (error) {
        restartMs = Math.min(restartMs * 2, MAX_RESTART_MS);
        ctx.log.debug("job runner could not start yet", { error: (error as Error).message, retryInMs: restartMs });
      }
    }
  };
  supervise(current);

  const detachClock = ctx.clock.onChange(() => retimeJobs(ctx.sql, ctx.clock));
  return {
    get runner() {
      return current.runner;
    },
    get poolId() {
      return current.poolId;
    },
    state: () => (stopped ? "stopped" : "running"),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      detachClock();
      const { runner, poolId, heartbeat } = current;
      const deadline = options.stopDeadlineMs ?? STOP_DEADLINE_MS;
      let timer: NodeJS.Timeout | undefined;
      // A runner that already stopped by itself rejects a second stop; nothing is left to stop.
      const runnerStopped = runner.stop().then(
        () => false,
        () => false,
      );
      const overran = await Promise.race([
        runnerStopped,
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), deadline);
        }),
      ]);
      clearTimeout(timer);
      if (overran) {
        // A job still running would stay locked for 4 hours: hand it to another process now.
        const released = await releaseJobsOf(ctx.sql, [poolId]).catch((error: Error) => {
          ctx.log.error("could not release this worker's jobs on shutdown", { error: error.message });
          return [];
        });
        ctx.log.warn("worker stop overran its deadline; its running jobs are released", {
          pool: poolId,
          jobs: released.map((job) => job.task),
        });
      }
      await heartbeat.stop();
      // A job still running holds a client; waiting for it would overrun the shutdown limit. The
      // pool is ended once the runner has stopped, not before: the runner records the late job's
      // outcome through it (graphile-worker's batched failJobs), and a pool ended under it
      // rejects with nobody to catch it.
      if (overran) void runnerStopped.then(() => pool.end()).catch(() => undefined);
      else await pool.end();
    },
  };
}
