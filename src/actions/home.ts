// The App Home's New campaign button.
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { openNewCampaignModal } from "../views/open-new-campaign.js";
import { ensureWorkspace } from "../workspaces.js";

export function registerHomeActions(app: App, ctx: AppContext): void {
  app.action("home_new_campaign", async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? body.user.team_id ?? "");
    await openNewCampaignModal(ctx, client, { triggerId: body.trigger_id, userId: body.user.id, workspaceId });
  });
}
