// Every path id the API looks up answers the same 404 problem when it finds nothing: the whole
// body pinned, for an id of the wrong shape (no query runs; the echo is cut at 64 characters) and
// for a well-formed id that is not in the workspace (or, for a prospect, not in the campaign).
// The texts are the ones clients have seen since the API shipped; src/api/find-or-404.ts builds them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/api/keys.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { call, messengerCampaign } from "./support.js";

let t: TestApp;
let key: string;
let campaignId: string;

const LONG = "x".repeat(70);
const CUT = "x".repeat(64);
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  const workspaceId = await ensureWorkspace(t.db.sql, t.slack.teamId);
  key = (await createApiKey(t.db.sql, { workspaceId, scope: "write", label: "404s", createdBy: "U0NOTFOUND1" })).key;
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, min_gap_minutes, follow_up_min_gap_minutes, jitter_fraction)
    values (${workspaceId}, 'sandbox-linkedin-1', 'Demo LinkedIn account', 'America/New_York', 60, 0, 0) returning id`;
  const created = await call(t, key, "POST", "/campaigns", messengerCampaign(account!.id, "Not-found test"));
  expect(created.status).toBe(201);
  campaignId = created.json.campaign.id;
}, 60_000);
afterAll(() => t?.stop());

describe("404 for an id that finds nothing", () => {
  const cases = (): Array<[method: string, path: (id: string) => string, detail: (shown: string) => string, field: string]> => [
    ["GET", (id) => `/campaigns/${id}`, (s) => `No campaign with id “${s}” in this workspace.`, "campaign_id"],
    ["POST", (id) => `/campaigns/${id}/pause`, (s) => `No campaign with id “${s}” in this workspace.`, "campaign_id"],
    ["GET", (id) => `/campaigns/${id}/prospects`, (s) => `No campaign with id “${s}” in this workspace.`, "campaign_id"],
    ["GET", (id) => `/campaigns/${id}/stats`, (s) => `No campaign with id “${s}” in this workspace.`, "campaign_id"],
    ["GET", (id) => `/campaigns/${campaignId}/prospects/${id}`, (s) => `No prospect with id “${s}” in this campaign.`, "prospect_id"],
    ["DELETE", (id) => `/campaigns/${campaignId}/prospects/${id}`, (s) => `No prospect with id “${s}” in this campaign.`, "prospect_id"],
    ["GET", (id) => `/accounts/${id}/stats`, (s) => `No LinkedIn account with id “${s}” in this workspace.`, "account_id"],
    ["GET", (id) => `/webhooks/${id}`, (s) => `No webhook with id “${s}” in this workspace.`, "webhook_id"],
    ["DELETE", (id) => `/webhooks/${id}`, (s) => `No webhook with id “${s}” in this workspace.`, "webhook_id"],
    ["GET", (id) => `/webhooks/${id}/deliveries`, (s) => `No webhook with id “${s}” in this workspace.`, "webhook_id"],
  ];

  it("answers the same problem body for a malformed id (echo cut at 64 characters) and for a missing one", async () => {
    for (const [method, path, detail, field] of cases()) {
      for (const [id, shown] of [[LONG, CUT], [MISSING, MISSING]] as const) {
        const answer = await call(t, key, method, path(id), method === "POST" ? {} : undefined);
        expect(answer.json, `${method} ${path(id)}`).toEqual({
          type: "/api/v1/problems/not-found",
          title: "No such resource in this workspace",
          status: 404,
          detail: detail(shown),
          instance: `/api/v1${path(id)}`,
          field,
        });
        expect(answer.status).toBe(404);
      }
    }
  });

  it("a do-not-contact entry's id is a number: anything else, or a number not on the list, is 404", async () => {
    for (const [id, shown] of [[LONG, CUT], ["12ab", "12ab"], ["9".repeat(19), "9".repeat(19)], ["424242", "424242"]]) {
      const answer = await call(t, key, "DELETE", `/do-not-contact/${id}`);
      expect(answer.status, id).toBe(404);
      expect(answer.json.detail).toBe(`No do-not-contact entry with id “${shown}” in this workspace.`);
      expect(answer.json.field).toBe("entry_id");
    }
  });
});
