// The load generator of slack_ack, in its own process as Slack would be: signed `/sam` commands,
// a fixed number in flight, latency from sending each request to reading its answer. Started by
// bench/measurements/slack-ack.ts with the app's URL and signing secret; answers over IPC.
import { createSlackDriver } from "../test/support/slack-driver.js";

interface Job {
  url: string;
  secret: string;
  teamId: string;
  text: string;
  requests: number;
  warmUp: number;
  concurrency: number;
}

async function run(job: Job, count: number) {
  const driver = createSlackDriver({ baseUrl: job.url, signingSecret: job.secret, teamId: job.teamId });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      const response = await driver.command(job.text);
      latencies.push(performance.now() - started);
      if (response.status !== 200 || !response.body.includes("Prospects")) failures += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return { latencies, failures, wallMs: performance.now() - started };
}

process.once("message", (message) => {
  const job = message as Job;
  void (async () => {
    await run(job, job.warmUp);
    const result = await run(job, job.requests);
    process.send!(result, () => process.exit(0));
  })().catch((error: Error) => {
    process.send!({ error: error.message }, () => process.exit(1));
  });
});
