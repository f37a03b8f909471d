// `/sam preview`: the plan as it would be (before launch) or as it is (after), without changing
// anything: when the first message goes out, sends per day for 14 days, when the last follow-up
// is expected, and which rules moved what.
import type { Sql } from "postgres";
import { ACCOUNT_MOVED_REASON } from "../accounts/ownership.js";
import type { Campaign } from "../campaigns/campaigns.js";
import { DateTime } from "luxon";
import {
  horizonFrom,
  isPlanBeyondHorizon,
  type PlannedSend,
  type PlanStep,
  previewPlanInSlices,
  type ProspectSequence,
  resolveFollowUpDelays,
} from "../schedule/index.js";
import { activeCampaignsOf, loadAccount, planFor } from "./account-plan.js";
import { planTooLongAdvice, planTooLongReason } from "./plan-too-long.js";
import { escapeMrkdwn } from "../slack/text.js";

export async function previewCampaign(sql: Sql, campaign: Campaign, now: Date): Promise<string> {
  const account = campaign.account_id ? await loadAccount(sql, campaign.account_id) : null;
  if (!account) return `*${escapeMrkdwn(campaign.name)}* has no LinkedIn account; link one with \`/sam accounts\` to preview its plan.`;
  // Its plan would show the other workspace's campaigns on the account.
  if (account.workspace_id !== campaign.workspace_id) return `*${escapeMrkdwn(campaign.name)}* cannot be previewed: ${ACCOUNT_MOVED_REASON}.`;
  const others = (await activeCampaignsOf(sql, account.id)).filter((other) => other.id !== campaign.id);
  const templates = campaign.message_templates;
  const { delays, notes } = resolveFollowUpDelays(templates.follow_up_delays, templates.follow_up_messages.length);
  const launched = campaign.status === "active" || campaign.status === "paused" || campaign.status === "launching";
  let hypothetical: Array<{ campaign: Campaign; sequences: ProspectSequence[] }> = [];
  let assumption = "";
  if (!launched) {
    // Before launch nobody is checked yet: the preview assumes every prospect gets queued.
    const prospects = await sql<{ id: string }[]>`
      select id from campaign_prospects where campaign_id = ${campaign.id} and status in ('pending', 'approved')
      order by source_row nulls last, created_at`;
    const firstKind: PlanStep["kind"] = campaign.campaign_type === "connector" ? "invitation" : "first_message";
    hypothetical = [
      {
        campaign,
        sequences: prospects.map((prospect) => ({
          campaignId: campaign.id,
          prospectKey: prospect.id,
          steps: [
            { rowId: `${prospect.id}:0`, kind: firstKind, delayDays: 0 },
            ...delays.map((delayDays, i) => ({ rowId: `${prospect.id}:${i + 1}`, kind: "follow_up" as const, delayDays })),
          ],
        })),
      },
    ];
    assumption = `Assumes all ${prospects.length} prospect(s) pass the connection check at launch.`;
  }
  let planned: PlannedSend[];
  try {
    planned = await planFor(sql, account, now, {
      campaigns: launched ? [campaign, ...others] : others,
      hypothetical,
      // Before launch the preview says what the launch would: a plan past the horizon is refused.
      horizon: launched ? undefined : horizonFrom(now),
    });
  } catch (error) {
    if (!isPlanBeyondHorizon(error)) throw error;
    const prospects = hypothetical[0]?.sequences.length ?? 0;
    const reason = planTooLongReason(error, {
      account,
      campaignType: campaign.campaign_type,
      prospects,
      sharesAccount: others.length > 0,
    });
    return `*${escapeMrkdwn(campaign.name)}* would not be launched: ${reason}. ${planTooLongAdvice(error)}`;
  }
  const mine = planned.filter((send) => send.campaignId === campaign.id);
  if (mine.length === 0) return `*${escapeMrkdwn(campaign.name)}*: nothing to send${launched ? " (no pending messages)" : " yet: upload prospects first"}.`;
  const preview = await previewPlanInSlices(mine, { now, days: 14, timeZone: campaign.time_zone, notes });
  const header = `*Preview of ${escapeMrkdwn(campaign.name)}* (${mine.length} sends, times in ${campaign.time_zone}, as of ${DateTime.fromJSDate(now).setZone(campaign.time_zone).toFormat("ccc d LLL HH:mm")})`;
  return [header, assumption, preview.text].filter(Boolean).join("\n");
}
