// `/sam list`: the workspace's campaigns with their handles and progress. Counting the progress
// of fifty large campaigns takes longer than Slack waits, so the list follows the acknowledgement
// through the command's response_url (src/answers/after-ack.ts).
import { handleOf, listCampaigns } from "../campaigns/campaigns.js";
import { campaignProgress } from "../campaigns/progress.js";
import type { AppContext } from "../context.js";
import { queueAnswer } from "../answers/after-ack.js";
import { localDayBounds } from "../schedule/index.js";
import { ephemeral } from "./campaign-command.js";
import type { SubcommandInput } from "./sam.js";
import { escapeMrkdwn } from "../slack/text.js";

export async function listText(ctx: Pick<AppContext, "sql" | "clock">, workspaceId: string): Promise<string> {
  const campaigns = await listCampaigns(ctx.sql, workspaceId);
  if (campaigns.length === 0) return "No campaigns yet. Create one with `/sam new`.";
  const today = localDayBounds("UTC", ctx.clock.now()).start;
  const lines = ["*Campaigns*"];
  for (const campaign of campaigns.slice(0, 50)) {
    const progress = await campaignProgress(ctx.sql, campaign.id, today);
    lines.push(
      `\`${handleOf(campaign)}\` *${escapeMrkdwn(campaign.name)}* · ${campaign.campaign_type} · ${campaign.status} · ` +
        `${progress.prospects} prospects · sent ${progress.sent} · replied ${progress.replied} · failed ${progress.failed}`,
    );
  }
  if (campaigns.length > 50) lines.push(`…and ${campaigns.length - 50} more.`);
  return lines.join("\n");
}

export async function listCommand({ ctx, args, workspaceId }: SubcommandInput): Promise<void> {
  await args.ack(ephemeral("Listing your workspace's campaigns…"));
  await queueAnswer(ctx, { question: "list", workspaceId, replyTo: { responseUrl: args.command.response_url } });
}
