// "Save changes" on an edit's confirmation: the proposal (campaign_edits, written when the form
// was submitted) is applied once, only from the modal that proposed it and only if the campaign
// has not changed since; the apply re-plans with the same planner the confirmation used.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import { type CampaignSettings, type Change, editRefusal } from "../campaigns/campaign-edit.js";
import { campaignById } from "../campaigns/campaigns.js";
import { lockCampaign, saveEdit } from "../campaigns/save-edit.js";
import type { AppContext } from "../context.js";
import { EDIT_CONFIRM_CALLBACK, noticeModal } from "../slack/blocks/campaign-edit.js";
import { ensureWorkspace } from "../workspaces.js";
import { campaignVariantsModal } from "./edit-campaign-open.js";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

interface Proposal {
  id: string;
  campaign_id: string;
  changes: Change[];
  settings: CampaignSettings;
  campaign_updated_at: Date;
}

export function registerEditConfirmView(app: App, ctx: AppContext): void {
  app.view(EDIT_CONFIRM_CALLBACK, async ({ ack, view, body }: ViewArgs) => {
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? view.team_id);
    const { proposalId, variantsNext } = JSON.parse(view.private_metadata || "{}") as { proposalId?: unknown; variantsNext?: unknown };
    const outcome = await ctx.sql.begin(async (tx) => {
      if (typeof proposalId !== "string" || !/^[0-9a-f-]{36}$/i.test(proposalId)) return "gone";
      const [proposal] = await tx<Proposal[]>`
        select id, campaign_id, changes, settings, campaign_updated_at from campaign_edits
        where id = ${proposalId} and workspace_id = ${workspaceId} and view_id = ${view.id} and applied_at is null
        for update`;
      // Applied already (a retried submission) or not this modal's: nothing more to do.
      if (!proposal) return "gone";
      const campaign = await lockCampaign(tx, workspaceId, proposal.campaign_id);
      if (!campaign || editRefusal(campaign) || campaign.updated_at.getTime() !== proposal.campaign_updated_at.getTime()) return "changed";
      await saveEdit(tx, ctx, { campaign, settings: proposal.settings, changes: proposal.changes, editedBy: body.user.id, proposalId: proposal.id });
      return { saved: proposal.campaign_id };
    });
    if (outcome === "changed") {
      await ack({
        response_action: "update",
        view: noticeModal("Not saved", "The campaign changed since this was computed (launched, paused, resumed or edited by someone else). Open Edit again."),
      });
    } else if (typeof outcome === "object" && variantsNext === true) {
      // Ticked "Change the texts of the message variants next" in the Edit form.
      const saved = await campaignById(ctx.sql, workspaceId, outcome.saved);
      if (saved) await ack({ response_action: "update", view: await campaignVariantsModal(ctx.sql, saved) });
      else await ack();
    } else await ack();
  });
}
