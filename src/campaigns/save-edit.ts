// Saving an edit (issue 16), in the caller's transaction: the campaign row, a draft's sender
// accounts, the queue (delays, re-plan) of a launched one, the campaign_edits record and the
// thread's summary, so that the change and its notice commit together or not at all.
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { postInThread, refreshAfterCommit } from "../slack/notices.js";
import { escapeMrkdwn, mrkdwnWithin } from "../slack/text.js";
import { type CampaignSettings, type Change, changesPlanning, isLaunched } from "./campaign-edit.js";
import type { Campaign } from "./campaigns.js";
import { applyEditReplan, describeOutcome, type ReplanOutcome } from "./edit-replan.js";
import type { Queryable } from "../db/queryable.js";

/** Another campaign of the workspace already has this name. */
export async function nameTakenByOther(sql: Queryable, campaign: Pick<Campaign, "id" | "workspace_id">, name: string): Promise<boolean> {
  const [row] = await sql`
    select 1 from campaigns where workspace_id = ${campaign.workspace_id} and lower(name) = lower(${name.trim()}) and id <> ${campaign.id}`;
  return Boolean(row);
}

/** The placeholders the campaign's messages may use: its prospects' CSV columns and those already used. */
export async function knownFieldsOf(sql: Queryable, campaign: Campaign): Promise<string[]> {
  const rows = await sql<{ key: string }[]>`
    select distinct jsonb_object_keys(custom_fields) as key from campaign_prospects where campaign_id = ${campaign.id}`;
  return rows.map((row) => row.key);
}

/** The campaign locked for the edit, in its workspace; null when it is not there. */
export async function lockCampaign(tx: TransactionSql, workspaceId: string, campaignId: string): Promise<Campaign | null> {
  const [row] = await tx<Campaign[]>`select * from campaigns where id = ${campaignId} and workspace_id = ${workspaceId} for update`;
  return row ?? null;
}

function summaryOf(user: string, changes: readonly Change[], outcome: ReplanOutcome | null, timeZone: string): string {
  const parts = changes.map((change) =>
    change.field === "account" || change.field === "sender pool"
      ? `${change.field} changed`
      : `${change.field} “${escapeMrkdwn(change.before)}” → “${escapeMrkdwn(change.after)}”`,
  );
  const moved = outcome ? ` ${describeOutcome(outcome, timeZone, "did")}` : "";
  return mrkdwnWithin(`<@${user}> edited the campaign: ${parts.join("; ")}.${moved}`, 3000);
}

/**
 * Writes the edit. `settings` holds resolved account ids; `proposalId` is the campaign_edits row
 * of a confirmed proposal (else a new, applied row is written). Returns what moved (launched).
 */
export async function saveEdit(
  tx: TransactionSql,
  ctx: Pick<AppContext, "clock">,
  input: { campaign: Campaign; settings: CampaignSettings; changes: Change[]; editedBy: string; proposalId?: string },
): Promise<ReplanOutcome | null> {
  const { campaign, settings } = input;
  const now = ctx.clock.now();
  const [updated] = await tx<Campaign[]>`
    update campaigns set name = ${settings.name}, campaign_type = ${settings.campaignType}, account_id = ${settings.accountId},
      message_templates = ${tx.json(settings.templates as never)}, time_zone = ${settings.timeZone},
      window_start = ${settings.windowStart}, window_end = ${settings.windowEnd}, sending_days = ${settings.sendingDays},
      holiday_country = ${settings.holidayCountry}, auto_optimise = ${settings.autoOptimise ?? campaign.auto_optimise}, updated_at = now()
    where id = ${campaign.id} and workspace_id = ${campaign.workspace_id}
    returning *`;
  if (!isLaunched(campaign)) {
    // A draft's sender accounts follow the form; a launched campaign's stay (its prospects are assigned).
    await tx`delete from campaign_accounts where campaign_id = ${campaign.id}`;
    const pool = settings.accountId ? [...new Set([settings.accountId, ...settings.moreAccountIds])] : [];
    for (const [position, accountId] of pool.entries()) {
      await tx`insert into campaign_accounts (campaign_id, account_id, position) values (${campaign.id}, ${accountId}, ${position})`;
    }
  }
  // Texts and the name are read at send time: only delays and schedule re-plan anything.
  const outcome = isLaunched(campaign) && changesPlanning(input.changes) ? await applyEditReplan(tx, ctx.clock, updated!, now) : null;
  if (input.proposalId) {
    await tx`
      update campaign_edits set applied_at = ${now}, outcome = ${outcome ? tx.json(outcome as never) : null}
      where id = ${input.proposalId} and campaign_id = ${campaign.id}`;
  } else {
    await tx`
      insert into campaign_edits (campaign_id, workspace_id, edited_by, changes, settings, outcome, campaign_updated_at, proposed_at, applied_at)
      values (${campaign.id}, ${campaign.workspace_id}, ${input.editedBy}, ${tx.json(input.changes as never)},
              ${tx.json(settings as never)}, ${outcome ? tx.json(outcome as never) : null}, ${campaign.updated_at}, ${now}, ${now})`;
  }
  await postInThread(tx, ctx, campaign, summaryOf(input.editedBy, input.changes, outcome, settings.timeZone));
  await refreshAfterCommit(tx, ctx, { campaignIds: [campaign.id], workspaceIds: [campaign.workspace_id] });
  return outcome;
}
