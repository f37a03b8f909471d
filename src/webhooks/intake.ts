// POST /unipile/webhook: check the shared secret, store the event durably, answer 200.
// Unipile waits at most 30 s and retries on failure, so the work itself happens in a job, and a
// repeated delivery is recognised by its dedupe key and stored only once. Hostile bodies are
// stored cleaned (no NUL or lone surrogate reaches jsonb) or refused with a 4xx: a 500 would make
// Unipile retry a body that can never succeed until it gives up, and the event would be lost.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../context.js";
import { addEventJob, ourSendEchoed, sendsInFlight } from "./own-echo.js";
import { cleanJson } from "../safe-text.js";

export const WEBHOOK_SECRET_HEADER = "x-sam-webhook-secret";
const MAX_BODY_BYTES = 1_000_000;
// Longer keys (a hostile message_id) are hashed: a btree index entry must stay under ~2.7 kB.
const MAX_DEDUPE_KEY_CHARACTERS = 200;

export function secretMatches(given: string | string[] | undefined, expected: string | undefined): boolean {
  if (!expected || typeof given !== "string") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface ClassifiedEvent {
  source: "messaging" | "users" | "account_status" | "unknown";
  event: string | null;
  dedupeKey: string;
}

export function classifyWebhook(payload: Record<string, unknown>, rawBody: string, receivedAt: Date): ClassifiedEvent {
  const classified = classifyByShape(payload, rawBody, receivedAt);
  const { dedupeKey } = classified;
  if (dedupeKey.length <= MAX_DEDUPE_KEY_CHARACTERS) return classified;
  return { ...classified, dedupeKey: `sha256:${createHash("sha256").update(dedupeKey).digest("hex")}` };
}

function classifyByShape(payload: Record<string, unknown>, rawBody: string, receivedAt: Date): ClassifiedEvent {
  const text = (value: unknown) => (typeof value === "string" && value ? value : null);
  const status = payload.AccountStatus as Record<string, unknown> | undefined;
  if (status && typeof status === "object") {
    // The same status can legitimately come back later (OK → CREDENTIALS → OK): dedupe per minute.
    const minute = receivedAt.toISOString().slice(0, 16);
    return {
      source: "account_status",
      event: text(status.message),
      dedupeKey: `account_status:${text(status.account_id)}:${text(status.message)}:${minute}`,
    };
  }
  const event = text(payload.event);
  if (event === "new_relation") {
    return {
      source: "users",
      event,
      dedupeKey: `users:new_relation:${text(payload.account_id)}:${text(payload.user_provider_id)}`,
    };
  }
  if (event?.startsWith("message_") && text(payload.message_id)) {
    return { source: "messaging", event, dedupeKey: `messaging:${event}:${text(payload.message_id)}` };
  }
  return {
    source: "unknown",
    event,
    dedupeKey: `body:${createHash("sha256").update(rawBody).digest("hex")}`,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  // The HTTP server has already read the body within its size limit (src/http/body.ts).
  const buffered = (req as { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(buffered)) return Promise.resolve(buffered.toString("utf8"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

export function webhookIntake(ctx: AppContext, secret: () => string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!secretMatches(req.headers[WEBHOOK_SECRET_HEADER], secret())) {
      reply(res, 401, { error: "missing or wrong webhook secret" });
      return;
    }
    let raw: string;
    let parsed: unknown;
    try {
      raw = await readBody(req);
      parsed = JSON.parse(raw);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    } catch {
      reply(res, 400, { error: "body must be a JSON object" });
      return;
    }
    const clean = cleanJson(parsed);
    if (!clean.ok) {
      reply(res, 422, { error: `the JSON body is ${clean.reason}` });
      return;
    }
    const payload = clean.value as Record<string, unknown>;
    const receivedAt = ctx.clock.now();
    const { source, event, dedupeKey } = classifyWebhook(payload, raw, receivedAt);
    // One statement: the event is stored (once, by its dedupe key) and, unless it needs none, given
    // its processing job. The echo of one of our sends (its message id is the one our send was
    // answered with, on the same account) is stored already processed: it changes nothing (the
    // job would only learn that, in about a dozen statements).
    // A message while the account has a send in flight (most likely that send's echo, come before
    // our send's answer was recorded) waits for the send's outcome instead (src/webhooks/own-echo.ts).
    const sql = ctx.sql;
    const rows = await sql<{ id: string }[]>`
      with e as (
        select ${source}::text as source, ${event}::text as event, ${sql.json(payload as never)}::jsonb as payload
      ), flight as materialized (${sendsInFlight(sql)}
      ), stored as (
        insert into webhook_events (source, event, dedupe_key, payload, received_at, processed_at, waits_for_send_since)
        select e.source, e.event, ${dedupeKey}, e.payload, ${receivedAt},
               case when k.ours then ${receivedAt}::timestamptz end,
               case when not k.ours and k.in_flight then now() end
        from e cross join lateral (
          select exists (${ourSendEchoed(sql)})
                   or exists (select 1 from flight f where f.status = 'sent' and f.unipile_message_id = e.payload->>'message_id'
                              and e.event = 'message_received') as ours,
                 exists (select 1 from flight f where f.status = 'sending') as in_flight
        ) k
        on conflict (dedupe_key) do nothing
        returning id, processed_at is null and waits_for_send_since is null as needs_job
      )
      select id, (select count(${addEventJob(sql, ctx.clock)}) from stored where needs_job) as jobs from stored`;
    const stored = rows.length > 0;
    reply(res, 200, { ok: true, duplicate: !stored });
  };
}
