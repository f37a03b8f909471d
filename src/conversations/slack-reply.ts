// An answer typed in the Reply modal, sent in the prospect's chat through Unipile
// (POST /api/v1/chats/{chat_id}/messages, or POST /api/v1/chats to start one) exactly once:
// - the modal's view id is the row's once-only key (slack_replies.view_id): a retried submission
//   inserts nothing and queues nothing; the same text from the same person to the same prospect
//   within 10 minutes (a double click opened two modals) is the same answer;
// - the send runs in a graphile-worker job under the account's send lock, so it never overlaps a
//   campaign send of the account; the row is 'sending' before Unipile is called, and an answer
//   lost on the way (ambiguous) is looked for in the chat before anything is sent again (the
//   engine's reconcile rules, src/delivery/reconcile.ts); when Unipile cannot tell, the row stays
//   'sending' and the job tries later.
// It goes out at once (a person's answer is not held to the campaign's window) and counts toward
// the account's daily messages (src/planning/account-plan.ts accountHistory); never while the
// account is cooling down or disconnected: the person is told why, and nothing is sent.
import { DateTime } from "luxon";
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { markAccountUnavailable } from "../delivery/account-health.js";
import { findDelivered } from "../delivery/reconcile.js";
import { withSendLock } from "../delivery/dispatch.js";
import { enqueue } from "../db/job-queue.js";
import type { AccountRow } from "../planning/rules.js";
import { safeText } from "../safe-text.js";
import { notify } from "../slack/outbox.js";
import { escapeMrkdwn } from "../slack/text.js";
import { isUnipileError } from "../unipile/index.js";
import { refreshConversationCard, storeMessage } from "./messages.js";

type Queryable = AppContext["sql"] | TransactionSql;

/** A second modal submitted with the same text this soon after the first is the same answer. */
export const SAME_ANSWER_WINDOW_MS = 10 * 60_000;
/** Job attempts for passing faults (graphile-worker's backoff spaces them over about an hour). */
const MAX_JOB_ATTEMPTS = 10;
/** Another send of the account is in flight: look again this soon (real ms). */
const BUSY_RETRY_MS = 1_000;

/** Why the account cannot send now, for the person; null when it can. */
export function accountRefusal(
  account: Pick<AccountRow, "name" | "status" | "unlinked_at" | "cooldown_until" | "time_zone">,
  now: Date,
): string | null {
  const name = `*${escapeMrkdwn(account.name)}*`;
  if (account.unlinked_at) return `the LinkedIn account ${name} is no longer linked to SAM.`;
  if (account.status !== "active") {
    return `the LinkedIn account ${name} is disconnected. Reconnect it (\`/sam accounts\`), then send again.`;
  }
  if (account.cooldown_until && account.cooldown_until > now) {
    const until = DateTime.fromJSDate(account.cooldown_until)
      .setZone(account.time_zone)
      .toFormat("ccc d LLL HH:mm ZZZZ");
    return `the LinkedIn account ${name} is cooling down after a LinkedIn limit until ${until}. Send again after that.`;
  }
  return null;
}

export interface ReplyRequest {
  workspaceId: string;
  prospectId: string;
  accountId: string;
  viewId: string;
  text: string;
  requestedBy: string;
  replyChannel: string | null;
}

/**
 * Records the answer and queues its send, once per modal (and once per text per person and
 * prospect within 10 minutes). Returns whether this call queued it.
 */
export async function requestReply(
  ctx: Pick<AppContext, "sql" | "clock">,
  request: ReplyRequest,
): Promise<boolean> {
  return ctx.sql.begin(async (tx) => {
    // Two submissions of one person to one prospect are serialised here.
    await tx`select pg_advisory_xact_lock(hashtext(${`slack-reply:${request.prospectId}`}))`;
    const now = ctx.clock.now();
    const recent = await tx<{ text: string }[]>`
      select text from slack_replies
      where prospect_id = ${request.prospectId} and requested_by = ${request.requestedBy}
        and status not in ('refused', 'failed') and requested_at > ${new Date(now.getTime() - SAME_ANSWER_WINDOW_MS)}`;
    const norm = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();
    if (recent.some((row) => norm(row.text) === norm(request.text))) return false;
    const [row] = await tx<{ id: string }[]>`
      insert into slack_replies (workspace_id, prospect_id, account_id, view_id, text, requested_by, reply_channel, requested_at)
      values (${request.workspaceId}, ${request.prospectId}, ${request.accountId}, ${request.viewId}, ${request.text},
              ${request.requestedBy}, ${request.replyChannel}, ${now})
      on conflict (view_id) do nothing
      returning id`;
    if (!row) return false;
    await enqueue(
      tx,
      "send-slack-reply",
      { replyId: row.id },
      { jobKey: `slack-reply:${row.id}`, maxAttempts: MAX_JOB_ATTEMPTS },
      ctx.clock,
    );
    return true;
  });
}

