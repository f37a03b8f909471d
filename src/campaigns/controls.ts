// Pause, resume, cancel, launch and retry: which states allow what, and the state change itself,
// made atomically so that a double click or a Slack retry acts once.
import { ACCOUNT_MOVED_REASON, campaignAccountOwnership } from "../accounts/ownership.js";
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import type { CampaignStatus } from "../db/enums.js";
import { enqueue } from "../db/job-queue.js";
import { postInThread, refreshAfterCommit } from "../slack/notices.js";
import type { Campaign } from "./campaigns.js";
import { escapeMrkdwn } from "../slack/text.js";

export type Control = "launch" | "pause" | "resume" | "cancel" | "retry";

const ALLOWED_FROM: Record<Control, CampaignStatus[]> = {
  launch: ["draft"],
  pause: ["active", "launching"],
  resume: ["paused"],
  cancel: ["draft", "launching", "active", "paused"],
  retry: ["active", "paused", "completed"],
};

const NEXT_STATUS: Partial<Record<Control, CampaignStatus>> = {
  launch: "launching",
  pause: "paused",
  resume: "active",
  cancel: "cancelled",
};

export function refusal(control: Control, campaign: Campaign): string | null {
  if (ALLOWED_FROM[control].includes(campaign.status)) return null;
  const allowed = ALLOWED_FROM[control].join(" or ");
  const done = { launch: "launched", pause: "paused", resume: "resumed", cancel: "cancelled", retry: "retried" }[control];
  return `*${escapeMrkdwn(campaign.name)}* is ${campaign.status}; it can be ${done} only when ${allowed}.`;
}

type Ctx = Pick<AppContext, "sql" | "clock">;

/** Controls that make the campaign send from its account (or bring it closer to sending). */
const SENDS_FROM_ACCOUNT: readonly Control[] = ["launch", "resume", "retry"];

function accountMovedRefusal(control: Control, campaign: Campaign): string {
  const done = { launch: "launched", resume: "resumed", retry: "retried" }[control as "launch" | "resume" | "retry"];
  return (
    `*${escapeMrkdwn(campaign.name)}* cannot be ${done}: ${ACCOUNT_MOVED_REASON}. ` +
    "Link the account to this workspace again (it has to be unlinked there first), or cancel the campaign."
  );
}

/**
 * Applies a control. Returns a sentence for the user, or null when a concurrent request already
 * did it (the state no longer allows it). Launch, resume and retry are refused while the
 * campaign's LinkedIn account belongs to another workspace.
 */
export async function applyControl(ctx: Ctx, campaign: Campaign, control: Control, user: string): Promise<string | null> {
  return ctx.sql.begin((tx) => applyControlIn(tx, ctx, campaign, control, user));
}

/** applyControl within the caller's transaction (the REST API stores its answer in the same one). */
export async function applyControlIn(
  tx: TransactionSql,
  ctx: Ctx,
  campaign: Campaign,
  control: Control,
  user: string,
): Promise<string | null> {
  {
    // Under a share lock of the account row: a relink cannot slip in between this check and the
    // change (it waits, then pauses what this did).
    if (SENDS_FROM_ACCOUNT.includes(control) && (await campaignAccountOwnership(tx, campaign, { lock: true })) === "moved") {
      return accountMovedRefusal(control, campaign);
    }
    const next = NEXT_STATUS[control];
    // A status change ends whatever pause the app had made (and its reason).
    const [changed] = await tx<Campaign[]>`
      update campaigns set status = coalesce(${next ?? null}, status), updated_at = now(),
        pause_reason = case when ${next ?? null}::text is null then pause_reason end
      where id = ${campaign.id} and status in ${tx(ALLOWED_FROM[control])}
      returning *`;
    if (!changed) return null;
    switch (control) {
      case "launch":
        await enqueue(tx, "launch-campaign", { campaignId: campaign.id, requestedBy: user }, { jobKey: `launch:${campaign.id}`, jobKeyMode: "unsafe_dedupe", maxAttempts: 8 }, ctx.clock);
        await postInThread(tx, ctx, campaign, `<@${user}> launched the campaign: checking connections and planning the sends…`);
        break;
      case "pause":
        await postInThread(tx, ctx, campaign, `<@${user}> paused the campaign. Nothing more is sent until it is resumed.`);
        break;
      case "resume":
        await enqueue(tx, "campaign-resumed", { campaignId: campaign.id }, { maxAttempts: 5 }, ctx.clock);
        await postInThread(tx, ctx, campaign, `<@${user}> resumed the campaign; the remaining messages are re-planned from now.`);
        break;
      case "cancel":
        // The campaign no longer sends from this commit on (the claim checks its status); its
        // queued rows, 400,000 in a large campaign, are cancelled by a job after the answer.
        await enqueue(tx, "campaign-cancelled", { campaignId: campaign.id, requestedBy: user }, { maxAttempts: 5 }, ctx.clock);
        break;
      case "retry":
        await enqueue(tx, "retry-failed", { campaignId: campaign.id, requestedBy: user }, { jobKey: `retry:${campaign.id}`, jobKeyMode: "unsafe_dedupe", maxAttempts: 3 }, ctx.clock);
        break;
    }
    await refreshAfterCommit(tx, ctx, { campaignIds: [campaign.id], workspaceIds: [campaign.workspace_id] });
    const verb = { launch: "Launching", pause: "Paused", resume: "Resumed", cancel: "Cancelled", retry: "Retrying failed messages of" }[control];
    return `${verb} *${escapeMrkdwn(campaign.name)}*.`;
  }
}
