// The Clone modal (from `/sam clone` or the root message's Clone button) and its submission: a
// new draft, its root message, the prospects asked for, and in its thread who was left out and
// why, all in one transaction; the original's thread is told too. A retried submission of the
// same view creates nothing more.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { MAX_NAME_LENGTH } from "../campaigns/campaign-form.js";
import { cloneCampaign, cloneName } from "../campaigns/clone-campaign.js";
import { type Campaign, campaignById, handleOf, nameTaken } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { cleanText } from "../safe-text.js";
import { CLONE_CAMPAIGN_CALLBACK, cloneModal, noticeModal } from "../slack/blocks/campaign-edit.js";
import { announceCampaign, postInThread, refreshAfterCommit } from "../slack/notices.js";
import { escapeMrkdwn, plainText } from "../slack/text.js";
import { ensureWorkspace, firstDelivery } from "../workspaces.js";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export async function openCloneModal(ctx: AppContext, client: WebClient, input: { triggerId: string; campaign: Campaign }): Promise<void> {
  await client.views.open({ trigger_id: input.triggerId, view: cloneModal(input.campaign, await cloneName(ctx.sql, input.campaign)) });
}

function nameProblem(name: string): string | null {
  if (!name) return "Give the copy a name.";
  if (name.length > MAX_NAME_LENGTH) return "Keep the name under 80 characters.";
  if (/^c\d+$/i.test(name)) return "Names like c12 are reserved for campaign handles.";
  return null;
}

export function registerCloneCampaignView(app: App, ctx: AppContext): void {
  app.view(CLONE_CAMPAIGN_CALLBACK, async ({ ack, view, body }: ViewArgs) => {
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? view.team_id);
    const { campaignId } = JSON.parse(view.private_metadata || "{}") as { campaignId?: unknown };
    const original = typeof campaignId === "string" ? await campaignById(ctx.sql, workspaceId, campaignId) : null;
    if (!original) {
      await ack({ response_action: "update", view: noticeModal("Not cloned", "This campaign is not in this workspace.") });
      return;
    }
    const typed = (view.state.values.name?.value as { value?: unknown } | undefined)?.value;
    const name = typeof typed === "string" ? cleanText(typed).trim() : "";
    const checked = (view.state.values.prospects?.value as { selected_options?: Array<{ value?: unknown }> } | undefined)?.selected_options ?? [];
    const withProspects = checked.some((option) => option.value === "uncontacted");
    const problem = nameProblem(name) ?? ((await nameTaken(ctx.sql, workspaceId, name)) ? `A campaign named “${plainText(name, 80)}” already exists in this workspace.` : null);
    if (problem) {
      await ack({ response_action: "errors", errors: { name: problem } });
      return;
    }
    const taken = await ctx.sql.begin(async (tx) => {
      if (!(await firstDelivery(tx, `view:${view.id}`))) return false;
      if (await nameTaken(tx, workspaceId, name)) throw Object.assign(new Error("That name was just taken."), { nameTaken: true });
      const result = await cloneCampaign(tx, original, { name, createdBy: body.user.id, withProspects });
      await announceCampaign(tx, ctx, result.campaign);
      const copied = withProspects ? ` ${result.copied} prospect(s) not contacted by the original were copied.` : "";
      const leftOut = result.leftOut.length > 0 ? `\nLeft out: ${result.leftOut.join(" ")}` : "";
      await postInThread(
        tx,
        ctx,
        result.campaign,
        `<@${body.user.id}> cloned *${escapeMrkdwn(original.name)}* (${handleOf(original)}) into this draft.${copied}${leftOut}`,
      );
      await postInThread(tx, ctx, original, `<@${body.user.id}> cloned this campaign into *${escapeMrkdwn(result.campaign.name)}* (${handleOf(result.campaign)}).`);
      await refreshAfterCommit(tx, ctx, { campaignIds: [], workspaceIds: [workspaceId] });
      return false;
    }).catch((error: Error & { nameTaken?: boolean }) => {
      if (!error.nameTaken) throw error;
      return true;
    });
    if (taken) await ack({ response_action: "errors", errors: { name: "That name was just taken." } });
    else await ack();
  });
}