interface ReplyRow {
  id: string;
  workspace_id: string;
  prospect_id: string;
  account_id: string;
  text: string;
  requested_by: string;
  reply_channel: string | null;
  status: string;
  attempts: number;
}

interface ProspectRow {
  id: string;
  campaign_id: string;
  first_name: string;
  last_name: string;
  provider_id: string | null;
  chat_id: string | null;
}

const nameOf = (p: ProspectRow) => `${p.first_name} ${p.last_name}`.trim();

async function tellRequester(
  sql: Queryable,
  ctx: Pick<AppContext, "clock">,
  reply: ReplyRow,
  text: string,
): Promise<void> {
  const target = reply.reply_channel
    ? ({ kind: "ephemeral", channel: reply.reply_channel, user: reply.requested_by } as const)
    : ({ kind: "channel", channel: reply.requested_by } as const);
  await notify(sql, ctx.clock, { workspaceId: reply.workspace_id, target, text });
}

async function refuse(
  ctx: AppContext,
  reply: ReplyRow,
  prospect: ProspectRow,
  status: "refused" | "failed",
  why: string,
): Promise<void> {
  await ctx.sql.begin(async (tx) => {
    const [changed] =
      await tx`update slack_replies set status = ${status}, refusal = ${safeText(why, 500)}, updated_at = now()
                               where id = ${reply.id} and status in ('pending', 'sending') returning id`;
    if (!changed) return;
    await tellRequester(
      tx,
      ctx,
      reply,
      `:no_entry: Your answer to *${escapeMrkdwn(nameOf(prospect))}* was not sent: ${why} Nothing went out; click *Reply* again to retry.`,
    );
  });
}

async function recordReplySent(
  ctx: AppContext,
  reply: ReplyRow,
  prospect: ProspectRow,
  sent: { chatId: string | null; messageId: string | null },
) {
  await ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    const [changed] = await tx`
      update slack_replies set status = 'sent', sent_at = ${now}, chat_id = ${sent.chatId}, unipile_message_id = ${sent.messageId},
        refusal = null, updated_at = now()
      where id = ${reply.id} and status = 'sending' returning id`;
    if (!changed) return;
    if (sent.chatId)
      await tx`update campaign_prospects set chat_id = coalesce(chat_id, ${sent.chatId}), updated_at = now() where id = ${prospect.id}`;
    await storeMessage(tx, {
      workspaceId: reply.workspace_id,
      prospectId: prospect.id,
      direction: "outbound",
      origin: "slack",
      message: { unipileMessageId: sent.messageId, text: reply.text, at: now },
      sentBy: reply.requested_by,
    });
    // Shown in the thread, with who sent it, in the prospect's conversation message.
    await refreshConversationCard(tx, ctx, prospect.id);
  });
}

/** The send job: once per answer, under the account's send lock. */
export async function sendSlackReply(ctx: AppContext, replyId: string): Promise<void> {
  const [peek] = await ctx.sql<ReplyRow[]>`select * from slack_replies where id = ${replyId}`;
  if (!peek || peek.status === "sent" || peek.status === "refused" || peek.status === "failed") return;
  const done = await withSendLock(ctx, peek.account_id, () => sendLocked(ctx, replyId));
  if (done === null) {
    // A campaign send of the account is in flight: come back in a moment.
    await enqueue(
      ctx.sql,
      "send-slack-reply",
      { replyId },
      { jobKey: `slack-reply:${replyId}`, realDelayMs: BUSY_RETRY_MS, maxAttempts: MAX_JOB_ATTEMPTS },
      ctx.clock,
    );
  }
}

