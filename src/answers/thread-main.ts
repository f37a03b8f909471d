// The answer thread's own side: a small pool of its own on the app's database, one question at a
// time from the parent (answer-thread.ts), each answered as of the virtual instant it was asked.
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { Clock } from "../clock.js";
import { backendPriority } from "../db/backend-priority.js";
import { connect } from "../db/database.js";
import type { StatsReport } from "../analytics/reports.js";
import { type AnswerRequest, computeAnswer, computeReport, type ReportRequest } from "./compute.js";

export interface ThreadQuestion {
  id: number;
  request: AnswerRequest | ReportRequest;
  /** The app clock's virtual now, in ms, when the answer was asked for. */
  nowMs: number;
}

/** Sent by the parent when the app stops: the pool closes, then the thread ends by itself. */
export interface ThreadClose {
  close: true;
}

export type ThreadAnswer =
  | { id: number; text: string }
  | { id: number; report: StatsReport | null }
  | { id: number; error: { message: string; stack?: string } };

const { databaseUrl } = workerData as { databaseUrl: string };

/**
 * The thread's CPU priority (a nice value): below the event loop's. An answer has the 30 minutes
 * of its response_url; an acknowledgement has Slack's 3 seconds, and with both cores busy a
 * preview of 100,000 prospects (seconds of planning) took the CPU the acknowledgements needed
 * (bench `slack_ack`). At 10 the scheduler gives this thread about a tenth of a core the event
 * loop wants too, and all of any core nothing else wants.
 */
const ANSWER_THREAD_NICE = 10;
// On Linux, pid 0 is the calling thread alone (setpriority(2), "Bugs"); elsewhere it is the whole
// process, the event loop included, so the thread keeps the process's priority there.
if (process.platform === "linux") {
  try {
    setPriority(0, ANSWER_THREAD_NICE);
  } catch {
    // Lowering one's own priority is always permitted; should a sandbox refuse it, answers run as before.
  }
}
const APPLICATION_NAME = "sam-campaigns-answers";
// Answers are posted after the acknowledgement: a query of theirs may take longer, but not every
// core, and its backend's CPU comes after everyone else's, as this thread's does.
// Its reads (a campaign's counts, a preview's planning) are planned for their values: the same
// statement meets campaigns of 300 and of 100,000 prospects.
const sql = connect(databaseUrl, { max: 2, oneCorePerQuery: true, planForValues: true, applicationName: APPLICATION_NAME });
const backends = backendPriority(sql, APPLICATION_NAME, ANSWER_THREAD_NICE);

parentPort!.on("message", (message: ThreadQuestion | ThreadClose) => {
  if ("close" in message) {
    void sql.end({ timeout: 2 }).finally(() => parentPort!.close());
    return;
  }
  const question = message;
  // A clock frozen at the asking instant: the answer is as of then, however long it takes.
  const clock = new Clock(new Date(question.nowMs), 0);
  const { request } = question;
  // Before each answer: the pool may have opened a connection since the last.
  const answer: Promise<ThreadAnswer> = backends.lower().then(() =>
    "report" in request
      ? computeReport({ sql, clock }, request).then((report) => ({ id: question.id, report }))
      : computeAnswer({ sql, clock }, request).then((text) => ({ id: question.id, text })),
  );
  answer.then(
    (reply) => parentPort!.postMessage(reply),
    (error: Error) =>
      parentPort!.postMessage({ id: question.id, error: { message: error.message, stack: error.stack } } satisfies ThreadAnswer),
  );
});
