// The safety net, run every minute by graphile-worker's cron (real time): rows left 'sending' by
// a worker that died are reconciled (did the message arrive?) before anything is sent again;
// accounts with due rows get their dispatch job re-armed; Slack notices waiting in the outbox
// get a delivery job.
import { hostname } from "node:os";
import type { AppContext } from "../context.js";
import { isProcessAlive } from "../processes.js";
import { armDelivery } from "../slack/outbox.js";
import { armAccount } from "./arm.js";
import { recordFailure, recordSent } from "./outcome.js";
import { findDelivered, type UnsettledRow } from "./reconcile.js";
import type { ClaimedRow } from "./claim.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AccountRow } from "../planning/rules.js";

/** A send older than this (real time) has lost its worker. */
export const STALE_SENDING_MS = 2 * 60_000;


/** Rows claimed by a process of this host that no longer exists need no waiting period. */
function claimedByDeadLocalProcess(claimedBy: string | null): boolean {
  if (!claimedBy) return false;
  const [host, pid] = claimedBy.split(":");
  return host === hostname() && Number(pid) > 0 && Number(pid) !== process.pid && !isProcessAlive(Number(pid));
}

export async function reconcileStaleSends(ctx: AppContext, olderThanMs = STALE_SENDING_MS): Promise<number> {
  const inFlight = await ctx.sql<Array<UnsettledRow & { id: string; campaign_id: string; account_id: string; prospect_id: string; step: number; attempts: number; claimed_by: string | null; stale: boolean }>>`
    select q.id, q.campaign_id, q.account_id, q.prospect_id, q.step, q.attempts, q.message_type, q.sent_text, q.claimed_at,
           q.claimed_by, q.claimed_at < now() - ${`${olderThanMs} milliseconds`}::interval as stale,
           a.unipile_account_id, p.provider_id, p.chat_id
    from send_queue q join workspace_accounts a on a.id = q.account_id join campaign_prospects p on p.id = q.prospect_id
    where q.status = 'sending'`;
  const stale = inFlight.filter((row) => row.stale || claimedByDeadLocalProcess(row.claimed_by));
  for (const row of stale) {
    const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${row.campaign_id}`;
    const [account] = await ctx.sql<AccountRow[]>`select * from workspace_accounts where id = ${row.account_id}`;
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
    };
    try {
      const delivered = await findDelivered(ctx, row);
      if (delivered) await recordSent(ctx, claimed, delivered);
      else {
        // It did not arrive: back to the queue (as a passing fault), to be sent once.
        await recordFailure(ctx, claimed, Object.assign(new Error("the worker sending this row stopped"), {}));
      }
      ctx.log.info("reconciled a send left in flight", { row: row.id, delivered: Boolean(delivered) });
    } catch (error) {
      ctx.log.warn("could not reconcile a send left in flight; will try again", { row: row.id, error: (error as Error).message });
    }
  }
  return stale.length;
}

export async function sweep(ctx: AppContext): Promise<void> {
  await reconcileStaleSends(ctx);
  const due = await ctx.sql<{ account_id: string }[]>`
    select distinct q.account_id from send_queue q join campaigns c on c.id = q.campaign_id
    where q.status = 'pending' and q.scheduled_for <= ${ctx.clock.now()} and c.status = 'active'`;
  for (const { account_id } of due) await armAccount(ctx.sql, ctx.clock, account_id);
  if (ctx.slack) {
    const waiting = await ctx.sql<{ ordering_key: string }[]>`
      select distinct ordering_key from slack_outbox
      where status = 'pending' and not_before <= now() - interval '30 seconds'`;
    for (const { ordering_key } of waiting) await armDelivery(ctx.sql, ordering_key, ctx.clock);
  }
}
