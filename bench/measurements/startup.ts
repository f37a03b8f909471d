// startup: the production start (`npm start`: node dist/src/main.js, compiled by `npm run build`)
// against the same app run through the TypeScript loader (`npm run dev`: node --import tsx),
// on a database already migrated, with Unipile (the sandbox) and Slack (the fake) on loopback as
// a deployment has them: time from spawning the process to the first 200 from GET /healthz, and
// the process's resident memory (VmRSS, worker threads included) after 30 s idle.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../src/db/embedded.js";
import { startFakeSlack } from "../../test/support/fake-slack.js";
import { startSandbox } from "../../src/unipile/sandbox/index.js";
import { benchLog, createDatabase, round, withinBound } from "../support.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET_START_MS = 1_500;
const TARGET_RSS_MB = 120;
const IDLE_MS = 30_000;
const GIVE_UP_MS = 60_000;

function residentMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("VmRSS:"));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return round(Number(line.replace(/\D+/g, "")) / 1024, 1);
}

/** One start: spawn, poll /healthz every 10 ms until 200, idle 30 s, read the RSS, stop. */
async function timeStart(args: string[], env: Record<string, string>) {
  const port = await freePort();
  let output = "";
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    let healthyMs: number | null = null;
    while (healthyMs === null) {
      if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited (${child.exitCode}):\n${output}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`${args.join(" ")} did not answer /healthz:\n${output}`);
      const status = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
        async (response) => {
          await response.body?.cancel();
          return response.status;
        },
        () => 0,
      );
      if (status === 200) healthyMs = performance.now() - started;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { to_healthz_200_ms: Math.round(healthyMs), idle_rss_mb: residentMb(child.pid!) };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}

export async function startup(): Promise<Record<string, unknown>> {
  const log = benchLog("startup");
  // Not timed: the build `npm start` runs first when dist/ is missing or stale.
  const build = spawnSync(process.execPath, [path.join(ROOT, "scripts/build.mjs"), "--if-stale"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const db = await createDatabase(log);
  const slack = await startFakeSlack();
  const apiKey = "bench-unipile-key-0123456789";
  const sandbox = await startSandbox({ apiKey, logger: log });
  const env = {
    DATABASE_URL: db.url,
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: apiKey,
    UNIPILE_WEBHOOK_SECRET: "bench-webhook-secret-0123456789",
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: "bench-signing-secret",
    SLACK_API_URL: slack.apiUrl,
  };
  try {
    const compiled = await timeStart(["dist/src/main.js"], env);
    const tsx = await timeStart(["--import", "tsx", "src/main.ts"], env);
    const start = withinBound(compiled.to_healthz_200_ms, TARGET_START_MS, "ms");
    const rss = withinBound(compiled.idle_rss_mb, TARGET_RSS_MB, "MB");
    return {
      compiled,
      tsx,
      compiled_vs_tsx: {
        start: round(compiled.to_healthz_200_ms / tsx.to_healthz_200_ms, 2),
        idle_rss: round(compiled.idle_rss_mb / tsx.idle_rss_mb, 2),
      },
      path: "spawn → migrations checked (database already migrated) → Slack listeners, HTTP server → first 200 from GET /healthz (the worker, the webhook check (sandbox) and Slack (fake) start right after it listens; the answer thread with the first question) → VmRSS after 30 s idle",
      target: { compiled_start_ms: start.target, compiled_idle_rss_mb: rss.target },
      met: start.met && rss.met,
      met_detail: { start: start.met, idle_rss: rss.met },
    };
  } finally {
    await sandbox.close();
    await slack.close();
    await db.drop();
  }
}
