// Connector campaigns: an invitation is accepted (the `new_relation` webhook, or the poll below
// since that webhook can be 8 hours late), and the first follow-up becomes due its delay after
// the acceptance, inside the campaign's window. An invitation nobody accepted within 21 days is
// withdrawn and the prospect marked not accepted. Follow-ups that wait for an acceptance stay
// 'waiting' until then; nothing turns them into a dead state (lessons-from-sam 3).
import type { TransactionSql } from "postgres";
import { escapeMrkdwn } from "../slack/text.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { FINISHED_PROSPECT_STATUSES } from "../db/enums.js";
import { windowOf } from "../planning/rules.js";
import { nextAllowedInstant } from "../schedule/index.js";
import { refreshCampaignRoot } from "../slack/notices.js";
import { isUnipileError } from "../unipile/index.js";
import type { PendingInvitation, Relation } from "../unipile/types.js";
import { markAccountUnavailable } from "./account-health.js";
import { armAccount } from "./arm.js";
import { completeIfDone, noteFailure } from "./digest.js";
import { nextPollAt, schedulePoll } from "./schedules.js";
import { DAY_MS } from "../schedule/local-time.js";

/** Pages of sent invitations read per poll (100 each); LinkedIn's weekly cap keeps far fewer pending. */
const MAX_INVITATION_PAGES = 20;

export const withdrawnReason = (days: number) => `Invitation not accepted after ${days} days; withdrawn`;
export const goneReason = (days: number) => `Invitation no longer pending after ${days} days and not accepted`;

/**
 * The invitation was accepted: connection_accepted_at and status 'connected'; follow_up_1 due
 * `delay_days` after the acceptance, moved into the campaign's window; later follow-ups stay
 * waiting (each is scheduled from the real send of the one before). Idempotent: the first
 * acceptance time recorded stays.
 */
export async function markAccepted(tx: TransactionSql, ctx: AppContext, prospectId: string, acceptedAt: Date): Promise<void> {
  const now = ctx.clock.now();
  const at = new Date(Math.min(acceptedAt.getTime(), now.getTime()));
  const finished = FINISHED_PROSPECT_STATUSES as readonly string[];
  const [prospect] = await tx<{ id: string; campaign_id: string }[]>`
    update campaign_prospects set status = 'connected', connection_accepted_at = ${at}, updated_at = now()
    where id = ${prospectId} and connection_accepted_at is null and status not in ${tx(finished)}
      and campaign_id in (select id from campaigns where campaign_type = 'connector')
    returning id, campaign_id`;
  if (!prospect) return;
  const [campaign] = await tx<Campaign[]>`select * from campaigns where id = ${prospect.campaign_id}`;
  if (!campaign) return;
  const [first] = await tx<{ id: string; account_id: string; delay_days: string }[]>`
    select id, account_id, delay_days from send_queue
    where prospect_id = ${prospectId} and campaign_id = ${campaign.id} and step = 1 and status in ('waiting', 'pending')`;
  if (first) {
    const due = new Date(at.getTime() + Number(first.delay_days) * DAY_MS);
    const scheduled = nextAllowedInstant(windowOf(campaign), due).at;
    await tx`update send_queue set status = 'pending', scheduled_for = ${scheduled}, updated_at = now() where id = ${first.id}`;
    await armAccount(tx, ctx.clock, first.account_id);
  } else {
    // An invitation-only campaign: the acceptance may be what it was waiting for.
    await completeIfDone(tx, ctx, campaign.id);
  }
  await refreshCampaignRoot(tx, ctx, campaign.id);
}

/** The prospect's invitation was withdrawn (or is gone) without an acceptance. Idempotent. */
export async function markNotAccepted(tx: TransactionSql, ctx: AppContext, prospectId: string, reason: string): Promise<void> {
  const [prospect] = await tx<{ id: string; campaign_id: string; first_name: string; last_name: string }[]>`
    update campaign_prospects set status = 'not_accepted', status_reason = ${reason}, updated_at = now()
    where id = ${prospectId} and status = 'connection_request_sent' and connection_accepted_at is null
    returning id, campaign_id, first_name, last_name`;
  if (!prospect) return;
  await tx`update send_queue set status = 'cancelled', updated_at = now()
           where prospect_id = ${prospectId} and status in ('pending', 'waiting')`;
  await noteFailure(tx, ctx, prospect.campaign_id, `${escapeMrkdwn(`${prospect.first_name} ${prospect.last_name}`)} — ${reason.toLowerCase()}.`);
  await completeIfDone(tx, ctx, prospect.campaign_id);
  await refreshCampaignRoot(tx, ctx, prospect.campaign_id);
}

