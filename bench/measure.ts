// One measurement in its own process (started by bench/run.ts): runs it and sends the figures
// back over IPC. Exits non-zero when the measurement itself breaks.
import { cpus } from "node:os";
import { setLogLevel } from "../src/log.js";
type Measure = () => Promise<Record<string, unknown>>;

// Each loaded only when asked for: a measurement's process must not carry the others' modules
// (echarts and resvg for charts, the Anthropic SDK…), or csv_import's peak RSS measures them too.
const measurements: Record<string, () => Promise<Measure>> = {
  csv_import: async () => (await import("./measurements/csv-import.js")).csvImport,
  plan: async () => (await import("./measurements/plan.js")).plan,
  dispatch: async () => (await import("./measurements/dispatch.js")).dispatch,
  dispatch_contended: async () => (await import("./measurements/dispatch.js")).dispatchContended,
  tenant_day: async () => (await import("./measurements/tenant-day.js")).tenantDay,
  slack_ack: async () => (await import("./measurements/slack-ack.js")).slackAck,
  unipile_calls_per_message: async () => (await import("./measurements/unipile-calls.js")).unipileCalls,
  profile_views_per_prospect: async () => (await import("./measurements/profile-views.js")).profileViews,
  reply_classification: async () => (await import("./measurements/reply-classification.js")).replyClassification,
  charts: async () => (await import("./measurements/charts.js")).charts,
  stats_query: async () => (await import("./measurements/stats-query.js")).statsQuery,
  startup: async () => (await import("./measurements/startup.js")).startup,
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? "";
  const load = measurements[name];
  if (!load) throw new Error(`unknown measurement ${name}`);
  const measure = await load();
  const level = process.env.LOG_LEVEL;
  setLogLevel(
    level === "debug" || level === "info" || level === "error" || level === "silent" ? level : "warn",
  );
  const figures = await measure();
  const result = { ...figures, cores: cpus().length };
  await new Promise<void>((resolve) => (process.send ? process.send(result, () => resolve()) : resolve()));
  if (!process.send) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`measurement failed: ${error.stack ?? error.message}\n`);
    if (process.send) {
      process.send({ error: error.message, met: false, cores: cpus().length }, () => process.exit(1));
    } else process.exit(1);
  },
);
