// /api/v1/webhooks: the workspace's outbound webhook endpoints (src/outbound-webhooks), the same
// rules as `/sam webhooks`. Every operation needs a write key: an endpoint's URL and log are
// configuration, not campaign data. Another workspace's endpoint id finds nothing (404).
import type { z } from "zod";
import {
  createEndpoint,
  deliveryLog,
  EndpointInputError,
  type EndpointRow,
  endpointOf,
  listEndpoints,
  queueTestEvent,
  removeEndpoint,
  WebhooksNotConfigured,
} from "../outbound-webhooks/endpoints.js";
import { findOr404 } from "./find-or-404.js";
import type { Call, Operation } from "./operations.js";
import { ApiProblem } from "./problem.js";
import * as S from "./schemas.js";
import { iso } from "./views.js";

const LOG_LENGTH = 100;

function webhookView(row: EndpointRow): z.output<typeof S.Webhook> {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    failing_since: iso(row.failing_since),
    disabled_at: iso(row.disabled_at),
    disabled_reason: row.disabled_reason,
    created_at: row.created_at.toISOString(),
  };
}

/** The path's endpoint in the key's workspace, else 404. */
const webhookOf = (call: Call): Promise<EndpointRow> =>
  findOr404(call.params, { param: "webhook_id", noun: "webhook" }, (id) => endpointOf(call.tx, call.key.workspace_id, id));

export const WEBHOOK_OPERATIONS: Operation[] = [
  {
    method: "GET",
    path: "/webhooks",
    operationId: "listWebhooks",
    summary: "The workspace's webhook endpoints",
    scope: "write",
    response: { status: 200, name: "WebhookList", schema: S.WebhookList },
    errors: [403],
    run: async (call) => ({ status: 200, body: { data: (await listEndpoints(call.tx, call.key.workspace_id)).map(webhookView) } }),
  },
  {
    method: "POST",
    path: "/webhooks",
    operationId: "createWebhook",
    summary: "Add an endpoint; the answer carries its signing secret, shown only once",
    scope: "write",
    request: { name: "WebhookCreate", schema: S.WebhookCreate },
    response: { status: 201, name: "WebhookCreated", schema: S.WebhookCreated },
    errors: [400, 413, 415, 422, 503],
    run: async (call) => {
      const input = call.body as z.output<typeof S.WebhookCreate>;
      try {
        const { endpoint, secret } = await createEndpoint(call.tx, call.ctx.config, {
          workspaceId: call.key.workspace_id,
          url: input.url,
          events: input.events,
          createdBy: call.key.created_by,
        });
        return { status: 201, body: { webhook: webhookView(endpoint), secret } };
      } catch (error) {
        if (error instanceof EndpointInputError) throw new ApiProblem("validation", error.message, { field: error.field });
        if (error instanceof WebhooksNotConfigured) throw new ApiProblem("service-unavailable", error.message);
        throw error;
      }
    },
  },
  {
    method: "GET",
    path: "/webhooks/{webhook_id}",
    operationId: "getWebhook",
    summary: "One endpoint",
    scope: "write",
    response: { status: 200, name: "Webhook", schema: S.Webhook },
    errors: [403, 404],
    run: async (call) => ({ status: 200, body: webhookView(await webhookOf(call)) }),
  },
  {
    method: "DELETE",
    path: "/webhooks/{webhook_id}",
    operationId: "removeWebhook",
    summary: "Remove an endpoint; nothing more is sent to it",
    scope: "write",
    response: { status: 200, name: "Deleted", schema: S.Deleted },
    errors: [404],
    run: async (call) => {
      const endpoint = await webhookOf(call);
      await removeEndpoint(call.tx, call.key.workspace_id, endpoint.id);
      return { status: 200, body: { deleted: true, id: endpoint.id } };
    },
  },
  {
    method: "POST",
    path: "/webhooks/{webhook_id}/test",
    operationId: "testWebhook",
    summary: "Send a webhook.test event to the endpoint (enabling it again if it was disabled)",
    scope: "write",
    response: { status: 200, name: "WebhookTestQueued", schema: S.WebhookTestQueued },
    errors: [404],
    run: async (call) => ({ status: 200, body: { event_id: await queueTestEvent(call.tx, await webhookOf(call), call.ctx.clock.now()) } }),
  },
  {
    method: "GET",
    path: "/webhooks/{webhook_id}/deliveries",
    operationId: "listWebhookDeliveries",
    summary: `The endpoint's last ${LOG_LENGTH} delivery attempts, newest first`,
    scope: "write",
    response: { status: 200, name: "WebhookAttempts", schema: S.WebhookAttempts },
    errors: [403, 404],
    run: async (call) => {
      const attempts = await deliveryLog(call.tx, (await webhookOf(call)).id, LOG_LENGTH);
      return {
        status: 200,
        body: {
          data: attempts.map((attempt) => ({
            event_id: attempt.event_id,
            event_type: attempt.event_type,
            attempted_at: attempt.attempted_at.toISOString(),
            status_code: attempt.status_code,
            error: attempt.error,
            duration_ms: attempt.duration_ms,
          })),
        },
      };
    },
  },
];
