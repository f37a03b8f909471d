// Submission of the Variants step (issue 16): texts B–D per step, checked like the main texts
// (errors on their own fields), saved into the draft's `message_templates.variants` with a
// notice in its thread, in one transaction. Once launched (opened from the Edit form), its rows
// carry their letters: only the texts of existing letters change, saved as an edit (recorded in
// campaign_edits and summarised in the thread). Only a campaign of the submitter's workspace
// changes. A retried submission of the same view is a no-op.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import { changesBetween, isLaunched, settingsOf } from "../campaigns/campaign-edit.js";
import { type Campaign, campaignById, poolAccountIds } from "../campaigns/campaigns.js";
import { lockCampaign, saveEdit } from "../campaigns/save-edit.js";
import { checkVariantsForm, lettersChangedOnceLaunched, readVariantsForm } from "../campaigns/variants-form.js";
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
    if (!campaign || (campaign.status !== "draft" && !isLaunched(campaign))) {
      await ack({ response_action: "errors", errors: { variant_0_B: "Variants can be changed only on a draft, active or paused campaign of this workspace." } });
      return;
    }
    const steps = 1 + campaign.message_templates.follow_up_messages.length;
    const typed = readVariantsForm(view.state.values as never, steps);
    if (isLaunched(campaign)) {
      const fixed = lettersChangedOnceLaunched(campaign.message_templates.variants, typed);
      if (Object.keys(fixed).length > 0) {
        await ack({ response_action: "errors", errors: fixed });
        return;
      }
    }
    const check = checkVariantsForm(typed, {
      knownFields: Array.isArray(metadata.knownFields) ? metadata.knownFields.filter((field) => typeof field === "string") : [],
      campaignType: campaign.campaign_type,
    });
    if (!check.ok) {
      await ack({ response_action: "errors", errors: check.errors });
      return;
    }
    if (isLaunched(campaign)) {
      const answer = await saveLaunchedVariants(ctx, { workspaceId, campaign, variants: check.variants, viewId: view.id, userId: body.user.id });
      if (answer) await ack({ response_action: "errors", errors: { variant_0_B: answer } });
      else await ack();
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

/**
 * New texts for a launched campaign's letters, saved as an edit: the campaign row, its
 * campaign_edits record and the thread's summary in one transaction (save-edit.ts). Returns why
 * nothing was saved, or null.
 */
async function saveLaunchedVariants(
  ctx: AppContext,
  input: { workspaceId: string; campaign: Campaign; variants: string[][]; viewId: string; userId: string },
): Promise<string | null> {
  return ctx.sql.begin(async (tx) => {
    if (!(await firstDelivery(tx, `view:${input.viewId}`))) return null;
    const locked = await lockCampaign(tx, input.workspaceId, input.campaign.id);
    // Checked against the campaign as the modal showed it: a concurrent change is not overwritten.
    if (!locked || !isLaunched(locked) || locked.updated_at.getTime() !== input.campaign.updated_at.getTime()) {
      throw new ChangedMeanwhile();
    }
    const before = settingsOf(locked, await poolAccountIds(tx, locked));
    const after = { ...before, templates: { ...before.templates, variants: input.variants } };
    const changes = changesBetween(before, after);
    if (changes.length > 0) await saveEdit(tx, ctx, { campaign: locked, settings: after, changes, editedBy: input.userId });
    return null;
  }).catch((error: unknown) => {
    if (error instanceof ChangedMeanwhile) return "The campaign changed meanwhile (edited, completed or cancelled). Open Edit again.";
    throw error;
  });
}

/** Thrown so that the transaction (and its first-delivery mark) rolls back. */
class ChangedMeanwhile extends Error {}
