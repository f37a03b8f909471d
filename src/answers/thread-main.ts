// The answer thread's own side: a small pool of its own on the app's database, one question at a
// time from the parent (answer-thread.ts), each answered as of the virtual instant it was asked.
import { parentPort, workerData } from "node:worker_threads";
import { Clock } from "../clock.js";
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
// Answers are posted after the acknowledgement: a query of theirs may take longer, but not every core.
const sql = connect(databaseUrl, { max: 2, oneCorePerQuery: true });

parentPort!.on("message", (message: ThreadQuestion | ThreadClose) => {
  if ("close" in message) {
    void sql.end({ timeout: 2 }).finally(() => parentPort!.close());
    return;
  }
  const question = message;
  // A clock frozen at the asking instant: the answer is as of then, however long it takes.
  const clock = new Clock(new Date(question.nowMs), 0);
  const { request } = question;
  const answer: Promise<ThreadAnswer> =
    "report" in request
      ? computeReport({ sql, clock }, request).then((report) => ({ id: question.id, report }))
      : computeAnswer({ sql, clock }, request).then((text) => ({ id: question.id, text }));
  answer.then(
    (reply) => parentPort!.postMessage(reply),
    (error: Error) =>
      parentPort!.postMessage({ id: question.id, error: { message: error.message, stack: error.stack } } satisfies ThreadAnswer),
  );
});
