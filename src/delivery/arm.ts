// Each LinkedIn account has one dispatch job, due exactly when its next queue row is due. This
// re-arms it after every change to the account's queue (launch, send, resume, acceptance).

import type { Clock } from "../clock.js";
import { enqueue } from "../db/job-queue.js";
import type { Queryable } from "../db/queryable.js";

export const dispatchJobKey = (accountId: string) => `dispatch:${accountId}`;

/**
 * Before any other job (graphile-worker takes the lowest priority first, default 0). Every send
 * asks for Slack work (the root message's refresh, then its outbox delivery), so with many
 * campaigns the Slack jobs outnumber the sends; on a busy CPU each job runs longer, and a due
 * dispatch waited behind them for a free worker: the latency under contention reached 10 s.
 * Slack work waits instead; it is paced at seconds anyway.
 */
export const DISPATCH_PRIORITY = -10;

/** Schedules the account's dispatch at its earliest pending row (or `at`, when given). */
export async function armAccount(sql: Queryable, clock: Clock, accountId: string, at?: Date): Promise<Date | null> {
  let due = at ?? null;
  if (!due) {
    const [row] = await sql<{ due: Date | null; cooldown: Date | null }[]>`
      select min(q.scheduled_for) as due, max(a.cooldown_until) as cooldown
      from send_queue q join workspace_accounts a on a.id = q.account_id
      join campaigns c on c.id = q.campaign_id
      where q.account_id = ${accountId} and q.status = 'pending' and c.status = 'active'`;
    due = row?.due ?? null;
    if (due && row?.cooldown && row.cooldown > due) due = row.cooldown;
  }
  if (!due) return null;
  const now = clock.now();
  if (due < now) due = now;
  await enqueue(sql, "dispatch-account", { accountId }, { runAt: due, jobKey: dispatchJobKey(accountId), maxAttempts: 10, priority: DISPATCH_PRIORITY }, clock);
  return due;
}
