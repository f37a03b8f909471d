// Where a campaign is planned: every pending send of one LinkedIn account, across all its
// active campaigns, is (re)placed by the scheduling rules and its projected scheduled_for stored.
// Run at launch, on resume, after a cooldown, and whenever another campaign starts on the account.

import type { Campaign } from "../campaigns/campaigns.js";
import { type PastSend, type PlannedSend, type PlanStep, planAccountInSlices, type ProspectSequence } from "../schedule/index.js";
import { accountRulesNow } from "./account-safety.js";
import { type AccountRow, seededRandom, windowOf } from "./rules.js";
import type { Queryable } from "../db/queryable.js";

const HISTORY_DAYS = 8;
const ROWS_PER_SLICE = 20_000;

interface QueueRow {
  id: string;
  campaign_id: string;
  prospect_id: string;
  step: number;
  status: string;
  delay_days: string | number;
  sent_at: Date | null;
  not_before: Date | null;
  connection_accepted_at: Date | null;
}

export interface PlanScope {
  /** Campaigns whose rows are planned; their statuses are not checked here. */
  campaigns: Campaign[];
  /** Extra campaigns to plan as if they were launched (preview of a draft). */
  hypothetical?: Array<{ campaign: Campaign; sequences: ProspectSequence[] }>;
  /** A plan reaching past this is refused (PlanBeyondHorizonError): set for launches and their previews. */
  horizon?: Date;
  /**
   * Follow-up delays to plan with instead of the rows' own `delay_days`, per campaign id (index
   * n − 1 for follow-up n): an edit's preview plans its new delays without writing them.
   */
  delays?: ReadonlyMap<string, readonly number[]>;
}

/**
 * The account's sends of the last HISTORY_DAYS up to `now` (sent_at, message_type, step), as a
 * query fragment: the claim reads them in its account statement. Answers sent from Slack count
 * toward the account's messages (a follow-up, not a first touch).
 */
export function accountHistoryRows(sql: Queryable, accountId: string, now: Date) {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  return sql<HistoryRow[]>`
    select sent_at, message_type, step from send_queue
    where account_id = ${accountId} and status = 'sent' and sent_at >= ${since} and sent_at <= ${now}
    union all
    select sent_at, 'slack_reply', 1 from slack_replies
    where account_id = ${accountId} and status = 'sent' and sent_at >= ${since} and sent_at <= ${now}`;
}

interface HistoryRow {
  /** A string when read as JSON (the claim's account statement). */
  sent_at: Date | string;
  message_type: string;
  step: number;
}

/** History rows as the scheduling rules count them. */
export function pastSends(rows: readonly HistoryRow[]): PastSend[] {
  return rows.map((row) => ({
    at: new Date(row.sent_at),
    kind: row.message_type === "connection_request" ? "invitation" : "message",
    isFirstTouch: row.step === 0,
  }));
}

export async function accountHistory(sql: Queryable, accountId: string, now: Date): Promise<PastSend[]> {
  return pastSends(await accountHistoryRows(sql, accountId, now));
}

/**
 * The remaining steps of every prospect of these campaigns, as the planner wants them; with
 * accountId, only the rows that account sends (a sender pool spreads a campaign over several).
 */
