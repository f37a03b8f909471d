// What each stored Unipile webhook event does: one handler per source (lessons-from-sam 23),
// each idempotent. `messaging` message_received → a reply, a message typed by hand, or the
// echo of our own send (ignored); `users` new_relation → an accepted invitation;
// `account_status` → the account paused or resumed.
import type { TransactionSql } from "postgres";
import { z } from "zod";
import type { AppContext } from "../context.js";
import { FINISHED_PROSPECT_STATUSES } from "../db/enums.js";
import { ourSendEchoed } from "../webhooks/own-echo.js";
import { applyAccountStatus } from "./account-health.js";
import { markAccepted, prospectsForNewRelation } from "./acceptances.js";
import { isOurEcho, oursFor, stopForReply } from "./replies.js";
import type { ReplyClassification } from "../classify/labels.js";
import { classifyInbound, handleInbound, handleOutboundByHand } from "../conversations/messages.js";

export interface StoredWebhookEvent {
  id: number;
  source: string;
  event: string | null;
  payload: Record<string, unknown>;
  received_at: Date;
}

const text = z.string().nullish().catch(null);
const attendee = z.looseObject({ attendee_provider_id: text }).nullish().catch(null);

const messagingPayload = z.looseObject({
  account_id: z.string(),
  event: z.string(),
  chat_id: text,
  message_id: text,
  message: text,
  timestamp: text,
  sender: attendee,
  attendees: z.array(attendee).nullish().catch(null),
  is_sender: z.union([z.boolean(), z.number()]).nullish().catch(null),
});

const newRelationPayload = z.looseObject({
  account_id: z.string(),
  user_provider_id: text,
  user_public_identifier: text,
});

const accountStatusPayload = z.looseObject({
  AccountStatus: z.looseObject({ account_id: z.string(), message: z.string() }),
});

interface AccountRef {
  id: string;
  unipile_account_id: string;
  provider_id: string | null;
}

/**
 * The account's own LinkedIn provider id: stored when the account was linked, else asked of
 * Unipile once (connection_params.im.id) and stored. Null when nobody knows it.
 */
async function ownProviderId(ctx: AppContext, account: AccountRef): Promise<string | null> {
  if (account.provider_id) return account.provider_id;
  try {
    const remote = await ctx.unipile.getAccount(account.unipile_account_id);
    if (remote.ownProviderId) {
      await ctx.sql`update workspace_accounts set provider_id = ${remote.ownProviderId}, updated_at = now()
                    where id = ${account.id} and provider_id is null`;
    }
    return remote.ownProviderId;
  } catch (error) {
    ctx.log.debug("could not learn the account's own provider id", {
      account: account.id,
      error: (error as Error).message,
    });
    return null;
  }
}

interface Candidate {
  id: string;
  provider_id: string | null;
  chat_id: string | null;
  status: string;
}

async function handleMessage(
  ctx: AppContext,
  stored: StoredWebhookEvent,
  tx: TransactionSql,
  own: string | null,
  classification: ReplyClassification | null,
): Promise<void> {
  const parsed = messagingPayload.safeParse(stored.payload);
  if (!parsed.success || parsed.data.event !== "message_received") return;
  const message = parsed.data;
  const [account] = await tx<(AccountRef & { workspace_id: string })[]>`
    select id, unipile_account_id, provider_id, workspace_id from workspace_accounts where unipile_account_id = ${message.account_id}`;
  if (!account) return;
  const sender = message.sender?.attendee_provider_id ?? null;
  const people = [sender, ...(message.attendees ?? []).map((a) => a?.attendee_provider_id ?? null)].filter(
    (id): id is string => Boolean(id) && id !== own,
  );
  // The chat's prospect: by chat id, or by provider id (a first message's echo can come before its chat id is stored).
  // Only among campaigns of the workspace that owns the account now: a campaign of a workspace
  // the account has left must not see what happens in its chats any more.
  const finished = FINISHED_PROSPECT_STATUSES as readonly string[];
  const [prospect] = await tx<Candidate[]>`
    select p.id, p.provider_id, p.chat_id, p.status from campaign_prospects p join campaigns c on c.id = p.campaign_id
    -- The prospect's own sender (a sender pool); rows from before pools carry none: the campaign's.
    where (p.account_id = ${account.id} or (p.account_id is null and c.account_id = ${account.id}))
      and c.workspace_id = ${account.workspace_id}
      and c.status in ('active', 'paused', 'completed')
      and ((${message.chat_id ?? null}::text is not null and p.chat_id = ${message.chat_id ?? null})
           or p.provider_id = any(${tx.array(people)}::text[]))
      and exists (select 1 from send_queue q where q.prospect_id = p.id and q.status in ('sent', 'sending'))
    order by (p.status in ${tx(finished)}), p.contacted_at desc nulls last
    limit 1
    for update of p`;
  if (!prospect) return;

  const at =
    message.timestamp && !Number.isNaN(Date.parse(message.timestamp))
      ? new Date(message.timestamp)
      : stored.received_at;
  const fromAccount =
    message.is_sender === true || message.is_sender === 1
      ? true
      : own !== null
        ? sender === own
        : // Without the account's own id: whoever is not the prospect is the account.
          sender !== null && prospect.provider_id !== null && sender !== prospect.provider_id;
  const fromProspect =
    !fromAccount && (sender === null || prospect.provider_id === null || sender === prospect.provider_id);
  const ours = await oursFor(tx, prospect.id);
  const seen = { unipileMessageId: message.message_id ?? null, text: message.message ?? null, at };
  if (fromAccount) {
    if (isOurEcho({ id: message.message_id ?? null, text: message.message ?? null }, ours)) return;
    await stopForReply(tx, ctx, prospect.id, { text: message.message ?? null, at, byOwner: true });
    await handleOutboundByHand(tx, ctx, prospect.id, seen);
    return;
  }
  if (!fromProspect) return;
  // A message older than our first send is an earlier conversation, not a reply.
  const firstSent = ours
    .flatMap((send) => (send.sent_at ? [send.sent_at.getTime()] : []))
    .sort((a, b) => a - b)[0];
  if (firstSent !== undefined && at.getTime() < firstSent - 5 * 60_000) return;
  await handleInbound(tx, ctx, prospect.id, seen, classification);
}

