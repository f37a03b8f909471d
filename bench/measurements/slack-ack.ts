// slack_ack: signed `/sam` commands to /slack/events, 20 in flight at a time, against the whole
// app (HTTP server, Bolt, worker running in the same process), from a separate process
// (bench/ack-client.ts) as they would come from Slack; latency from sending a request to reading
// its acknowledgement, after 20 warm-up requests. Four series in one run:
// - `/sam status` on a campaign of 300 prospects and 900 queue rows;
// - `/sam preview` and `/sam status` on a campaign of 100,000 prospects and 300,000 queue rows:
//   acknowledged at once, their answers computed by a job and posted to each command's
//   response_url afterwards (the series waits for every answer and reports when the last came);
// - bare GET /healthz: each command's p99 is also given as a ratio to it;
// - the limit: a bare 200 from a plain HTTP server in the app's own process (same event loop),
//   measured the same way; each command's p99 against it (`p99_vs_bare`).
import { fork } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { seedCampaign } from "../../test/support/seed.js";
import { loadDemoScenario } from "../../scripts/demo/run.js";
import { type DemoWorld, SIGNING_SECRET, startDemoWorld } from "../../scripts/demo/world.js";
import type { AckJob } from "../ack-client.js";
import { seedLargeCampaign } from "../large-campaign.js";
import { againstLimit, benchLog, percentile, round, sharedServer } from "../support.js";

const REQUESTS = 200;
const CONCURRENCY = 20;
const WARM_UP = 20;
const TARGET_P99_MS = 300;
/** A command's p99 may be at most this many times the bare answer's. */
const TARGET_RATIO = 5;
const LARGE_PROSPECTS = 100_000;
/** How long the answers of a series may take to arrive after its last acknowledgement. */
const ANSWERS_WITHIN_MS = 120_000;

interface Series {
  latencies: number[];
  failures: number;
  wallMs: number;
}

function runClient(job: AckJob): Promise<Series> {
  const client = fork(fileURLToPath(new URL("../ack-client.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", process.stderr, process.stderr, "ipc"],
  });
  return new Promise<Series>((resolve, reject) => {
    client.once("message", (message) => {
      const answer = message as Series & { error?: string };
      if (answer.error) reject(new Error(answer.error));
      else resolve(answer);
    });
    client.once("exit", (code) => reject(new Error(`the load generator exited with code ${code}`)));
    client.send(job);
  });
}

function figures(series: Series) {
  return {
    non_200: series.failures,
    p50_ms: round(percentile(series.latencies, 50)),
    p90_ms: round(percentile(series.latencies, 90)),
    p99_ms: round(percentile(series.latencies, 99)),
    max_ms: round(Math.max(...series.latencies)),
    requests_per_s: round(REQUESTS / (series.wallMs / 1000)),
  };
}

/** A series of one `/sam` text; with `answers`, each command gets a response_url and its answer is awaited. */
async function commandSeries(world: DemoWorld, text: string, expect: string, answers?: string) {
  const responseUrls = answers ? Array.from({ length: WARM_UP + REQUESTS }, () => world.slack.responseUrl("commands")) : undefined;
  const base = { url: world.app.url, secret: SIGNING_SECRET, teamId: world.slack.teamId, requests: REQUESTS, warmUp: WARM_UP, concurrency: CONCURRENCY };
  const series = await runClient({ ...base, text, expect, responseUrls });
  const acked = performance.now();
  const result: Record<string, unknown> = figures(series);
  if (responseUrls && answers) {
    const wanted = new Set(responseUrls);
    const arrived = () => world.slack.responses.filter((posted) => wanted.has(posted.url));
    while (arrived().length < wanted.size && performance.now() - acked < ANSWERS_WITHIN_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const got = arrived();
    result.answers_delivered = `${got.length}/${wanted.size}`;
    result.answers_right = got.filter((posted) => ((posted.body as { text?: string }).text ?? "").includes(answers)).length;
    result.last_answer_after_last_ack_s = round((performance.now() - acked) / 1000);
  }
  return { series, result };
}

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
    const small = await seedCampaign(world.app.ctx.sql, {
      teamId: world.slack.teamId,
      prospects: 300,
      messages: 3,
      sentFirstMessages: 100,
    });
    const large = await seedLargeCampaign(world.app.ctx.sql, {
      teamId: world.slack.teamId,
      prospects: LARGE_PROSPECTS,
      sentFirstMessages: 1000,
    });
    const loadBefore = loadavg()[0]!;
    const healthz = await runClient({
      url: world.app.url, secret: SIGNING_SECRET, teamId: world.slack.teamId, text: null, expect: "\"ok\"",
      requests: REQUESTS, warmUp: WARM_UP, concurrency: CONCURRENCY,
    });
    // The limit: a bare 200 from a plain HTTP server in this same process (same event loop, same
    // client), answered with no work at all.
    const bare = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}'));
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const bareAddress = bare.address() as AddressInfo;
    const bareSeries = await runClient({
      url: `http://127.0.0.1:${bareAddress.port}`, secret: SIGNING_SECRET, teamId: world.slack.teamId, text: null, expect: "\"ok\"",
      requests: REQUESTS, warmUp: WARM_UP, concurrency: CONCURRENCY,
    }).finally(() => bare.close());
    const healthP99 = percentile(healthz.latencies, 99);
    const bareP99 = percentile(bareSeries.latencies, 99);
    const status = await commandSeries(world, `status c${small.handle}`, "Counting", "*Prospects* (300)");
    const largeStatus = await commandSeries(world, `status c${large.handle}`, "Counting", `*Prospects* (${LARGE_PROSPECTS})`);
    const largePreview = await commandSeries(world, `preview c${large.handle}`, "Working on the preview", "*Preview of ");
    // Each command's p99 next to the bare answer's p99 from the same server in the same run.
    const p99 = (series: Series) =>
      againstLimit(round(percentile(series.latencies, 99)), round(bareP99), { atMost: TARGET_RATIO, absolute: TARGET_P99_MS, unit: "ms" });
    const met = (series: Series) => p99(series).met && series.failures === 0;
    const ratio = (series: Series) => round(percentile(series.latencies, 99) / healthP99, 1);
    return {
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      warm_up_requests: WARM_UP,
      healthz: figures(healthz),
      bare_200: figures(bareSeries),
      status_300: { ...status.result, p99_vs_healthz: ratio(status.series), p99_vs_bare: p99(status.series) },
      status_100000: { ...largeStatus.result, p99_vs_healthz: ratio(largeStatus.series), p99_vs_bare: p99(largeStatus.series) },
      preview_100000: { ...largePreview.result, p99_vs_healthz: ratio(largePreview.series), p99_vs_bare: p99(largePreview.series) },
      load_average_1m: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
      path: "separate load-generator process → signed slash command → HTTP server → Bolt → campaign lookup → ack with a working-on-it; the answer-command job (worker in the same process) posts the answer to the command's response_url",
      limit: "p99 of a bare 200 from a plain HTTP server in the app's process (its event loop), same client, same run",
      target: { p99: `<= ${TARGET_RATIO} × limit and <= ${TARGET_P99_MS} ms`, for: "status_300, status_100000, preview_100000" },
      met: met(status.series) && met(largeStatus.series) && met(largePreview.series),
    };
  } finally {
    await world.stop();
  }
}
