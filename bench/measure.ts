// One measurement in its own process (started by bench/run.ts): runs it and sends the figures
// back over IPC. Exits non-zero when the measurement itself breaks.
import { cpus } from "node:os";
import { setLogLevel } from "../src/log.js";
import { charts } from "./measurements/charts.js";
import { csvImport } from "./measurements/csv-import.js";
import { dispatch } from "./measurements/dispatch.js";
import { plan } from "./measurements/plan.js";
import { profileViews } from "./measurements/profile-views.js";
import { replyClassification } from "./measurements/reply-classification.js";
import { slackAck } from "./measurements/slack-ack.js";
import { statsQuery } from "./measurements/stats-query.js";
import { unipileCalls } from "./measurements/unipile-calls.js";

const measurements: Record<string, () => Promise<Record<string, unknown>>> = {
  csv_import: csvImport,
  plan,
  dispatch,
  slack_ack: slackAck,
  unipile_calls_per_message: unipileCalls,
  profile_views_per_prospect: profileViews,
  reply_classification: replyClassification,
  charts,
  stats_query: statsQuery,
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? "";
  const measure = measurements[name];
  if (!measure) throw new Error(`unknown measurement ${name}`);
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
