// `/sam edit <campaign>`: opens the campaign's Edit form (src/views/edit-campaign-open.ts).
import { openEditCampaignModal } from "../views/edit-campaign-open.js";
import { campaignCommand } from "./campaign-command.js";

export const editCommand = campaignCommand("edit", async ({ ctx, args, campaign }) => {
  await args.ack();
  await openEditCampaignModal(ctx, args.client, { triggerId: args.command.trigger_id, campaign });
});
