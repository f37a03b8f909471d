// The load generator of slack_ack, in its own process as Slack would be: signed `/sam` commands
// (or bare GET /healthz, the reference), a fixed number in flight, latency from sending each
// request to reading its answer. Started by bench/measurements/slack-ack.ts with the app's URL
// and the signing secret; answers over IPC. When the commands' answers are awaited, it is also
// the Slack that receives them: a fake Slack of its own mints each command's response_url and
// checks what the app posts there (as strictly as the tests' fake), so that receiving them costs
// the app's process nothing that real Slack would not.
import { type FakeSlack, startFakeSlack } from "../test/support/fake-slack.js";
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
  /** Await each command's answer at its response_url: what a right one contains, and how long to wait after the last ack. */
  answers?: { contains: string; withinMs: number };
}

/** How the answers of a series arrived (warm-up included). */
export interface AnswersArrived {
  delivered: string;
  right: number;
  lastAfterLastAckMs: number;
}

/** Waits for an answer at every URL (or the time limit); what came and when the last did. */
async function awaitAnswers(slack: FakeSlack, urls: string[], answers: NonNullable<AckJob["answers"]>): Promise<AnswersArrived> {
  const acked = performance.now();
  const wanted = new Set(urls);
  const arrived = () => slack.responses.filter((posted) => wanted.has(posted.url));
  while (arrived().length < wanted.size && performance.now() - acked < answers.withinMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const got = arrived();
  return {
    delivered: `${got.length}/${wanted.size}`,
    right: got.filter((posted) => ((posted.body as { text?: string }).text ?? "").includes(answers.contains)).length,
    lastAfterLastAckMs: performance.now() - acked,
  };
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
  void (async () => {
    const slack = job.answers ? await startFakeSlack() : null;
    const minted = slack ? Array.from({ length: job.warmUp + job.requests }, () => slack.responseUrl("commands")) : [];
    const urls = [...minted];
    // This process's CPU over the whole series (warm-up and receiving the answers included), as
    // the bench counts the app's.
    const cpuBefore = process.cpuUsage();
    await run(job, job.warmUp, urls);
    const result = await run(job, job.requests, urls);
    const answers = slack && job.answers ? await awaitAnswers(slack, minted, job.answers) : undefined;
    const cpu = process.cpuUsage(cpuBefore);
    await slack?.close();
    process.send!({ ...result, cpuMs: (cpu.user + cpu.system) / 1000, answers }, () => process.exit(0));
  })().catch((error: Error) => {
    process.send!({ error: error.message }, () => process.exit(1));
  });
});
