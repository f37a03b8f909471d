// What one person's App Home shows (issue 17): their campaigns (the ones they created), live ones
// first, with progress and reply rate, and the LinkedIn accounts they work with (linked by them or
// sending for one of their campaigns) with what each sent today against today's caps. Everything
// is read within the workspace; another workspace's campaigns and accounts are never counted.

import type { Campaign } from "../campaigns/campaigns.js";
import { type CampaignProgress, campaignProgress } from "../campaigns/progress.js";
import { localDayBounds } from "../schedule/index.js";
import { type AccountStats, accountStats } from "./account-stats.js";
import type { Queryable } from "../db/queryable.js";

/** At most this many campaigns and accounts each (the Home tab holds 100 blocks). */
export const HOME_LIST_LIMIT = 20;

export interface HomeCampaign {
  campaign: Campaign;
  progress: CampaignProgress;
  /** First touches sent, the base of the reply rate. */
  contacted: number;
}

export interface HomeDashboard {
  campaigns: HomeCampaign[];
  /** All of the person's campaigns (more than shown when over HOME_LIST_LIMIT). */
  campaignCount: number;
  /** The workspace's campaigns created by someone else (`/sam list` shows them). */
  othersCampaignCount: number;
  accounts: AccountStats[];
  accountCount: number;
}

export async function homeDashboard(sql: Queryable, workspaceId: string, userId: string, now: Date): Promise<HomeDashboard> {
  const campaigns = await sql<(Campaign & { contacted: number })[]>`
    select c.*, (select count(*)::int from send_queue q where q.campaign_id = c.id and q.step = 0 and q.status = 'sent') as contacted
    from campaigns c
    where c.workspace_id = ${workspaceId} and c.created_by = ${userId}
    order by (c.status in ('active', 'launching', 'paused')) desc, (c.status = 'draft') desc, c.handle desc
    limit ${HOME_LIST_LIMIT}`;
  const [counts] = await sql<{ mine: number; others: number }[]>`
    select count(*) filter (where created_by = ${userId})::int as mine,
           count(*) filter (where created_by is distinct from ${userId})::int as others
    from campaigns where workspace_id = ${workspaceId}`;
  const accountIds = await sql<{ id: string; total: number }[]>`
    select a.id, count(*) over ()::int as total from workspace_accounts a
    where a.workspace_id = ${workspaceId} and a.unlinked_at is null
      and (a.linked_by = ${userId} or exists (
        select 1 from campaigns c left join campaign_accounts ca on ca.campaign_id = c.id
        where c.workspace_id = ${workspaceId} and c.created_by = ${userId}
          and (c.account_id = a.id or ca.account_id = a.id)))
    order by a.name, a.id
    limit ${HOME_LIST_LIMIT}`;
  const today = localDayBounds("UTC", now).start;
  const entries: HomeCampaign[] = [];
  for (const { contacted, ...campaign } of campaigns) {
    entries.push({ campaign: campaign as Campaign, progress: await campaignProgress(sql, campaign.id, today), contacted });
  }
  const accounts: AccountStats[] = [];
  for (const { id } of accountIds) {
    const figures = await accountStats(sql, workspaceId, id, now, 1);
    if (figures) accounts.push(figures);
  }
  return {
    campaigns: entries,
    campaignCount: counts!.mine,
    othersCampaignCount: counts!.others,
    accounts,
    accountCount: accountIds[0]?.total ?? 0,
  };
}
