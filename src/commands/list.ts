// `/sam list`: the workspace's campaigns with their handles and progress.
import { handleOf, listCampaigns } from "../campaigns/campaigns.js";
import { campaignProgress } from "../campaigns/progress.js";
import { localDayBounds } from "../schedule/index.js";
import { ephemeral } from "./campaign-command.js";
import type { SubcommandInput } from "./sam.js";
import { escapeMrkdwn } from "../slack/text.js";

export async function listCommand({ ctx, args, workspaceId }: SubcommandInput): Promise<void> {
  const campaigns = await listCampaigns(ctx.sql, workspaceId);
  if (campaigns.length === 0) {
    await args.ack(ephemeral("No campaigns yet. Create one with `/sam new`."));
    return;
  }
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
  await args.ack(ephemeral(lines.join("\n")));
}
