// Handles one stored Unipile webhook event, once: the handlers per source live with the delivery
// engine (src/delivery/webhooks.ts); an event nobody handles is marked processed so it is not
// looked at again. A failure is recorded on the event and the job retried by graphile-worker.
import type { AppContext } from "../context.js";
import { processStoredEvent } from "../delivery/webhooks.js";
import { safeText } from "../safe-text.js";

export interface ProcessWebhookEventPayload {
  eventId: number;
}

export async function processWebhookEvent(payload: ProcessWebhookEventPayload, ctx: AppContext): Promise<void> {
  try {
    await processStoredEvent(ctx, Number(payload.eventId));
  } catch (error) {
    await ctx.sql`update webhook_events set error = ${safeText((error as Error).message, 1000)} where id = ${payload.eventId}`.catch(
      () => undefined,
    );
    throw error;
  }
}
