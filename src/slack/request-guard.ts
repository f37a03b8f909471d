// Stands before Bolt's HTTPReceiver on POST /slack/events, which the HTTP server hands over with
// the body already read (src/http/body.ts). It refuses what Bolt would mishandle:
// - a signed body that is not a JSON object (JSON `null`, `payload=null`): Bolt reads a property
//   of it outside any try and the unhandled rejection takes the whole process down → 400;
// - a timestamp more than 5 minutes in the future, which Bolt accepts → 401 (signature.ts);
// - a request already handled (a replay of a signed request, a redelivered event) → 200, not run
//   again (replays.ts), because commands such as `/sam export` are not idempotent.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { Sql } from "postgres";
import type { BufferedRequest } from "../http/body.js";
import type { Handler } from "../http/server.js";
import type { Logger } from "../log.js";
import { replayRegistry, requestIdentity } from "./replays.js";
import { checkSlackSignature } from "./signature.js";

export interface SlackGuardOptions {
  sql: Sql;
  signingSecret: string;
  log: Logger;
}

/** Bolt treats only this exact content-type as a form (it compares with ===); so do we. */
const FORM = "application/x-www-form-urlencoded";

type Parsed = { kind: "ssl_check" } | { kind: "body"; body: Record<string, unknown> } | { kind: "malformed" };

function asObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The body as Bolt will read it (parseHTTPRequestBody), or why Bolt must not see it. */
function parseLikeBolt(text: string, contentType: string | undefined): Parsed {
  if (contentType === FORM) {
    const form = parseQuery(text);
    if (form.ssl_check === "1") return { kind: "ssl_check" };
    if (typeof form.payload === "string") {
      const payload = asObject(form.payload);
      return payload ? { kind: "body", body: payload } : { kind: "malformed" };
    }
    return { kind: "body", body: form as Record<string, unknown> };
  }
  const body = asObject(text);
  return body ? { kind: "body", body } : { kind: "malformed" };
}

function answer(res: ServerResponse, status: number, body?: Record<string, unknown>): void {
  if (body) {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  } else {
    res.writeHead(status);
    res.end();
  }
}

export function guardSlackRequests(options: SlackGuardOptions, bolt: Handler): Handler {
  const { signingSecret, log } = options;
  const replays = replayRegistry(options.sql);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const raw = (req as BufferedRequest).rawBody;
    // Only POSTs carry a body; Bolt answers anything else itself.
    if (!raw) return bolt(req, res);
    const text = raw.toString("utf8");
    const parsed = parseLikeBolt(text, req.headers["content-type"]);
    // Slack's ssl_check is unsigned by design; Bolt answers it without running any listener.
    if (parsed.kind === "ssl_check") return bolt(req, res);

    const signature = checkSlackSignature(req.headers, text, signingSecret);
    if (!signature.ok) {
      log.warn("refused a Slack request", { reason: signature.reason });
      return answer(res, 401);
    }
    if (parsed.kind === "malformed") {
      log.warn("refused a signed Slack request whose body is not a JSON object");
      return answer(res, 400, { error: "the body must be a JSON object (or a form whose payload is one)" });
    }
    const { body } = parsed;
    if (body.type !== "url_verification") {
      const identity = requestIdentity(body, signature.signature);
      let first: boolean;
      try {
        first = await replays.firstTime(identity);
      } catch (error) {
        log.error("could not record a Slack request's identity; answered 503 so that it is not run twice", {
          error: (error as Error).message,
        });
        return answer(res, 503, { error: "temporarily unavailable" });
      }
      if (!first) {
        log.info("Slack request already handled: acknowledged, not run again", {
          identity: identity.split(":")[0],
          retryNum: req.headers["x-slack-retry-num"],
          retryReason: req.headers["x-slack-retry-reason"],
        });
        return answer(res, 200);
      }
    }
    return bolt(req, res);
  };
}
