// Submission of a campaign's Edit form. Errors go back on their fields; a launched campaign's
// type, account or steps in a crafted submission are refused as a whole. An edit that moves
// queued messages (delays, schedule of a launched campaign) is not saved yet: the modal turns
// into a confirmation showing what moves, planned now without writing (edit-confirm.ts saves
// it). Anything else is saved at once, in one transaction with its record and thread notice.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import { changesBetween, changesPlanning, checkEdit, editRefusal, formInitialOf, isLaunched, settingsOf } from "../campaigns/campaign-edit.js";
import { readCampaignForm } from "../campaigns/campaign-form.js";
import { campaignById, poolAccountIds } from "../campaigns/campaigns.js";
import { describeOutcome, previewEditReplan } from "../campaigns/edit-replan.js";
import { fieldsUsed } from "../campaigns/import.js";
import { knownFieldsOf, lockCampaign, nameTakenByOther, saveEdit } from "../campaigns/save-edit.js";
import type { AppContext } from "../context.js";
import { EDIT_CAMPAIGN_CALLBACK, editConfirmView, noticeModal } from "../slack/blocks/campaign-edit.js";
import { escapeMrkdwn } from "../slack/text.js";
import { ensureWorkspace, firstDelivery } from "../workspaces.js";
import { campaignVariantsModal, editCampaignModal, type EditMetadata } from "./edit-campaign-open.js";
import { resolveAccount } from "./new-campaign.js";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** Thrown inside the transaction so that it rolls back; answered as a notice or a field error. */
class EditStopped extends Error {
  constructor(message: string, readonly block?: string) {
    super(message);
  }
}

export function registerEditCampaignView(app: App, ctx: AppContext): void {
  app.view(EDIT_CAMPAIGN_CALLBACK, async ({ ack, view, body }: ViewArgs) => {
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? view.team_id);
    const metadata = JSON.parse(view.private_metadata || "{}") as Partial<EditMetadata>;
    // Only a campaign of the submitting workspace, whatever id the metadata carries.
    const campaign = typeof metadata.campaignId === "string" ? await campaignById(ctx.sql, workspaceId, metadata.campaignId) : null;
    if (!campaign) {
      await ack({ response_action: "update", view: noticeModal("Not saved", "This campaign is not in this workspace.") });
      return;
    }
    const refusal = editRefusal(campaign);
    if (refusal) {
      await ack({ response_action: "update", view: noticeModal("Not saved", `*${escapeMrkdwn(campaign.name)}* cannot be edited: ${refusal}.`) });
      return;
    }
    const launched = isLaunched(campaign);
    const current = settingsOf(campaign, await poolAccountIds(ctx.sql, campaign));
    const form = readCampaignForm(view.state.values as never);
    const check = checkEdit(current, launched, form, {
      knownFields: [...(await knownFieldsOf(ctx.sql, campaign)), ...fieldsUsed(campaign.message_templates).keys()],
      nameTaken: form.name ? await nameTakenByOther(ctx.sql, campaign, form.name) : false,
      noteWarningAccepted: metadata.noteWarningShown === true,
    });
    if (!check.ok) {
      if ("refused" in check) await ack({ response_action: "update", view: noticeModal("Not saved", check.refused) });
      else await ack({ response_action: "errors", errors: check.errors });
      return;
    }
    // "Write variants next": the Message variants step replaces this form once the edit is saved.
    const variantsNext = (form.variantsOptions ?? []).includes("variants");
    if (check.warnings.length > 0) {
      const modal = await editCampaignModal(ctx, campaign, {
        initial: formInitialOf(check.settings, { variantsNext }),
        warning: check.warnings.join(" "),
        metadata: { campaignId: campaign.id, noteWarningShown: true },
      });
      await ack({ response_action: "update", view: modal as never });
      return;
    }
    const settings = check.settings;
    const changes = changesBetween(current, settings);
    if (changes.length === 0) {
      if (variantsNext) await ack({ response_action: "update", view: await campaignVariantsModal(ctx.sql, campaign) });
      else await ack();
      return;
    }
    if (launched && changesPlanning(changes)) {
      const outcome = await previewEditReplan(ctx.sql, campaign, settings, ctx.clock.now());
      const [proposal] = await ctx.sql<{ id: string }[]>`
        insert into campaign_edits (campaign_id, workspace_id, edited_by, changes, settings, outcome, view_id, campaign_updated_at, proposed_at)
        values (${campaign.id}, ${workspaceId}, ${body.user.id}, ${ctx.sql.json(changes as never)}, ${ctx.sql.json(settings as never)},
                ${ctx.sql.json(outcome as never)}, ${view.id}, ${campaign.updated_at}, ${ctx.clock.now()})
        returning id`;
      await ack({
        response_action: "update",
        view: editConfirmView({ campaign, changes, outcome: describeOutcome(outcome, settings.timeZone, "will"), proposalId: proposal!.id, variantsNext }),
      });
      return;
    }
    const stopped = await ctx.sql
      .begin(async (tx) => {
        // A retried or double submission of the same view saves once (a saved edit closes it).
        if (!(await firstDelivery(tx, `edit:${view.id}`))) return null;
        const locked = await lockCampaign(tx, workspaceId, campaign.id);
        if (!locked || locked.updated_at.getTime() !== campaign.updated_at.getTime()) {
          throw new EditStopped("The campaign changed while you were editing it (launched, paused or edited by someone else). Open Edit again.");
        }
        if (await nameTakenByOther(tx, campaign, settings.name)) throw new EditStopped("That name was just taken.", "name");
        const resolved = { ...settings };
        if (!launched && settings.accountId) {
          const zone = settings.timeZone;
          resolved.accountId = await resolveAccount(tx, workspaceId, settings.accountId, zone, body.user.id);
          if (!resolved.accountId) throw new EditStopped("That LinkedIn account belongs to another workspace.", "account");
          resolved.moreAccountIds = [];
          for (const choice of settings.moreAccountIds) {
            const id = await resolveAccount(tx, workspaceId, choice, zone, body.user.id);
            if (!id) throw new EditStopped("One of these LinkedIn accounts belongs to another workspace.", "more_accounts");
            resolved.moreAccountIds.push(id);
          }
        }
        await saveEdit(tx, ctx, { campaign: locked, settings: resolved, changes, editedBy: body.user.id });
        return null;
      })
      .catch((error: unknown) => {
        if (error instanceof EditStopped) return error;
        throw error;
      });
    const saved = stopped ? null : await campaignById(ctx.sql, workspaceId, campaign.id);
    if (saved && variantsNext) await ack({ response_action: "update", view: await campaignVariantsModal(ctx.sql, saved) });
    else if (!stopped) await ack();
    else if (stopped.block) await ack({ response_action: "errors", errors: { [stopped.block]: stopped.message } });
    else await ack({ response_action: "update", view: noticeModal("Not saved", stopped.message) });
  });
}
