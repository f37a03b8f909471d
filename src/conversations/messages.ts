// A prospect's conversation after our first send: every message either side (their replies,
// messages typed by hand on LinkedIn, answers sent from Slack) stored once in
// conversation_messages, each inbound reply classified, and what its label does:
// - unsubscribe: the person goes on the do-not-contact list at once (every pending row of theirs
//   in every campaign of the workspace cancelled) and the sequence stops;
// - out_of_office: the sequence is NOT stopped; the next follow-up waits until one business day
//   after the return date the reply names (else 7 days), and the thread says so;
// - anything else: the sequence stops, as every reply always did.
// Every inbound message gets a notice in the campaign thread with its label and the actions
// Reply, Mark as… and Open in LinkedIn; an interested one also goes to the campaign owner's DM
// when the campaign says so (campaigns.notify_owner_on_interested, on by default).
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { TransactionSql } from "postgres";
import type { Campaign } from "../campaigns/campaigns.js";
import { classifyReply } from "../classify/classify-reply.js";
import type { ReplyClassification, ReplyLabel } from "../classify/labels.js";
import { returnDateIn } from "../classify/return-date.js";
import type { AppContext } from "../context.js";
import { FINISHED_PROSPECT_STATUSES } from "../db/enums.js";
import { completeIfDone } from "../delivery/digest.js";
import { stopForReply } from "../delivery/replies.js";
import { addProspectToDoNotContact } from "../do-not-contact/add-prospect.js";
import { windowOf } from "../planning/rules.js";
import { nextAllowedInstant } from "../schedule/index.js";
import {
  type CardMessage,
  conversationCard,
  type Mark,
  type ReplyNotice,
  replyNoticeBlocks,
  replyNoticeText,
} from "../slack/blocks/conversation.js";
import { postInThread } from "../slack/notices.js";
import { notify, refresh } from "../slack/outbox.js";
import { escapeMrkdwn, mrkdwnWithin } from "../slack/text.js";
import { outOfOfficeWait } from "./out-of-office.js";
import { armConversationPoll } from "./poll.js";

type Ctx = AppContext;

/** Two sightings of one message (webhook and chat history) may carry different ids or none: same text this close is the same message. */
const SAME_MESSAGE_WINDOW_MS = 10 * 60_000;

export interface SeenMessage {
  unipileMessageId: string | null;
  text: string | null;
  at: Date;
}

export function messageKey(message: SeenMessage): string {
  if (message.unipileMessageId) return `id:${message.unipileMessageId}`;
  const digest = createHash("sha256")
    .update(message.text ?? "")
    .digest("hex")
    .slice(0, 32);
  return `at:${message.at.toISOString()}:${digest}`;
}

const norm = (text: string | null) => (text ?? "").normalize("NFC").replace(/\s+/g, " ").trim();

/** The offline (or LLM) label of a reply; a classifier that fails never loses the reply. */
export async function classifyInbound(ctx: Ctx, text: string | null): Promise<ReplyClassification | null> {
  if (!text?.trim()) return null;
  try {
    return await classifyReply(text, ctx.config);
  } catch (error) {
    ctx.log.warn("a reply could not be classified", { error: (error as Error).message });
    return { label: "other", confidence: 0, source: "offline" };
  }
}

interface ProspectForConversation {
  id: string;
  workspace_id: string;
  campaign_id: string;
  first_name: string;
  last_name: string;
  linkedin_url: string;
  status: string;
}

/**
 * The prospect, locked: a webhook and the chat read handling the same message one after the
 * other (never at once) is what makes "stored once" hold when the two carry different ids.
 */
async function prospectOf(tx: TransactionSql, prospectId: string): Promise<ProspectForConversation | null> {
  const [row] = await tx<ProspectForConversation[]>`
    select id, workspace_id, campaign_id, first_name, last_name, linkedin_url, status
    from campaign_prospects where id = ${prospectId} for update`;
  return row ?? null;
}

