// The load generator of slack_ack, in its own process as Slack would be: signed `/sam` commands
// (or bare GET /healthz, the reference), a fixed number in flight, latency from sending each
// request to reading its answer. Started by bench/measurements/slack-ack.ts with the app's URL,
// the signing secret and the response_urls to put in the commands; answers over IPC.
import { createSlackDriver } from "../test/support/slack-driver.js";

export interface AckJob {
  url: string;
  secret: string;
  teamId: string;
  /** The `/sam` text, or null for GET /healthz. */
  text: string | null;
  /** What a good answer's body contains. */
  expect: string;
  requests: number;
  warmUp: number;
  concurrency: number;
  /** One per request (warm-up first), so each answer after the ack can be found; else none. */
  responseUrls?: string[];
}

async function run(job: AckJob, count: number, urls: string[]) {
  const driver = createSlackDriver({ baseUrl: job.url, signingSecret: job.secret, teamId: job.teamId });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const request = async () => {
    if (job.text === null) {
      const response = await fetch(`${job.url}/healthz`);
      return { status: response.status, body: await response.text() };
    }
    const responseUrl = urls.shift();
    return driver.command(job.text, responseUrl ? { responseUrl } : {});
  };
  const worker = async () => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      const response = await request();
      latencies.push(performance.now() - started);
      if (response.status !== 200 || !response.body.includes(job.expect)) failures += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return { latencies, failures, wallMs: performance.now() - started };
}

process.once("message", (message) => {
  const job = message as AckJob;
  const urls = [...(job.responseUrls ?? [])];
  void (async () => {
    await run(job, job.warmUp, urls);
    const result = await run(job, job.requests, urls);
    process.send!(result, () => process.exit(0));
  })().catch((error: Error) => {
    process.send!({ error: error.message }, () => process.exit(1));
  });
});
