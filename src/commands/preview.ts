// `/sam preview <campaign>`: when the messages will go out, day by day, and why. Planning a large
// campaign takes seconds (more than Slack's 3), so the command is acknowledged at once and the
// preview follows through its response_url (src/answers/after-ack.ts).
import { escapeMrkdwn } from "../slack/text.js";
import { queueAnswer } from "../answers/after-ack.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";

export const previewCommand = campaignCommand("preview", async ({ ctx, args, workspaceId, campaign }) => {
  await args.ack(ephemeral(`Working on the preview of *${escapeMrkdwn(campaign.name)}*; it will appear here in a moment.`));
  await queueAnswer(ctx, {
    question: "preview",
    workspaceId,
    campaignId: campaign.id,
    replyTo: { responseUrl: args.command.response_url },
  });
});
