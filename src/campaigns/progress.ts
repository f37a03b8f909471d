// The numbers a campaign's root message, App Home and `/sam status` show.
import type { Sql, TransactionSql } from "postgres";

export interface CampaignProgress {
  prospects: number;
  prospectsByStatus: Record<string, number>;
  queueByTypeAndStatus: Array<{ message_type: string; status: string; count: number }>;
  queued: number;
  sent: number;
  failed: number;
  replied: number;
  nextSendAt: Date | null;
  sentToday: number;
}

export async function campaignProgress(
  sql: Sql | TransactionSql,
  campaignId: string,
  todayStart: Date,
): Promise<CampaignProgress> {
  // One statement, and one pass over the campaign's queue rows: the root refresh that follows each
  // send asks this, and so do `/sam status`, `/sam list` and the App Home. Three round trips were a
  // good part of what that refresh cost; then three passes over the rows (the counts, the next
  // pending row, today's sends), on a campaign of 100,000 prospects each a scan of its 300,000 rows.
  const [row] = await sql<
    { by_status: Array<{ status: string; count: number }>; queue: CampaignProgress["queueByTypeAndStatus"]; at: Date | null; sent_today: number }[]
  >`
    with queue_counts as (
      select message_type, status, count(*)::int as count,
             min(scheduled_for) filter (where status = 'pending') as next_at,
             count(*) filter (where status = 'sent' and sent_at >= ${todayStart})::int as sent_today
      from send_queue where campaign_id = ${campaignId}
      group by message_type, status
    )
    select
      coalesce((select json_agg(json_build_object('status', s.status, 'count', s.count))
                from (select status, count(*)::int as count from campaign_prospects where campaign_id = ${campaignId} group by status) s),
               '[]'::json) as by_status,
      coalesce((select json_agg(json_build_object('message_type', q.message_type, 'status', q.status, 'count', q.count)
                                order by q.message_type, q.status)
                from queue_counts q),
               '[]'::json) as queue,
      (select min(next_at) from queue_counts) as at,
      (select coalesce(sum(sent_today), 0)::int from queue_counts) as sent_today`;
  const { by_status: byStatus, queue } = row!;
  const prospectsByStatus = Object.fromEntries(byStatus.map((entry) => [entry.status, entry.count]));
  const sum = (statuses: string[]) =>
    queue.filter((entry) => statuses.includes(entry.status)).reduce((total, entry) => total + entry.count, 0);
  return {
    prospects: byStatus.reduce((total, entry) => total + entry.count, 0),
    prospectsByStatus,
    queueByTypeAndStatus: queue,
    queued: sum(["pending", "waiting", "sending"]),
    sent: sum(["sent"]),
    failed: sum(["failed"]),
    replied: prospectsByStatus.replied ?? 0,
    nextSendAt: row!.at,
    sentToday: row!.sent_today,
  };
}

/** A ten-cell bar: ▰ for sent, ▱ for the rest. */
export function progressBar(done: number, total: number): string {
  if (total <= 0) return "▱▱▱▱▱▱▱▱▱▱ 0%";
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * 10);
  return `${"▰".repeat(filled)}${"▱".repeat(10 - filled)} ${Math.round(ratio * 100)}%`;
}
