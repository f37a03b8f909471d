// The App Home's Stats button on a campaign: the campaign's figures and charts are posted in its
// thread (src/jobs/stats-report.ts), as `/sam stats <campaign>` does; the Home tab has no place
// for an ephemeral answer. A campaign id from another workspace finds nothing (clickedCampaign).
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { queueStatsReport } from "../jobs/stats-report.js";
import { clickedCampaign } from "./campaign-buttons.js";

export function registerCampaignStatsButton(app: App, ctx: AppContext): void {
  app.action("campaign_stats", async (args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await args.ack();
    const { workspaceId, campaign } = await clickedCampaign(ctx, args);
    if (campaign) await queueStatsReport(ctx, { workspaceId, campaignId: campaign.id });
  });
}
