// Jobs behind `/sam resume`, `/sam cancel` and `/sam retry`.
import { ACCOUNT_MOVED_REASON, campaignAccountOwnership } from "../accounts/ownership.js";
import type { AppContext } from "../context.js";
import { armAccount } from "../delivery/arm.js";
import { loadAccount, replanAccount } from "../planning/account-plan.js";
import { postInThread, refreshCampaignRoot } from "../slack/notices.js";
import { type Campaign, poolAccountIds } from "../campaigns/campaigns.js";

export interface CampaignPayload {
  campaignId: string;
  requestedBy?: string;
}

/** Failures that can succeed on another try; recipient and template problems cannot. */
const RETRYABLE = ["retry_later", "ambiguous", "account_rate_limited", "account_unavailable"];

/** Every account of the campaign (a sender pool has several) plans again and is woken. */
async function replanAndArm(ctx: AppContext, campaign: Campaign): Promise<void> {
  for (const accountId of await poolAccountIds(ctx.sql, campaign)) {
    const account = await loadAccount(ctx.sql, accountId);
    if (!account) continue;
    await ctx.sql.begin(async (tx) => {
      await replanAccount(tx, account, ctx.clock.now());
      await armAccount(tx, ctx.clock, account.id);
    });
  }
}

export async function campaignResumed(payload: CampaignPayload, ctx: AppContext): Promise<void> {
  const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${payload.campaignId} and status = 'active'`;
  if (campaign) await replanAndArm(ctx, campaign);
}

/** After `/sam cancel`: the campaign's queued messages and open prospects end, and the thread is told how many. */
export async function campaignCancelled(payload: CampaignPayload, ctx: AppContext): Promise<void> {
  const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${payload.campaignId} and status = 'cancelled'`;
  if (!campaign) return;
  await ctx.sql.begin(async (tx) => {
    const rows = await tx`
      update send_queue set status = 'cancelled', updated_at = now()
      where campaign_id = ${campaign.id} and status in ('pending', 'waiting')`;
    await tx`
      update campaign_prospects set status = 'cancelled', status_reason = 'campaign cancelled', updated_at = now()
      where campaign_id = ${campaign.id}
        and status not in ('replied', 'completed', 'not_accepted', 'skipped', 'failed', 'opted_out', 'cancelled')`;
    await postInThread(tx, ctx, campaign, `<@${payload.requestedBy ?? "someone"}> cancelled the campaign; ${rows.count} queued message(s) will not be sent.`);
    await refreshCampaignRoot(tx, ctx, campaign.id);
  });
}

export async function retryFailed(payload: CampaignPayload, ctx: AppContext): Promise<void> {
  const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${payload.campaignId}`;
  if (!campaign) return;
  const count = await ctx.sql.begin(async (tx) => {
    // The control checked this too; a relink may have happened since the job was queued.
    if ((await campaignAccountOwnership(tx, campaign, { lock: true })) === "moved") {
      await postInThread(tx, ctx, campaign, `Failed messages were not re-queued: ${ACCOUNT_MOVED_REASON}.`);
      return 0;
    }
    const rows = await tx<{ prospect_id: string }[]>`
      update send_queue set status = 'pending', attempts = 0, error_class = null, error_message = null,
        scheduled_for = ${ctx.clock.now()}, updated_at = now()
      where campaign_id = ${campaign.id} and status = 'failed' and error_class in ${tx(RETRYABLE)}
      returning prospect_id`;
    if (rows.length > 0 && campaign.status === "completed") {
      await tx`update campaigns set status = 'active', completed_at = null where id = ${campaign.id}`;
    }
    await postInThread(tx, ctx, campaign, rows.length > 0
      ? `<@${payload.requestedBy ?? "someone"}> re-queued ${rows.length} failed message(s) that can still succeed.`
      : "No failed messages can be retried: the failures left are recipient or template problems (see `/sam export`).");
    await refreshCampaignRoot(tx, ctx, campaign.id);
    return rows.length;
  });
  if (count > 0) {
    const [fresh] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${campaign.id}`;
    if (fresh) await replanAndArm(ctx, fresh);
  }
}
