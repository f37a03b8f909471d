// A workspace that uninstalled the app or revoked its bot token: Slack accepts nothing more for
// it, and its people can no longer see or stop what the app does. So its live campaigns are
// paused with the reason (no LinkedIn message goes out that nobody can follow), its Slack
// notices are held in the outbox rather than failed, and nothing of it is deleted but its
// tokens (OAuth mode: the install's row; Slack has revoked them anyway). When Slack talks to
// the app from that workspace again (a reinstall), the notices are delivered and `/sam resume`
// continues each campaign from where it stopped; nothing resumes by itself.

import type { Campaign } from "../campaigns/campaigns.js";
import { handleOf } from "../campaigns/campaigns.js";
import { clock as appClock } from "../clock.js";
import type { AppContext } from "../context.js";
import { knownWorkspaces } from "../known-workspaces.js";
import { armDelivery } from "./outbox.js";
import { postInThread, refreshCampaignRoot, refreshHomes } from "./notices.js";
import type { Queryable } from "../db/queryable.js";

export const SLACK_ACCESS_LOST = {
  uninstalled: "the Slack app was uninstalled from this workspace",
  revoked: "the Slack app's token was revoked in this workspace",
} as const;

export type SlackAccessLoss = keyof typeof SLACK_ACCESS_LOST;

/** Campaigns in these states would send (or start sending) to LinkedIn. */
const LIVE = ["launching", "active"] as const;

function pausedNotice(reason: string, campaign: Campaign): string {
  return (
    `:pause_button: Sending is paused: ${reason}. Nothing is lost: every queued message waits. ` +
    `Once the app is installed again, \`/sam resume ${handleOf(campaign)}\` continues the campaign.`
  );
}

/**
 * Marks the workspace of `teamId` as unreachable, forgets its tokens and pauses its live
 * campaigns, in one transaction. A second event (Slack sends both app_uninstalled and tokens_revoked on an
 * uninstall) keeps the first reason and finds nothing more to pause. A team that never used the
 * app has no row, and nothing to stop.
 */
export async function slackAccessLost(
  ctx: Pick<AppContext, "sql" | "clock" | "log">,
  teamId: string,
  loss: SlackAccessLoss,
): Promise<Campaign[]> {
  const reason = SLACK_ACCESS_LOST[loss];
  knownWorkspaces.forget(teamId);
  const paused: Campaign[] = await ctx.sql.begin(async (tx) => {
    const [workspace] = await tx<{ id: string; slack_access_lost_reason: string }[]>`
      update workspaces
      set slack_access_lost_at = coalesce(slack_access_lost_at, now()),
          slack_access_lost_reason = coalesce(slack_access_lost_reason, ${reason})
      where slack_team_id = ${teamId}
      returning id, slack_access_lost_reason`;
    if (!workspace) return [] as Campaign[];
    await tx`delete from slack_installations where workspace_id = ${workspace.id}`;
    const campaigns = await tx<Campaign[]>`
      update campaigns set status = 'paused', pause_reason = ${workspace.slack_access_lost_reason}, updated_at = now()
      where workspace_id = ${workspace.id} and status in ${tx([...LIVE])}
      returning *`;
    // Written now, delivered after a reinstall: the thread then tells why it stopped.
    for (const campaign of campaigns) {
      await postInThread(tx, ctx, campaign, pausedNotice(workspace.slack_access_lost_reason, campaign));
      await refreshCampaignRoot(tx, ctx, campaign.id);
    }
    if (campaigns.length > 0) await refreshHomes(tx, ctx, workspace.id);
    return campaigns;
  });
  // Again after the commit: a request read in between saw the workspace still installed.
  knownWorkspaces.forget(teamId);
  ctx.log.info("slack access lost", { teamId, loss, campaignsPaused: paused.length });
  return paused;
}

/** After a reinstall: every held notice of the workspace gets its delivery job again. */
export async function releaseHeldNotices(sql: Queryable, workspaceId: string): Promise<void> {
  const keys = await sql<{ ordering_key: string }[]>`
    select distinct ordering_key from slack_outbox where workspace_id = ${workspaceId} and status = 'pending'`;
  // Delivery jobs run on real time (realDelayMs), so the app clock plays no part here.
  for (const { ordering_key } of keys) await armDelivery(sql, ordering_key, appClock);
}
