// Block Kit for the App Home: the workspace's campaigns with status and progress.
import type { Campaign } from "../../campaigns/campaigns.js";
import { handleOf } from "../../campaigns/campaigns.js";
import { type CampaignProgress, progressBar } from "../../campaigns/progress.js";
import { escapeMrkdwn } from "../text.js";

export function homeBlocks(campaigns: Array<{ campaign: Campaign; progress: CampaignProgress }>) {
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: "SAM Campaigns" } },
    {
      type: "actions",
      block_id: "home_actions",
      elements: [
        { type: "button", action_id: "home_new_campaign", style: "primary", text: { type: "plain_text", text: "New campaign" } },
      ],
    },
  ];
  if (campaigns.length === 0) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "No campaigns yet. Create one with *New campaign* or `/sam new`." },
    });
  }
  for (const { campaign, progress } of campaigns.slice(0, 40)) {
    const total = progress.queued + progress.sent + progress.failed;
    blocks.push({ type: "divider" });
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text:
          `*${escapeMrkdwn(campaign.name)}* (${handleOf(campaign)}) · ${campaign.campaign_type} · ${campaign.status}\n` +
          `${progressBar(progress.sent, total)} — ${progress.prospects} prospects · sent ${progress.sent} · ` +
          `replied ${progress.replied} · failed ${progress.failed}`,
      },
      // Edit opens the campaign's form (issue 16); not offered where editing is refused.
      ...(["draft", "active", "paused"].includes(campaign.status)
        ? { accessory: { type: "button", action_id: "campaign_edit", text: { type: "plain_text", text: "Edit" }, value: campaign.id } }
        : {}),
    });
  }
  return blocks;
}
