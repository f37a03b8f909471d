// Issue 16 through the REST API: POST /campaigns takes variants B–D per message and
// auto-optimise, checked with the Variants step's rules (src/campaigns/variants-form.ts), and the
// campaign reads back with them; a bad variant is refused on its own field, writing nothing.
// Every answer is checked against the served OpenAPI document, which is generated from the zod
// schemas, so the new fields are documented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWorkspace } from "../../src/workspaces.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { type ApiAnswer, call, ContractChecker, messengerCampaign, slackKey } from "./support.js";

let t: TestApp;
let contract: ContractChecker;
let key: string;
let accountId: string;

async function api(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const answer = await call(t, key, method, path, body);
  contract.check(method, path, answer);
  return answer;
}

beforeAll(async () => {
  t = await startTestApp();
  contract = new ContractChecker(await (await fetch(`${t.app.url}/api/v1/openapi.json`)).json());
  key = await slackKey(t, "write", "variants");
  const workspaceId = await ensureWorkspace(t.db.sql, t.slack.teamId);
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
    values (${workspaceId}, 'sandbox-linkedin-1', 'Demo LinkedIn account', 'America/New_York') returning id`;
  accountId = account!.id;
}, 60_000);
afterAll(() => t?.stop());

describe("POST /campaigns with variants", () => {
  it("creates a campaign with variants B–D and auto-optimise, and reads them back", async () => {
    const created = await api("POST", "/campaigns", messengerCampaign(accountId, "API variants", {
      follow_ups: ["Following up, {first_name}", "Last one"],
      delays: [3],
      variants: [["Hello {first_name}!", "Hey {first_name|there}", "Morning {first_name}"], [], ["Last one, B"]],
      auto_optimise: true,
    }));
    expect(created.status).toBe(201);
    const expected = { variants: [["Hello {first_name}!", "Hey {first_name|there}", "Morning {first_name}"], [], ["Last one, B"]], auto_optimise: true };
    expect(created.json.campaign).toMatchObject(expected);
    const read = await api("GET", `/campaigns/${created.json.campaign.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject(expected);
    const [row] = await t.db.sql<{ message_templates: { variants: string[][] }; auto_optimise: boolean }[]>`
      select message_templates, auto_optimise from campaigns where id = ${created.json.campaign.id}`;
    expect(row).toMatchObject({ message_templates: { variants: expected.variants }, auto_optimise: true });
  });

  it("without variants: none, and auto-optimise off by default", async () => {
    const created = await api("POST", "/campaigns", messengerCampaign(accountId, "API no variants"));
    expect(created.status).toBe(201);
    expect(created.json.campaign).toMatchObject({ variants: [], auto_optimise: false });
  });

  it("refuses a bad variant on its field (placeholder, a gap, more lists than messages), writing nothing", async () => {
    const [before] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from campaigns`;
    const unknown = await api("POST", "/campaigns", messengerCampaign(accountId, "API bad variants", {
      follow_ups: ["FU"],
      variants: [["Hi {favourite_color}"], ["", "C without B"]],
    }));
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([
      { field: "variants[0][0]", message: expect.stringMatching(/^Variant B: Unknown placeholder \{favourite_color\}/) },
      { field: "variants[1][1]", message: "Fill variant B first: letters go in order." },
    ]);
    const tooMany = await api("POST", "/campaigns", messengerCampaign(accountId, "API bad variants", { variants: [["B"], ["B of a follow-up it lacks"]] }));
    expect(tooMany.status).toBe(422);
    expect(tooMany.json).toMatchObject({ field: "variants", detail: expect.stringMatching(/has 1 message\(s\)/) });
    const fourth = await api("POST", "/campaigns", messengerCampaign(accountId, "API bad variants", { variants: [["B", "C", "D", "E"]] }));
    expect(fourth.status).toBe(422);
    const [after] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from campaigns`;
    expect(after!.n).toBe(before!.n);
  });
});
