// Submission of the Variants step (issue 16): texts B–D per step, checked like the main texts
// (errors on their own fields), saved into the draft's `message_templates.variants` with a
// notice in its thread, in one transaction. Only a draft of the submitter's workspace changes:
// once launched, its rows carry their letters. A retried submission of the same view is a no-op.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import { campaignById } from "../campaigns/campaigns.js";
import { checkVariantsForm, readVariantsForm } from "../campaigns/variants-form.js";
import type { AppContext } from "../context.js";
import { CAMPAIGN_VARIANTS_CALLBACK, stepName, type VariantsModalMetadata } from "../slack/blocks/variants-modal.js";
import { postInThread } from "../slack/notices.js";
import { describeLetters, stepLetters } from "../variants/index.js";
import { ensureWorkspace, firstDelivery } from "../workspaces.js";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export function registerCampaignVariantsView(app: App, ctx: AppContext): void {
  app.view(CAMPAIGN_VARIANTS_CALLBACK, async ({ ack, view, body }: ViewArgs) => {
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? view.team_id);
    const metadata = JSON.parse(view.private_metadata || "{}") as Partial<VariantsModalMetadata>;
    const campaign = metadata.campaignId ? await campaignById(ctx.sql, workspaceId, metadata.campaignId) : null;
    if (!campaign || campaign.status !== "draft") {
      await ack({ response_action: "errors", errors: { variant_0_B: "Variants can be added only to a draft campaign of this workspace." } });
      return;
    }
    const steps = 1 + campaign.message_templates.follow_up_messages.length;
    const check = checkVariantsForm(readVariantsForm(view.state.values as never, steps), {
      knownFields: Array.isArray(metadata.knownFields) ? metadata.knownFields.filter((field) => typeof field === "string") : [],
      campaignType: campaign.campaign_type,
    });
    if (!check.ok) {
      await ack({ response_action: "errors", errors: check.errors });
      return;
    }
    const templates = { ...campaign.message_templates, variants: check.variants };
    const saved = await ctx.sql.begin(async (tx) => {
      if (!(await firstDelivery(tx, `view:${view.id}`))) return true;
      const changed = await tx`
        update campaigns set message_templates = ${tx.json(templates as never)}, updated_at = now()
        where id = ${campaign.id} and workspace_id = ${workspaceId} and status = 'draft'`;
      if (changed.count === 0) return false;
      const described = check.variants.flatMap((_, step) => {
        const letters = stepLetters(templates, step);
        return letters.length > 0 ? [`${stepName(step, campaign.campaign_type)} ${describeLetters(letters)}`] : [];
      });
      await postInThread(
        tx,
        ctx,
        campaign,
        described.length > 0
          ? `:twisted_rightwards_arrows: Message variants: ${described.join("; ")}. Each prospect gets one variant per message at launch${campaign.auto_optimise ? " (auto-optimised by replies)" : ", split evenly"}.`
          : "Message variants: none; one text per message.",
      );
      return true;
    });
    if (saved) await ack();
    else await ack({ response_action: "errors", errors: { variant_0_B: "The campaign was launched meanwhile: variants can no longer be added." } });
  });
}
