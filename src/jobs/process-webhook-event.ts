// Handles one stored Unipile webhook event, once. The handlers per source live with the
// delivery engine; an event nobody handles is marked processed so it is not looked at again.
import type { AppContext } from "../context.js";

export interface ProcessWebhookEventPayload {
  eventId: number;
}

export type WebhookHandler = (
  ctx: AppContext,
  event: { id: number; source: string; event: string | null; payload: Record<string, unknown> },
) => Promise<void>;

const handlers: Record<string, WebhookHandler> = {};

export function onWebhook(source: string, handler: WebhookHandler): void {
  handlers[source] = handler;
}

export async function processWebhookEvent(payload: ProcessWebhookEventPayload, ctx: AppContext): Promise<void> {
  const [row] = await ctx.sql<{ id: number; source: string; event: string | null; payload: Record<string, unknown> }[]>`
    select id, source, event, payload from webhook_events
    where id = ${payload.eventId} and processed_at is null`;
  if (!row) return;
  const handler = handlers[row.source];
  if (handler) await handler(ctx, { ...row, id: Number(row.id) });
  await ctx.sql`update webhook_events set processed_at = ${ctx.clock.now()} where id = ${row.id}`;
}
