// The workspace's LinkedIn accounts (table workspace_accounts). Every read and write takes the
// workspace id and filters by it, so ids arriving from Slack (button values, modal metadata)
// can only ever reach the sender's own workspace's rows.
import type { Sql } from "postgres";
import type { CampaignStatus } from "../db/enums.js";
import type { Queryable } from "../db/queryable.js";

export interface LinkedAccount {
  id: string;
  workspace_id: string;
  platform: "linkedin";
  unipile_account_id: string;
  name: string;
  provider_id: string | null;
  status: "active" | "unavailable";
  status_reason: string | null;
  cooldown_until: Date | null;
  time_zone: string;
  daily_message_cap: number;
  daily_invitation_cap: number;
  weekly_invitation_cap: number;
  min_gap_minutes: number;
  /** 0–1: a first touch waits the minimum gap plus up to this fraction of it, at random. */
  jitter_fraction: number;
  follow_up_min_gap_minutes: number;
  daily_profile_view_budget: number;
  relations_synced_at: Date | null;
  linked_by: string | null;
  // Warm-up ramp (issue 15, src/schedule/caps.ts); optional only so that rows built by hand
  // (tests, previews of surfaces) need not name them: every query of the table returns them.
  /** Set while the account warms up: the instant its ramp counts from. */
  warm_up_from?: Date | null;
  /** Marked "new" in /sam accounts: the ramp runs until it reaches the caps, not only warm_up_days. */
  warm_up_marked?: boolean;
  warm_up_days?: number;
  warm_up_start_invitations?: number;
  warm_up_start_messages?: number;
  warm_up_step_invitations?: number;
  warm_up_step_messages?: number;
  created_at: Date;
  updated_at: Date;
}

/** What the settings modal edits. */
export type AccountSettings = Pick<
  LinkedAccount,
  | "time_zone"
  | "daily_message_cap"
  | "daily_invitation_cap"
  | "weekly_invitation_cap"
  | "min_gap_minutes"
  | "jitter_fraction"
  | "follow_up_min_gap_minutes"
  | "daily_profile_view_budget"
>;

