// `/sam clone <campaign>`: opens the Clone modal (src/views/clone-campaign.ts).
import { openCloneModal } from "../views/clone-campaign.js";
import { campaignCommand } from "./campaign-command.js";

export const cloneCommand = campaignCommand("clone", async ({ ctx, args, campaign }) => {
  await args.ack();
  await openCloneModal(ctx, args.client, { triggerId: args.command.trigger_id, campaign });
});
