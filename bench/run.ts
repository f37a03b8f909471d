// `npm run bench`: prints ONE JSON object on stdout, one key per measurement, each with its
// figures, its target, whether the target was met, and the machine's core count. Logs go to
// stderr. Each measurement runs in its own Node process (so peak memory is its own) against a
// throwaway embedded PostgreSQL that this runner starts and removes. Targets are reported, never
// asserted: a missed target does not change the exit code; a measurement that breaks does.
// Each key sets its figures next to a limit measured in the same run (`againstLimit` in
// bench/support.ts: figure, limit, ratio, target, met), and carries the 1-minute load average
// before and after it; the top level has the run's `load_before`, `load_after` and `quiet`.
import { spawn } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { createLogger } from "../src/log.js";
import { loadNow, QUIET_LOAD } from "./support.js";
import { startThrowawayPostgres } from "../scripts/demo/postgres.js";

// Everything printed to stdout from here on goes to stderr; only the JSON result uses the real stdout.
const stdoutWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

export const MEASUREMENTS = [
  "csv_import",
  "plan",
  "dispatch",
  "dispatch_contended",
  "tenant_day",
  "slack_ack",
  "unipile_calls_per_message",
  "profile_views_per_prospect",
  "reply_classification",
  "charts",
  "stats_query",
  "startup",
] as const;
export type MeasurementName = (typeof MEASUREMENTS)[number];

// With the production Slack pacing (BENCH_SLACK_PACING_MS), dispatch takes longer; plan launches
// 100,000 prospects × 4 messages (minutes on a busy machine) and then 10,000; slack_ack seeds a
// 100,000-prospect campaign and waits for every answer its commands get after their acknowledgements.
const CHILD_TIMEOUT_MS = process.env.BENCH_SLACK_PACING_MS ? 300_000 : 120_000;
// tenant_day runs a large tenant's whole day (8 minutes at most); on a loaded machine the
// dispatch keys' 3,000 sends take minutes too.
const timeoutFor = (name: string) =>
  name === "tenant_day" || name.startsWith("dispatch")
    ? 480_000
    : name === "plan" || name === "slack_ack"
      ? 600_000
      : name === "startup"
        ? Math.max(CHILD_TIMEOUT_MS, 300_000)
        : CHILD_TIMEOUT_MS;
const CHILD = fileURLToPath(new URL("./measure.ts", import.meta.url));

function runChild(name: string, pgUrl: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const started = Date.now();
    const loadBefore = loadNow();
    // BENCH_PROF=1: a V8 CPU profile of the key's process (and its threads) in /tmp/cpuprof.
    const profile = process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/cpuprof"] : [];
    const child = spawn(process.execPath, ["--expose-gc", ...profile, "--import", "tsx", CHILD, name], {
      env: { ...process.env, ...env, BENCH_PG_URL: pgUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
      // The child's stdout is our stderr: its logs must not reach the JSON.
      stdio: ["ignore", process.stderr, process.stderr, "ipc"],
    });
    let result: Record<string, unknown> | null = null;
    child.on("message", (message) => {
      result = message as Record<string, unknown>;
    });
    const timeoutMs = timeoutFor(name);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      process.stderr.write(`bench: ${name} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      const load = { load_before: loadBefore, load_after: loadNow() };
      resolve(
        result ? { ...result, ...load } : {
          error:
            signal === "SIGKILL"
              ? `did not finish within ${timeoutMs / 1000} s`
              : `exited with code ${code}`,
          met: false,
          cores: cpus().length,
          ...load,
        },
      );
    });
  });
}

async function main(): Promise<number> {
  const log = createLogger({ bench: "runner" });
  const only = process.argv.slice(2).filter((arg) => (MEASUREMENTS as readonly string[]).includes(arg));
  const names = only.length > 0 ? only : [...MEASUREMENTS];
  const loadBefore = loadNow();
  const started = Date.now();
  // BENCH_PGSS=1: the server loads pg_stat_statements, and dispatch lists what its burst's
  // statements cost the database (executing and planning).
  const pg = await startThrowawayPostgres("bench-postgres", log, {
    settings: process.env.BENCH_PGSS ? { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track_planning": "on" } : {},
  });
  const output: Record<string, unknown> = {};
  let broken = false;
  const stop = () => pg.stop();
  process.once("SIGINT", () => {
    void stop().finally(() => process.exit(130));
  });
  try {
    // What a key measured that a later key sizes itself by: tenant_day's clock, the engine's rate.
    const measured: Record<string, string> = {};
    for (const name of names) {
      process.stderr.write(`bench: ${name}…\n`);
      const result = await runChild(name, pg.url("postgres"), measured);
      if ("error" in result) broken = true;
      output[name] = result;
      const rate = (result.sends_per_s as { value?: unknown } | undefined)?.value;
      if (name === "dispatch" && typeof rate === "number") measured.BENCH_DISPATCH_SENDS_PER_S = String(rate);
    }
  } finally {
    await stop();
  }
  const loadAfter = loadNow();
  const summary = { load_before: loadBefore, load_after: loadAfter, quiet: loadBefore < QUIET_LOAD && loadAfter < QUIET_LOAD };
  output.machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    bench_seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  // Other work on the machine skews every absolute figure (not the ratios): the load comes first.
  stdoutWrite(`${JSON.stringify({ ...summary, ...output }, null, 2)}\n`);
  return broken ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
