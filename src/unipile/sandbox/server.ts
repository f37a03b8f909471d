// The HTTP side of the sandbox: for each request, count it, apply the configured faults, check
// the API key, parse the body the way the endpoint expects, refuse it as Unipile would when it
// breaks its operation's rules (request-rules.ts), run the handler and answer with Unipile's
// exact content type. Faults that lose an answer still let the handler act first.
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../../log.js";
import { ApiError } from "./api-error.js";
import type { Faults, HeldRequest, LostAnswerMode } from "./faults.js";
import type { Handler, Reply, RequestContext } from "./handlers.js";
import { checkRequest } from "./request-rules.js";
import { matchRoute, type RouteKey } from "./routes.js";
import type { Stats } from "./stats.js";
import type { World } from "./world.js";

export const CONTENT_TYPE = "application/json; charset=utf-8";
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface ServerEnv {
  /** Accept only this key; when unset, any non-empty key. */
  apiKey?: string;
  world: () => World;
  faults: Faults;
  stats: Stats;
  handlers: Record<RouteKey, Handler>;
  logger: Logger;
}

type Outcome = { kind: "answer"; reply: Reply } | { kind: "lose"; mode: LostAnswerMode } | { kind: "drop" };

export function createRequestListener(env: ServerEnv) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(env, req, res).catch((err: unknown) => {
      if (err instanceof ClientGone) return;
      env.logger.error("sandbox request failed", { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) answer(res, unexpected(req.url ?? "/"));
    });
  };
}

async function handle(env: ServerEnv, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox");
  const method = req.method ?? "GET";
  const match = matchRoute(method, url.pathname);
  if (match) env.stats.calls[match.key]++;
  else env.stats.unmatched++;
  const body = await readBody(req);
  const latency = env.faults.latencyFor(match?.key);
  if (latency > 0) await sleep(latency);

  let outcome: Outcome;
  let finish: (() => void) | undefined;
  try {
    authenticate(req, env.apiKey);
    if (!match)
      throw new ApiError(404, "resource_not_found", "Not found", `Cannot ${method} ${url.pathname}`);
    const request: RequestContext = {
      route: match.key,
      path: url.pathname,
      id: match.id,
      query: url.searchParams,
    };
    await parseBody(req, body, request);
    if (method === "POST") {
      env.stats.recordPost({
        route: match.key,
        contentType: req.headers["content-type"] ?? "",
        fields: request.fields,
        json: request.json,
      });
    }
    checkRequest(request);
    const ticket = env.faults.takeHold(heldView(method, request));
    finish = ticket?.finish;
    if (ticket && (await ticket.decision) === "drop") {
      outcome = { kind: "drop" };
    } else {
      outcome = run(env, request);
    }
  } catch (err) {
    outcome = { kind: "answer", reply: toReply(err, url.pathname) };
  }

  if (outcome.kind === "answer") answer(res, outcome.reply);
  else loseAnswer(req, res, outcome.kind === "drop" ? "reset" : outcome.mode);
  finish?.();
}

/** Everything after the request is accepted: injected failures, due world events, the handler. */
function run(env: ServerEnv, request: RequestContext): Outcome {
  const failure = env.faults.takeFailure(request.route);
  if (failure) return { kind: "answer", reply: toReply(failure, request.path) };
  env.world().settle();
  const lost = env.faults.takeLostAnswer(request.route);
  let reply: Reply;
  try {
    reply = env.handlers[request.route](request);
    const reshape = reply.status < 300 ? env.faults.takeReshape(request.route) : undefined;
    if (reshape) reply = { ...reply, body: reshape(structuredClone(reply.body)) };
  } catch (err) {
    reply = toReply(err, request.path);
  }
  return lost ? { kind: "lose", mode: lost } : { kind: "answer", reply };
}

function authenticate(req: IncomingMessage, expected: string | undefined): void {
  const header = req.headers["x-api-key"];
  const provided = Array.isArray(header) ? header[0] : header;
  const valid = Boolean(provided) && (expected === undefined || sameSecret(provided!, expected));
  if (!valid) {
    throw new ApiError(401, "invalid_credentials", "Unauthorized", "Missing or invalid X-API-KEY header.");
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function parseBody(req: IncomingMessage, body: Buffer, request: RequestContext): Promise<void> {
  const contentType = req.headers["content-type"] ?? "";
  const media = contentType.split(";")[0]!.trim().toLowerCase();
  if (media === "multipart/form-data") {
    request.fields = await parseMultipart(body, contentType);
  } else if (media === "application/json" || media.endsWith("+json")) {
    try {
      request.json = body.length === 0 ? undefined : JSON.parse(body.toString("utf8"));
    } catch {
      throw new ApiError(400, "malformed_request", "Malformed request", "The body is not valid JSON.");
    }
  }
}

async function parseMultipart(body: Buffer, contentType: string): Promise<Record<string, string[]>> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new ApiError(
      400,
      "malformed_request",
      "Malformed request",
      "The multipart body could not be parsed.",
    );
  }
  const fields: Record<string, string[]> = {};
  for (const [name, value] of form.entries()) {
    const text = typeof value === "string" ? value : `[file ${value.name}]`;
    fields[name] = [...(fields[name] ?? []), text];
  }
  return fields;
}

function heldView(method: string, request: RequestContext): HeldRequest {
  return {
    route: request.route,
    method,
    path: request.path,
    id: request.id,
    fields: request.fields,
    json: request.json,
  };
}

function toReply(err: unknown, path: string): Reply {
  if (err instanceof ApiError) return { status: err.status, body: err.body(path) };
  return unexpected(path);
}

function unexpected(path: string): Reply {
  return toReply(
    new ApiError(500, "unexpected_error", "Unexpected error", "The sandbox failed unexpectedly."),
    path,
  );
}

function answer(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": CONTENT_TYPE, "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

/** The effect happened (or not, for a dropped hold) but the caller never hears back. */
function loseAnswer(req: IncomingMessage, res: ServerResponse, mode: LostAnswerMode): void {
  if (mode === "hang") return; // closed by the client's timeout or by close()
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
  res.destroy();
}

/** The caller hung up before its request body was complete: nothing to do. */
class ClientGone extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new ClientGone());
    });
  });
}
