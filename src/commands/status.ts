// `/sam status <campaign>`: prospects by status, queue by message type × status, the next
// scheduled send, and what the account sent today against its daily cap.
import { DateTime } from "luxon";
import { ACCOUNT_MOVED_REASON } from "../accounts/ownership.js";
import { type Campaign, handleOf } from "../campaigns/campaigns.js";
import { campaignProgress, progressBar } from "../campaigns/progress.js";
import type { AppContext } from "../context.js";
import { queueAnswer } from "../answers/after-ack.js";
import { loadAccount } from "../planning/account-plan.js";
import { accountPace, describePace } from "../planning/account-safety.js";
import { localDayBounds } from "../schedule/index.js";
import { scheduleSummary } from "../slack/blocks/campaign.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";
import { escapeMrkdwn } from "../slack/text.js";

export async function statusText(ctx: Pick<AppContext, "sql" | "clock">, campaign: Campaign): Promise<string> {
  const [account] = campaign.account_id
    ? await ctx.sql<{ name: string; time_zone: string; daily_message_cap: number; daily_invitation_cap: number; status: string; cooldown_until: Date | null; workspace_id: string }[]>`
        select name, time_zone, daily_message_cap, daily_invitation_cap, status, cooldown_until, workspace_id
        from workspace_accounts where id = ${campaign.account_id}`
    : [];
  // The account's sends, caps and state are its current workspace's business, not this one's.
  const moved = account !== undefined && account.workspace_id !== campaign.workspace_id;
  const zone = account?.time_zone ?? campaign.time_zone;
  const today = localDayBounds(zone, ctx.clock.now());
  const progress = await campaignProgress(ctx.sql, campaign.id, today.start);
  const lines = [
    `*${escapeMrkdwn(campaign.name)}* (${handleOf(campaign)}) · ${campaign.campaign_type} · *${campaign.status}*`,
    `Schedule: ${scheduleSummary(campaign)}`,
    `${progressBar(progress.sent, progress.queued + progress.sent + progress.failed)} queued ${progress.queued} · sent ${progress.sent} · replied ${progress.replied} · failed ${progress.failed}`,
    "",
    `*Prospects* (${progress.prospects})`,
    ...Object.entries(progress.prospectsByStatus)
      .sort()
      .map(([status, count]) => `• ${status}: ${count}`),
  ];
  if (campaign.pause_reason) lines.splice(1, 0, `:pause_button: Paused because ${campaign.pause_reason}.`);
  if (progress.queueByTypeAndStatus.length > 0) {
    lines.push("", "*Messages* (type × status)");
    const types = [...new Set(progress.queueByTypeAndStatus.map((row) => row.message_type))];
    for (const type of types) {
      const cells = progress.queueByTypeAndStatus
        .filter((row) => row.message_type === type)
        .map((row) => `${row.status} ${row.count}`);
      lines.push(`• ${type}: ${cells.join(", ")}`);
    }
  }
  const next = progress.nextSendAt
    ? DateTime.fromJSDate(progress.nextSendAt).setZone(campaign.time_zone).toFormat("ccc d LLL HH:mm ZZZZ")
    : "nothing scheduled";
  lines.push("", `Next send: ${next}`);
  if (account && moved) {
    lines.push(`:warning: ${ACCOUNT_MOVED_REASON.replace(/^t/, "T")} (*${escapeMrkdwn(account.name)}*); this campaign cannot send from it.`);
  } else if (account) {
    const [sent] = await ctx.sql<{ messages: number; invitations: number }[]>`
      select count(*) filter (where message_type <> 'connection_request')::int as messages,
             count(*) filter (where message_type = 'connection_request')::int as invitations
      from send_queue where account_id = ${campaign.account_id} and status = 'sent'
        and sent_at >= ${today.start} and sent_at < ${today.end}`;
    // Today's caps after the warm-up ramp and health brakes (src/schedule/caps.ts).
    const row = await loadAccount(ctx.sql, campaign.account_id!);
    const pace = row ? await accountPace(ctx.sql, row, ctx.clock.now()) : null;
    lines.push(
      `Sent today by ${escapeMrkdwn(account.name)}: ${sent!.messages}/${pace?.today.messages ?? account.daily_message_cap} messages, ` +
        `${sent!.invitations}/${pace?.today.invitations ?? account.daily_invitation_cap} invitations (this campaign: ${progress.sentToday})`,
    );
    const paceLine = pace ? describePace(pace) : null;
    if (paceLine) lines.push(`:seedling: ${escapeMrkdwn(paceLine)}`);
    if (account.status !== "active") lines.push(`:warning: Account ${account.status}`);
    if (account.cooldown_until && account.cooldown_until > ctx.clock.now()) {
      lines.push(`:hourglass: Cooling down after a LinkedIn limit until ${account.cooldown_until.toISOString()}`);
    }
  } else {
    lines.push("No LinkedIn account linked.");
  }
  if (!moved) lines.push(...(await senderLines(ctx, campaign)));
  return lines.join("\n");
}

/**
 * A sender pool's progress per account: what each sent and has queued for this campaign, and
 * why one is not sending. Nothing for a campaign of one account (its line above says it all).
 */
async function senderLines(ctx: Pick<AppContext, "sql" | "clock">, campaign: Campaign): Promise<string[]> {
  const rows = await ctx.sql<{ id: string; name: string; status: string; unlinked: boolean; sent: number; queued: number; moved: number }[]>`
    select a.id, a.name, a.status, a.unlinked_at is not null as unlinked,
           (select count(*)::int from send_queue q where q.campaign_id = ${campaign.id} and q.account_id = a.id and q.status = 'sent') as sent,
           (select count(*)::int from send_queue q where q.campaign_id = ${campaign.id} and q.account_id = a.id
              and q.status in ('pending', 'waiting', 'sending')) as queued,
           (select count(*)::int from campaign_prospects p where p.campaign_id = ${campaign.id} and p.account_id = a.id
              and p.reassigned_at is not null) as moved
    from campaign_accounts ca join workspace_accounts a on a.id = ca.account_id and a.workspace_id = ${campaign.workspace_id}
    where ca.campaign_id = ${campaign.id}
    order by ca.position, a.name`;
  if (rows.length < 2) return [];
  const lines = ["", `*Senders* (${rows.length})`];
  for (const row of rows) {
    const state = row.unlinked ? " · :warning: unlinked" : row.status !== "active" ? ` · :warning: ${escapeMrkdwn(row.status)}` : "";
    const moved = row.moved > 0 ? ` · ${row.moved} moved here` : "";
    lines.push(`• ${escapeMrkdwn(row.name)}: sent ${row.sent} · queued ${row.queued}${moved}${state}`);
  }
  return lines;
}

// Counting a campaign of 100,000 prospects takes longer than Slack waits: acknowledged at once,
// the status follows through the command's response_url (src/answers/after-ack.ts).
export const statusCommand = campaignCommand("status", async ({ ctx, args, workspaceId, campaign }) => {
  await args.ack(ephemeral(`Counting *${escapeMrkdwn(campaign.name)}*; its status will appear here in a moment.`));
  await queueAnswer(ctx, {
    question: "status",
    workspaceId,
    campaignId: campaign.id,
    replyTo: { responseUrl: args.command.response_url },
  });
});
