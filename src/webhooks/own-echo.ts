// Unipile's `messaging` webhook reports every message the account sends, ours included. An echo of
// one of our sends changes nothing, and telling it apart the long way (the chat's prospect, our
// sends to them, their texts: src/delivery/webhooks.ts) cost a job and a dozen statements a send.
// The short way: its message id is the one our send was answered with, on the same Unipile account
// (migration 027 indexes that id). The intake asks it as the event is stored. An echo that came
// before our send's answer was recorded is stored with a job; the send's outcome statement then
// settles it and removes its job (earlyEchoJobKey; migration 028 indexes the unprocessed events'
// message ids), and the job asks again for one that both missed (each committed unseen by the other).
import type { Queryable } from "../db/queryable.js";

/** A condition on the webhook_events row `e`, for `exists (…)`: it is the echo of one of our sends. */
export const ourSendEchoed = (sql: Queryable) => sql`
  select 1 from send_queue q join workspace_accounts a on a.id = q.account_id
  where e.source = 'messaging' and e.event = 'message_received'
    and q.unipile_message_id = e.payload->>'message_id' and a.unipile_account_id = e.payload->>'account_id'
    and q.status = 'sent'`;

/** The job key of a stored event's processing job (prefix + event id), so that the outcome of the send it echoes can remove it. */
export const WEBHOOK_EVENT_JOB_KEY_PREFIX = "webhook-event:";
export const webhookEventJobKey = (eventId: number | string) => `${WEBHOOK_EVENT_JOB_KEY_PREFIX}${eventId}`;
