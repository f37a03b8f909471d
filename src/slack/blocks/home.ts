// Block Kit for the App Home: one person's dashboard (src/analytics/home-dashboard.ts): their
// campaigns with a progress bar, reply rate and a Stats button, and their accounts with what each
// sent today against today's caps. Lists stop at HOME_LIST_LIMIT and say how many more there are,
// so the view stays within the Home tab's 100 blocks whatever the workspace holds.
import type { KnownBlock } from "@slack/types";
import type { HomeCampaign, HomeDashboard } from "../../analytics/home-dashboard.js";
import { handleOf } from "../../campaigns/campaigns.js";
import { progressBar } from "../../campaigns/progress.js";
import { percent } from "../../charts/figures.js";
import { escapeMrkdwn, mrkdwnWithin } from "../text.js";

const SECTION_LIMIT = 3000;

export const EMPTY_DASHBOARD: HomeDashboard = {
  campaigns: [],
  campaignCount: 0,
  othersCampaignCount: 0,
  accounts: [],
  accountCount: 0,
};

function campaignBlocks({ campaign, progress, contacted }: HomeCampaign): KnownBlock[] {
  const total = progress.queued + progress.sent + progress.failed;
  const rate = contacted > 0 ? `${percent(progress.replied, contacted)} reply rate (${progress.replied} of ${contacted})` : "no first touch sent yet";
  const summary: KnownBlock = {
    type: "section",
    text: {
      type: "mrkdwn",
      text: mrkdwnWithin(
        `*${escapeMrkdwn(campaign.name)}* (${handleOf(campaign)}) · ${campaign.campaign_type} · ${campaign.status}\n` +
          `${progressBar(progress.sent, total)} — ${progress.prospects} prospects · sent ${progress.sent} · ` +
          `failed ${progress.failed} · ${rate}`,
        SECTION_LIMIT,
      ),
    },
  };
  // Stats posts the report in the campaign's thread (issue 17); Edit opens its form (issue 16),
  // not offered where editing is refused. A section holds one accessory, so the two sit below it.
  const editable = ["draft", "active", "paused"].includes(campaign.status);
  return [
    summary,
    {
      type: "actions",
      elements: [
        { type: "button", action_id: "campaign_stats", text: { type: "plain_text", text: "Stats" }, value: campaign.id },
        ...(editable
          ? [{ type: "button" as const, action_id: "campaign_edit", text: { type: "plain_text" as const, text: "Edit" }, value: campaign.id }]
          : []),
      ],
    },
  ];
}

function more(shown: number, total: number, what: string, where: string): KnownBlock[] {
  if (total <= shown) return [];
  return [{ type: "context", elements: [{ type: "mrkdwn", text: `…and ${total - shown} more ${what}: ${where}.` }] }];
}

export function homeBlocks(dashboard: HomeDashboard): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "SAM Campaigns" } },
    {
      type: "actions",
      block_id: "home_actions",
      elements: [
        { type: "button", action_id: "home_new_campaign", style: "primary", text: { type: "plain_text", text: "New campaign" } },
      ],
    },
    { type: "header", text: { type: "plain_text", text: "Your campaigns" } },
  ];
  if (dashboard.campaigns.length === 0) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "No campaigns of yours yet. Create one with *New campaign* or `/sam new`." },
    });
  }
  for (const entry of dashboard.campaigns) blocks.push(...campaignBlocks(entry));
  blocks.push(...more(dashboard.campaigns.length, dashboard.campaignCount, "of your campaigns", "`/sam list`"));
  if (dashboard.othersCampaignCount > 0) {
    blocks.push({
      type: "context",
      elements: [
        { type: "mrkdwn", text: `${dashboard.othersCampaignCount} more in this workspace by others: \`/sam list\`, \`/sam stats\`.` },
      ],
    });
  }
  blocks.push({ type: "divider" }, { type: "header", text: { type: "plain_text", text: "Your LinkedIn accounts today" } });
  if (dashboard.accounts.length === 0) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: "No LinkedIn account of yours. Link one with `/sam accounts`." } });
  }
  for (const account of dashboard.accounts) {
    const today = account.days.at(-1);
    const state = account.status !== "active" ? ` · :warning: ${escapeMrkdwn(account.status)}` : "";
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: mrkdwnWithin(
          `*${escapeMrkdwn(account.name)}*: ${today?.messages ?? 0}/${today?.messageCap ?? 0} messages · ` +
            `${today?.invitations ?? 0}/${today?.invitationCap ?? 0} invitations · ${account.pendingInvitations} pending${state}`,
          SECTION_LIMIT,
        ),
      },
    });
  }
  blocks.push(...more(dashboard.accounts.length, dashboard.accountCount, "accounts", "`/sam accounts`"));
  return blocks;
}
