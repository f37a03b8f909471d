// Edit (on the root message and App Home) and Clone (on the root message): each opens its modal
// for the clicked campaign, found only within the clicking user's workspace.
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { openCloneModal } from "../views/clone-campaign.js";
import { openEditCampaignModal } from "../views/edit-campaign-open.js";
import { clickedCampaign } from "./campaign-buttons.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function registerCampaignEditButtons(app: App, ctx: AppContext): void {
  app.action("campaign_edit", async (args: ButtonArgs) => {
    await args.ack();
    const { campaign } = await clickedCampaign(ctx, args);
    if (campaign) await openEditCampaignModal(ctx, args.client, { triggerId: args.body.trigger_id, campaign });
  });
  app.action("campaign_clone", async (args: ButtonArgs) => {
    await args.ack();
    const { campaign } = await clickedCampaign(ctx, args);
    if (campaign) await openCloneModal(ctx, args.client, { triggerId: args.body.trigger_id, campaign });
  });
}
