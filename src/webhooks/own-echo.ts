// Unipile's `messaging` webhook reports every message the account sends, ours included. An echo of
// one of our sends changes nothing, and telling it apart the long way (the chat's prospect, our
// sends to them, their texts: src/delivery/webhooks.ts) cost a job and a dozen statements a send.
// The short way: its message id is the one our send was answered with, on the same Unipile account
// (migration 027 indexes that id). The intake asks it as the event is stored.
//
// An echo can come before our send's answer is recorded (the sandbox sends it before answering,
// as Unipile may). A message event that arrives while its account has a send in flight is stored
// waiting for that send (migration 029) rather than with a job: the send's outcome settles its
// own echo and gives every other waiting event of the account its job (a reply, a message typed
// by hand), so neither an add_job nor a remove_job is spent on an echo. A failed or cancelled
// send releases them the same way. The row lock of sendsInFlight keeps the intake and the
// outcome from missing each other; the sweep releases any event still waiting after 30 seconds
// (a send whose outcome never came: its process died), and an event's job asks again whether it
// is our echo before doing anything.
import type { Clock } from "../clock.js";
import { addJobPerRow } from "../db/job-queue.js";
import type { Queryable } from "../db/queryable.js";

/** A condition on the webhook_events row `e`, for `exists (…)`: it is the echo of one of our sends. */
export const ourSendEchoed = (sql: Queryable) => sql`
  select 1 from send_queue q join workspace_accounts a on a.id = q.account_id
  where e.source = 'messaging' and e.event = 'message_received'
    and q.unipile_message_id = e.payload->>'message_id' and a.unipile_account_id = e.payload->>'account_id'
    and q.status = 'sent'`;

/** The job key of a stored event's processing job, so that the outcome of the send it echoes can remove it. */
const WEBHOOK_EVENT_JOB_KEY_PREFIX = "webhook-event:";
export const webhookEventJobKey = (eventId: number | string) => `${WEBHOOK_EVENT_JOB_KEY_PREFIX}${eventId}`;

/**
 * For the intake's statement, a CTE body over its event `e`: the account's sends in flight at the
 * statement's start (a handful of rows, index send_queue_sending), locked FOR SHARE and read as
 * they are once locked. A send whose outcome is being recorded holds its row: the intake waits
 * for the outcome's commit and reads the row recorded (status 'sent', its message id), so it can
 * tell its own echo. One not being recorded is locked until the intake commits, so an outcome
 * starting meanwhile waits, and its later statement (settleEchoAndRelease) sees the event stored.
 */
export const sendsInFlight = (sql: Queryable) => sql`
  select q.status, q.unipile_message_id from send_queue q
  where q.id in (select s.id from send_queue s join workspace_accounts a on a.id = s.account_id, e
                 where s.status = 'sending' and e.source = 'messaging' and a.unipile_account_id = e.payload->>'account_id')
  for share of q`;

/**
 * After a send's outcome statement recorded it sent (and so locked its row: see sendsInFlight),
 * in the same transaction: the account's events waiting for a send, and an unprocessed echo of
 * this send stored with a job (the sweep gave it one). This send's echo is marked processed and
 * its job, if any, removed; the others stop waiting and get their jobs.
 */
export async function settleEchoAndRelease(
  sql: Queryable,
  clock: Clock,
  send: { messageId: string | null; unipileAccountId: string; at: Date },
): Promise<void> {
  await sql`
    with events as (
      update webhook_events e set waits_for_send_since = null,
        processed_at = case when (e.payload->>'message_id') = ${send.messageId} and e.event = 'message_received' then ${send.at}
                            else e.processed_at end
      where e.id in (
        select w.id from webhook_events w
        where w.waits_for_send_since is not null and w.payload->>'account_id' = ${send.unipileAccountId}
        union
        select w.id from webhook_events w
        where ${send.messageId}::text is not null and (w.payload->>'message_id') = ${send.messageId} and w.processed_at is null
          and w.source = 'messaging' and w.event = 'message_received' and w.payload->>'account_id' = ${send.unipileAccountId})
      returning e.id, e.processed_at is not null as settled
    )
    select (select count(${removeEchoJob(sql)}) from events where settled) as settled,
           (select count(${addEventJob(sql, clock)}) from events where not settled) as released`;
}

/**
 * graphile-worker's add_job for the processing job of the event whose id is the column `id`, as
 * enqueue() would add it: due now on the app clock, keyed by the event. A new key each time (an
 * event has no job while it waits), so add_job's race with a locked keyed job cannot arise.
 */
export const addEventJob = (sql: Queryable, clock: Clock) =>
  addJobPerRow(sql, clock, "process-webhook-event", sql`'eventId', id`, sql`${WEBHOOK_EVENT_JOB_KEY_PREFIX} || id`);

/**
 * Gives their jobs to the events waiting for a send of the account (its send failed or was not
 * made), or, for the sweep, to those waiting longer than `waitedMs` of real time. How many.
 */
export async function releaseEventsWaitingForSend(
  sql: Queryable,
  clock: Clock,
  which: { unipileAccountId: string } | { waitedMs: number },
): Promise<number> {
  const [row] = await sql<{ released: number }[]>`
    with released as (
      update webhook_events e set waits_for_send_since = null
      where e.waits_for_send_since is not null and ${
        "unipileAccountId" in which
          ? sql`e.payload->>'account_id' = ${which.unipileAccountId}`
          : sql`e.waits_for_send_since < now() - ${which.waitedMs / 1000} * interval '1 second'`
      }
      returning e.id
    )
    select count(${addEventJob(sql, clock)})::int as released from released`;
  return row?.released ?? 0;
}

/** Real time an event may wait for its account's send before the sweep gives it its job. */
export const EVENT_WAIT_LIMIT_MS = 30_000;

/** The sweep's part: jobs for the events that waited longer than EVENT_WAIT_LIMIT_MS (their send's outcome never came). */
export const releaseLongWaitingEvents = (sql: Queryable, clock: Clock) =>
  releaseEventsWaitingForSend(sql, clock, { waitedMs: EVENT_WAIT_LIMIT_MS });

/** graphile-worker's remove_job for the processing job of the event whose id is the column `id` (one already running loses its key and is not retried). */
export const removeEchoJob = (sql: Queryable) => sql`graphile_worker.remove_job(${WEBHOOK_EVENT_JOB_KEY_PREFIX} || id)`;
