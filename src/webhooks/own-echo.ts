// Unipile's `messaging` webhook reports every message the account sends, ours included. An echo of
// one of our sends changes nothing, and telling it apart the long way (the chat's prospect, our
// sends to them, their texts: src/delivery/webhooks.ts) cost a job and a dozen statements a send.
// The short way: its message id is the one our send was answered with, on the same Unipile account
// (migration 027 indexes that id). The intake asks it as the event is stored. An echo that came
// before our send's answer was recorded is stored with a job; the send's outcome statement then
// settles it and removes its job (settleEarlyEcho, removeEchoJob; migration 028 indexes the
// unprocessed events' message ids), and the job asks again for one that both missed (each
// committed unseen by the other).
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
 * For a send's outcome statement: an update marking processed the echo of this send that was
 * stored before the outcome (unprocessed, with a job). The caller adds its own conditions and
 * `returning e.id`.
 */
export const settleEarlyEcho = (sql: Queryable, echo: { messageId: string | null; unipileAccountId: string; at: Date }) => sql`
  update webhook_events e set processed_at = ${echo.at}
  where ${echo.messageId}::text is not null and (e.payload->>'message_id') = ${echo.messageId} and e.processed_at is null
    and e.source = 'messaging' and e.event = 'message_received' and e.payload->>'account_id' = ${echo.unipileAccountId}`;

/** graphile-worker's remove_job for the processing job of the event whose id is the column `id` (one already running loses its key and is not retried). */
export const removeEchoJob = (sql: Queryable) => sql`graphile_worker.remove_job(${WEBHOOK_EVENT_JOB_KEY_PREFIX} || id)`;
