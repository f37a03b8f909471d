// The workspace's figures for `/sam stats` without a campaign and its weekly report: campaigns by
// status, totals, the best campaigns by reply rate (with their sample sizes), this week against the
// week before, and each linked account's figures (account-stats.ts). Every query names the
// workspace, so nothing of another workspace is counted.
//
// Definitions: a campaign's reply rate is its prospects who replied (replied_at, or an inbound
// message after our first touch) over its sent first touches; a campaign is ranked only from
// BEST_MIN_SENT first touches, below which a rate says little. A "week" is the 7 days up to now.

import { type AccountStats, accountStats } from "./account-stats.js";
import type { Queryable } from "../db/queryable.js";
import { DAY_MS } from "../schedule/local-time.js";

/** A campaign needs this many sent first touches before it is ranked among the best. */
export const BEST_MIN_SENT = 20;

export interface CampaignRate {
  campaignId: string;
  handle: number;
  /** Outside text: escape before it reaches Slack. */
  name: string;
  status: string;
  sent: number;
  replied: number;
  rate: number | null;
}

export interface WorkspaceStats {
  campaignsByStatus: Record<string, number>;
  totals: { prospects: number; sent: number; replied: number };
  /** Campaigns with at least BEST_MIN_SENT first touches, highest reply rate first (at most 5). */
  best: CampaignRate[];
  /** Every campaign's rate, for the chart and the text (active and paused first). */
  campaigns: CampaignRate[];
  /** Messages sent and replies received: the last 7 days and the 7 before. */
  week: { sent: number; replied: number };
  previousWeek: { sent: number; replied: number };
  accounts: AccountStats[];
}

export async function workspaceStats(sql: Queryable, workspaceId: string, now: Date): Promise<WorkspaceStats> {
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const twoWeeksAgo = new Date(now.getTime() - 14 * DAY_MS);
  const [campaigns, prospects, sends, replies, accounts] = await Promise.all([
    sql<{ id: string; handle: number; name: string; status: string; sent: number; replied: number }[]>`
      with first_touch as (
        select q.campaign_id, q.prospect_id, q.sent_at
        from send_queue q join campaigns c on c.id = q.campaign_id
        where c.workspace_id = ${workspaceId} and q.step = 0 and q.status = 'sent' and q.sent_at <= ${now}
      ), inbound as (
        select prospect_id, min(at) as at from conversation_messages
        where workspace_id = ${workspaceId} and direction = 'inbound' group by prospect_id
      )
      select c.id, c.handle, c.name, c.status,
             count(f.prospect_id)::int as sent,
             count(f.prospect_id) filter (
               where least(p.replied_at, i.at) > f.sent_at and least(p.replied_at, i.at) <= ${now})::int as replied
      from campaigns c
      left join first_touch f on f.campaign_id = c.id
      left join campaign_prospects p on p.id = f.prospect_id
      left join inbound i on i.prospect_id = f.prospect_id
      where c.workspace_id = ${workspaceId}
      group by c.id
      order by (c.status in ('active', 'launching', 'paused')) desc, c.handle`,
    sql<{ prospects: number }[]>`
      select count(*)::int as prospects from campaign_prospects where workspace_id = ${workspaceId}`,
    sql<{ sent: number; week: number; previous: number }[]>`
      select count(*)::int as sent,
             count(*) filter (where q.sent_at > ${weekAgo})::int as week,
             count(*) filter (where q.sent_at > ${twoWeeksAgo} and q.sent_at <= ${weekAgo})::int as previous
      from send_queue q join campaigns c on c.id = q.campaign_id
      where c.workspace_id = ${workspaceId} and q.status = 'sent' and q.sent_at <= ${now}`,
    sql<{ week: number; previous: number }[]>`
      with replies as (
        select least(p.replied_at, (select min(m.at) from conversation_messages m
                                    where m.prospect_id = p.id and m.direction = 'inbound')) as at
        from campaign_prospects p
        where p.workspace_id = ${workspaceId}
          and (p.replied_at is not null or exists (
            select 1 from conversation_messages m where m.prospect_id = p.id and m.direction = 'inbound'))
      )
      select count(*) filter (where at > ${weekAgo} and at <= ${now})::int as week,
             count(*) filter (where at > ${twoWeeksAgo} and at <= ${weekAgo})::int as previous
      from replies`,
    sql<{ id: string }[]>`
      select id from workspace_accounts where workspace_id = ${workspaceId} and unlinked_at is null order by name, id`,
  ]);
  const rates: CampaignRate[] = campaigns.map((row) => ({
    campaignId: row.id,
    handle: row.handle,
    name: row.name,
    status: row.status,
    sent: row.sent,
    replied: row.replied,
    rate: row.sent > 0 ? row.replied / row.sent : null,
  }));
  const campaignsByStatus: Record<string, number> = {};
  for (const row of rates) campaignsByStatus[row.status] = (campaignsByStatus[row.status] ?? 0) + 1;
  const best = rates
    .filter((row) => row.sent >= BEST_MIN_SENT)
    .sort((a, b) => b.rate! - a.rate! || b.sent - a.sent || a.handle - b.handle)
    .slice(0, 5);
  const accountFigures: AccountStats[] = [];
  for (const account of accounts) {
    const figures = await accountStats(sql, workspaceId, account.id, now, 7);
    if (figures) accountFigures.push(figures);
  }
  return {
    campaignsByStatus,
    totals: {
      prospects: prospects[0]!.prospects,
      sent: sends[0]!.sent,
      replied: rates.reduce((sum, row) => sum + row.replied, 0),
    },
    best,
    campaigns: rates,
    week: { sent: sends[0]!.week, replied: replies[0]!.week },
    previousWeek: { sent: sends[0]!.previous, replied: replies[0]!.previous },
    accounts: accountFigures,
  };
}
