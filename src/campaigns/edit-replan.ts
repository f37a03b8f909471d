// What an edit of a launched campaign does to its queue (issue 16). Texts are read at send time,
// so only the delays and the schedule move messages: pending rows are re-planned by the same
// planner as `/sam preview` and every launch (src/planning), from each prospect's real previous
// send; sent rows are never touched. The preview plans the edited campaign without writing; the
// apply writes the new delays and settings and re-plans, and both tally the outcome the same
// way, so the confirmation shows what saving does.
import type { TransactionSql } from "postgres";
import { DateTime } from "luxon";
import type { Clock } from "../clock.js";
import { enqueue } from "../db/job-queue.js";
import { armAccount } from "../delivery/arm.js";
import { activeCampaignsOf, loadAccount, planFor, replanAccount } from "../planning/account-plan.js";
import type { AccountRow } from "../planning/rules.js";
import type { PlannedSend } from "../schedule/index.js";
import { editedCampaign, type CampaignSettings, stepDelaysOf } from "./campaign-edit.js";
import { type Campaign, poolAccountIds } from "./campaigns.js";
import type { Queryable } from "../db/queryable.js";

/**
 * Planning is bounded so that the confirmation and the save answer within Slack's 3 seconds:
 * above this many queued rows on the campaign's accounts, the edit is confirmed without the
 * preview of what moves, and saving leaves the re-plan to the job that re-plans a resumed
 * campaign (`campaign-resumed`), right after the commit.
 */
export const MAX_PREVIEW_ROWS = 20_000;

export interface ReplanOutcome {
  /** The campaign's pending (or waiting) messages. */
  pending: number;
  /** False for a paused campaign: it is re-planned when resumed. */
  replanned: boolean;
  /** Too large to preview within Slack's time (only in a preview). */
  tooLarge: boolean;
  /** The campaign's messages whose planned time changes, first touches and follow-ups. */
  moved: number;
  movedFollowUps: number;
  /** Messages of other campaigns on the same account(s) that move with them (shared caps). */
  movedOther: number;
  /** The earliest new time among the campaign's moved messages (ISO), or null. */
  firstAffected: string | null;
}

/** The campaign's accounts that are still this workspace's (another workspace's queue is not ours to re-plan). */
async function ownAccounts(sql: Queryable, campaign: Campaign): Promise<AccountRow[]> {
  const accounts: AccountRow[] = [];
  for (const id of await poolAccountIds(sql, campaign)) {
    const account = await loadAccount(sql, id);
    if (account && account.workspace_id === campaign.workspace_id) accounts.push(account);
  }
  return accounts;
}

async function queuedOnAccounts(sql: Queryable, accounts: readonly AccountRow[]): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from send_queue
    where account_id = any(${sql.array(accounts.map((account) => account.id))}::uuid[]) and status in ('pending', 'waiting')`;
  return row!.n;
}

async function pendingCount(sql: Queryable, campaignId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from send_queue where campaign_id = ${campaignId} and status in ('pending', 'waiting')`;
  return row!.n;
}

