// A separate worker process (`npm run worker`'s entry point) on the test's database, sandbox and
// fake Slack, for tests of several processes and of a process killed mid-send.
import type { TestApp } from "./app.js";
import { SIGNING_SECRET, UNIPILE_KEY, WEBHOOK_SECRET } from "./app.js";
import { type AppProcess, startAppProcess } from "./app-process.js";

export type WorkerProcess = AppProcess;

/** `env` adds to (or overrides) the process's environment, e.g. WORKER_DEAD_AFTER_SECONDS. */
export function startWorkerProcess(t: TestApp, env: Record<string, string> = {}): Promise<WorkerProcess> {
  return startAppProcess({
    role: "worker",
    env: {
      DATABASE_URL: t.db.url,
      UNIPILE_DSN: t.sandbox.url,
      UNIPILE_API_KEY: UNIPILE_KEY,
      UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SLACK_BOT_TOKEN: t.slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: t.slack.apiUrl,
      SLACK_PACING_MS: "0",
      ...env,
    },
  });
}
