// Helpers for the REST API tests: a real HTTP client (fetch on loopback), keys made through
// `/sam api-keys create` by an admin of the fake Slack, and the served OpenAPI document compiled
// with ajv (draft 2020-12) to check every real answer against it.
import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "vitest";
import type { TestApp } from "../support/app.js";
import { ackText } from "../campaigns/fixtures.js";

export const ADMIN_ID = "U0ADMIN0001";

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: any;
}

export async function call(t: TestApp, key: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const response = await fetch(`${t.app.url}/api/v1${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

/** A valid POST /campaigns body: a messenger campaign that may send at any hour of any day. */
export const messengerCampaign = (accountId: string, name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: "messenger",
  account_id: accountId,
  first_message: "Hi {first_name}!",
  follow_ups: [],
  delays: [],
  time_zone: "America/New_York",
  window_start: "00:00",
  window_end: "24:00",
  days: [1, 2, 3, 4, 5, 6, 7],
  skip_holidays: false,
  ...extra,
});

/** Creates a key through Slack as an admin and reads it from the ephemeral answer. */
export async function slackKey(t: TestApp, scope: "read" | "write", label = ""): Promise<string> {
  t.slack.addUser({ id: ADMIN_ID, real_name: "Ada Admin", is_admin: true });
  const text = ackText(await t.driver.command(`api-keys create ${scope} ${label}`, { userId: ADMIN_ID }));
  const key = /`(sam_[A-Za-z0-9_-]{43})`/.exec(text)?.[1];
  if (!key) throw new Error(`no key in ${text}`);
  return key;
}

/** Validates answers against the document the app serves, by operation, status and media type. */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  checked = 0;

  constructor(readonly document: any) {
    this.ajv.addSchema({ $id: "https://sam.test/openapi.json", components: document.components });
  }

  check(method: string, path: string, answer: ApiAnswer): void {
    const template = Object.keys(this.document.paths).find((candidate) =>
      new RegExp(`^${candidate.replace(/\{\w+\}/g, "[^/]+")}$`).test(`/api/v1${path.split("?")[0]}`),
    );
    expect(template, `no path in the document for ${path}`).toBeDefined();
    const operation = this.document.paths[template!][method.toLowerCase()];
    expect(operation, `${method} ${template} is not in the document`).toBeDefined();
    const response = operation.responses[String(answer.status)];
    expect(response, `${method} ${template} does not document status ${answer.status}`).toBeDefined();
    const mediaType = (answer.headers.get("content-type") ?? "").split(";")[0]!;
    const schema = response.content?.[mediaType]?.schema;
    expect(schema, `${method} ${template} ${answer.status} does not document ${mediaType}`).toBeDefined();
    const validate = this.ajv.compile({ $ref: `https://sam.test/openapi.json${schema.$ref}` });
    const ok = validate(answer.json);
    expect(ok ? [] : validate.errors, `${method} ${path} ${answer.status}`).toEqual([]);
    this.checked++;
  }
}
