// A separate worker process (`npm run worker`'s entry point) on the test's database, sandbox and
// fake Slack, for tests of several processes and of a process killed mid-send.
import type { TestApp } from "./app.js";
import { SIGNING_SECRET, UNIPILE_KEY, WEBHOOK_SECRET } from "./app.js";
import { type AppProcess, startAppProcess } from "./app-process.js";

export type WorkerProcess = AppProcess;

/** The environment of an app or worker process on a test database, sandbox and fake Slack. */
export function processEnv(databaseUrl: string, unipileUrl: string, slack: { token: string; apiUrl: string }): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    UNIPILE_DSN: unipileUrl,
    UNIPILE_API_KEY: UNIPILE_KEY,
    UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_PACING_MS: "0",
  };
}

/** `env` adds to (or overrides) the process's environment, e.g. WORKER_DEAD_AFTER_SECONDS. */
export function startWorkerProcess(t: TestApp, env: Record<string, string> = {}): Promise<WorkerProcess> {
  return startAppProcess({
    role: "worker",
    env: { ...processEnv(t.db.url, t.sandbox.url, t.slack), ...env },
  });
}
