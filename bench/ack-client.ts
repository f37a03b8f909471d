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

/**
 * One closed loop of warm-up and measured requests: each of the `concurrency` workers sends its
 * next request as soon as its last is answered, and only the requests started after the first
 * `warmUp` count. Run as two loops, the measured one began with all its workers sending at the
 * same instant after a pause, a burst the steady loop never has: the last of those twenty
 * waited for the other nineteen, and those first requests were most of a series' slowest ten
 * (its p99), for the bare answer too.
 */
async function run(job: AckJob, urls: string[]) {
  const driver = createSlackDriver({ baseUrl: job.url, signingSecret: job.secret, teamId: job.teamId });
  const count = job.warmUp + job.requests;
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let measuredFrom = 0;
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
      const measured = next >= job.warmUp;
      next += 1;
      const started = performance.now();
      if (next === job.warmUp + 1) measuredFrom = started;
      const response = await request();
      // A warm-up request's answer is checked as well: every answer of the series must be right.
      if (response.status !== 200 || !response.body.includes(job.expect)) failures += 1;
      if (measured) latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return { latencies, failures, wallMs: performance.now() - measuredFrom };
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
    const result = await run(job, urls);
    const answers = slack && job.answers ? await awaitAnswers(slack, minted, job.answers) : undefined;
    const cpu = process.cpuUsage(cpuBefore);
    await slack?.close();
    process.send!({ ...result, cpuMs: (cpu.user + cpu.system) / 1000, answers }, () => process.exit(0));
  })().catch((error: Error) => {
    process.send!({ error: error.message }, () => process.exit(1));
  });
});
