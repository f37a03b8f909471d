// The events outbound webhooks carry (issue 19). Rows of outbound_events are written by the
// triggers of migration 023, in the transaction of the change they describe; `webhook.test` only
// by `/sam webhooks test` and POST /api/v1/webhooks/{id}/test, for that one endpoint.
export const WEBHOOK_EVENT_TYPES = [
  "campaign.launched",
  "campaign.paused",
  "campaign.completed",
  "message.sent",
  "message.failed",
  "invitation.sent",
  "invitation.accepted",
  "invitation.withdrawn",
  "prospect.replied",
  "prospect.status_changed",
  "account.paused",
  "account.resumed",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const TEST_EVENT_TYPE = "webhook.test";

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
