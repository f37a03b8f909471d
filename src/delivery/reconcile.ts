// Before a row whose outcome is unknown is sent again (a timeout after the request left, or a
// worker that died mid-send), look whether our text arrived: in the chat's history for a
// message, among the pending invitations for a connection request. Sending again blindly is how
// the earlier system sent the same message two or three times (lessons-from-sam 1).
import type { AppContext } from "../context.js";
import { UserFacingError } from "../internal-error.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AccountRow } from "../planning/rules.js";
import { isUnipileError } from "../unipile/index.js";
import type { ClaimedRow } from "./claim.js";
import { recordFailure, recordSent } from "./outcome.js";
import { sameText } from "./replies.js";
import type { SendResult } from "./send.js";

export interface UnsettledRow {
  message_type: string;
  sent_text: string | null;
  unipile_account_id: string;
  provider_id: string | null;
  chat_id: string | null;
}

async function chatsWith(ctx: AppContext, row: UnsettledRow): Promise<string[]> {
  const others = (await ctx.unipile.listChatsWithAttendee(row.unipile_account_id, row.provider_id!)).map((chat) => chat.id);
  return row.chat_id ? [row.chat_id, ...others.filter((id) => id !== row.chat_id)] : others;
}

/**
 * What Unipile shows of our send, or null when it did not arrive. Throws when Unipile cannot
 * tell (the caller must then neither send again nor give up).
 */
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
  for (const chatId of await chatsWith(ctx, row)) {
    let history: Awaited<ReturnType<typeof ctx.unipile.chatHistory>>;
    try {
      history = await ctx.unipile.chatHistory(chatId);
    } catch (error) {
      // A chat that is gone holds nothing of ours; any other failure means "cannot tell".
      if (isUnipileError(error) && error.status === 404) continue;
      throw error;
    }
    // Compared as text, whitespace folded: Unipile may not give back line breaks byte for byte.
    const ours = history.find((message) => message.isSender && sameText(message.text, row.sent_text));
    if (ours) return { chatId, messageId: ours.id, invitationId: null };
  }
  return null;
}

/**
 * Settles the rows of an account left 'sending' by a worker that is gone (the caller holds the
 * account's send lock, so no live worker owns them): sent if Unipile shows them, otherwise back
 * to the queue. A row Unipile cannot tell about stays as it is for the next look.
 */
export async function settleInFlight(ctx: AppContext, accountId: string): Promise<{ settled: number; unsure: number }> {
  const rows = await ctx.sql<Array<{ id: string; campaign_id: string; prospect_id: string; step: number; attempts: number; message_type: string; sent_text: string | null }>>`
    select id, campaign_id, prospect_id, step, attempts, message_type, sent_text
    from send_queue where account_id = ${accountId} and status = 'sending'`;
  let settled = 0;
  let unsure = 0;
  if (rows.length === 0) return { settled, unsure };
  const [account] = await ctx.sql<AccountRow[]>`select * from workspace_accounts where id = ${accountId}`;
  for (const row of rows) {
    const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${row.campaign_id}`;
    const [prospect] = await ctx.sql<ClaimedRow["prospect"][]>`select * from campaign_prospects where id = ${row.prospect_id}`;
    const claimed: ClaimedRow = {
      id: row.id,
      campaign: campaign!,
      account: account!,
      prospect: prospect!,
      messageType: row.message_type as ClaimedRow["messageType"],
      step: row.step,
      text: row.sent_text ?? "",
      attempts: row.attempts,
      previousSentAt: null,
      othersDue: false,
    };
    try {
      const delivered = await findDelivered(ctx, {
        message_type: row.message_type,
        sent_text: row.sent_text,
        unipile_account_id: account!.unipile_account_id,
        provider_id: prospect!.provider_id,
        chat_id: prospect!.chat_id,
      });
      if (delivered) await recordSent(ctx, claimed, delivered);
      else await recordFailure(ctx, claimed, new UserFacingError("the worker sending this message stopped before it arrived"));
      ctx.log.info("settled a send left in flight", { row: row.id, delivered: Boolean(delivered) });
      settled += 1;
    } catch (error) {
      unsure += 1;
      ctx.log.warn("could not tell whether a send left in flight arrived; looking again later", {
        row: row.id,
        error: (error as Error).message,
      });
    }
  }
  return { settled, unsure };
}
