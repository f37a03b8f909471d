// A separate worker process (`npm run worker`'s entry point) on the test's database and sandbox,
// for tests of several processes and of a process killed mid-send.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { TestApp } from "./app.js";
import { SIGNING_SECRET, UNIPILE_KEY, WEBHOOK_SECRET } from "./app.js";

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/** `env` adds to (or overrides) the process's environment, e.g. WORKER_DEAD_AFTER_SECONDS. */
export async function startWorkerProcess(t: TestApp, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const root = path.resolve(import.meta.dirname, "../..");
  // node with tsx's loader, not the tsx CLI: the CLI runs the program in a child process and a
  // SIGKILL of the CLI would leave that child running, so "killed" workers went on working.
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--worker"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: t.db.url,
      UNIPILE_DSN: t.sandbox.url,
      UNIPILE_API_KEY: UNIPILE_KEY,
      UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SLACK_BOT_TOKEN: t.slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: t.slack.apiUrl,
      SLACK_PACING_MS: "0",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process did not start:\n${output}`)), 30_000);
    const check = setInterval(() => {
      if (output.includes("worker is running")) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 20);
    child.once("exit", (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`worker process exited (${code}):\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    kill: (signal = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