async function handleNewRelation(
  ctx: AppContext,
  stored: StoredWebhookEvent,
  tx: TransactionSql,
): Promise<void> {
  const parsed = newRelationPayload.safeParse(stored.payload);
  if (!parsed.success) return;
  const [account] = await tx<{ id: string }[]>`
    select id from workspace_accounts where unipile_account_id = ${parsed.data.account_id}`;
  if (!account) return;
  const ids = await prospectsForNewRelation(tx, account.id, {
    providerId: parsed.data.user_provider_id ?? null,
    publicIdentifier: parsed.data.user_public_identifier ?? null,
  });
  // The webhook can be hours late and carries no time: the acceptance is dated when it arrived.
  for (const id of ids) await markAccepted(tx, ctx, id, stored.received_at);
}

/**
 * Looks up what needs Unipile or a classifier before the event's transaction: the account's own
 * provider id, and the label of a message that may be a reply (a classifier may take seconds).
 */
async function prepare(
  ctx: AppContext,
  stored: StoredWebhookEvent,
): Promise<{ own: string | null; classification: ReplyClassification | null }> {
  const none = { own: null, classification: null };
  if (stored.source !== "messaging") return none;
  const accountId = typeof stored.payload.account_id === "string" ? stored.payload.account_id : null;
  if (!accountId) return none;
  const [account] = await ctx.sql<AccountRef[]>`
    select id, unipile_account_id, provider_id from workspace_accounts where unipile_account_id = ${accountId}`;
  if (!account) return none;
  const own = await ownProviderId(ctx, account);
  const parsed = messagingPayload.safeParse(stored.payload);
  const data = parsed.success ? parsed.data : null;
  const fromAccount =
    data?.is_sender === true ||
    data?.is_sender === 1 ||
    (own !== null && data?.sender?.attendee_provider_id === own);
  if (data?.event !== "message_received" || fromAccount || !data.message?.trim())
    return { own, classification: null };
  // Only a message in a chat with one of our prospects is classified: the account's other
  // conversations are none of the app's business (and must not reach an LLM).
  const sender = data.sender?.attendee_provider_id ?? null;
  const [ours] = await ctx.sql`
    select 1 from campaign_prospects p join campaigns c on c.id = p.campaign_id
    where (p.account_id = ${account.id} or (p.account_id is null and c.account_id = ${account.id}))
      and ((${data.chat_id ?? null}::text is not null and p.chat_id = ${data.chat_id ?? null})
           or (${sender}::text is not null and p.provider_id = ${sender}))
    limit 1`;
  return { own, classification: ours ? await classifyInbound(ctx, data.message) : null };
}

/**
 * Processes one stored event exactly once: its effects and its processed_at commit together,
 * under a lock on the event row, so a retried or duplicated job changes nothing.
 */
export async function processStoredEvent(ctx: AppContext, eventId: number): Promise<"processed" | "already"> {
  const [peek] = await ctx.sql<(StoredWebhookEvent & { our_send: boolean })[]>`
    select id, source, event, payload, received_at, exists (${ourSendEchoed(ctx.sql)}) as our_send
    from webhook_events e where id = ${eventId} and processed_at is null`;
  if (!peek) return "already";
  if (peek.our_send) {
    // The echo of a send whose outcome was recorded after the echo was stored (Unipile can
    // report the message before our send's answer arrives): nothing to do, as in handleMessage.
    await ctx.sql`update webhook_events set processed_at = ${ctx.clock.now()}, error = null where id = ${eventId} and processed_at is null`;
    return "processed";
  }
  const { own, classification } = await prepare(ctx, peek);
  return ctx.sql.begin(async (tx) => {
    const [stored] = await tx<StoredWebhookEvent[]>`
      select id, source, event, payload, received_at from webhook_events
      where id = ${eventId} and processed_at is null for update`;
    if (!stored) return "already" as const;
    switch (stored.source) {
      case "messaging":
        await handleMessage(ctx, stored, tx, own, classification);
        break;
      case "users":
        if (stored.event === "new_relation") await handleNewRelation(ctx, stored, tx);
        break;
      case "account_status": {
        const parsed = accountStatusPayload.safeParse(stored.payload);
        if (parsed.success) {
          await applyAccountStatus(tx, ctx, {
            unipileAccountId: parsed.data.AccountStatus.account_id,
            status: parsed.data.AccountStatus.message,
            receivedAt: stored.received_at,
          });
        }
        break;
      }
      default:
        break;
    }
    await tx`update webhook_events set processed_at = ${ctx.clock.now()}, error = null where id = ${eventId}`;
    return "processed" as const;
  });
}