const fullName = (p: { first_name: string; last_name: string }) => `${p.first_name} ${p.last_name}`.trim();

/** Stores one message of the conversation; null when it was stored already (a redelivery). */
export async function storeMessage(
  tx: TransactionSql,
  input: {
    workspaceId: string;
    prospectId: string;
    direction: "inbound" | "outbound";
    origin: "prospect" | "by_hand" | "slack";
    message: SeenMessage;
    classification?: ReplyClassification | null;
    sentBy?: string | null;
  },
): Promise<string | null> {
  const { message } = input;
  const [twin] = await tx<{ id: string; text: string | null }[]>`
    select id, text from conversation_messages
    where prospect_id = ${input.prospectId} and direction = ${input.direction}
      and at between ${new Date(message.at.getTime() - SAME_MESSAGE_WINDOW_MS)} and ${new Date(message.at.getTime() + SAME_MESSAGE_WINDOW_MS)}`;
  if (twin && norm(twin.text) === norm(message.text)) return null;
  const c = input.classification ?? null;
  const [row] = await tx<{ id: string }[]>`
    insert into conversation_messages (workspace_id, prospect_id, direction, origin, text, message_key, unipile_message_id, at,
                                       label, confidence, label_source, sent_by)
    values (${input.workspaceId}, ${input.prospectId}, ${input.direction}, ${input.origin}, ${message.text}, ${messageKey(message)},
            ${message.unipileMessageId}, ${message.at}, ${c?.label ?? null}, ${c ? Math.round(c.confidence * 1000) / 1000 : null},
            ${c?.source ?? null}, ${input.sentBy ?? null})
    on conflict (prospect_id, message_key) do nothing
    returning id`;
  return row ? String(row.id) : null;
}

/** Whether this message is already stored (so a caller need not classify it again). */
export async function alreadyStored(
  sql: AppContext["sql"] | TransactionSql,
  prospectId: string,
  message: SeenMessage,
): Promise<boolean> {
  const rows = await sql<{ text: string | null; message_key: string }[]>`
    select text, message_key from conversation_messages
    where prospect_id = ${prospectId}
      and (message_key = ${messageKey(message)}
           or at between ${new Date(message.at.getTime() - SAME_MESSAGE_WINDOW_MS)} and ${new Date(message.at.getTime() + SAME_MESSAGE_WINDOW_MS)})`;
  return rows.some((row) => row.message_key === messageKey(message) || norm(row.text) === norm(message.text));
}

/** True when this prospect's reply was an out-of-office one (the sequence goes on past it). */
export async function isOutOfOfficeReply(
  sql: AppContext["sql"] | TransactionSql,
  prospectId: string,
  message: SeenMessage,
): Promise<boolean> {
  const rows = await sql<
    { text: string | null; message_key: string; label: string | null; marked_as: string | null }[]
  >`
    select text, message_key, label, marked_as from conversation_messages
    where prospect_id = ${prospectId} and direction = 'inbound'
      and (message_key = ${messageKey(message)}
           or at between ${new Date(message.at.getTime() - SAME_MESSAGE_WINDOW_MS)} and ${new Date(message.at.getTime() + SAME_MESSAGE_WINDOW_MS)})`;
  const same = rows.find(
    (row) => row.message_key === messageKey(message) || norm(row.text) === norm(message.text),
  );
  return Boolean(same && same.label === "out_of_office" && same.marked_as === null);
}

export interface InboundOutcome {
  /** False for a redelivery: nothing was done. */
  stored: boolean;
  /** The prospect's next follow-up was held back (out of office), not stopped. */
  held: boolean;
}

/**
 * One message from the prospect: stored, its label acted on, its notice posted (and the owner's
 * DM for an interested one). Idempotent: a message already stored changes nothing.
 */
