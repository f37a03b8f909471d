// An account Unipile cannot use (logged out, credentials expired, stopped) is paused as a whole:
// its due rows wait, no prospect is failed for it, and each active campaign's thread says what
// to do, with a Reconnect button (a hosted sign-in link). It resumes by itself when Unipile reports it healthy again: the account_status webhook,
// or the health check that asks Unipile every 30 minutes while the account is unavailable.
import type { TransactionSql } from "postgres";
import { withReconnectButton } from "../accounts/connect-messages.js";
import { escapeMrkdwn } from "../slack/text.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { replanAccount } from "../planning/account-plan.js";
import type { AccountRow } from "../planning/rules.js";
import { postInThread, refreshCampaignRoot, refreshHomes } from "../slack/notices.js";
import { isUnipileError } from "../unipile/index.js";
import { armAccount } from "./arm.js";
import { scheduleReassignment } from "./pool-reassign.js";
import { ensureAcceptancePolling, scheduleHealthCheck } from "./schedules.js";

/** account_status messages that mean the account cannot send. */
export const UNAVAILABLE_STATUSES = ["CREDENTIALS", "ERROR", "STOPPED", "PERMISSIONS", "DELETED"] as const;
/** account_status messages that mean it works (again). */
export const HEALTHY_STATUSES = ["OK", "RECONNECTED", "SYNC_SUCCESS", "CREATION_SUCCESS"] as const;

/** The account's active campaigns of the workspace that owns it now (no other is told about it). */
async function campaignsOf(tx: TransactionSql, accountId: string): Promise<Campaign[]> {
  return tx<Campaign[]>`
    select c.* from campaigns c join workspace_accounts a on a.id = ${accountId} and a.workspace_id = c.workspace_id
    where c.status = 'active'
      and (c.account_id = ${accountId}
           or exists (select 1 from campaign_accounts ca where ca.campaign_id = c.id and ca.account_id = ${accountId}))
    order by c.created_at`;
}

/**
 * Status 'unavailable' with the reason; each active campaign's thread is told once what to do
 * (reconnect in Unipile), root messages are refreshed, and the health check is armed.
 */
export async function markAccountUnavailable(tx: TransactionSql, ctx: AppContext, accountId: string, reason: string): Promise<void> {
  const now = ctx.clock.now();
  const [account] = await tx<AccountRow[]>`
    update workspace_accounts set status = 'unavailable', status_reason = ${reason.slice(0, 500)},
      status_changed_at = ${now}, updated_at = now()
    where id = ${accountId} and status = 'active'
    returning *`;
  if (!account) return;
  const notice =
    `:pause_button: Sending is paused: Unipile cannot use the LinkedIn account *${escapeMrkdwn(account.name)}* (${escapeMrkdwn(reason)}).\n` +
    "Reconnect the account in Unipile, or here with *Reconnect* (a LinkedIn sign-in link only you see). " +
    "Sending resumes by itself once Unipile reports it working; nothing is lost meanwhile.";
  for (const campaign of await campaignsOf(tx, accountId)) {
    await postInThread(tx, ctx, campaign, notice, { blocks: withReconnectButton(notice, account.id) });
    await refreshCampaignRoot(tx, ctx, campaign.id);
  }
  await refreshHomes(tx, ctx, account.workspace_id);
  await scheduleHealthCheck(tx, ctx, accountId);
  if (await inAnyPool(tx, accountId)) await scheduleReassignment(tx, ctx, account);
}

/** Whether the account sends for a campaign of several accounts (a sender pool). */
async function inAnyPool(tx: TransactionSql, accountId: string): Promise<boolean> {
  const [row] = await tx`
    select 1 from campaign_accounts ca join campaigns c on c.id = ca.campaign_id and c.status in ('active', 'paused')
    where ca.account_id = ${accountId} and (select count(*) from campaign_accounts o where o.campaign_id = ca.campaign_id) > 1
    limit 1`;
  return Boolean(row);
}

/** Back to 'active' if it was unavailable: thread notice, re-plan from now and re-arm dispatch. */
export async function markAccountHealthy(tx: TransactionSql, ctx: AppContext, accountId: string): Promise<void> {
  const now = ctx.clock.now();
  const [account] = await tx<AccountRow[]>`
    update workspace_accounts set status = 'active', status_reason = null, status_changed_at = ${now}, updated_at = now()
    where id = ${accountId} and status = 'unavailable'
    returning *`;
  if (!account) return;
  const campaigns = await campaignsOf(tx, accountId);
  for (const campaign of campaigns) {
    await postInThread(tx, ctx, campaign, `:arrow_forward: The LinkedIn account *${escapeMrkdwn(account.name)}* works again; sending resumes.`);
    await refreshCampaignRoot(tx, ctx, campaign.id);
  }
  await refreshHomes(tx, ctx, account.workspace_id);
  if (!account.unlinked_at) {
    await replanAccount(tx, account, now);
    await armAccount(tx, ctx.clock, accountId);
    await ensureAcceptancePolling(tx, ctx, accountId);
  }
}

/**
 * The health check job: while the account is unavailable, ask Unipile (GET /accounts/{id}, which
 * answers even for a disconnected account); OK → healthy, anything else → ask again later.
 */
export async function checkAccountHealth(ctx: AppContext, accountId: string): Promise<"healthy" | "unavailable" | "skipped"> {
  const [account] = await ctx.sql<{ unipile_account_id: string; status: string; unlinked_at: Date | null }[]>`
    select unipile_account_id, status, unlinked_at from workspace_accounts where id = ${accountId}`;
  if (!account || account.unlinked_at || account.status !== "unavailable") return "skipped";
  let status: string | null = null;
  try {
    status = (await ctx.unipile.getAccount(account.unipile_account_id)).status;
  } catch (error) {
    ctx.log.warn("account health check failed; asking again later", {
      account: accountId,
      failureClass: isUnipileError(error) ? error.failureClass : null,
      error: (error as Error).message,
    });
  }
  if (status === "OK") {
    await ctx.sql.begin((tx) => markAccountHealthy(tx, ctx, accountId));
    return "healthy";
  }
  await scheduleHealthCheck(ctx.sql, ctx, accountId);
  return "unavailable";
}

/**
 * An account_status webhook. Webhook jobs can run out of order, so an event received before the
 * account's last status change is stale and ignored (the health check covers what it misses).
 */
export async function applyAccountStatus(
  tx: TransactionSql,
  ctx: AppContext,
  event: { unipileAccountId: string; status: string; receivedAt: Date },
): Promise<void> {
  const [account] = await tx<{ id: string; status_changed_at: Date | null }[]>`
    select id, status_changed_at from workspace_accounts where unipile_account_id = ${event.unipileAccountId} for update`;
  if (!account) return;
  if (account.status_changed_at && event.receivedAt < account.status_changed_at) return;
  const status = event.status.toUpperCase();
  if ((UNAVAILABLE_STATUSES as readonly string[]).includes(status)) {
    await markAccountUnavailable(tx, ctx, account.id, `Unipile reports the account as ${status}`);
  } else if ((HEALTHY_STATUSES as readonly string[]).includes(status)) {
    await markAccountHealthy(tx, ctx, account.id);
  }
}
