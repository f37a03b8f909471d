// The backup for the message_received webhook once a conversation is under way (the look at
// the chat before each follow-up covers it until then): after each reply, the prospect's chat
// is read again every 6 hours while the conversation had a message in the last 14 days. New
// replies are handled like a webhook's, messages typed by hand on LinkedIn are stored and shown;
// our own sends (the campaign's and the answers from Slack) are recognised and left out.
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { isOurEcho, oursFor } from "../delivery/replies.js";
import { enqueue } from "../db/job-queue.js";
import { isUnipileError } from "../unipile/index.js";
import { alreadyStored, classifyInbound, handleInbound, handleOutboundByHand } from "./messages.js";

export const CONVERSATION_POLL_EVERY_MS = 6 * 3_600_000;
export const CONVERSATION_POLL_FOR_MS = 14 * 86_400_000;
/** Read a little before the last stored message: the two clocks may differ. */
const OVERLAP_MS = 10 * 60_000;

type Queryable = AppContext["sql"] | TransactionSql;

export const conversationPollKey = (prospectId: string) => `conversation-poll:${prospectId}`;

/** (Re)arms the prospect's conversation poll 6 hours from now (virtual time). */
export async function armConversationPoll(
  sql: Queryable,
  ctx: Pick<AppContext, "clock">,
  prospectId: string,
): Promise<void> {
  await enqueue(
    sql,
    "poll-conversation",
    { prospectId },
    {
      runAt: new Date(ctx.clock.nowMs() + CONVERSATION_POLL_EVERY_MS),
      jobKey: conversationPollKey(prospectId),
      maxAttempts: 3,
    },
    ctx.clock,
  );
}

interface Conversation {
  prospect_id: string;
  chat_id: string | null;
  workspace_id: string;
  unipile_account_id: string;
  account_status: string;
  account_workspace_id: string;
  last_at: Date | null;
}

export async function pollConversation(ctx: AppContext, prospectId: string): Promise<void> {
  const [c] = await ctx.sql<Conversation[]>`
    select p.id as prospect_id, p.chat_id, p.workspace_id, a.unipile_account_id, a.status as account_status,
           a.workspace_id as account_workspace_id,
           (select max(at) from conversation_messages m where m.prospect_id = p.id) as last_at
    from campaign_prospects p join campaigns c on c.id = p.campaign_id join workspace_accounts a on a.id = coalesce(p.account_id, c.account_id)
    where p.id = ${prospectId} and a.unlinked_at is null`;
  // A chat of an account another workspace owns now is not this workspace's to read.
  if (!c?.chat_id || !c.last_at || c.account_workspace_id !== c.workspace_id) return;
  const now = ctx.clock.now();
  if (c.account_status === "active") {
    let history: Awaited<ReturnType<typeof ctx.unipile.chatHistory>> = [];
    try {
      history = await ctx.unipile.chatHistory(c.chat_id, {
        after: new Date(c.last_at.getTime() - OVERLAP_MS),
      });
    } catch (error) {
      if (!(isUnipileError(error) && error.status === 404)) throw error;
    }
    const ours = await oursFor(ctx.sql, prospectId);
    for (const message of history.filter((m) => !m.isEvent)) {
      const seen = { unipileMessageId: message.id, text: message.text, at: message.timestamp };
      if (await alreadyStored(ctx.sql, prospectId, seen)) continue;
      if (message.isSender) {
        if (isOurEcho(message, ours)) continue;
        await ctx.sql.begin((tx) => handleOutboundByHand(tx, ctx, prospectId, seen));
        continue;
      }
      const classification = await classifyInbound(ctx, message.text);
      await ctx.sql.begin((tx) => handleInbound(tx, ctx, prospectId, seen, classification));
    }
  }
  const [latest] = await ctx.sql<
    { at: Date | null }[]
  >`select max(at) as at from conversation_messages where prospect_id = ${prospectId}`;
  if (latest?.at && now.getTime() - latest.at.getTime() < CONVERSATION_POLL_FOR_MS)
    await armConversationPoll(ctx.sql, ctx, prospectId);
}