/** Campaign states in which the campaign still sends, or will, from its account. */
export const CAMPAIGN_STATUSES_USING_ACCOUNT = [
  "launching",
  "active",
  "paused",
] as const satisfies readonly CampaignStatus[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// numeric(4,3) comes back from postgres.js as a string; cast it so the type above holds.
const columns = (sql: Queryable) => sql`
  id, workspace_id, platform, unipile_account_id, name, provider_id, status, status_reason, cooldown_until,
  time_zone, daily_message_cap, daily_invitation_cap, weekly_invitation_cap, min_gap_minutes,
  jitter_fraction::float8 as jitter_fraction, follow_up_min_gap_minutes, daily_profile_view_budget,
  relations_synced_at, linked_by, warm_up_from, warm_up_marked, warm_up_days, warm_up_start_invitations,
  warm_up_start_messages, warm_up_step_invitations, warm_up_step_messages, created_at, updated_at`;

export async function linkedAccounts(sql: Queryable, workspaceId: string): Promise<LinkedAccount[]> {
  return sql<LinkedAccount[]>`
    select ${columns(sql)} from workspace_accounts
    where workspace_id = ${workspaceId} and unlinked_at is null
    order by lower(name), created_at`;
}

/** The account by its row id, or null when it is not this workspace's (whatever the id). */
export async function accountForWorkspace(
  sql: Queryable,
  workspaceId: string,
  accountId: string,
): Promise<LinkedAccount | null> {
  if (!UUID.test(accountId)) return null;
  const [row] = await sql<LinkedAccount[]>`
    select ${columns(sql)} from workspace_accounts
    where id = ${accountId} and workspace_id = ${workspaceId} and unlinked_at is null`;
  return row ?? null;
}

/** The account by its Unipile id, or null when it is not linked to this workspace. */
export async function accountByUnipileId(
  sql: Queryable,
  workspaceId: string,
  unipileAccountId: string,
): Promise<LinkedAccount | null> {
  const [row] = await sql<LinkedAccount[]>`
    select ${columns(sql)} from workspace_accounts
    where unipile_account_id = ${unipileAccountId} and workspace_id = ${workspaceId} and unlinked_at is null`;
  return row ?? null;
}

/**
 * Which of these Unipile accounts are linked to some other workspace. Only the fact is
 * returned, never which workspace: a user must not learn who else uses the app.
 */
export async function linkedElsewhere(
  sql: Queryable,
  workspaceId: string,
  unipileAccountIds: readonly string[],
): Promise<Set<string>> {
  if (unipileAccountIds.length === 0) return new Set();
  const rows = await sql<{ unipile_account_id: string }[]>`
    select unipile_account_id from workspace_accounts
    where unipile_account_id = any(${sql.array(unipileAccountIds as string[])}::text[]) and workspace_id <> ${workspaceId}
      and unlinked_at is null`;
  return new Set(rows.map((row) => row.unipile_account_id));
}

export interface NewLink {
  workspaceId: string;
  unipileAccountId: string;
  name: string;
  providerId: string | null;
  timeZone: string;
  linkedBy: string;
  /** When set, a first link starts the account's warm-up ramp then (a relink keeps its state). */
  linkedAt?: Date;
}

export type LinkResult =
  | { outcome: "linked"; account: LinkedAccount }
  | { outcome: "already_linked"; account: LinkedAccount }
  | { outcome: "linked_elsewhere" };

/**
 * Links a Unipile account with the default caps. The UNIQUE unipile_account_id decides races:
 * of two concurrent clicks one inserts and the other finds the row, so there is never a second.
 */
export async function linkAccount(sql: Queryable, link: NewLink): Promise<LinkResult> {
  const [inserted] = await sql<LinkedAccount[]>`
    insert into workspace_accounts (workspace_id, platform, unipile_account_id, name, provider_id, time_zone, linked_by, warm_up_from)
    values (${link.workspaceId}, 'linkedin', ${link.unipileAccountId}, ${link.name}, ${link.providerId},
            ${link.timeZone}, ${link.linkedBy}, ${link.linkedAt ?? null})
    on conflict (unipile_account_id) do update
      set workspace_id = excluded.workspace_id, name = excluded.name,
          provider_id = coalesce(excluded.provider_id, workspace_accounts.provider_id),
          linked_by = excluded.linked_by, unlinked_at = null, updated_at = now()
      -- Relinking an unlinked account reuses its row and so its send history (the caps hold).
      where workspace_accounts.unlinked_at is not null
    returning ${columns(sql)}`;
  if (inserted) return { outcome: "linked", account: inserted };
  const existing = await accountByUnipileId(sql, link.workspaceId, link.unipileAccountId);
  return existing ? { outcome: "already_linked", account: existing } : { outcome: "linked_elsewhere" };
}

export interface CampaignUsingAccount {
  id: string;
  handle: number;
  name: string;
  status: CampaignStatus;
}

export async function campaignsUsingAccount(
  sql: Queryable,
  workspaceId: string,
  accountId: string,
): Promise<CampaignUsingAccount[]> {
  return sql<CampaignUsingAccount[]>`
    select id, handle, name, status from campaigns c
    where workspace_id = ${workspaceId}
      -- The first account, or one of a sender pool's.
      and (account_id = ${accountId}
           or exists (select 1 from campaign_accounts ca where ca.campaign_id = c.id and ca.account_id = ${accountId}))
      and status in ${sql([...CAMPAIGN_STATUSES_USING_ACCOUNT])}
    order by handle`;
}

export type UnlinkResult =
  | { outcome: "unlinked"; account: LinkedAccount }
  | { outcome: "not_linked" }
  | { outcome: "in_use"; account: LinkedAccount; campaigns: CampaignUsingAccount[] };

/**
 * Removes the link unless a live campaign still sends from the account. The account row is
 * locked first, so a campaign launched by code that also locks it cannot slip in between the
 * check and the delete. Campaigns keep their history and their account_id; if another
 * workspace links the account later, they may no longer use it (see ownership.ts).
 */
export async function unlinkAccount(sql: Sql, workspaceId: string, accountId: string): Promise<UnlinkResult> {
  if (!UUID.test(accountId)) return { outcome: "not_linked" };
  return sql.begin(async (tx) => {
    const [account] = await tx<LinkedAccount[]>`
      select ${columns(tx)} from workspace_accounts
      where id = ${accountId} and workspace_id = ${workspaceId} and unlinked_at is null
      for update`;
    if (!account) return { outcome: "not_linked" } as const;
    const campaigns = await campaignsUsingAccount(tx, workspaceId, accountId);
    if (campaigns.length > 0) return { outcome: "in_use", account, campaigns } as const;
    await tx`update workspace_accounts set unlinked_at = now(), updated_at = now()
             where id = ${accountId} and workspace_id = ${workspaceId}`;
    return { outcome: "unlinked", account } as const;
  });
}

/** Saves the settings; null when the account is not this workspace's (nothing is changed). */
export async function updateAccountSettings(
  sql: Queryable,
  workspaceId: string,
  accountId: string,
  settings: AccountSettings,
): Promise<LinkedAccount | null> {
  if (!UUID.test(accountId)) return null;
  const [row] = await sql<LinkedAccount[]>`
    update workspace_accounts set
      time_zone = ${settings.time_zone},
      daily_message_cap = ${settings.daily_message_cap},
      daily_invitation_cap = ${settings.daily_invitation_cap},
      weekly_invitation_cap = ${settings.weekly_invitation_cap},
      min_gap_minutes = ${settings.min_gap_minutes},
      jitter_fraction = ${settings.jitter_fraction},
      follow_up_min_gap_minutes = ${settings.follow_up_min_gap_minutes},
      daily_profile_view_budget = ${settings.daily_profile_view_budget},
      updated_at = now()
    where id = ${accountId} and workspace_id = ${workspaceId} and unlinked_at is null
    returning ${columns(sql)}`;
  return row ?? null;
}
