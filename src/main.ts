// `npm start`: run the app until SIGINT/SIGTERM, then shut down cleanly within 10 s.
import { startApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { isDatabaseOutage, isPostgresWriteAfterClose } from "./db/outage.js";
import { log } from "./log.js";

const SHUTDOWN_LIMIT_MS = 10_000;

/**
 * Last-resort handlers. A database outage surfaces here from libraries that fire and forget
 * (graphile-worker's completeJob/failJob, postgres.js's write after close): the database monitor
 * has logged the outage and everything retries, so the process lives on. Anything else is an
 * unknown state: log it and exit non-zero so that a supervisor restarts a clean process.
 */
function installProcessHandlers(): void {
  process.on("unhandledRejection", (reason) => {
    if (isDatabaseOutage(reason)) {
      log.debug("database operation failed during an outage; it is retried", { error: String(reason) });
      return;
    }
    log.error("unhandled rejection; exiting", { error: reason instanceof Error ? reason.stack : String(reason) });
    process.exit(1);
  });
  process.on("uncaughtException", (error) => {
    if (isDatabaseOutage(error) || isPostgresWriteAfterClose(error)) {
      log.debug("database connection failed during an outage; it is retried", { error: error.message });
      return;
    }
    log.error("uncaught exception; exiting", { error: error.stack ?? error.message });
    process.exit(1);
  });
}

async function main(): Promise<void> {
  installProcessHandlers();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const role = process.argv.includes("--worker") ? "worker" : "app";
  const app = await startApp(config, { role });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const deadline = setTimeout(() => {
      log.error("shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    deadline.unref();
    app.stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (error: Error) => {
        log.error("shutdown failed", { error: error.message });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: Error) => {
  log.error("start-up failed", { error: error.message });
  process.exit(1);
});
