// A prospect who answers gets nothing more (lessons-from-sam 3.7). Replies are seen two ways: the
// `message_received` webhook (webhooks.ts) and a look at the chat just before every follow-up.
// A message the account's owner typed by hand in the chat also stops the sequence: someone is
// talking to that person, and the campaign must not talk over them. Our own sends echo back as
// messages from the account; they are recognised by their text (or message id) and ignored.
import type { TransactionSql } from "postgres";
import { escapeMrkdwn } from "../slack/text.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { FINISHED_PROSPECT_STATUSES } from "../db/enums.js";
import { postInThread, refreshCampaignRoot } from "../slack/notices.js";
import { isUnipileError } from "../unipile/index.js";
import type { ChatMessage } from "../unipile/types.js";
import { completeIfDone } from "./digest.js";
import { alreadyStored, classifyInbound, handleInbound, handleOutboundByHand, isOutOfOfficeReply } from "../conversations/messages.js";

/** How much of a reply the thread shows. */
export const REPLY_PREVIEW_CHARS = 300;
export const MANUAL_STOP_REASON = "stopped: a message was sent by hand in the chat";
/** Our sent_at is taken after Unipile answered; the message's own timestamp can be a little earlier. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** Whitespace and line endings differ between what we sent and what Unipile shows. */
export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return false;
  const norm = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();
  return norm(a) === norm(b);
}

/** The first `limit` characters (code points, so no emoji is cut in half), with an ellipsis when cut. */
export function preview(text: string, limit = REPLY_PREVIEW_CHARS): string {
  const chars = Array.from(text.trim());
  return chars.length <= limit ? chars.join("") : `${chars.slice(0, limit).join("")}…`;
}

export interface OurSend {
  sent_text: string | null;
  unipile_message_id: string | null;
  sent_at: Date | null;
  status: string;
}

/** Every text the campaign sent (or is sending) to this prospect. */
export async function oursFor(sql: TransactionSql | AppContext["sql"], prospectId: string): Promise<OurSend[]> {
  // Answers sent from Slack are ours too: their echo is not a message typed by hand.
  return sql<OurSend[]>`
    select sent_text, unipile_message_id, sent_at, status from send_queue
    where prospect_id = ${prospectId} and sent_text is not null and status in ('sent', 'sending', 'pending', 'failed')
    union all
    select text, unipile_message_id, sent_at, status from slack_replies
    where prospect_id = ${prospectId} and status in ('sending', 'sent', 'failed')`;
}

/** True when the message is one of our own sends coming back (webhook echo or chat history). */
export function isOurEcho(message: { id?: string | null; text: string | null }, ours: OurSend[]): boolean {
  return ours.some(
    (send) => (message.id != null && send.unipile_message_id === message.id) || sameText(send.sent_text, message.text),
  );
}

/**
 * The chat's messages since `after`. A chat that is gone (404) is not a reason to fail the
 * prospect: the person's other 1:1 chats with the account are read instead (the follow-up will
 * start a new chat if there is none).
 */
async function readChat(
  ctx: AppContext,
  input: { prospectId: string; chatId: string; unipileAccountId: string },
  after: Date,
): Promise<ChatMessage[]> {
  try {
    return await ctx.unipile.chatHistory(input.chatId, { after });
  } catch (error) {
    if (!(isUnipileError(error) && error.status === 404)) throw error;
  }
  const [prospect] = await ctx.sql<{ provider_id: string | null }[]>`select provider_id from campaign_prospects where id = ${input.prospectId}`;
  if (!prospect?.provider_id) return [];
  const messages: ChatMessage[] = [];
  for (const chat of await ctx.unipile.listChatsWithAttendee(input.unipileAccountId, prospect.provider_id)) {
    if (chat.id !== input.chatId) messages.push(...(await ctx.unipile.chatHistory(chat.id, { after })));
  }
  return messages.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
}

/**
 * Just before a follow-up: look at the chat for replies (is_sender 0 after our first message of
 * the campaign) and messages the owner typed by hand (is_sender 1 whose text matches none of our
 * sends). Each reply not seen yet is classified and handled like a webhook's
 * (src/conversations/messages.ts). A reply that is not out-of-office, or a message typed by hand,
 * stops the prospect (stopForReply) and the claimed row is cancelled; an out-of-office reply
 * only holds the follow-up back ("held": the claimed row goes back to the queue).
 */
