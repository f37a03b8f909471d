// The fake Slack's wire format, shared by its parts (fake-slack.ts, fake-slack-workspace.ts,
// fake-slack-oauth.ts): Slack's answers (JSON `{ ok, error }` on HTTP 200, HTML pages for the
// browser-facing URLs) and how form and JSON arguments are read.
import { randomBytes } from "node:crypto";

/** A Slack platform error: answered as HTTP 200 `{ ok: false, error }`, as Slack does. */
export class SlackApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | number>;
  body: string | Buffer;
  ok: boolean;
  error?: string;
  messages?: string[];
}

export const JSON_TYPE = "application/json; charset=utf-8";

export function json(
  status: number,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
): Answer {
  const ok = payload.ok === true;
  const error = typeof payload.error === "string" ? payload.error : undefined;
  return {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
    body: JSON.stringify(payload),
    ok,
    error,
  };
}

export function html(status: number, markup: string, error?: string): Answer {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body: markup, ok: false, error };
}

/** What Slack serves to a file URL fetched without a valid token: a 200 sign-in page, not a 401. */
export const LOGIN_PAGE = `<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>Slack</title></head>
<body class="signin"><h1>Sign in to your workspace</h1><form id="signin_form" action="/signin" method="post">
<input type="email" name="email"><input type="password" name="password"><button type="submit">Sign in</button></form></body></html>`;

export const SERVER_ERROR_PAGE = `<!DOCTYPE html><html><head><title>Server Error | Slack</title></head>
<body><h1>Something went wrong</h1><p>Slack is having trouble. Please try again.</p></body></html>`;

export function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function required(args: Record<string, unknown>, key: string, error = "invalid_arguments"): string {
  const value = str(args[key]);
  if (value === undefined) throw new SlackApiError(error);
  return value;
}

/** Form values arrive as strings; blocks/view/files/etc. are JSON strings. Parse those so tests see structures. */
export function decodeFormValue(value: string): unknown {
  const trimmed = value.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

export function parseObject(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === "string" ? decodeFormValue(value) : value;
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

