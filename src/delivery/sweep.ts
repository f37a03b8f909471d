// The safety net, run every minute by graphile-worker's cron (real time) and when a worker
// starts: jobs held by a worker process that died are released (src/jobs/dead-workers.ts);
// rows left 'sending' by a worker that died are settled (did the message arrive?); accounts
// with due rows get their dispatch job re-armed; webhook events that waited for a send too long
// get their processing job (src/webhooks/own-echo.ts); Slack notices waiting in the outbox get a
// delivery job (unless their workspace uninstalled the app: those wait for a reinstall).
import type { AppContext } from "../context.js";
import { releaseJobsOfDeadWorkers } from "../jobs/dead-workers.js";
import { armDelivery } from "../slack/outbox.js";
import { armAccount } from "./arm.js";
import { withSendLock } from "./dispatch.js";
import { settleInFlight } from "./reconcile.js";
import { releaseLongWaitingEvents } from "../webhooks/own-echo.js";

/**
 * Rows left 'sending' whose account nobody is dispatching: the worker that claimed them is
 * gone (its send lock went with its connection). Each is settled from what Unipile shows.
 */
export async function settleOrphanedSends(ctx: AppContext): Promise<number> {
  const accounts = await ctx.sql<{ account_id: string }[]>`select distinct account_id from send_queue where status = 'sending'`;
  let settled = 0;
  for (const { account_id } of accounts) {
    const result = await withSendLock(ctx, account_id, () => settleInFlight(ctx, account_id));
    if (result) {
      settled += result.settled;
      await armAccount(ctx.sql, ctx.clock, account_id);
    }
  }
  return settled;
}

export async function sweep(ctx: AppContext): Promise<void> {
  await releaseJobsOfDeadWorkers(ctx.sql, ctx.log, ctx.config.WORKER_DEAD_AFTER_SECONDS * 1000);
  await settleOrphanedSends(ctx);
  const due = await ctx.sql<{ account_id: string }[]>`
    select distinct q.account_id from send_queue q join campaigns c on c.id = q.campaign_id
    where q.status = 'pending' and q.scheduled_for <= ${ctx.clock.now()} and c.status = 'active'`;
  for (const { account_id } of due) await armAccount(ctx.sql, ctx.clock, account_id);
  // Webhook events still waiting for a send whose outcome should long have released them.
  await releaseLongWaitingEvents(ctx.sql, ctx.clock);
  if (ctx.slack) {
    const waiting = await ctx.sql<{ ordering_key: string }[]>`
      select distinct o.ordering_key from slack_outbox o left join workspaces w on w.id = o.workspace_id
      where o.status = 'pending' and o.not_before <= now() - interval '30 seconds'
        and w.slack_access_lost_at is null`;
    for (const { ordering_key } of waiting) await armDelivery(ctx.sql, ordering_key, ctx.clock);
  }
}
