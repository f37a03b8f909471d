// slack_ack: 200 signed `/sam status c1` requests to /slack/events, 20 in flight at a time, against
// the whole app (HTTP server, Bolt, worker running) with a campaign of 300 prospects and 900 queue
// rows; latency from sending the request to reading the acknowledgement, after 20 warm-up requests.
// The requests come from a separate process (bench/ack-client.ts), as they would from Slack.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { seedCampaign } from "../../test/support/seed.js";
import { loadDemoScenario } from "../../scripts/demo/run.js";
import { SIGNING_SECRET, startDemoWorld } from "../../scripts/demo/world.js";
import { benchLog, percentile, round, sharedServer } from "../support.js";

const REQUESTS = 200;
const CONCURRENCY = 20;
const WARM_UP = 20;
const TARGET_P99_MS = 300;

export async function slackAck(): Promise<Record<string, unknown>> {
  const log = benchLog("slack_ack");
  const world = await startDemoWorld({
    scenario: await loadDemoScenario(false),
    start: new Date("2026-11-30T15:00:00Z"),
    log,
    pg: sharedServer(log),
    database: "bench_slack_ack",
  });
  try {
    const seeded = await seedCampaign(world.app.ctx.sql, {
      teamId: world.slack.teamId,
      prospects: 300,
      messages: 3,
      sentFirstMessages: 100,
    });
    const text = `status c${seeded.handle}`;
    const first = await world.driver.command(text);
    if (!(first.json as { text?: string } | undefined)?.text?.includes("Prospects")) {
      throw new Error(`/sam ${text} did not answer with the status: ${first.body.slice(0, 200)}`);
    }
    const client = fork(fileURLToPath(new URL("../ack-client.ts", import.meta.url)), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", process.stderr, process.stderr, "ipc"],
    });
    const answer = await new Promise<{
      latencies: number[];
      failures: number;
      wallMs: number;
      error?: string;
    }>((resolve, reject) => {
      client.once("message", (message) => resolve(message as never));
      client.once("exit", (code) => reject(new Error(`the load generator exited with code ${code}`)));
      client.send({
        url: world.app.url,
        secret: SIGNING_SECRET,
        teamId: world.slack.teamId,
        text,
        requests: REQUESTS,
        warmUp: WARM_UP,
        concurrency: CONCURRENCY,
      });
    });
    if (answer.error) throw new Error(answer.error);
    const { latencies, failures, wallMs } = answer;
    const p99 = percentile(latencies, 99);
    return {
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      warm_up_requests: WARM_UP,
      non_200: failures,
      p50_ms: round(percentile(latencies, 50)),
      p90_ms: round(percentile(latencies, 90)),
      p99_ms: round(p99),
      max_ms: round(Math.max(...latencies)),
      requests_per_s: round(REQUESTS / (wallMs / 1000)),
      path: "separate load-generator process → signed slash command → HTTP server → Bolt → /sam status (5 queries) → ack with the ephemeral text; worker running in the same process",
      target: { p99_ms: `<= ${TARGET_P99_MS}` },
      met: p99 <= TARGET_P99_MS && failures === 0,
    };
  } finally {
    await world.stop();
  }
}
