// Block Kit for a campaign's root message in SAM_CHANNEL: summary, progress and its buttons.
import type { Campaign } from "../../campaigns/campaigns.js";
import { handleOf } from "../../campaigns/campaigns.js";
import { type CampaignProgress, progressBar } from "../../campaigns/progress.js";
import { escapeMrkdwn, mrkdwnWithin, plainText } from "../text.js";

const TYPE_LABEL = { messenger: "Messenger (1st-degree connections)", connector: "Connector (invitation, then follow-ups)" };
const STATUS_LABEL: Record<string, string> = {
  draft: "📝 Draft",
  launching: "⏳ Launching",
  active: "▶️ Active",
  paused: "⏸ Paused",
  completed: "✅ Completed",
  cancelled: "⏹ Cancelled",
};
const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function scheduleSummary(campaign: Campaign): string {
  const days = campaign.sending_days.map((day) => DAY_NAMES[day - 1]).join(" ");
  const holidays = campaign.holiday_country ? `, ${campaign.holiday_country} public holidays skipped` : "";
  return `${days} ${campaign.window_start.slice(0, 5)}–${campaign.window_end.slice(0, 5)} ${campaign.time_zone}${holidays}`;
}

/** `accountLabel` is mrkdwn: the account name escaped by the caller, with our own remark. */
export function campaignRootBlocks(campaign: Campaign, progress: CampaignProgress, accountLabel: string | null) {
  const templates = campaign.message_templates;
  const total = progress.queued + progress.sent + progress.failed;
  const value = campaign.id;
  const paused = campaign.status === "paused";
  const buttons = [
    { type: "button", action_id: "campaign_upload", text: { type: "plain_text", text: "Upload prospects" }, value },
    { type: "button", action_id: "campaign_preview", text: { type: "plain_text", text: "Preview" }, value },
    ...(campaign.status === "draft"
      ? [
          {
            type: "button",
            action_id: "campaign_launch",
            style: "primary",
            text: { type: "plain_text", text: "Launch" },
            value,
            confirm: {
              title: { type: "plain_text", text: "Launch this campaign?" },
              text: {
                type: "mrkdwn",
                text: `Connections are checked and messages start going out within the schedule (${scheduleSummary(campaign)}).`,
              },
              confirm: { type: "plain_text", text: "Launch" },
              deny: { type: "plain_text", text: "Not yet" },
            },
          },
        ]
      : []),
    ...(campaign.status === "active" || paused
      ? [
          {
            type: "button",
            action_id: paused ? "campaign_resume" : "campaign_pause",
            text: { type: "plain_text", text: paused ? "Resume" : "Pause" },
            value,
          },
        ]
      : []),
    { type: "button", action_id: "campaign_status", text: { type: "plain_text", text: "Status" }, value },
    ...(campaign.status === "draft" || campaign.status === "active" || paused
      ? [{ type: "button", action_id: "campaign_edit", text: { type: "plain_text", text: "Edit" }, value }]
      : []),
    { type: "button", action_id: "campaign_clone", text: { type: "plain_text", text: "Clone" }, value },
  ];
  return [
    {
      type: "header",
      text: { type: "plain_text", text: plainText(`${campaign.name} (${handleOf(campaign)})`, 150) },
    },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Status*\n${STATUS_LABEL[campaign.status] ?? campaign.status}` },
        { type: "mrkdwn", text: `*Type*\n${TYPE_LABEL[campaign.campaign_type]}` },
        // A field holds 2,000 characters; an account name may be longer.
        { type: "mrkdwn", text: mrkdwnWithin(`*LinkedIn account*\n${accountLabel ?? "none linked"}`, 2000) },
        { type: "mrkdwn", text: `*Schedule*\n${scheduleSummary(campaign)}` },
        {
          type: "mrkdwn",
          text: `*Messages*\n1 + ${templates.follow_up_messages.length} follow-up(s), delays ${templates.follow_up_delays.join(", ") || "3"} days`,
        },
        { type: "mrkdwn", text: `*Prospects*\n${progress.prospects}` },
      ],
    },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${progressBar(progress.sent, total)}\nqueued ${progress.queued} · sent ${progress.sent} · replied ${progress.replied} · failed ${progress.failed}`,
      },
    },
    { type: "actions", block_id: "campaign_actions", elements: buttons },
  ];
}

export function campaignRootText(campaign: Campaign): string {
  // The text fallback is mrkdwn too: it is what notifications and screen readers show.
  return `Campaign ${escapeMrkdwn(campaign.name)} (${handleOf(campaign)}): ${campaign.status}`;
}