export async function handleInbound(
  tx: TransactionSql,
  ctx: Ctx,
  prospectId: string,
  message: SeenMessage,
  classification: ReplyClassification | null,
): Promise<InboundOutcome> {
  const prospect = await prospectOf(tx, prospectId);
  if (!prospect) return { stored: false, held: false };
  const [earlier] = await tx<{ n: number }[]>`
    select count(*)::int as n from conversation_messages where prospect_id = ${prospectId} and direction = 'inbound'`;
  const messageId = await storeMessage(tx, {
    workspaceId: prospect.workspace_id,
    prospectId,
    direction: "inbound",
    origin: "prospect",
    message,
    classification,
  });
  if (!messageId) return { stored: false, held: false };
  const [campaign] = await tx<Campaign[]>`select * from campaigns where id = ${prospect.campaign_id}`;
  if (!campaign) return { stored: true, held: false };
  const label: ReplyLabel | null = classification?.label ?? null;
  const running = !(FINISHED_PROSPECT_STATUSES as readonly string[]).includes(prospect.status);
  let effect: string;
  let held = false;
  if (label === "out_of_office" && running) {
    const now = ctx.clock.now();
    const wait = outOfOfficeWait(
      message.text ? returnDateIn(message.text, now, campaign.time_zone) : null,
      now,
      campaign.time_zone,
    );
    const at = nextAllowedInstant(windowOf(campaign), wait.notBefore).at;
    const [next] = await tx<{ id: string }[]>`
      update send_queue set not_before = ${wait.notBefore},
        scheduled_for = greatest(scheduled_for, ${at}), updated_at = now()
      where prospect_id = ${prospectId} and status in ('pending', 'waiting', 'sending')
      returning id`;
    const when = DateTime.fromJSDate(at).setZone(campaign.time_zone).toFormat("ccc d LLL yyyy HH:mm ZZZZ");
    const back = wait.returnDate
      ? `is out of office until ${DateTime.fromJSDate(wait.returnDate).setZone(campaign.time_zone).toFormat("ccc d LLL yyyy")}`
      : "is out of office (no return date given)";
    effect = next
      ? `${back}; the next follow-up waits until ${when} at the earliest.`
      : `${back}; no follow-up is left to send.`;
    held = Boolean(next);
  } else {
    if (label === "unsubscribe") {
      const listed = await addProspectToDoNotContact(tx, ctx, {
        workspaceId: prospect.workspace_id,
        prospectId,
        reason: "replied asking to stop",
        addedBy: null,
      });
      for (const campaignId of listed.campaignIds) await completeIfDone(tx, ctx, campaignId);
    }
    await stopForReply(tx, ctx, prospectId, {
      text: message.text,
      at: message.at,
      byOwner: false,
      notice: false,
    });
    effect =
      label === "unsubscribe"
        ? "they asked to stop: no more messages, and they are on the do-not-contact list."
        : running
          ? "no more messages will be sent to them."
          : "";
  }
  const notice: ReplyNotice = {
    messageId,
    prospectName: fullName(prospect),
    linkedinUrl: prospect.linkedin_url,
    text: message.text,
    label,
    confidence: classification?.confidence ?? null,
    labelSource: classification?.source ?? null,
    markedAs: null,
    markedBy: null,
    effect: effect || "in the conversation.",
    nth: (earlier?.n ?? 0) + 1,
  };
  await refreshConversationCard(tx, ctx, prospectId);
  await postInThread(tx, ctx, campaign, replyNoticeText(notice), { blocks: replyNoticeBlocks(notice) });
  await armConversationPoll(tx, ctx, prospectId);
  if (label === "interested" && campaign.notify_owner_on_interested && campaign.created_by) {
    await notifyOwner(tx, ctx, campaign, notice);
  }
  return { stored: true, held };
}

