// Reading and writing campaigns, always within one workspace.
import type { TransactionSql } from "postgres";
import type { CampaignStatus, CampaignType } from "../db/enums.js";
import type { Queryable } from "../db/queryable.js";

export interface MessageTemplates {
  /** The first message (messenger) or the connection-request note (connector), as in the specification. */
  connection_request: string;
  follow_up_messages: string[];
  follow_up_delays: number[];
  /**
   * A/B/n variants (issue 16, migration 021): `variants[step]` lists the texts of B, C and D of
   * that step (0 = first touch, n = follow-up n); the step's usual text is A. Absent or empty for
   * a step without variants.
   */
  variants?: string[][];
}

export interface Campaign {
  id: string;
  workspace_id: string;
  handle: number;
  name: string;
  campaign_type: CampaignType;
  status: CampaignStatus;
  account_id: string | null;
  message_templates: MessageTemplates;
  time_zone: string;
  window_start: string;
  window_end: string;
  sending_days: number[];
  holiday_country: string | null;
  slack_channel_id: string | null;
  slack_thread_ts: string | null;
  created_by: string | null;
  /** Auto-optimise the variants' split (issue 16, migration 021): assigned at claim, by Thompson sampling. */
  auto_optimise: boolean;
  /** Sends per variant of a step before auto-optimise leaves the balanced split. */
  variant_min_sample: number;
  /** DM the owner (created_by) about replies classified interested (issue 14). */
  notify_owner_on_interested: boolean;
  launch_result: unknown;
  launched_at: Date | null;
  completed_at: Date | null;
  /** Why the app paused it (e.g. the Slack app was uninstalled); null when a person did. */
  pause_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export const handleOf = (campaign: Pick<Campaign, "handle">) => `c${campaign.handle}`;

export interface NewCampaign {
  /** A fixed id, for a caller that must reproduce what the id seeds (the variants' split); else a random one. */
  id?: string;
  workspaceId: string;
  name: string;
  campaignType: CampaignType;
  accountId: string | null;
  /** Further accounts of a sender pool (after accountId, which stays the campaign's first). */
  moreAccountIds?: string[];
  templates: MessageTemplates;
  timeZone: string;
  windowStart: string;
  windowEnd: string;
  sendingDays: number[];
  holidayCountry: string | null;
  /** Auto-optimise the variants' split (issue 16); off when absent. */
  autoOptimise?: boolean;
  createdBy: string;
}

export async function createCampaign(tx: TransactionSql, input: NewCampaign): Promise<Campaign> {
  const [counter] = await tx<{ handle: number }[]>`
    update workspaces set campaign_counter = campaign_counter + 1 where id = ${input.workspaceId}
    returning campaign_counter as handle`;
  const [campaign] = await tx<Campaign[]>`
    insert into campaigns (id, workspace_id, handle, name, campaign_type, account_id, message_templates, time_zone,
                           window_start, window_end, sending_days, holiday_country, auto_optimise, created_by)
    values (coalesce(${input.id ?? null}::uuid, gen_random_uuid()), ${input.workspaceId}, ${counter!.handle}, ${input.name.trim()}, ${input.campaignType}, ${input.accountId},
            ${tx.json(input.templates as never)}, ${input.timeZone}, ${input.windowStart}, ${input.windowEnd},
            ${input.sendingDays}, ${input.holidayCountry}, ${input.autoOptimise ?? false}, ${input.createdBy})
    returning *`;
  const pool = input.accountId ? [input.accountId, ...(input.moreAccountIds ?? []).filter((id) => id !== input.accountId)] : [];
  for (const [position, accountId] of [...new Set(pool)].entries()) {
    await tx`insert into campaign_accounts (campaign_id, account_id, position) values (${campaign!.id}, ${accountId}, ${position})`;
  }
  return campaign!;
}

/** A campaign's sender accounts, first one first (campaigns.account_id when the pool table has none). */
export async function poolAccountIds(sql: Queryable, campaign: Pick<Campaign, "id" | "account_id">): Promise<string[]> {
  const rows = await sql<{ account_id: string }[]>`
    select account_id from campaign_accounts where campaign_id = ${campaign.id} order by position, account_id`;
  if (rows.length > 0) return rows.map((row) => row.account_id);
  return campaign.account_id ? [campaign.account_id] : [];
}

export async function nameTaken(sql: Queryable, workspaceId: string, name: string): Promise<boolean> {
  const [row] = await sql`select 1 from campaigns where workspace_id = ${workspaceId} and lower(name) = lower(${name.trim()})`;
  return Boolean(row);
}

export async function campaignById(sql: Queryable, workspaceId: string, id: string): Promise<Campaign | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql<Campaign[]>`select * from campaigns where id = ${id} and workspace_id = ${workspaceId}`;
  return row ?? null;
}

export async function listCampaigns(sql: Queryable, workspaceId: string): Promise<Campaign[]> {
  return sql<Campaign[]>`select * from campaigns where workspace_id = ${workspaceId} order by handle desc`;
}

export async function setCampaignStatus(sql: Queryable, campaignId: string, status: CampaignStatus): Promise<void> {
  await sql`update campaigns set status = ${status}, updated_at = now() where id = ${campaignId}`;
}
