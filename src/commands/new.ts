// `/sam new`: opens the New-campaign modal.
import { openNewCampaignModal } from "../views/open-new-campaign.js";
import type { SubcommandInput } from "./sam.js";

export async function newCommand({ ctx, args, workspaceId }: SubcommandInput): Promise<void> {
  await args.ack();
  await openNewCampaignModal(ctx, args.client, {
    triggerId: args.command.trigger_id,
    userId: args.command.user_id,
    workspaceId,
  });
}
