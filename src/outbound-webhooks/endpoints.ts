// A workspace's webhook endpoints: added (URL and event names checked, a secret made and sealed),
// listed, removed, tested, and their delivery log. Every query is scoped to the workspace, so
// another workspace's endpoint id finds nothing. Shared by `/sam webhooks` and /api/v1/webhooks.
import { randomBytes, randomUUID } from "node:crypto";
import type { TransactionSql } from "postgres";
import { type Config, secretKeyBytes } from "../config.js";
import { SecretBox } from "../secret-box.js";
import { isWebhookEventType, TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events.js";
import type { Queryable } from "../db/queryable.js";

export const MAX_ENDPOINTS_PER_WORKSPACE = 20;
const SECRET_PURPOSE = "outbound-webhooks";
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface EndpointRow {
  id: string;
  workspace_id: string;
  url: string;
  events: WebhookEventType[] | null;
  enabled: boolean;
  failing_since: Date | null;
  consecutive_failures: number;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_by: string;
  created_at: Date;
}
const ENDPOINT_COLUMNS = `id, workspace_id, url, events, enabled, failing_since, consecutive_failures, disabled_at,
  disabled_reason, created_by, created_at`;

/** A refusal that names what was wrong: `field` is the API's field, `argument` the command's word. */
export class EndpointInputError extends Error {
  constructor(
    readonly field: "url" | "events",
    message: string,
  ) {
    super(message);
  }
}

/** SECRETS_KEY is not set: endpoints' secrets could not be stored (or opened). */
export class WebhooksNotConfigured extends Error {}

export function secretBox(config: Pick<Config, "SECRETS_KEY">): SecretBox {
  const key = config.SECRETS_KEY ? secretKeyBytes(config.SECRETS_KEY) : undefined;
  if (!key) throw new WebhooksNotConfigured("Webhooks need SECRETS_KEY to be set: their signing secrets are stored encrypted with it.");
  return new SecretBox(key, SECRET_PURPOSE);
}

/** https only; plain http to a loopback host when WEBHOOKS_ALLOW_LOOPBACK_HTTP=on (tests, local receivers). */
export function checkEndpointUrl(text: string, config: Pick<Config, "WEBHOOKS_ALLOW_LOOPBACK_HTTP">): string {
  const shown = text.slice(0, 100);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EndpointInputError("url", `url: “${shown}” is not a URL; give one like https://example.com/hooks/sam.`);
  }
  if (text.length > 2000) throw new EndpointInputError("url", "url: at most 2,000 characters.");
  if (url.username || url.password) throw new EndpointInputError("url", "url: must not carry a user name or password.");
  const loopbackHttp = url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname) && config.WEBHOOKS_ALLOW_LOOPBACK_HTTP === "on";
  if (url.protocol !== "https:" && !loopbackHttp) {
    throw new EndpointInputError("url", `url: “${shown}” must start with https:// (deliveries carry prospects' data).`);
  }
  return url.toString();
}

/** Event names as given (none: every event); an unknown one is refused by name. */
export function checkEventNames(names: readonly string[]): WebhookEventType[] | null {
  if (names.length === 0) return null;
  const unknown = names.filter((name) => !isWebhookEventType(name));
  if (unknown.length > 0) {
    throw new EndpointInputError(
      "events",
      `events: unknown event ${unknown.map((name) => `“${name.slice(0, 60)}”`).join(", ")}; known: ${WEBHOOK_EVENT_TYPES.join(", ")}.`,
    );
  }
  return [...new Set(names as WebhookEventType[])];
}

export async function createEndpoint(
  tx: TransactionSql,
  config: Pick<Config, "SECRETS_KEY" | "WEBHOOKS_ALLOW_LOOPBACK_HTTP">,
  input: { workspaceId: string; url: string; events: readonly string[]; createdBy: string },
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const url = checkEndpointUrl(input.url, config);
  const events = checkEventNames(input.events);
  const box = secretBox(config);
  const [{ count }] = await tx<[{ count: number }]>`
    select count(*)::int as count from outbound_webhook_endpoints where workspace_id = ${input.workspaceId}`;
  if (count >= MAX_ENDPOINTS_PER_WORKSPACE) {
    throw new EndpointInputError("url", `A workspace may have at most ${MAX_ENDPOINTS_PER_WORKSPACE} webhook endpoints; remove one first.`);
  }
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const [endpoint] = await tx<EndpointRow[]>`
    insert into outbound_webhook_endpoints (id, workspace_id, url, events, secret_sealed, created_by)
    values (${id}, ${input.workspaceId}, ${url}, ${events}, ${box.seal(secret, id)}, ${input.createdBy})
    returning ${tx.unsafe(ENDPOINT_COLUMNS)}`;
  return { endpoint: endpoint!, secret };
}

export async function listEndpoints(sql: Queryable, workspaceId: string): Promise<EndpointRow[]> {
  return sql<EndpointRow[]>`
    select ${sql.unsafe(ENDPOINT_COLUMNS)} from outbound_webhook_endpoints where workspace_id = ${workspaceId} order by created_at, id`;
}

/** The workspace's endpoint with this id, or the only one whose id starts with it (Slack shows 8 characters). */
export async function endpointOf(sql: Queryable, workspaceId: string, reference: string): Promise<EndpointRow | null> {
  const prefix = reference.toLowerCase();
  if (!/^[0-9a-f-]{8,36}$/.test(prefix)) return null;
  const rows = await sql<EndpointRow[]>`
    select ${sql.unsafe(ENDPOINT_COLUMNS)} from outbound_webhook_endpoints
    where workspace_id = ${workspaceId} and id::text like ${`${prefix}%`} limit 2`;
  return rows.length === 1 ? rows[0]! : null;
}

export async function removeEndpoint(sql: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql`delete from outbound_webhook_endpoints where workspace_id = ${workspaceId} and id = ${id} returning id`;
  return rows.length > 0;
}

/** Queues a `webhook.test` event for this endpoint alone (re-enabling it if it was disabled). */
export async function queueTestEvent(tx: TransactionSql, endpoint: EndpointRow, at: Date): Promise<string> {
  await tx`update outbound_webhook_endpoints set enabled = true, disabled_at = null, disabled_reason = null, failing_since = null,
             consecutive_failures = 0 where id = ${endpoint.id}`;
  const [event] = await tx<{ seq: string; id: string }[]>`
    insert into outbound_events (workspace_id, type, data, created_at)
    values (${endpoint.workspace_id}, ${TEST_EVENT_TYPE}, ${tx.json({ endpoint_id: endpoint.id, url: endpoint.url })}, ${at})
    returning seq, id`;
  await tx`insert into outbound_deliveries (endpoint_id, event_seq) values (${endpoint.id}, ${event!.seq})`;
  await armEndpoint(tx, endpoint.id);
  return event!.id;
}

/** The endpoint's delivery job, as the triggers arm it (migration 023, arm_webhook_delivery). */
export async function armEndpoint(sql: Queryable, endpointId: string): Promise<void> {
  await sql`select arm_webhook_delivery(${endpointId}::uuid)`;
}

export interface AttemptRow {
  event_id: string;
  event_type: string;
  attempted_at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** The endpoint's last attempts, newest first. */
export async function deliveryLog(sql: Queryable, endpointId: string, limit: number): Promise<AttemptRow[]> {
  return sql<AttemptRow[]>`
    select e.id as event_id, e.type as event_type, a.attempted_at, a.status_code, a.error, a.duration_ms
    from outbound_attempts a join outbound_events e on e.seq = a.event_seq
    where a.endpoint_id = ${endpointId} order by a.id desc limit ${limit}`;
}
