// `/sam preview <campaign>`: when the messages will go out, day by day, and why.
import { previewCampaign } from "../planning/preview.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";

export const previewCommand = campaignCommand("preview", async ({ ctx, args, campaign }) => {
  await args.ack(ephemeral(await previewCampaign(ctx.sql, campaign, ctx.clock.now())));
});
