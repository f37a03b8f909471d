// Serves /api/v1: finds the operation, reads the body (at most 5 MB, else 413), authenticates the
// key (401), takes a token from its rate-limit bucket (429 with Retry-After), checks its scope
// (403), parses JSON (400) and the request schema (422), then runs the operation in one
// transaction. With an Idempotency-Key, a write's answer is stored in that same transaction, and
// the same key with the same request answers it again; with another request, 409.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import type { AppContext } from "../context.js";
import { readBody } from "../http/body.js";
import type { Handler } from "../http/server.js";
import { logWithReference } from "../internal-error.js";
import { type ApiKeyRow, authenticate } from "./keys.js";
import { openApiDocument } from "./openapi.js";
import { type Operation, OPERATIONS } from "./operations.js";
import { ApiProblem, sendProblem } from "./problem.js";
import { TokenBuckets } from "./rate-limit.js";
import { MAX_API_BODY_BYTES } from "./schemas.js";

export const API_PREFIX = "/api/v1";

const compiled = OPERATIONS.map((op) => ({
  op,
  pattern: new RegExp(`^${API_PREFIX}${op.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`),
}));

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** zod's issues as the API's field errors: `prospects[3].linkedin_url: expected string…`. */
function validationProblem(error: z.ZodError): ApiProblem {
  const errors = error.issues.slice(0, 50).map((issue) => ({
    field: issue.path.reduce<string>((path, part) => (typeof part === "number" ? `${path}[${part}]` : path ? `${path}.${String(part)}` : String(part)), "") || "(body)",
    message: issue.message,
  }));
  const more = error.issues.length > errors.length ? ` (and ${error.issues.length - errors.length} more)` : "";
  return new ApiProblem("validation", `${errors.map((e) => `${e.field}: ${e.message}`).slice(0, 5).join("; ")}${more}`, {
    field: errors[0]!.field,
    errors,
  });
}

interface Answer {
  status: number;
  body: unknown;
  replayed?: boolean;
}

export function apiHandler(ctx: AppContext, buckets = new TokenBuckets()): Handler {
  let document: Record<string, unknown> | null = null;
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    try {
      if (path === `${API_PREFIX}/openapi.json` && req.method === "GET") {
        document ??= openApiDocument();
        return sendJson(res, 200, document);
      }
      const matches = compiled.filter((entry) => entry.pattern.test(path));
      if (matches.length === 0) throw new ApiProblem("not-found", `There is no ${path.slice(0, 200)} in this API; see ${API_PREFIX}/openapi.json.`);
      const match = matches.find((entry) => entry.op.method === req.method);
      if (!match) {
        const allow = matches.map((entry) => entry.op.method).join(", ");
        throw new ApiProblem("method-not-allowed", `${path.slice(0, 200)} accepts ${allow}.`, { headers: { allow } });
      }
      const op = match.op;
      let raw: Buffer | null = null;
      if (req.method !== "GET") {
        raw = await readBody(req, res, MAX_API_BODY_BYTES, (response, status, error) =>
          sendProblem(
            response,
            status === 413
              ? new ApiProblem("payload-too-large", `The body is larger than ${MAX_API_BODY_BYTES} bytes (5 MB); send at most 10,000 prospects per request.`)
              : new ApiProblem("service-unavailable", error),
            path,
            { connection: "close" },
          ),
        );
        if (!raw) return;
      }
      const key = await authenticated(ctx, req);
      const admission = buckets.take(key.id, ctx.clock.nowMs());
      if (!admission.ok) {
        throw new ApiProblem("rate-limited", `This key may make 10 requests a second (bursts of 50); retry in ${admission.retryAfterSeconds} s.`, {
          headers: { "retry-after": String(admission.retryAfterSeconds) },
        });
      }
      if (op.scope === "write" && key.scope !== "write") {
        throw new ApiProblem("forbidden", `This API key is read-only; ${op.method} ${path.slice(0, 200)} needs a write key.`);
      }
      const body = op.request ? parseBody(op, req, raw!) : undefined;
      const params = match.pattern.exec(path)!.groups ?? {};
      const idempotencyKey = req.method === "GET" ? undefined : headerOf(req, "idempotency-key");
      if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
        throw new ApiProblem("validation", "Idempotency-Key must be 1 to 255 characters.", { field: "Idempotency-Key" });
      }
      const requestHash = createHash("sha256").update(`${req.method} ${path}\n`).update(raw ?? Buffer.alloc(0)).digest("hex");
      const answer = await ctx.sql.begin(async (tx): Promise<Answer> => {
        if (idempotencyKey !== undefined) {
          // Concurrent requests with one key wait for each other here, so only one runs.
          await tx`select pg_advisory_xact_lock(hashtextextended(${`${key.id}:${idempotencyKey}`}, 19))`;
          const [stored] = await tx<{ request_hash: string; status: number; body: unknown }[]>`
            select request_hash, status, body from api_idempotency where api_key_id = ${key.id} and idempotency_key = ${idempotencyKey}`;
          if (stored) {
            if (stored.request_hash !== requestHash) {
              throw new ApiProblem("idempotency-key-reused", "This Idempotency-Key was already used with a different request; use a new key.", {
                field: "Idempotency-Key",
              });
            }
            return { status: stored.status, body: stored.body, replayed: true };
          }
        }
        const result = (await op.run({ tx, ctx, key, params, query: url.searchParams, body })) as Answer;
        if (idempotencyKey !== undefined) {
          // As text cast to json, not sql.json (sent as jsonb, whose text reorders keys): a replay is byte for byte the answer.
          await tx`insert into api_idempotency (api_key_id, idempotency_key, request_hash, status, body)
                   values (${key.id}, ${idempotencyKey}, ${requestHash}, ${result.status}, ${JSON.stringify(result.body)}::text::json)`;
        }
        return result;
      });
      sendJson(res, answer.status, answer.body, {
        "x-ratelimit-limit": "10",
        "x-ratelimit-remaining": String(admission.remaining),
        ...(answer.replayed ? { "idempotent-replayed": "true" } : {}),
      });
    } catch (error) {
      if (error instanceof ApiProblem) return sendProblem(res, error, path);
      const reference = logWithReference(ctx.log, "api request failed", error, { path, method: req.method });
      sendProblem(res, new ApiProblem("internal", `The request failed unexpectedly (reference ${reference}); nothing was changed.`), path);
    }
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function authenticated(ctx: AppContext, req: IncomingMessage): Promise<ApiKeyRow> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(req, "authorization") ?? "");
  const challenge = { "www-authenticate": 'Bearer realm="sam-campaigns"' };
  if (!bearer) throw new ApiProblem("unauthorized", "Send an API key as `Authorization: Bearer sam_…` (create one with /sam api-keys create).", { headers: challenge });
  const key = await authenticate(ctx.sql, bearer[1]!, ctx.clock.now());
  if (!key) throw new ApiProblem("unauthorized", "This API key is not valid: wrong, or revoked.", { headers: { "www-authenticate": 'Bearer realm="sam-campaigns", error="invalid_token"' } });
  return key;
}

function parseBody(op: Operation, req: IncomingMessage, raw: Buffer): unknown {
  const type = (headerOf(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new ApiProblem("unsupported-media-type", "Send the body as JSON with Content-Type: application/json.");
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new ApiProblem("malformed-json", `The body is not valid JSON: ${(error as Error).message.slice(0, 200)}.`, { field: "(body)" });
  }
  const parsed = op.request!.schema.safeParse(json);
  if (!parsed.success) throw validationProblem(parsed.error);
  return parsed.data;
}