export interface AwaitingProspect {
  id: string;
  campaign_id: string;
  provider_id: string | null;
  public_identifier: string;
  invitation_id: string | null;
  invited_at: Date | null;
}

/**
 * The account's connector prospects whose invitation went out and is not accepted yet, in
 * campaigns of the workspace that owns the account now.
 */
export async function awaitingAcceptance(sql: AppContext["sql"] | TransactionSql, accountId: string): Promise<AwaitingProspect[]> {
  return sql<AwaitingProspect[]>`
    select p.id, p.campaign_id, p.provider_id, p.public_identifier, p.invitation_id, q.sent_at as invited_at
    from campaign_prospects p
    join campaigns c on c.id = p.campaign_id
    -- Only campaigns of the workspace that owns the account now.
    join workspace_accounts a on a.id = ${accountId} and a.workspace_id = c.workspace_id
    left join send_queue q on q.prospect_id = p.id and q.campaign_id = p.campaign_id and q.step = 0 and q.status = 'sent'
    -- The prospect's own sender (a sender pool); rows from before pools carry none: the campaign's.
    where (p.account_id = ${accountId} or (p.account_id is null and c.account_id = ${accountId})) and c.campaign_type = 'connector' and c.status in ('active', 'paused', 'completed')
      and p.status = 'connection_request_sent' and p.connection_accepted_at is null
    order by q.sent_at nulls last`;
}

/**
 * Prospects whose `new_relation` arrived: matched by provider id, or by public identifier,
 * among the campaigns of the workspace that owns the account now.
 */
