// Before a row whose outcome is unknown is sent again (a timeout after the request left, or a
// worker that died mid-send), look whether our text arrived: in the chat's history for a
// message, among the pending invitations for a connection request. Sending again blindly is how
// the earlier system sent the same message two or three times (lessons-from-sam 1).
import type { AppContext } from "../context.js";
import type { SendResult } from "./send.js";

export interface UnsettledRow {
  message_type: string;
  sent_text: string | null;
  claimed_at: Date | null;
  unipile_account_id: string;
  provider_id: string | null;
  chat_id: string | null;
}

/** What Unipile shows of our send, or null when it did not arrive. */
export async function findDelivered(ctx: AppContext, row: UnsettledRow): Promise<SendResult | null> {
  if (!row.provider_id) return null;
  if (row.message_type === "connection_request") {
    for await (const invitation of ctx.unipile.sentInvitations(row.unipile_account_id)) {
      if (invitation.providerId === row.provider_id) {
        return { chatId: null, messageId: null, invitationId: invitation.invitationId };
      }
    }
    return null;
  }
  const chatIds = row.chat_id
    ? [row.chat_id]
    : (await ctx.unipile.listChatsWithAttendee(row.unipile_account_id, row.provider_id)).map((chat) => chat.id);
  for (const chatId of chatIds) {
    const history = await ctx.unipile.chatHistory(chatId);
    const ours = history.find((message) => message.isSender && message.text === row.sent_text);
    if (ours) return { chatId, messageId: ours.id, invitationId: null };
  }
  return null;
}
