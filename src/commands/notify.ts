// `/sam notify <campaign> on|off`: whether the campaign's owner (its creator) gets a direct
// message for each reply classified interested. On by default (campaigns.notify_owner_on_interested).
import { escapeMrkdwn } from "../slack/text.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";

export const NOTIFY_USAGE =
  "Usage: `/sam notify &lt;campaign&gt; on|off` (on: the campaign's owner gets interested replies in a direct message).";

export const notifyCommand = campaignCommand(
  "notify",
  async ({ ctx, args, campaign, rest }) => {
    const choice = rest.toLowerCase();
    const name = `*${escapeMrkdwn(campaign.name)}*`;
    const owner = campaign.created_by ? `<@${escapeMrkdwn(campaign.created_by)}>` : "its owner";
    if (choice !== "on" && choice !== "off") {
      const now = campaign.notify_owner_on_interested ? "on" : "off";
      await args.ack(
        ephemeral(`Direct messages about interested replies of ${name} are ${now}. ${NOTIFY_USAGE}`),
      );
      return;
    }
    const on = choice === "on";
    await ctx.sql`update campaigns set notify_owner_on_interested = ${on}, updated_at = now()
                  where id = ${campaign.id} and workspace_id = ${campaign.workspace_id}`;
    await args.ack(
      ephemeral(
        on
          ? `${owner} will get a direct message for each reply to ${name} classified interested.`
          : `${owner} will no longer get direct messages about interested replies to ${name}; they stay in the campaign's thread.`,
      ),
    );
  },
  /\s+(?=(?:on|off)\s*$)/,
);
