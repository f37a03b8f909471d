// Computing a slow answer and posting it where it was asked for: the command's response_url, or
// for a root-message button an ephemeral message through the outbox. Run by the in-process queue
// of answers that follow an acknowledgement (after-ack.ts), and by the `answer-command` job for
// questions that queue sent to the job queue instead (src/jobs/answer-command.ts).
import type { AppContext } from "../context.js";
import { logWithReference } from "../internal-error.js";
import { notify } from "../slack/outbox.js";
import { responder } from "../slack/response-url.js";
import { answerInThread } from "./answer-thread.js";
import type { AnswerRequest } from "./compute.js";
import { sharedAnswer } from "./shared-answer.js";

export type ReplyTo = { responseUrl: string } | { channel: string; user: string };

export interface AnswerPayload extends AnswerRequest {
  replyTo: ReplyTo;
  /** Real time (ms) the question was asked; an answer computed since then may be shared. */
  askedAt: number;
}

/** Everyone asking the same question at about the same time shares one computation (shared-answer.ts). */
function compute(ctx: AppContext, payload: AnswerPayload): Promise<string> {
  const { question, workspaceId, campaignId } = payload;
  const key = question === "list" ? `list:${workspaceId}` : `${question}:${workspaceId}:${campaignId}`;
  const nowMs = ctx.clock.nowMs();
  return sharedAnswer(key, payload.askedAt, () => answerInThread(ctx.databaseUrl, { question, workspaceId, campaignId }, nowMs));
}

/** The computed answer, or for a failed computation the message that tells the user so. */
export async function answerText(ctx: AppContext, payload: AnswerPayload): Promise<string> {
  try {
    return await compute(ctx, payload);
  } catch (error) {
    // Computing again would only fail the same way: the user hears it now, the log gets the details.
    const reference = logWithReference(ctx.log, "command answer failed", error, { question: payload.question });
    return (
      `\`/sam ${payload.question}\` failed unexpectedly (reference ${reference}). ` +
      "Try again in a minute; if it keeps failing, give the reference to whoever runs the app."
    );
  }
}

/** Posts the answer; throws when a response_url post fails (the caller may try once more). */
export async function postAnswer(ctx: AppContext, payload: AnswerPayload, text: string): Promise<void> {
  if ("responseUrl" in payload.replyTo) {
    await responder(payload.replyTo.responseUrl)({ response_type: "ephemeral", text });
    return;
  }
  const { channel, user } = payload.replyTo;
  await notify(ctx.sql, ctx.clock, { workspaceId: payload.workspaceId, target: { kind: "ephemeral", channel, user }, text });
}
