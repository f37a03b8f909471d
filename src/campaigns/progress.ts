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
  // One statement: the root refresh that follows each send asks this, and three round trips were
  // a good part of what that refresh cost.
  const [row] = await sql<
    { by_status: Array<{ status: string; count: number }>; queue: CampaignProgress["queueByTypeAndStatus"]; at: Date | null; sent_today: number }[]
  >`
    select
      coalesce((select json_agg(json_build_object('status', s.status, 'count', s.count))
                from (select status, count(*)::int as count from campaign_prospects where campaign_id = ${campaignId} group by status) s),
               '[]'::json) as by_status,
      coalesce((select json_agg(json_build_object('message_type', q.message_type, 'status', q.status, 'count', q.count)
                                order by q.message_type, q.status)
                from (select message_type, status, count(*)::int as count from send_queue where campaign_id = ${campaignId}
                      group by message_type, status) q),
               '[]'::json) as queue,
      (select min(scheduled_for) from send_queue where campaign_id = ${campaignId} and status = 'pending') as at,
      (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'sent'
         and sent_at >= ${todayStart}) as sent_today`;
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
