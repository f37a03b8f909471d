// "No person contacted twice too soon" (issue 15): a person who received a first touch (a first
// message or an invitation, really sent) from ANY campaign of the workspace within its recency
// period is skipped at import and at launch, whichever account sent it. The person is matched
// by public identifier (case-insensitive, as normalised from the LinkedIn URL) or by LinkedIn
// provider id. This extends the one-active-campaign-per-person rule to finished campaigns.

import { DateTime } from "luxon";
import type { Queryable } from "../db/queryable.js";
import { DAY_MS } from "../schedule/local-time.js";

export const DEFAULT_RECENCY_DAYS = 90;
export const MAX_RECENCY_DAYS = 3650;

export interface RecentTouch {
  at: Date;
  campaignHandle: number;
}

export async function recencyDays(sql: Queryable, workspaceId: string): Promise<number> {
  const [row] = await sql<{ recency_days: number }[]>`select recency_days from workspaces where id = ${workspaceId}`;
  return row?.recency_days ?? DEFAULT_RECENCY_DAYS;
}

/** The skip reason, e.g. "contacted on 2026-10-31 by campaign c3 (less than 90 days ago)". */
export function recencyReason(touch: RecentTouch, days: number, timeZone: string): string {
  const date = DateTime.fromJSDate(touch.at).setZone(timeZone).toISODate();
  return `contacted on ${date} by campaign c${touch.campaignHandle} (less than ${days} days ago)`;
}

/** Whether any campaign of the workspace made a first touch in the period (a cheap test first). */
export async function anyRecentFirstTouch(sql: Queryable, workspaceId: string, now: Date, days: number): Promise<boolean> {
  if (days <= 0) return false;
  const since = new Date(now.getTime() - days * DAY_MS);
  const rows = await sql`
    select 1 from send_queue q join campaigns c on c.id = q.campaign_id
    where c.workspace_id = ${workspaceId} and q.step = 0 and q.status = 'sent' and q.sent_at > ${since} and q.sent_at <= ${now}
    limit 1`;
  return rows.length > 0;
}

/**
 * The latest first touch within `days` before `now` of each person, by the workspace's campaigns
 * other than `campaignId`. Keys are the caller's; one statement whatever the number of people.
 */
export async function recentFirstTouches(
  sql: Queryable,
  scope: { workspaceId: string; campaignId: string; now: Date; days: number },
  people: ReadonlyArray<{ key: string; publicIdentifier: string; providerId: string | null }>,
): Promise<Map<string, RecentTouch>> {
  const found = new Map<string, RecentTouch>();
  if (scope.days <= 0 || people.length === 0) return found;
  const since = new Date(scope.now.getTime() - scope.days * DAY_MS);
  // Public identifiers are stored normalised (lower case, linkedin-url.ts), so equality finds
  // them by index; provider ids are matched in a second arm, only where known.
  const rows = await sql<{ key: string; at: Date; handle: number }[]>`
    with people as (
      select * from unnest(${sql.array(people.map((person) => person.key))}::text[],
                           ${sql.array(people.map((person) => person.publicIdentifier.toLowerCase()))}::text[],
                           ${sql.array(people.map((person) => person.providerId ?? ""))}::text[]) as u(key, public_identifier, provider_id)
    ), matches as (
      select u.key, p.id as prospect_id, p.campaign_id from people u
      join campaign_prospects p on p.workspace_id = ${scope.workspaceId} and p.public_identifier = u.public_identifier
      union
      select u.key, p.id, p.campaign_id from people u
      join campaign_prospects p on p.provider_id = u.provider_id and p.workspace_id = ${scope.workspaceId}
      where u.provider_id <> ''
    )
    select distinct on (m.key) m.key, q.sent_at as at, c.handle
    from matches m
    join campaigns c on c.id = m.campaign_id and c.workspace_id = ${scope.workspaceId} and c.id <> ${scope.campaignId}
    join send_queue q on q.prospect_id = m.prospect_id and q.campaign_id = m.campaign_id and q.step = 0 and q.status = 'sent'
    where q.sent_at > ${since} and q.sent_at <= ${scope.now}
    order by m.key, q.sent_at desc`;
  for (const row of rows) found.set(row.key, { at: row.at, campaignHandle: row.handle });
  return found;
}
