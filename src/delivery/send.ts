// Where a message is sent: one Unipile call per claimed row. Invitations through
// POST /users/invite; a first message (or the first in a chat) through POST /chats, which finds
// or creates the 1:1 chat; later messages in the stored chat, starting a new one if it is gone.
import type { AppContext } from "../context.js";
import { isUnipileError } from "../unipile/index.js";
import type { ClaimedRow } from "./claim.js";

export interface SendResult {
  chatId: string | null;
  messageId: string | null;
  invitationId: string | null;
}

export async function sendClaimed(ctx: AppContext, row: ClaimedRow): Promise<SendResult> {
  const accountId = row.account.unipile_account_id;
  const providerId = row.prospect.provider_id;
  if (!providerId) throw new Error(`prospect ${row.prospect.id} has no provider id`);
  if (row.messageType === "connection_request") {
    const sent = await ctx.unipile.sendInvitation({ accountId, providerId, message: row.text });
    return { chatId: null, messageId: null, invitationId: sent.invitationId };
  }
  if (row.prospect.chat_id) {
    try {
      const sent = await ctx.unipile.sendMessage({ chatId: row.prospect.chat_id, text: row.text, accountId });
      return { chatId: row.prospect.chat_id, messageId: sent.messageId, invitationId: null };
    } catch (error) {
      // The chat is gone (404): fall through and start one; anything else is handled by class.
      if (!(isUnipileError(error) && error.status === 404 && error.requestSent)) throw error;
    }
  }
  const started = await ctx.unipile.startChat({ accountId, attendeeProviderId: providerId, text: row.text });
  return { chatId: started.chatId, messageId: started.messageId, invitationId: null };
}