/** The campaign owner's DM (chat.postMessage to the user id: the app's DM with them). */
export async function notifyOwner(
  tx: TransactionSql,
  ctx: Ctx,
  campaign: Campaign,
  notice: ReplyNotice,
): Promise<void> {
  const text = mrkdwnWithin(
    `${replyNoticeText(notice)}\n_Campaign ${escapeMrkdwn(campaign.name)}: classified interested._`,
    3000,
  );
  await notify(tx, ctx.clock, {
    workspaceId: campaign.workspace_id,
    target: { kind: "channel", channel: campaign.created_by! },
    text,
    blocks: [
      ...replyNoticeBlocks(notice),
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: mrkdwnWithin(
              `Campaign *${escapeMrkdwn(campaign.name)}* · you get this because the reply was classified interested.`,
              3000,
            ),
          },
        ],
      },
    ],
  });
}

/**
 * A message the account sent that is none of the campaign's: typed by hand on LinkedIn (or the
 * echo of one sent from Slack, which is stored by the sender first). Once a conversation is
 * under way it appears in the thread; before any reply it only stopped the sequence, as before.
 */
export async function handleOutboundByHand(
  tx: TransactionSql,
  ctx: Ctx,
  prospectId: string,
  message: SeenMessage,
): Promise<void> {
  const prospect = await prospectOf(tx, prospectId);
  if (!prospect) return;
  const [conversation] =
    await tx`select 1 from conversation_messages where prospect_id = ${prospectId} and direction = 'inbound' limit 1`;
  if (!conversation) return;
  const stored = await storeMessage(tx, {
    workspaceId: prospect.workspace_id,
    prospectId,
    direction: "outbound",
    origin: "by_hand",
    message,
  });
  if (stored) await refreshConversationCard(tx, ctx, prospectId);
}

/**
 * The prospect's conversation message in the campaign thread, brought up to date: posted with
 * the first reply, then edited with every message either side (and every Mark as…). A busy
 * thread keeps one message per person holding the latest exchange; each new reply from them is
 * also a thread reply of its own (it needs someone's attention), while answers from our side
 * only update the conversation message.
 */
export async function refreshConversationCard(
  tx: TransactionSql,
  ctx: Pick<AppContext, "clock">,
  prospectId: string,
): Promise<void> {
  const prospect = await prospectOf(tx, prospectId);
  if (!prospect) return;
  const [campaign] = await tx<Campaign[]>`select * from campaigns where id = ${prospect.campaign_id}`;
  if (!campaign) return;
  const rows = await tx<
    {
      id: string;
      direction: "inbound" | "outbound";
      origin: "prospect" | "by_hand" | "slack";
      text: string | null;
      at: Date;
      label: ReplyLabel | null;
      marked_as: Mark | null;
      sent_by: string | null;
    }[]
  >`
    select id::text, direction, origin, text, at, label, marked_as, sent_by from conversation_messages
    where prospect_id = ${prospectId} order by at desc, id desc limit 4`;
  const [count] = await tx<
    { n: number }[]
  >`select count(*)::int as n from conversation_messages where prospect_id = ${prospectId}`;
  const latest: CardMessage[] = rows.reverse().map((row) => ({
    direction: row.direction,
    origin: row.origin,
    text: row.text,
    at: row.at,
    label: row.label,
    markedAs: row.marked_as,
    sentBy: row.sent_by,
  }));
  const [inbound] = await tx<{ id: string; marked_as: Mark | null }[]>`
    select id::text, marked_as from conversation_messages where prospect_id = ${prospectId} and direction = 'inbound'
    order by at desc, id desc limit 1`;
  const card = conversationCard({
    prospectName: fullName(prospect),
    linkedinUrl: prospect.linkedin_url,
    total: count?.n ?? latest.length,
    latest,
    latestInboundId: inbound?.id ?? null,
    latestInboundMark: inbound?.marked_as ?? null,
    formatAt: (at) => DateTime.fromJSDate(at).setZone(campaign.time_zone).toFormat("ccc d LLL HH:mm"),
  });
  await refresh(tx, ctx.clock, {
    workspaceId: campaign.workspace_id,
    target: { kind: "conversation", campaignId: campaign.id, prospectId },
    ...card,
  });
}

export type { Mark };