export async function prospectsForNewRelation(
  sql: AppContext["sql"] | TransactionSql,
  accountId: string,
  person: { providerId: string | null; publicIdentifier: string | null },
): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select p.id from campaign_prospects p join campaigns c on c.id = p.campaign_id
    join workspace_accounts a on a.id = ${accountId} and a.workspace_id = c.workspace_id
    where (p.account_id = ${accountId} or (p.account_id is null and c.account_id = ${accountId})) and c.campaign_type = 'connector' and c.status in ('active', 'paused', 'completed')
      and p.status = 'connection_request_sent' and p.connection_accepted_at is null
      and (p.provider_id = ${person.providerId ?? ""} or lower(p.public_identifier) = lower(${person.publicIdentifier ?? ""}))`;
  return rows.map((row) => row.id);
}

const samePerson = (prospect: AwaitingProspect, person: { providerId: string | null; publicIdentifier: string | null }) =>
  (prospect.provider_id !== null && person.providerId === prospect.provider_id) ||
  (person.publicIdentifier !== null && person.publicIdentifier.toLowerCase() === prospect.public_identifier.toLowerCase());

export interface PollOutcome {
  accepted: number;
  withdrawn: number;
  remaining: number;
  stopped?: "account_unavailable" | "account_missing";
}

/**
 * The poll of one account, a backup for the webhook: the first page of relations finds
 * acceptances, the sent invitations find what is still pending; pending invitations older than
 * 21 days are withdrawn (DELETE) and their prospects marked not accepted.
 */
export async function pollAcceptances(ctx: AppContext, accountId: string): Promise<PollOutcome> {
  const [account] = await ctx.sql<{ id: string; unipile_account_id: string; status: string; unlinked_at: Date | null; name: string }[]>`
    select id, unipile_account_id, status, unlinked_at, name from workspace_accounts where id = ${accountId}`;
  if (!account || account.unlinked_at) return { accepted: 0, withdrawn: 0, remaining: 0, stopped: "account_missing" };
  const awaiting = await awaitingAcceptance(ctx.sql, accountId);
  if (awaiting.length === 0) return { accepted: 0, withdrawn: 0, remaining: 0 };
  // While the account is unavailable the health check watches it; it re-arms this poll when healthy.
  if (account.status !== "active") return { accepted: 0, withdrawn: 0, remaining: awaiting.length, stopped: "account_unavailable" };

  let relations: Relation[];
  const pending: PendingInvitation[] = [];
  try {
    relations = (await ctx.unipile.listRelations(account.unipile_account_id)).items;
    let pages = 0;
    let cursor: string | null | undefined;
    do {
      const page = await ctx.unipile.listSentInvitations(account.unipile_account_id, cursor ? { cursor } : {});
      pending.push(...page.items);
      cursor = page.cursor;
      pages += 1;
    } while (cursor && pages < MAX_INVITATION_PAGES);
  } catch (error) {
    if (isUnipileError(error) && error.failureClass === "account_unavailable") {
      await ctx.sql.begin((tx) => markAccountUnavailable(tx, ctx, accountId, `${error.type}${error.title ? `: ${error.title}` : ""}`));
      return { accepted: 0, withdrawn: 0, remaining: awaiting.length, stopped: "account_unavailable" };
    }
    throw error;
  }

  const now = ctx.clock.now();
  let accepted = 0;
  let withdrawn = 0;
  for (const prospect of awaiting) {
    const relation = relations.find((r) => samePerson(prospect, r));
    if (relation) {
      // Accepted when Unipile says, never before the invitation went out nor after now.
      let at = relation.connectedAt ?? now;
      if (prospect.invited_at && at < prospect.invited_at) at = prospect.invited_at;
      await ctx.sql.begin((tx) => markAccepted(tx, ctx, prospect.id, at));
      accepted += 1;
      continue;
    }
    const withdrawAfterDays = ctx.config.INVITATION_WITHDRAW_DAYS;
    if (!prospect.invited_at || now.getTime() - prospect.invited_at.getTime() < withdrawAfterDays * DAY_MS) continue;
    const invitation = pending.find((entry) => samePerson(prospect, entry));
    try {
      if (invitation) await ctx.unipile.cancelInvitation(account.unipile_account_id, invitation.invitationId);
    } catch (error) {
      if (!isUnipileError(error)) throw error;
      if (error.failureClass === "account_unavailable") {
        await ctx.sql.begin((tx) => markAccountUnavailable(tx, ctx, accountId, `${error.type}${error.title ? `: ${error.title}` : ""}`));
        return { accepted, withdrawn, remaining: awaiting.length - accepted - withdrawn, stopped: "account_unavailable" };
      }
      // Gone already (404): nothing left to withdraw. Anything else: try again at the next poll.
      if (error.failureClass !== "recipient_unreachable") {
        ctx.log.warn("could not withdraw a stale invitation; next poll tries again", { prospect: prospect.id, error: error.message });
        continue;
      }
    }
    // Withdrawn now; or not pending any more and not among the newest relations: declined or
    // withdrawn elsewhere.
    const reason = invitation ? withdrawnReason : goneReason;
    await ctx.sql.begin((tx) => markNotAccepted(tx, ctx, prospect.id, reason(withdrawAfterDays)));
    withdrawn += 1;
  }
  return { accepted, withdrawn, remaining: awaiting.length - accepted - withdrawn };
}

/** The poll job: poll, then re-arm at a random instant of the account's business hours while prospects wait. */
export async function runAcceptancePoll(ctx: AppContext, accountId: string): Promise<PollOutcome> {
  let outcome: PollOutcome;
  try {
    outcome = await pollAcceptances(ctx, accountId);
  } catch (error) {
    // A passing fault (Unipile down, a timeout): the next poll is a few hours away anyway.
    ctx.log.warn("acceptance poll failed; polling again later", { account: accountId, error: (error as Error).message });
    outcome = { accepted: 0, withdrawn: 0, remaining: 1 };
  }
  if (outcome.remaining > 0 && !outcome.stopped) {
    const [account] = await ctx.sql<{ time_zone: string }[]>`select time_zone from workspace_accounts where id = ${accountId}`;
    await schedulePoll(ctx.sql, ctx, accountId, nextPollAt(ctx.clock.now(), account?.time_zone ?? "UTC"));
  }
  return outcome;
}
