// The `deliver-webhooks` job: drains one endpoint's deliveries strictly in event order (so in
// order per prospect too), one HTTP POST at a time. A failed POST (non-2xx, timeout, refused
// connection) holds back the later events of that endpoint and is retried with exponential
// backoff (30 s doubling, at most an hour apart, in virtual time); when the endpoint has failed
// for 24 hours it is disabled, with one notice in SAM_CHANNEL written in the same transaction.
// A delivery is marked done only after a 2xx, so a crash in between sends it again: at least
// once, and the event id tells a receiver it has seen it.
import { request } from "undici";
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { notify } from "../slack/outbox.js";
import { escapeMrkdwn } from "../slack/text.js";
import { secretBox } from "./endpoints.js";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature.js";

export interface DeliverWebhooksPayload {
  endpointId: string;
}

export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
/** Deliveries per job run before it makes way for other jobs (it queues itself again at once). */
const BATCH = 50;

/** The wait after the n-th consecutive failure: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);
}

interface EndpointState {
  id: string;
  workspace_id: string;
  url: string;
  secret_sealed: Buffer;
  enabled: boolean;
}

interface Pending {
  seq: string;
  id: string;
  type: string;
  data: unknown;
  created_at: Date | null;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Outcome> {
  try {
    const response = await request(url, { method: "POST", body, headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300
      ? { ok: true, status: response.statusCode }
      : { ok: false, status: response.statusCode, error: `HTTP ${response.statusCode}` };
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, status: null, error: name === "TimeoutError" || name === "AbortError" ? `no answer within ${timeoutMs} ms` : `${(error as Error).message}`.slice(0, 200) };
  }
}

export async function deliverWebhooks(payload: DeliverWebhooksPayload, ctx: AppContext): Promise<void> {
  const box = secretBox(ctx.config);
  const jobOptions = { jobKey: `webhooks:${payload.endpointId}`, queueName: `webhooks:${payload.endpointId}` };
  for (let sent = 0; sent < BATCH; sent++) {
    const [endpoint] = await ctx.sql<EndpointState[]>`
      select id, workspace_id, url, secret_sealed, enabled from outbound_webhook_endpoints where id = ${payload.endpointId}`;
    if (!endpoint?.enabled) return;
    const [next] = await ctx.sql<Pending[]>`
      select e.seq, e.id, e.type, e.data, e.created_at from outbound_deliveries d join outbound_events e on e.seq = d.event_seq
      where d.endpoint_id = ${endpoint.id} and d.delivered_at is null order by d.event_seq limit 1`;
    if (!next) return;
    const now = ctx.clock.now();
    if (!next.created_at) {
      // The trigger had no virtual time for this change; the job runs at once, so now is its instant.
      const [stamped] = await ctx.sql<{ created_at: Date }[]>`
        update outbound_events set created_at = coalesce(created_at, ${now}) where seq = ${next.seq} returning created_at`;
      next.created_at = stamped!.created_at;
    }
    const body = JSON.stringify({ id: next.id, type: next.type, created_at: next.created_at!.toISOString(), data: next.data });
    const secret = box.open(endpoint.secret_sealed, endpoint.id);
    const headers = {
      "content-type": "application/json",
      "user-agent": "sam-campaigns-webhooks/1",
      [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(now.getTime() / 1000), body),
      [EVENT_ID_HEADER]: next.id,
    };
    const started = Date.now();
    const outcome = await post(endpoint.url, body, headers, ctx.config.WEBHOOK_TIMEOUT_MS);
    const duration = Date.now() - started;
    const done = await ctx.sql.begin(async (tx) => {
      await tx`insert into outbound_attempts (endpoint_id, event_seq, attempted_at, status_code, error, duration_ms)
               values (${endpoint.id}, ${next.seq}, ${now}, ${outcome.status}, ${outcome.ok ? null : outcome.error}, ${duration})`;
      await tx`update outbound_deliveries set attempts = attempts + 1, delivered_at = ${outcome.ok ? now : null}
               where endpoint_id = ${endpoint.id} and event_seq = ${next.seq}`;
      if (outcome.ok) {
        await tx`update outbound_webhook_endpoints set failing_since = null, consecutive_failures = 0 where id = ${endpoint.id}`;
        return true;
      }
      const [state] = await tx<{ failing_since: Date; consecutive_failures: number }[]>`
        update outbound_webhook_endpoints set failing_since = coalesce(failing_since, ${now}), consecutive_failures = consecutive_failures + 1
        where id = ${endpoint.id} and enabled returning failing_since, consecutive_failures`;
      if (!state) return false;
      if (now.getTime() - state.failing_since.getTime() < GIVE_UP_AFTER_MS) {
        await enqueue(tx, "deliver-webhooks", { endpointId: payload.endpointId }, { ...jobOptions, runAt: new Date(now.getTime() + retryDelayMs(state.consecutive_failures)) }, ctx.clock);
        return false;
      }
      const reason = `every delivery failed for 24 hours (last: ${outcome.error})`;
      await tx`update outbound_webhook_endpoints set enabled = false, disabled_at = ${now}, disabled_reason = ${reason} where id = ${endpoint.id}`;
      const [{ waiting }] = await tx<[{ waiting: number }]>`
        select count(*)::int as waiting from outbound_deliveries where endpoint_id = ${endpoint.id} and delivered_at is null`;
      await notify(tx, ctx.clock, {
        workspaceId: endpoint.workspace_id,
        target: { kind: "sam_channel" },
        text:
          `:warning: The webhook endpoint \`${endpoint.id.slice(0, 8)}\` (${escapeMrkdwn(endpoint.url)}) is disabled: ${escapeMrkdwn(reason)}. ` +
          `${waiting} event(s) wait for it. \`/sam webhooks log ${endpoint.id.slice(0, 8)}\` shows the attempts; ` +
          `\`/sam webhooks test ${endpoint.id.slice(0, 8)}\` enables it again and sends what waits.`,
      });
      return false;
    });
    if (!done) return;
  }
  await enqueue(ctx.sql, "deliver-webhooks", { endpointId: payload.endpointId }, jobOptions, ctx.clock);
}
