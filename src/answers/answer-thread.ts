// Slow answers are computed in a worker thread of their own, one per database per process.
// Planning 100,000 prospects for a preview reads 300,000 rows and builds as many objects: on the
// event loop that acknowledges Slack's requests, its CPU slices, row parsing and garbage
// collection pauses pushed the acknowledgements' p99 past 300 ms (bench `slack_ack`). In a
// thread they have their own heap and their own core.
// The thread starts with the first question, not with the app: its modules and heap are about
// 35 MB that an idle process does not need, and loading them (a second on a quiet machine) took
// the core the start-up needs. The first answer after a start waits for that load once.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { StatsReport } from "../analytics/reports.js";
import type { AnswerRequest, ReportRequest } from "./compute.js";
import type { ThreadAnswer, ThreadClose, ThreadQuestion } from "./thread-main.js";

interface AnswerThread {
  worker: Worker;
  pending: Map<number, { resolve: (answer: ThreadAnswer) => void; reject: (error: Error) => void }>;
}

/** ".js" when this module runs compiled (dist/, `npm start`), ".ts" under tsx or vitest. */
const SOURCE_EXTENSION = path.extname(fileURLToPath(import.meta.url));
const threads = new Map<string, AnswerThread>();
let nextId = 1;

function threadFor(databaseUrl: string): AnswerThread {
  const existing = threads.get(databaseUrl);
  if (existing) return existing;
  const worker = new Worker(new URL("./thread-boot.mjs", import.meta.url), {
    workerData: { databaseUrl, entry: new URL(`./thread-main${SOURCE_EXTENSION}`, import.meta.url).href },
  });
  // Idle, the thread must not keep the process alive; questions in flight are awaited by a job.
  worker.unref();
  const thread: AnswerThread = { worker, pending: new Map() };
  threads.set(databaseUrl, thread);
  worker.on("message", (answer: ThreadAnswer) => {
    const waiting = thread.pending.get(answer.id);
    if (!waiting) return;
    thread.pending.delete(answer.id);
    if ("error" in answer) waiting.reject(Object.assign(new Error(answer.error.message), { stack: answer.error.stack }));
    else waiting.resolve(answer);
  });
  const fail = (error: Error) => {
    // The next question starts a new thread; the questions in flight fail (their job reports it).
    if (threads.get(databaseUrl) === thread) threads.delete(databaseUrl);
    for (const waiting of thread.pending.values()) waiting.reject(error);
    thread.pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the answer thread stopped (exit code ${code})`)));
  return thread;
}

function ask(databaseUrl: string, request: AnswerRequest | ReportRequest, nowMs: number): Promise<ThreadAnswer> {
  const thread = threadFor(databaseUrl);
  const id = nextId++;
  return new Promise<ThreadAnswer>((resolve, reject) => {
    thread.pending.set(id, { resolve, reject });
    thread.worker.postMessage({ id, request, nowMs } satisfies ThreadQuestion);
  });
}

/** The answer's text, computed in the thread as of `nowMs` (the app clock's virtual now). */
export async function answerInThread(databaseUrl: string, request: AnswerRequest, nowMs: number): Promise<string> {
  const answer = await ask(databaseUrl, request, nowMs);
  return "text" in answer ? answer.text : "";
}

/** A stats report with its charts (rendering them is CPU work), computed in the thread as of `nowMs`. */
export async function reportInThread(databaseUrl: string, request: ReportRequest, nowMs: number): Promise<StatsReport | null> {
  const answer = await ask(databaseUrl, request, nowMs);
  return "report" in answer ? answer.report : null;
}

/** Stops the thread of this database (app stop): its pool closes first, so the database can go. */
export async function closeAnswerThread(databaseUrl: string): Promise<void> {
  const thread = threads.get(databaseUrl);
  if (!thread) return;
  threads.delete(databaseUrl);
  const exited = new Promise<void>((resolve) => thread.worker.once("exit", () => resolve()));
  thread.worker.postMessage({ close: true } satisfies ThreadClose);
  const timer = setTimeout(() => void thread.worker.terminate(), 5_000);
  await exited;
  clearTimeout(timer);
}