export async function remainingSequences(
  sql: Queryable,
  campaigns: Campaign[],
  accountId?: string,
  delays?: PlanScope["delays"],
): Promise<ProspectSequence[]> {
  if (campaigns.length === 0) return [];
  const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  const rows = await sql<QueueRow[]>`
    select q.id, q.campaign_id, q.prospect_id, q.step, q.status, q.delay_days, q.sent_at, q.not_before, p.connection_accepted_at
    from send_queue q join campaign_prospects p on p.id = q.prospect_id
    where q.campaign_id = any(${sql.array(campaigns.map((campaign) => campaign.id))}::uuid[])
      and q.status in ('pending', 'waiting', 'sent')
      ${accountId ? sql`and q.account_id = ${accountId}` : sql``}
    order by q.prospect_id, q.step`;
  const sequences: ProspectSequence[] = [];
  let current: ProspectSequence | null = null;
  let currentProspect = "";
  for (const [index, row] of rows.entries()) {
    // 100,000 prospects are 300,000 rows: the event loop gets a turn between slices of them.
    if (index % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    if (row.prospect_id !== currentProspect) {
      currentProspect = row.prospect_id;
      current = { campaignId: row.campaign_id, prospectKey: row.prospect_id, steps: [] };
      sequences.push(current);
    }
    if (!current) continue;
    if (row.status === "sent") {
      // Only what follows the last real send is planned; delays count from that send.
      current.steps = [];
      current.previousSentAt = row.sent_at ?? undefined;
      continue;
    }
    const campaign = byId.get(row.campaign_id)!;
    const kind: PlanStep["kind"] =
      row.step > 0 ? "follow_up" : campaign.campaign_type === "connector" ? "invitation" : "first_message";
    const delayDays = (row.step > 0 ? delays?.get(row.campaign_id)?.[row.step - 1] : undefined) ?? Number(row.delay_days);
    const step: PlanStep = { rowId: row.id, kind, delayDays };
    // A connector's first follow-up counts from the acceptance, once it is known.
    if (row.step === 1 && campaign.campaign_type === "connector" && row.connection_accepted_at) {
      step.notBefore = new Date(row.connection_accepted_at.getTime() + delayDays * 86_400_000);
    }
    // Held back by an out-of-office reply.
    if (row.not_before && (!step.notBefore || row.not_before > step.notBefore)) step.notBefore = row.not_before;
    current.steps.push(step);
  }
  return sequences.filter((sequence) => sequence.steps.length > 0);
}

export async function planFor(sql: Queryable, account: AccountRow, now: Date, scope: PlanScope): Promise<PlannedSend[]> {
  const byId = new Map<string, Campaign>();
  for (const campaign of [...scope.campaigns, ...(scope.hypothetical ?? []).map((entry) => entry.campaign)]) {
    byId.set(campaign.id, campaign);
  }
  const campaigns = [...byId.values()];
  const sequences = [
    ...(await remainingSequences(sql, scope.campaigns, account.id, scope.delays)),
    ...(scope.hypothetical ?? []).flatMap((entry) => entry.sequences),
  ];
  if (sequences.length === 0) return [];
  // In slices: this runs in the process that acknowledges Slack, at any campaign size.
  return planAccountInSlices({
    now,
    account: await accountRulesNow(sql, account, now),
    history: await accountHistory(sql, account.id, now),
    campaigns: campaigns.map((campaign) => ({ id: campaign.id, window: windowOf(campaign) })),
    sequences,
    random: seededRandom(`${account.id}:${now.toISOString().slice(0, 13)}`),
    horizon: scope.horizon,
  });
}

/** The active campaigns sending from the account: those it is the first account of, and the pools it is in. */
export async function activeCampaignsOf(sql: Queryable, accountId: string): Promise<Campaign[]> {
  return sql<Campaign[]>`
    select * from campaigns c
    where status in ('active', 'launching')
      and (account_id = ${accountId}
           or exists (select 1 from campaign_accounts ca where ca.campaign_id = c.id and ca.account_id = ${accountId}))`;
}

async function storePlannedTimes(sql: Queryable, planned: PlannedSend[]): Promise<void> {
  const chunk = 5000;
  for (let i = 0; i < planned.length; i += chunk) {
    const part = planned.slice(i, i + chunk);
    await sql`
      update send_queue q set scheduled_for = u.at, updated_at = now()
      from unnest(${sql.array(part.map((send) => send.rowId))}::uuid[], ${sql.array(part.map((send) => send.at.toISOString()))}::timestamptz[]) as u(id, at)
      where q.id = u.id and q.status in ('pending', 'waiting') and q.scheduled_for is distinct from u.at`;
  }
}

/** Re-plans the account's active campaigns and stores each row's projected time. */
export async function replanAccount(sql: Queryable, account: AccountRow, now: Date): Promise<PlannedSend[]> {
  const planned = await planFor(sql, account, now, { campaigns: await activeCampaignsOf(sql, account.id) });
  await storePlannedTimes(sql, planned);
  return planned;
}

/**
 * Plans rows about to be inserted (their ids chosen by the caller) together with everything
 * already queued on the account, stores the new times of the existing rows, and returns the
 * times for the new ones, so that a launch writes each new row once. A plan that reaches past
 * the horizon throws PlanBeyondHorizonError before anything is stored.
 */
export async function planNewRows(
  sql: Queryable,
  account: AccountRow,
  now: Date,
  campaign: Campaign,
  sequences: ProspectSequence[],
  horizon?: Date,
): Promise<Map<string, Date>> {
  const planned = await planFor(sql, account, now, {
    campaigns: await activeCampaignsOf(sql, account.id),
    hypothetical: [{ campaign, sequences }],
    horizon,
  });
  const fresh = new Set(sequences.flatMap((sequence) => sequence.steps.map((step) => step.rowId)));
  await storePlannedTimes(sql, planned.filter((send) => !fresh.has(send.rowId)));
  return new Map(planned.filter((send) => fresh.has(send.rowId)).map((send) => [send.rowId, send.at]));
}

export async function loadAccount(sql: Queryable, accountId: string): Promise<AccountRow | null> {
  const [row] = await sql<AccountRow[]>`select * from workspace_accounts where id = ${accountId}`;
  return row ?? null;
}
