// The buttons on a campaign's root message: Launch (after Slack's confirmation), Pause, Resume
// and Status. Each acts on the campaign only within the clicking user's workspace.
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { campaignById } from "../campaigns/campaigns.js";
import { applyControl, type Control, refusal } from "../campaigns/controls.js";
import type { AppContext } from "../context.js";
import { queueAnswer } from "../answers/after-ack.js";
import { notify } from "../slack/outbox.js";
import { importModal } from "../views/import-prospects.js";
import { ensureWorkspace } from "../workspaces.js";
import { escapeMrkdwn } from "../slack/text.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The campaign a button names, if it belongs to the clicking user's workspace. */
export async function clickedCampaign(ctx: AppContext, args: ButtonArgs) {
  const action = args.action as { value?: string };
  const teamId = args.body.team?.id ?? args.body.user.team_id ?? "";
  const workspaceId = await ensureWorkspace(ctx.sql, teamId);
  const campaign = action.value ? await campaignById(ctx.sql, workspaceId, action.value) : null;
  return { workspaceId, campaign };
}

/** An answer only the clicking user sees, in the channel where they clicked. */
export async function answerPrivately(ctx: AppContext, args: ButtonArgs, workspaceId: string, text: string) {
  const channel = args.body.channel?.id ?? args.body.container?.channel_id;
  const target = channel
    ? ({ kind: "ephemeral", channel, user: args.body.user.id } as const)
    : ({ kind: "home", user: args.body.user.id } as const);
  if (target.kind === "home") return;
  await notify(ctx.sql, ctx.clock, { workspaceId, target, text });
}

function controlButton(ctx: AppContext, control: Control) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const { workspaceId, campaign } = await clickedCampaign(ctx, args);
    if (!campaign) return;
    const refused = refusal(control, campaign);
    const done = refused ? null : await applyControl(ctx, campaign, control, args.body.user.id);
    await answerPrivately(ctx, args, workspaceId, refused ?? done ?? `*${escapeMrkdwn(campaign.name)}* changed meanwhile.`);
  };
}

/**
 * Preview and Status: planning or counting a large campaign takes seconds, so the answer is
 * computed after the acknowledgement (src/answers/after-ack.ts) and reaches the clicking user privately.
 */
function answerButton(ctx: AppContext, question: "preview" | "status") {
  return async (args: ButtonArgs) => {
    await args.ack();
    const { workspaceId, campaign } = await clickedCampaign(ctx, args);
    const channel = args.body.channel?.id ?? args.body.container?.channel_id;
    // Clicked outside a channel (App Home): there is nowhere to answer privately.
    if (!campaign || !channel) return;
    await queueAnswer(ctx, { question, workspaceId, campaignId: campaign.id, replyTo: { channel, user: args.body.user.id } });
  };
}

export function registerCampaignButtons(app: App, ctx: AppContext): void {
  app.action("campaign_launch", controlButton(ctx, "launch"));
  app.action("campaign_pause", controlButton(ctx, "pause"));
  app.action("campaign_resume", controlButton(ctx, "resume"));
  app.action("campaign_upload", async (args: ButtonArgs) => {
    await args.ack();
    const { campaign } = await clickedCampaign(ctx, args);
    if (campaign) await args.client.views.open({ trigger_id: args.body.trigger_id, view: importModal(campaign) as never });
  });
  app.action("campaign_preview", answerButton(ctx, "preview"));
  app.action("campaign_status", answerButton(ctx, "status"));
}
