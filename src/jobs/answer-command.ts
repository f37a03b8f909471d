// Answers that take longer than Slack's 3 seconds at scale: `/sam preview`, `/sam status` and
// `/sam list`, and the root message's Preview and Status buttons. The listener acknowledges at
// once ("working on it") and queues this job, which computes the answer and sends it through the
// command's response_url, or as an ephemeral message where the button was clicked.
import { answerInThread } from "../answers/answer-thread.js";
import type { AnswerRequest } from "../answers/compute.js";
import type { AppContext } from "../context.js";
import { logWithReference } from "../internal-error.js";
import { notify } from "../slack/outbox.js";
import { responder } from "../slack/response-url.js";
import { enqueue } from "../db/job-queue.js";
import { sharedAnswer } from "./shared-answer.js";

export type ReplyTo = { responseUrl: string } | { channel: string; user: string };

export interface AnswerCommandPayload extends AnswerRequest {
  replyTo: ReplyTo;
  /** Real time (ms) the question was asked; an answer computed since then may be shared. */
  askedAt: number;
}

/** Queue the answer; the caller has acknowledged (or is about to) with a "working on it". */
export async function queueAnswer(ctx: Pick<AppContext, "sql" | "clock">, payload: Omit<AnswerCommandPayload, "askedAt">) {
  // One attempt more than the first: a response_url post that failed on a network blip.
  await enqueue(ctx.sql, "answer-command", { ...payload, askedAt: Date.now() }, { maxAttempts: 2 }, ctx.clock);
}

/** Everyone asking the same question at about the same time shares one computation (shared-answer.ts). */
function compute(ctx: AppContext, payload: AnswerCommandPayload): Promise<string> {
  const { question, workspaceId, campaignId } = payload;
  const key = question === "list" ? `list:${workspaceId}` : `${question}:${workspaceId}:${campaignId}`;
  const nowMs = ctx.clock.nowMs();
  return sharedAnswer(key, payload.askedAt, () => answerInThread(ctx.databaseUrl, { question, workspaceId, campaignId }, nowMs));
}

async function reply(ctx: AppContext, payload: AnswerCommandPayload, text: string): Promise<void> {
  if ("responseUrl" in payload.replyTo) {
    await responder(payload.replyTo.responseUrl)({ response_type: "ephemeral", text });
    return;
  }
  const { channel, user } = payload.replyTo;
  await notify(ctx.sql, ctx.clock, { workspaceId: payload.workspaceId, target: { kind: "ephemeral", channel, user }, text });
}

export async function answerCommand(payload: AnswerCommandPayload, ctx: AppContext): Promise<void> {
  let text: string;
  try {
    text = await compute(ctx, payload);
  } catch (error) {
    // Retrying would only fail the same way: the user hears it now, the log gets the details.
    const reference = logWithReference(ctx.log, "command answer failed", error, { question: payload.question });
    text =
      `\`/sam ${payload.question}\` failed unexpectedly (reference ${reference}). ` +
      "Try again in a minute; if it keeps failing, give the reference to whoever runs the app.";
  }
  await reply(ctx, payload, text);
}