async function sendLocked(ctx: AppContext, replyId: string): Promise<void> {
  const [reply] = await ctx.sql<ReplyRow[]>`select * from slack_replies where id = ${replyId}`;
  if (!reply || !(reply.status === "pending" || reply.status === "sending")) return;
  const [prospect] = await ctx.sql<ProspectRow[]>`
    select id, campaign_id, first_name, last_name, provider_id, chat_id from campaign_prospects where id = ${reply.prospect_id}`;
  const [account] = await ctx.sql<
    AccountRow[]
  >`select * from workspace_accounts where id = ${reply.account_id}`;
  if (!prospect || !account) return;
  const accountId = account.unipile_account_id;
  // Whether an earlier attempt's text is in the chat already (throws when Unipile cannot tell yet).
  const deliveredBefore = () =>
    findDelivered(ctx, {
      message_type: "reply",
      sent_text: reply.text,
      unipile_account_id: accountId,
      provider_id: prospect.provider_id,
      chat_id: prospect.chat_id,
    });
  if (reply.status === "sending") {
    // An earlier try's outcome is unknown: did the text arrive? (Throws when Unipile cannot tell: the job tries later.)
    const delivered = await deliveredBefore();
    if (delivered) {
      await recordReplySent(ctx, reply, prospect, delivered);
      return;
    }
  }
  const refusal = accountRefusal(account, ctx.clock.now());
  if (refusal) {
    await refuse(ctx, reply, prospect, "refused", refusal);
    return;
  }
  if (!prospect.provider_id && !prospect.chat_id) {
    await refuse(ctx, reply, prospect, "failed", "SAM does not know this person's LinkedIn id.");
    return;
  }
  await ctx.sql`update slack_replies set status = 'sending', attempts = attempts + 1, updated_at = now() where id = ${reply.id}`;
  let sent: { chatId: string | null; messageId: string | null };
  try {
    sent = await sendInChat(ctx, accountId, prospect, reply.text);
  } catch (error) {
    if (!isUnipileError(error)) throw error; // unknown: stays 'sending', settled by the next try
    switch (error.failureClass) {
      case "ambiguous": {
        const delivered = await deliveredBefore(); // throws when it cannot tell: the row stays 'sending'
        if (delivered) {
          await recordReplySent(ctx, reply, prospect, delivered);
          return;
        }
        await ctx.sql`update slack_replies set status = 'pending', updated_at = now() where id = ${reply.id}`;
        throw error;
      }
      case "retry_later":
        await ctx.sql`update slack_replies set status = 'pending', updated_at = now() where id = ${reply.id}`;
        throw error;
      case "account_rate_limited": {
        const until = new Date(ctx.clock.nowMs() + ctx.config.ACCOUNT_COOLDOWN_HOURS * 3_600_000);
        await ctx.sql`update workspace_accounts set cooldown_until = ${until}, status_reason = ${safeText(error.type, 300)}, updated_at = now()
                      where id = ${account.id}`;
        await refuse(
          ctx,
          reply,
          prospect,
          "refused",
          accountRefusal({ ...account, cooldown_until: until }, ctx.clock.now()) ??
            "LinkedIn asked the account to slow down.",
        );
        return;
      }
      case "account_unavailable":
        await ctx.sql.begin((tx) => markAccountUnavailable(tx, ctx, account.id, safeText(error.type, 300)));
        await refuse(
          ctx,
          reply,
          prospect,
          "refused",
          accountRefusal({ ...account, status: "unavailable" }, ctx.clock.now()) ??
            "the account is disconnected.",
        );
        return;
      default:
        await refuse(
          ctx,
          reply,
          prospect,
          "failed",
          `LinkedIn refused it (${escapeMrkdwn(safeText([error.type, error.detail].filter(Boolean).join(": "), 200))}).`,
        );
        return;
    }
  }
  await recordReplySent(ctx, reply, prospect, sent);
}

async function sendInChat(ctx: AppContext, accountId: string, prospect: ProspectRow, text: string) {
  if (prospect.chat_id) {
    try {
      const sent = await ctx.unipile.sendMessage({ chatId: prospect.chat_id, text, accountId });
      return { chatId: prospect.chat_id, messageId: sent.messageId };
    } catch (error) {
      // The chat is gone (404): start one, as the engine does.
      if (!(isUnipileError(error) && error.status === 404 && error.requestSent) || !prospect.provider_id)
        throw error;
    }
  }
  const started = await ctx.unipile.startChat({ accountId, attendeeProviderId: prospect.provider_id!, text });
  return { chatId: started.chatId, messageId: started.messageId };
}

/** The prospect a reply notice (conversation_messages.id) names, only within this workspace. */
export async function conversationInWorkspace(sql: Queryable, workspaceId: string, messageId: string) {
  if (!/^\d{1,18}$/.test(messageId)) return null;
  const [row] = await sql<
    {
      message_id: string;
      prospect_id: string;
      first_name: string;
      last_name: string;
      text: string | null;
      label: string | null;
      confidence: string | null;
      label_source: string | null;
      campaign_id: string;
      account_id: string | null;
    }[]
  >`
    select m.id::text as message_id, p.id as prospect_id, p.first_name, p.last_name, m.text, m.label, m.confidence::text,
           m.label_source, c.id as campaign_id, coalesce(p.account_id, c.account_id) as account_id
    from conversation_messages m
    join campaign_prospects p on p.id = m.prospect_id and p.workspace_id = ${workspaceId}
    join campaigns c on c.id = p.campaign_id and c.workspace_id = ${workspaceId}
    where m.id = ${messageId} and m.workspace_id = ${workspaceId}`;
  return row ?? null;
}