export async function checkChatBeforeFollowUp(
  ctx: AppContext,
  input: { prospectId: string; chatId: string; unipileAccountId: string; lastSentAt: Date },
): Promise<"replied" | "manual" | "held" | "none"> {
  const ours = await oursFor(ctx.sql, input.prospectId);
  const sentTimes = ours.flatMap((send) => (send.status === "sent" && send.sent_at ? [send.sent_at.getTime()] : []));
  const firstSent = sentTimes.length > 0 ? Math.min(...sentTimes) : input.lastSentAt.getTime();
  const history = await readChat(ctx, input, new Date(firstSent - 86_400_000));
  const real = history.filter((message) => !message.isEvent);
  // Our first message as the chat shows it; else our first send's time (a little earlier, for clock skew).
  const firstOurs = real.find((message) => message.isSender && isOurEcho(message, ours));
  const since = firstOurs ? firstOurs.timestamp.getTime() : firstSent - CLOCK_SLACK_MS;
  const after = real.filter((message) => message.timestamp.getTime() >= since && message !== firstOurs);
  let replied = false;
  let held = false;
  for (const message of after.filter((m) => !m.isSender)) {
    const seen = { unipileMessageId: message.id, text: message.text, at: message.timestamp };
    if (await alreadyStored(ctx.sql, input.prospectId, seen)) {
      if (await isOutOfOfficeReply(ctx.sql, input.prospectId, seen)) continue;
      replied = true;
      continue;
    }
    const classification = await classifyInbound(ctx, message.text);
    const outcome = await ctx.sql.begin((tx) => handleInbound(tx, ctx, input.prospectId, seen, classification));
    if (outcome.held) held = true;
    else replied = true;
  }
  const manual = after.find((message) => message.isSender && !isOurEcho(message, ours));
  const kind = replied ? "replied" : manual ? "manual" : held ? "held" : "none";
  if (kind === "none") return kind;
  await ctx.sql.begin(async (tx) => {
    if (kind === "held") {
      // The follow-up the dispatch core claimed waits for the out-of-office return (its not_before).
      await tx`update send_queue set status = 'pending', attempts = greatest(attempts - 1, 0), updated_at = now()
               where prospect_id = ${input.prospectId} and status = 'sending'`;
      return;
    }
    if (kind === "manual" && manual) {
      await stopForReply(tx, ctx, input.prospectId, { text: manual.text, at: manual.timestamp, byOwner: true });
      await handleOutboundByHand(tx, ctx, input.prospectId, { unipileMessageId: manual.id, text: manual.text, at: manual.timestamp });
    }
    // The follow-up the dispatch core claimed for this check will not be sent.
    await tx`update send_queue set status = 'cancelled', updated_at = now()
             where prospect_id = ${input.prospectId} and status = 'sending'`;
    const [prospect] = await tx<{ campaign_id: string }[]>`select campaign_id from campaign_prospects where id = ${input.prospectId}`;
    if (prospect) await completeIfDone(tx, ctx, prospect.campaign_id);
  });
  return kind;
}

interface StoppedProspect {
  id: string;
  campaign_id: string;
  first_name: string;
  last_name: string;
}

/**
 * Marks the prospect replied (status 'replied', replied_at, the text kept) — or, for a message
 * the owner sent by hand, 'completed' with the reason — cancels its pending and waiting rows,
 * posts the reply's first 300 characters in the campaign thread (not for a manual message) and
 * refreshes the root message. Idempotent: a prospect already stopped is left as it is.
 */
export async function stopForReply(
  tx: TransactionSql,
  ctx: AppContext,
  prospectId: string,
  reply: { text: string | null; at: Date; byOwner: boolean; notice?: boolean },
): Promise<void> {
  const now = ctx.clock.now();
  const at = new Date(Math.min(reply.at.getTime(), now.getTime()));
  const finished = FINISHED_PROSPECT_STATUSES as readonly string[];
  const [stopped] = reply.byOwner
    ? await tx<StoppedProspect[]>`
        update campaign_prospects set status = 'completed', status_reason = ${MANUAL_STOP_REASON}, updated_at = now()
        where id = ${prospectId} and status not in ${tx(finished)}
        returning id, campaign_id, first_name, last_name`
    : // A reply counts even after the sequence ended some other way (all sent, failed later, stopped by hand).
      await tx<StoppedProspect[]>`
        update campaign_prospects set status = 'replied', replied_at = ${at}, reply_text = ${reply.text},
          status_reason = null, updated_at = now()
        where id = ${prospectId} and status not in ('replied', 'opted_out')
        returning id, campaign_id, first_name, last_name`;
  if (!stopped) return;
  await tx`update send_queue set status = 'cancelled', updated_at = now()
           where prospect_id = ${prospectId} and status in ('pending', 'waiting')`;
  const [campaign] = await tx<Campaign[]>`select * from campaigns where id = ${stopped.campaign_id}`;
  if (!campaign) return;
  if (!reply.byOwner && reply.notice !== false) {
    const name = escapeMrkdwn(`${stopped.first_name} ${stopped.last_name}`.trim());
    const body = reply.text?.trim()
      ? escapeMrkdwn(preview(reply.text))
          .split("\n")
          .map((line) => `>${line}`)
          .join("\n")
      : "_(no text: an attachment or a reaction)_";
    await postInThread(tx, ctx, campaign, `:speech_balloon: *${name}* replied — no more messages will be sent to them.\n${body}`);
  }
  await completeIfDone(tx, ctx, campaign.id);
  await refreshCampaignRoot(tx, ctx, campaign.id);
}
