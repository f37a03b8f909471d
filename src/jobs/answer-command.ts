// A slow answer that waits as a job: the questions the in-process queue had no room for
// (src/answers/after-ack.ts), and any queued by a version of the app that answered through jobs
// only. The answer is computed and posted as the queue does it; a failed post fails the job,
// which tries once more.
import { type AnswerPayload, answerText, postAnswer } from "../answers/answer-question.js";
import type { AppContext } from "../context.js";

export type AnswerCommandPayload = AnswerPayload;

export async function answerCommand(payload: AnswerCommandPayload, ctx: AppContext): Promise<void> {
  await postAnswer(ctx, payload, await answerText(ctx, payload));
}
