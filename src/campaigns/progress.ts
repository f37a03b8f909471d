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
  const byStatus = await sql<{ status: string; count: number }[]>`
    select status, count(*)::int as count from campaign_prospects where campaign_id = ${campaignId} group by status`;
  const queue = await sql<{ message_type: string; status: string; count: number }[]>`
    select message_type, status, count(*)::int as count from send_queue where campaign_id = ${campaignId}
    group by message_type, status order by message_type, status`;
  const [next] = await sql<{ at: Date | null; sent_today: number }[]>`
    select (select min(scheduled_for) from send_queue where campaign_id = ${campaignId} and status = 'pending') as at,
           (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'sent'
              and sent_at >= ${todayStart}) as sent_today`;
  const prospectsByStatus = Object.fromEntries(byStatus.map((row) => [row.status, row.count]));
  const sum = (statuses: string[]) =>
    queue.filter((row) => statuses.includes(row.status)).reduce((total, row) => total + row.count, 0);
  return {
    prospects: byStatus.reduce((total, row) => total + row.count, 0),
    prospectsByStatus,
    queueByTypeAndStatus: queue,
    queued: sum(["pending", "waiting", "sending"]),
    sent: sum(["sent"]),
    failed: sum(["failed"]),
    replied: prospectsByStatus.replied ?? 0,
    nextSendAt: next?.at ?? null,
    sentToday: next?.sent_today ?? 0,
  };
}

/** A ten-cell bar: ▰ for sent, ▱ for the rest. */
export function progressBar(done: number, total: number): string {
  if (total <= 0) return "▱▱▱▱▱▱▱▱▱▱ 0%";
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * 10);
  return `${"▰".repeat(filled)}${"▱".repeat(10 - filled)} ${Math.round(ratio * 100)}%`;
}