async function storedTimes(sql: Queryable, planned: readonly PlannedSend[]): Promise<Map<string, number>> {
  const rows = await sql<{ id: string; scheduled_for: Date }[]>`
    select id, scheduled_for from send_queue where id = any(${sql.array(planned.map((send) => send.rowId))}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.scheduled_for.getTime()]));
}

function tally(outcome: ReplanOutcome, campaignId: string, planned: readonly PlannedSend[], before: ReadonlyMap<string, number>) {
  for (const send of planned) {
    if (before.get(send.rowId) === send.at.getTime()) continue;
    if (send.campaignId !== campaignId) {
      outcome.movedOther += 1;
      continue;
    }
    outcome.moved += 1;
    if (send.kind === "follow_up") outcome.movedFollowUps += 1;
    if (!outcome.firstAffected || send.at.toISOString() < outcome.firstAffected) outcome.firstAffected = send.at.toISOString();
  }
}

const emptyOutcome = (pending: number, replanned: boolean): ReplanOutcome => ({
  pending,
  replanned,
  tooLarge: false,
  moved: 0,
  movedFollowUps: 0,
  movedOther: 0,
  firstAffected: null,
});

/** What saving the edit would move, planned now with the new settings; nothing is written. */
export async function previewEditReplan(sql: Queryable, campaign: Campaign, settings: CampaignSettings, now: Date): Promise<ReplanOutcome> {
  const outcome = emptyOutcome(await pendingCount(sql, campaign.id), campaign.status === "active");
  if (!outcome.replanned || outcome.pending === 0) return outcome;
  const accounts = await ownAccounts(sql, campaign);
  if ((await queuedOnAccounts(sql, accounts)) > MAX_PREVIEW_ROWS) return { ...outcome, tooLarge: true };
  const edited = editedCampaign(campaign, settings);
  const delays = new Map([[campaign.id, stepDelaysOf(settings.templates)]]);
  for (const account of accounts) {
    const campaigns = (await activeCampaignsOf(sql, account.id)).map((other) => (other.id === campaign.id ? edited : other));
    const planned = await planFor(sql, account, now, { campaigns, delays });
    tally(outcome, campaign.id, planned, await storedTimes(sql, planned));
  }
  return outcome;
}

/**
 * Writes the edit's delays onto the campaign's queued follow-ups and, when it is active,
 * re-plans its accounts and wakes their dispatch. The campaign row must already hold the new
 * settings (same transaction). Returns what moved.
 */
export async function applyEditReplan(tx: TransactionSql, clock: Clock, campaign: Campaign, now: Date): Promise<ReplanOutcome> {
  const delays = stepDelaysOf(campaign.message_templates);
  if (delays.length > 0) {
    await tx`
      update send_queue q set delay_days = d.delay_days, updated_at = now()
      from unnest(${tx.array(delays.map((_, i) => i + 1))}::int[], ${tx.array(delays)}::numeric[]) as d(step, delay_days)
      where q.campaign_id = ${campaign.id} and q.step = d.step and q.status in ('pending', 'waiting')
        and q.delay_days <> d.delay_days`;
  }
  const outcome = emptyOutcome(await pendingCount(tx, campaign.id), campaign.status === "active");
  if (!outcome.replanned) return outcome;
  const accounts = await ownAccounts(tx, campaign);
  if ((await queuedOnAccounts(tx, accounts)) > MAX_PREVIEW_ROWS) {
    await enqueue(tx, "campaign-resumed", { campaignId: campaign.id }, { maxAttempts: 5 }, clock);
    return { ...outcome, tooLarge: true };
  }
  for (const account of accounts) {
    const before = new Map<string, number>();
    const rows = await tx<{ id: string; scheduled_for: Date }[]>`
      select id, scheduled_for from send_queue where account_id = ${account.id} and status in ('pending', 'waiting')`;
    for (const row of rows) before.set(row.id, row.scheduled_for.getTime());
    const planned = await replanAccount(tx, account, now);
    tally(outcome, campaign.id, planned, before);
    await armAccount(tx, clock, account.id);
  }
  return outcome;
}

/** "12 pending messages move (10 follow-ups); first affected send Tue 1 Dec 09:30 (America/New_York)". */
export function describeOutcome(outcome: ReplanOutcome, timeZone: string, tense: "will" | "did"): string {
  if (outcome.pending === 0) return "No message is queued, so nothing moves.";
  if (!outcome.replanned) {
    return `The campaign is paused: its ${outcome.pending} queued message(s) ${tense === "will" ? "will be" : "are"} re-planned with these settings when it is resumed.`;
  }
  if (outcome.tooLarge) {
    return `Its ${outcome.pending} queued message(s) ${tense === "will" ? "will be" : "are being"} re-planned with the new settings right after saving (too many to plan within Slack's 3 seconds).`;
  }
  if (outcome.moved === 0 && outcome.movedOther === 0) return `None of its ${outcome.pending} queued message(s) ${tense === "will" ? "moves" : "moved"}.`;
  const verb = tense === "will" ? "move" : "moved";
  const first = outcome.firstAffected
    ? `; first affected send ${DateTime.fromISO(outcome.firstAffected).setZone(timeZone).toFormat("ccc d LLL HH:mm")} (${timeZone})`
    : "";
  const others = outcome.movedOther > 0 ? ` ${outcome.movedOther} message(s) of other campaigns on the same account ${verb} with them.` : "";
  return `${outcome.moved} of ${outcome.pending} queued message(s) ${verb} (${outcome.movedFollowUps} follow-up(s))${first}.${others}`;
}
