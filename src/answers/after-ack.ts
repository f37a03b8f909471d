// Answers that follow an acknowledgement: `/sam preview`, `status`, `list` and `stats`, and the
// root message's Preview and Status buttons. The listener acknowledges with "working on it" and
// asks here; the answer is computed (in the answer thread, shared by everyone asking the same
// question meanwhile) and posted by this process, a few at a time, the rest waiting their turn.
//
// Not a job, as it was: a job is three statements a question (add_job, then the worker's get_job
// and complete_job), half of what the database did per `/sam status`, and with twenty commands in
// flight on two cores a command's acknowledgement waits for the CPU everything in flight costs
// (bench `slack_ack`). What a job gave and this keeps: answers bounded (ANSWERS_AT_ONCE), one
// more try of a failed post, and nothing lost at an orderly stop (drainAnswers, before the answer
// thread and the database close). What it gives up: an answer in flight when the process dies is
// lost; the user sees the "working on it" and asks again (answers change nothing). Questions
// beyond WAITING_AT_MOST go to the job queue instead (`answer-command`) rather than to memory.
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { type AnswerPayload, answerText, postAnswer } from "./answer-question.js";

/**
 * Answers computed and posted at once per process: half the worker's 8 job slots, which the
 * answers used to share with sending. Their queries wait further for the answer thread's own
 * 2 connections; questions beyond this wait here, where they still share a computation.
 */
const ANSWERS_AT_ONCE = 4;
/** Questions waiting in memory at most; past it, each waits as a row of the job queue. */
const WAITING_AT_MOST = 1_000;
/** A post that failed (a network blip, Slack's 5xx) is tried once more after this long. */
const RETRY_AFTER_MS = 2_000;
/** How long an orderly stop waits for the answers still in flight. */
const DRAIN_WITHIN_MS = 30_000;

interface Queue {
  waiting: Array<() => Promise<void>>;
  running: number;
  /** Resolved when nothing is running or waiting (drainAnswers). */
  idle: Array<() => void>;
}

/** Per database, as the answer threads are: the test suite runs several apps in one process. */
const queues = new Map<string, Queue>();

function queueFor(databaseUrl: string): Queue {
  let queue = queues.get(databaseUrl);
  if (!queue) {
    queue = { waiting: [], running: 0, idle: [] };
    queues.set(databaseUrl, queue);
  }
  return queue;
}

function pump(queue: Queue): void {
  while (queue.running < ANSWERS_AT_ONCE && queue.waiting.length > 0) {
    const answer = queue.waiting.shift()!;
    queue.running += 1;
    void answer().finally(() => {
      queue.running -= 1;
      pump(queue);
      if (queue.running === 0 && queue.waiting.length === 0) for (const resolve of queue.idle.splice(0)) resolve();
    });
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(ctx: AppContext, payload: AnswerPayload): Promise<void> {
  const text = await answerText(ctx, payload);
  try {
    await postAnswer(ctx, payload, text);
  } catch (first) {
    await pause(RETRY_AFTER_MS);
    try {
      await postAnswer(ctx, payload, text);
    } catch (error) {
      // The response_url is a capability and stays out of the log; the error names the status.
      ctx.log.warn("a command's answer could not be posted", {
        question: payload.question,
        first: (first as Error).message,
        error: (error as Error).message,
      });
    }
  }
}

/** Queue the answer; the caller has acknowledged (or is about to) with a "working on it". */
export async function queueAnswer(ctx: AppContext, question: Omit<AnswerPayload, "askedAt">): Promise<void> {
  const payload: AnswerPayload = { ...question, askedAt: Date.now() };
  const queue = queueFor(ctx.databaseUrl);
  if (queue.waiting.length >= WAITING_AT_MOST) {
    // One attempt more than the first: a response_url post that failed on a network blip.
    await enqueue(ctx.sql, "answer-command", { ...payload }, { maxAttempts: 2 }, ctx.clock);
    return;
  }
  queue.waiting.push(() => answer(ctx, payload));
  pump(queue);
}

/** Waits for this database's answers in flight (at most DRAIN_WITHIN_MS): an orderly stop loses none. */
export async function drainAnswers(databaseUrl: string): Promise<{ left: number }> {
  const queue = queues.get(databaseUrl);
  if (!queue) return { left: 0 };
  if (queue.running > 0 || queue.waiting.length > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => queue.idle.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DRAIN_WITHIN_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  const left = queue.running + queue.waiting.length;
  if (left === 0) queues.delete(databaseUrl);
  return { left };
}
