// A fake of Anthropic's Messages API (POST /v1/messages) on a loopback node:http server, for the
// official SDK pointed at it with `baseURL`. Strict where the real API is strict, each rule from
// the API reference (https://docs.claude.com/en/api/messages, https://docs.claude.com/en/api/errors,
// https://docs.claude.com/en/api/versioning):
// - Authentication by the API key, in the `x-api-key` header (the API reference) or as
//   `Authorization: Bearer` (how the official SDK 1.14.0 sends it): none or a wrong one → 401
//   authentication_error.
// - The `anthropic-version` header is required → 400 invalid_request_error without it.
// - Body: JSON with `model` (string), `max_tokens` (integer ≥ 1), `messages` (non-empty array of
//   {role: "user"|"assistant", content: non-empty string or array of blocks}, starting with
//   "user"), optional `system` (string or text blocks) → 400 invalid_request_error otherwise.
// - Only POST /v1/messages exists here → 404 not_found_error; a body over 32 MB → 413 request_too_large.
// - Errors always have the shape {type: "error", error: {type, message}, request_id} with the
//   documented status per type (400, 401, 403, 404, 413, 429, 500, 529); every answer carries a
//   `request-id` header.
// - A success is a Message: {id, type: "message", role: "assistant", model, content: [{type:
//   "text", text}], stop_reason, stop_sequence: null, usage: {input_tokens, output_tokens}}; a
//   refusal is stop_reason "refusal" (https://docs.claude.com/en/api/handling-stop-reasons).
// Tests choose what it answers next: a label, any text (malformed answers), an error, a refusal,
// a delay longer than the client's timeout, or a hostile error that echoes the request headers.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
} as const;
export type ErrorType = keyof typeof ERROR_STATUS;

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type FakeAnswer =
  | { kind: "label"; label: string; confidence: number }
  | { kind: "text"; text: string }
  | { kind: "refusal" }
  | { kind: "error"; type: ErrorType; message?: string }
  /** A misbehaving server: a 500 whose message repeats every request header it got. */
  | { kind: "echo-headers" };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  /** When a wrong request was refused: the error type. */
  refused?: ErrorType;
}

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, used in order; once used up, `fallback` answers. */
  queue: FakeAnswer[];
  fallback: FakeAnswer;
  /** Every answer waits this long first (longer than the client's timeout: a timeout). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startFakeAnthropic(options: { apiKey: string }): Promise<FakeAnthropic> {
  const fake: FakeAnthropic = {
    url: "",
    requests: [],
    queue: [],
    fallback: { kind: "label", label: "other", confidence: 0.5 },
    delayMs: 0,
    close: async () => {},
  };
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const record: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: undefined };
      fake.requests.push(record);
      const answer = () => handle(fake, options.apiKey, req, record, size, Buffer.concat(chunks), res);
      if (fake.delayMs <= 0) return answer();
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!res.destroyed) answer();
      }, fake.delayMs);
      pending.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const timer of pending) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const requestId = `req_${randomUUID().replace(/-/g, "")}`;
  const payload = status >= 400 ? { ...(body as object), request_id: requestId } : body;
  res.writeHead(status, { "content-type": "application/json", "request-id": requestId });
  res.end(JSON.stringify(payload));
}

/** Answers the request with the API's error shape; true, so `return fail(…)` ends the handler. */
function fail(res: ServerResponse, record: RecordedRequest, type: ErrorType, message: string): true {
  record.refused = type;
  send(res, ERROR_STATUS[type], { type: "error", error: { type, message } });
  return true;
}

function handle(
  fake: FakeAnthropic,
  apiKey: string,
  req: IncomingMessage,
  record: RecordedRequest,
  size: number,
  raw: Buffer,
  res: ServerResponse,
): true | undefined {
  if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== "/v1/messages") {
    return fail(res, record, "not_found_error", `Not found: ${req.method} ${req.url}`);
  }
  if (size > MAX_BODY_BYTES) return fail(res, record, "request_too_large", "Request exceeds the maximum allowed number of bytes.");
  const keys = credentials(req);
  if (keys.length === 0) return fail(res, record, "authentication_error", "x-api-key header is required");
  if (keys.some((key) => key !== apiKey)) return fail(res, record, "authentication_error", "invalid x-api-key");
  if (!req.headers["anthropic-version"]) {
    return fail(res, record, "invalid_request_error", "anthropic-version: header is required");
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString("utf8"));
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
  } catch {
    return fail(res, record, "invalid_request_error", "The request body is not valid JSON.");
  }
  record.body = body;
  const problem = checkBody(body);
  if (problem) return fail(res, record, "invalid_request_error", problem);

  const answer = fake.queue.shift() ?? fake.fallback;
  if (answer.kind === "error") return fail(res, record, answer.type, answer.message ?? answer.type);
  if (answer.kind === "echo-headers") {
    return fail(res, record, "api_error", `upstream failed for request ${JSON.stringify(req.headers)}`);
  }
  const text =
    answer.kind === "label"
      ? JSON.stringify({ label: answer.label, confidence: answer.confidence })
      : answer.kind === "text"
        ? answer.text
        : "";
  send(res, 200, {
    id: `msg_${randomUUID().replace(/-/g, "")}`,
    type: "message",
    role: "assistant",
    model: body.model,
    content: text === "" ? [] : [{ type: "text", text }],
    stop_reason: answer.kind === "refusal" ? "refusal" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 100, output_tokens: 12 },
  });
  return true;
}

/**
 * The API keys a request presents: the documented `x-api-key` header, and `Authorization: Bearer
 * <key>`, which is how the official SDK (1.14.0, client.js apiKeyAuth) sends a key given as
 * `apiKey`. Each one presented must be the key.
 */
function credentials(req: IncomingMessage): string[] {
  const keys: string[] = [];
  const header = req.headers["x-api-key"];
  if (typeof header === "string" && header !== "") keys.push(header);
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (bearer) keys.push(bearer);
  return keys;
}

/** What the real API would refuse in a Messages request body; undefined when it is fine. */
export function checkBody(body: Record<string, unknown>): string | undefined {
  if (typeof body.model !== "string" || body.model === "") return "model: Field required";
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    return "max_tokens: Field required (an integer of at least 1)";
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "messages: at least one message is required";
  for (const [i, message] of body.messages.entries()) {
    if (typeof message !== "object" || message === null) return `messages.${i}: must be an object`;
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (role !== "user" && role !== "assistant") return `messages.${i}.role: must be "user" or "assistant"`;
    if (i === 0 && role !== "user") return "messages: first message must use the \"user\" role";
    if (typeof content === "string") {
      if (content === "") return `messages.${i}: content must be non-empty`;
    } else if (!Array.isArray(content) || content.length === 0) {
      return `messages.${i}.content: must be a non-empty string or array of content blocks`;
    }
  }
  if (body.system !== undefined && typeof body.system !== "string" && !Array.isArray(body.system)) {
    return "system: must be a string or an array of text blocks";
  }
  return undefined;
}
