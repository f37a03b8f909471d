// `/sam import <campaign>` opens the upload modal; `/sam import <campaign> from <connector
// campaign>` takes the connector campaign's accepted connections (messenger campaigns only).
import { handleOf } from "../campaigns/campaigns.js";
import { normaliseReference } from "../campaigns/campaign-lookup.js";
import { takeAcceptedConnections } from "../campaigns/migrate-connections.js";
import { postInThread, refreshAfterCommit } from "../slack/notices.js";
import { importModal } from "../views/import-prospects.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";
import { escapeMrkdwn } from "../slack/text.js";

export const importCommand = campaignCommand(
  "import",
  async ({ ctx, args, workspaceId, campaign, rest, matches }) => {
    if (campaign.status === "cancelled" || campaign.status === "completed") {
      await args.ack(ephemeral(`*${escapeMrkdwn(campaign.name)}* is ${campaign.status}; prospects cannot be added.`));
      return;
    }
    if (!rest) {
      await args.ack();
      await args.client.views.open({ trigger_id: args.command.trigger_id, view: importModal(campaign) as never });
      return;
    }
    if (campaign.campaign_type !== "messenger") {
      await args.ack(ephemeral("Only a messenger campaign can take the accepted connections of a connector campaign."));
      return;
    }
    // Looked up with the target, in the same query.
    const connector = matches.find(rest);
    if (connector?.campaign_type !== "connector") {
      await args.ack(ephemeral(`No connector campaign “${escapeMrkdwn(normaliseReference(rest))}” in this workspace.`));
      return;
    }
    const result = await ctx.sql.begin(async (tx) => {
      const moved = await takeAcceptedConnections(tx, campaign, connector);
      if (moved.moved > 0) {
        await postInThread(tx, ctx, campaign, `<@${args.command.user_id}> added ${moved.moved} accepted connection(s) from *${escapeMrkdwn(connector.name)}* (${handleOf(connector)}).`);
        await postInThread(tx, ctx, connector, `${moved.moved} accepted connection(s) moved to the messenger campaign *${escapeMrkdwn(campaign.name)}* (${handleOf(campaign)}); their follow-ups here are cancelled.`);
        await refreshAfterCommit(tx, ctx, { campaignIds: [campaign.id, connector.id], workspaceIds: [workspaceId] });
      }
      return moved;
    });
    await args.ack(
      ephemeral(
        result.moved > 0
          ? `Added ${result.moved} accepted connection(s) from *${escapeMrkdwn(connector.name)}* to *${escapeMrkdwn(campaign.name)}*.`
          : `*${escapeMrkdwn(connector.name)}* has no accepted connections to move${result.skipped ? ` (${result.skipped} already in this campaign)` : ""}.`,
      ),
    );
  },
  /\s+from\s+/i,
);
