// Job: read one prospect's chat for messages the webhook did not bring (src/conversations/poll.ts).
import type { AppContext } from "../context.js";
import { pollConversation } from "../conversations/poll.js";

export interface PollConversationPayload {
  prospectId: string;
}

export async function pollConversationJob(payload: PollConversationPayload, ctx: AppContext): Promise<void> {
  await pollConversation(ctx, payload.prospectId);
}
