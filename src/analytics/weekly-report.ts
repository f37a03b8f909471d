// The weekly report (issue 17, migration 024): each active campaign's in its thread on Monday from
// 09:00 in the campaign's time zone, and the workspace's in SAM_CHANNEL on Monday from 09:00 in
// the workspace's report time zone. A tick (the `weekly-reports` cron, every 15 minutes) claims
// each week due now in weekly_reports and queues its `weekly-report` job in the same transaction:
// a week is posted once, whichever process ticks, and not at all when the report is off. A week
// not claimed by Monday midnight (the app was down all Monday) is skipped: a "weekly" report on a
// Wednesday would mislead more than help.
import { DateTime } from "luxon";
import type { Sql } from "postgres";
import type { Clock } from "../clock.js";
import { enqueue } from "../db/job-queue.js";

export const WEEKLY_REPORT_HOUR = 9;

/**
 * The Monday (local yyyy-mm-dd) whose report is due at `now` in `zone`, or null: due on Monday
 * from 09:00 local time until midnight. Luxon reads the zone's offset at `now`, so the hour is
 * right on either side of a daylight-saving change.
 */
export function dueWeek(zone: string, now: Date): string | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid || local.weekday !== 1 || local.hour < WEEKLY_REPORT_HOUR) return null;
  return local.toISODate();
}

export interface WeeklyReportPayload {
  workspaceId: string;
  /** Absent: the workspace's report. */
  campaignId?: string;
  /** The local date of the week's Monday. */
  week: string;
}

/** Claims every report due at the clock's now and queues it; returns what it queued. */
export async function tickWeeklyReports(sql: Sql, clock: Clock): Promise<WeeklyReportPayload[]> {
  const now = clock.now();
  const queued: WeeklyReportPayload[] = [];
  const campaigns = await sql<{ id: string; workspace_id: string; time_zone: string }[]>`
    select c.id, c.workspace_id, c.time_zone
    from campaigns c join workspaces w on w.id = c.workspace_id
    where c.status = 'active' and c.weekly_report and w.weekly_reports and w.slack_access_lost_at is null`;
  for (const campaign of campaigns) {
    const week = dueWeek(campaign.time_zone, now);
    if (!week) continue;
    const payload = { workspaceId: campaign.workspace_id, campaignId: campaign.id, week };
    if (await claim(sql, clock, payload)) queued.push(payload);
  }
  // A workspace with an active campaign has something to report; one without stays quiet.
  const workspaces = await sql<{ id: string; weekly_report_time_zone: string }[]>`
    select w.id, w.weekly_report_time_zone from workspaces w
    where w.weekly_reports and w.slack_access_lost_at is null
      and exists (select 1 from campaigns c where c.workspace_id = w.id and c.status = 'active')`;
  for (const workspace of workspaces) {
    const week = dueWeek(workspace.weekly_report_time_zone, now);
    if (!week) continue;
    const payload = { workspaceId: workspace.id, week };
    if (await claim(sql, clock, payload)) queued.push(payload);
  }
  return queued;
}

async function claim(sql: Sql, clock: Clock, payload: WeeklyReportPayload): Promise<boolean> {
  return sql.begin(async (tx) => {
    const claimed = payload.campaignId
      ? await tx`
          insert into weekly_reports (workspace_id, campaign_id, week_start, claimed_at)
          values (${payload.workspaceId}, ${payload.campaignId}, ${payload.week}, ${clock.now()})
          on conflict (campaign_id, week_start) where campaign_id is not null do nothing returning id`
      : await tx`
          insert into weekly_reports (workspace_id, campaign_id, week_start, claimed_at)
          values (${payload.workspaceId}, null, ${payload.week}, ${clock.now()})
          on conflict (workspace_id, week_start) where campaign_id is null do nothing returning id`;
    if (claimed.length === 0) return false;
    await enqueue(tx, "weekly-report", { ...payload }, { maxAttempts: 5 }, clock);
    return true;
  });
}

/** "Mon 30 Nov 2026": how the report names its week. */
export function weekName(week: string): string {
  return DateTime.fromISO(week, { zone: "UTC" }).toFormat("ccc d LLL yyyy");
}
