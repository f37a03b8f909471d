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
import type { AccountRow } from "./rules.js";
import { accountPace } from "./account-safety.js";
import { poolAccountIds } from "../campaigns/campaigns.js";
import { assignByCapacity, queuedInvitations } from "../launch/sender-pool.js";
import { planTooLongAdvice, planTooLongReason } from "./plan-too-long.js";
import { escapeMrkdwn } from "../slack/text.js";

/** The hypothetical queue rows of prospects not launched yet: a first touch and the follow-ups. */
function sequencesOf(
  campaign: Campaign,
  prospectIds: readonly string[],
  delays: readonly number[],
): ProspectSequence[] {
  const firstKind: PlanStep["kind"] = campaign.campaign_type === "connector" ? "invitation" : "first_message";
  return prospectIds.map((id) => ({
    campaignId: campaign.id,
    prospectKey: id,
    steps: [
      { rowId: `${id}:0`, kind: firstKind, delayDays: 0 },
      ...delays.map((delayDays, i) => ({ rowId: `${id}:${i + 1}`, kind: "follow_up" as const, delayDays })),
    ],
  }));
}

export async function previewCampaign(sql: Sql, campaign: Campaign, now: Date): Promise<string> {
  const accounts: AccountRow[] = [];
  for (const id of await poolAccountIds(sql, campaign)) {
    const account = await loadAccount(sql, id);
    if (account) accounts.push(account);
  }
  if (accounts.length === 0)
    return `*${escapeMrkdwn(campaign.name)}* has no LinkedIn account; link one with \`/sam accounts\` to preview its plan.`;
  // Its plan would show the other workspace's campaigns on the account.
  if (accounts.some((account) => account.workspace_id !== campaign.workspace_id)) {
    return `*${escapeMrkdwn(campaign.name)}* cannot be previewed: ${ACCOUNT_MOVED_REASON}.`;
  }
  const templates = campaign.message_templates;
  const { delays, notes } = resolveFollowUpDelays(
    templates.follow_up_delays,
    templates.follow_up_messages.length,
  );
  const launched =
    campaign.status === "active" || campaign.status === "paused" || campaign.status === "launching";
  // Before launch nobody is checked yet: the preview assumes every prospect gets queued, and a
  // sender pool shares them by each account's capacity today (as a connector launch does).
  const notLaunched = launched
    ? []
    : (
        await sql<{ id: string }[]>`
          select id from campaign_prospects where campaign_id = ${campaign.id} and status in ('pending', 'approved')
          order by source_row nulls last, created_at`
      ).map((prospect) => prospect.id);
  const shareOf = new Map<string, string[]>(accounts.map((account) => [account.id, []]));
  if (accounts.length === 1) shareOf.set(accounts[0]!.id, notLaunched);
  else if (notLaunched.length > 0) {
    const connector = campaign.campaign_type === "connector";
    const queuedNow = connector ? await queuedInvitations(sql, accounts.map((account) => account.id)) : new Map<string, number>();
    const loads = [];
    for (const account of accounts) {
      const pace = await accountPace(sql, account, now);
      const capacity = connector ? pace.today.invitations : pace.today.messages;
      loads.push({ accountId: account.id, dailyCapacity: Math.max(0, capacity), queued: queuedNow.get(account.id) ?? 0 });
    }
    const senders = assignByCapacity(loads, notLaunched.length);
    for (const [index, accountId] of senders.entries()) shareOf.get(accountId)!.push(notLaunched[index]!);
  }
  const assumption = launched
    ? ""
    : `Assumes all ${notLaunched.length} prospect(s) pass the connection check at launch` +
      (accounts.length > 1
        ? `, shared by today's capacity over the pool's ${accounts.length} accounts (${accounts
            .map((account) => `${escapeMrkdwn(account.name)}: ${shareOf.get(account.id)!.length}`)
            .join(", ")}); a messenger launch gives each to the account it is connected to.`
        : ".");
  const mine: PlannedSend[] = [];
  for (const account of accounts) {
    const others = (await activeCampaignsOf(sql, account.id)).filter((other) => other.id !== campaign.id);
    const share = shareOf.get(account.id)!;
    const hypothetical =
      share.length > 0 ? [{ campaign, sequences: sequencesOf(campaign, share, delays) }] : [];
    try {
      const planned = await planFor(sql, account, now, {
        campaigns: launched ? [campaign, ...others] : others,
        hypothetical,
        // Before launch the preview says what the launch would: a plan past the horizon is refused.
        horizon: launched ? undefined : horizonFrom(now),
      });
      mine.push(...planned.filter((send) => send.campaignId === campaign.id));
    } catch (error) {
      if (!isPlanBeyondHorizon(error)) throw error;
      const reason = planTooLongReason(error, {
        account,
        campaignType: campaign.campaign_type,
        prospects: share.length,
        sharesAccount: others.length > 0,
      });
      return `*${escapeMrkdwn(campaign.name)}* would not be launched: ${reason}. ${planTooLongAdvice(error)}`;
    }
  }
  mine.sort((a, b) => a.at.getTime() - b.at.getTime());
  if (mine.length === 0)
    return `*${escapeMrkdwn(campaign.name)}*: nothing to send${launched ? " (no pending messages)" : " yet: upload prospects first"}.`;
  const preview = await previewPlanInSlices(mine, { now, days: 14, timeZone: campaign.time_zone, notes });
  const header = `*Preview of ${escapeMrkdwn(campaign.name)}* (${mine.length} sends, times in ${campaign.time_zone}, as of ${DateTime.fromJSDate(now).setZone(campaign.time_zone).toFormat("ccc d LLL HH:mm")})`;
  return [header, assumption, preview.text].filter(Boolean).join("\n");
}
