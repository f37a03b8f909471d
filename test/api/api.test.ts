// The REST API end to end, with fetch on loopback against the whole app (real PostgreSQL, the
// worker, the Unipile sandbox, the fake Slack): keys from Slack, a campaign created with
// prospects, launched and run in virtual time, its counts read back; keys wrong, revoked,
// read-only and of another workspace; idempotent replays and the rate limit; bad input refused
// whole. Every answer is checked against the served OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/api/keys.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { drive } from "../support/drive.js";
import { ADMIN_ID, type ApiAnswer, call, ContractChecker, messengerCampaign, slackKey } from "./support.js";

let t: TestApp;
let contract: ContractChecker;
let writeKey: string;
let accountId: string;
/** The campaign acceptance 1 ran; its stats are read last (the reply it gets arms jobs for later days). */
let launchedCampaignId: string;

/** Calls the API and checks the answer against the served document. */
async function api(key: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const answer = await call(t, key, method, path, body, headers);
  contract.check(method, path, answer);
  return answer;
}

const campaignBody = (name: string, extra: Record<string, unknown> = {}) => messengerCampaign(accountId, name, extra);

const person = (identifier: string, extra: Record<string, unknown> = {}) => ({
  first_name: identifier,
  last_name: "Example",
  linkedin_url: `https://www.linkedin.com/in/${identifier}/`,
  ...extra,
});

const counts = async () => {
  const [row] = await t.db.sql<{ campaigns: number; prospects: number; outbox: number; keys: number }[]>`
    select (select count(*)::int from campaigns) as campaigns, (select count(*)::int from campaign_prospects) as prospects,
           (select count(*)::int from slack_outbox) as outbox, (select count(*)::int from api_idempotency) as keys`;
  return row!;
};

beforeAll(async () => {
  t = await startTestApp();
  const document = await (await fetch(`${t.app.url}/api/v1/openapi.json`)).json();
  contract = new ContractChecker(document);
  writeKey = await slackKey(t, "write", "CRM sync");
  const workspaceId = await ensureWorkspace(t.db.sql, t.slack.teamId);
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, min_gap_minutes, follow_up_min_gap_minutes, jitter_fraction)
    values (${workspaceId}, 'sandbox-linkedin-1', 'Demo LinkedIn account', 'America/New_York', 60, 0, 0) returning id`;
  accountId = account!.id;
}, 60_000);
afterAll(() => t?.stop());

describe("acceptance 1: a campaign made, launched and run through the API", () => {
  it("creates a campaign with prospects, launches it, runs it in virtual time and reads its counts; Slack shows it", async () => {
    const people = ["ann-api", "bob-api", "cy-api"];
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const created = await api(writeKey, "POST", "/campaigns", campaignBody("API launch test", { prospects: [...people.map((p) => person(p)), person("ann-api")] }));
    expect(created.status).toBe(201);
    expect(created.json.import).toMatchObject({ imported: 3, total: 4, duplicates: [{ index: 3, duplicate_of_index: 0 }] });
    const id = created.json.campaign.id as string;
    expect(created.json.campaign).toMatchObject({ status: "draft", name: "API launch test", type: "messenger" });

    // The same root message as the modal's, and the import report in its thread.
    await t.slack.waitFor((c) => c.method === "chat.postMessage" && JSON.stringify(c.args).includes("API launch test"), { timeoutMs: 10_000 });
    await t.slack.waitFor((c) => c.method === "chat.postMessage" && Boolean(c.args.thread_ts) && String(c.args.text).includes("Imported 3 prospect(s)"), { timeoutMs: 10_000 });

    const launched = await api(writeKey, "POST", `/campaigns/${id}/launch`, {});
    expect(launched.status).toBe(200);
    expect(launched.json.campaign.status).toBe("launching");
    await drive(t, async () => {
      const [row] = await t.db.sql<{ sent: number }[]>`select count(*)::int as sent from send_queue where campaign_id = ${id} and status = 'sent'`;
      return row!.sent === 3;
    });
    const read = await api(writeKey, "GET", `/campaigns/${id}`);
    expect(read.status).toBe(200);
    expect(read.json.counts).toMatchObject({ prospects: 3, sent: 3, queued: 0, failed: 0 });
    expect(read.json.status).toMatch(/active|completed/);
    await t.slack.waitFor((c) => c.method === "chat.postMessage" && Boolean(c.args.thread_ts) && String(c.args.text).includes("launched the campaign"), { timeoutMs: 10_000 });

    const list = await api(writeKey, "GET", `/campaigns/${id}/prospects?limit=2`);
    expect(list.json.data).toHaveLength(2);
    const rest = await api(writeKey, "GET", `/campaigns/${id}/prospects?limit=2&cursor=${list.json.next_cursor}`);
    expect(rest.json.data).toHaveLength(1);
    expect(rest.json.next_cursor).toBeNull();
    expect([...list.json.data, ...rest.json.data].map((p: { public_identifier: string }) => p.public_identifier).sort()).toEqual([...people].sort());
    // A contacted prospect cannot be removed.
    const removal = await api(writeKey, "DELETE", `/campaigns/${id}/prospects/${rest.json.data[0].id}`);
    expect(removal.status).toBe(409);

    launchedCampaignId = id;
  }, 120_000);

  it("serves a document that is valid OpenAPI 3.1 (the official schema)", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const official = (await import("../fixtures/openapi-3.1/schema.json", { with: { type: "json" } })).default;
    // ajv resolves `$dynamicRef: "#meta"` to the root of the schema rather than to the anchor
    // (its 2020-12 dynamic scope is partial); in this schema the only `$dynamicAnchor: meta` is
    // `#/$defs/schema`, so a plain `$ref` to it means the same (the stored file stays unchanged).
    const schema = JSON.parse(JSON.stringify(official).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"'));
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(contract.document);
    expect(valid ? [] : validate.errors).toEqual([]);
    expect(contract.document.openapi).toBe("3.1.0");
    // A broken document is refused by the same check (the check can fail).
    expect(validate({ ...contract.document, paths: { "/x": { get: { responses: { 200: { content: 3 } } } } } })).toBe(false);
  });
});

describe("acceptance 2: keys", () => {
  it("answers 401 for a wrong and a revoked key, 403 for a read key's write, 404 for another workspace's campaign; nothing changes", async () => {
    const created = await api(writeKey, "POST", "/campaigns", campaignBody("Keys test"));
    const id = created.json.campaign.id as string;
    const before = await counts();

    expect((await api(null, "GET", "/campaigns")).status).toBe(401);
    const wrong = await api(`sam_${"A".repeat(43)}`, "POST", `/campaigns/${id}/launch`, {});
    expect(wrong.status).toBe(401);
    expect(wrong.json.type).toBe("/api/v1/problems/unauthorized");

    const revocable = await slackKey(t, "write", "to revoke");
    expect((await api(revocable, "GET", "/campaigns")).status).toBe(200);
    const revoked = await t.driver.command(`api-keys revoke ${revocable.slice(0, 12)}`, { userId: ADMIN_ID });
    expect(JSON.stringify(revoked.json)).toContain("Revoked");
    expect((await api(revocable, "POST", `/campaigns/${id}/launch`, {})).status).toBe(401);

    const reader = await slackKey(t, "read");
    expect((await api(reader, "GET", `/campaigns/${id}`)).status).toBe(200);
    const forbidden = await api(reader, "POST", `/campaigns/${id}/launch`, {});
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.type).toBe("/api/v1/problems/forbidden");

    const otherWorkspace = await ensureWorkspace(t.db.sql, "T0OTHERAPI01");
    const other = await createApiKey(t.db.sql, { workspaceId: otherWorkspace, scope: "write", label: "", createdBy: "U0OTHER0001" });
    for (const [method, path] of [["GET", `/campaigns/${id}`], ["POST", `/campaigns/${id}/launch`], ["POST", `/campaigns/${id}/cancel`], ["GET", `/campaigns/${id}/prospects`], ["GET", `/campaigns/${id}/stats`], ["GET", `/accounts/${accountId}/stats`]] as const) {
      const answer = await api(other.key, method, path, method === "POST" ? {} : undefined);
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect((await api(other.key, "GET", "/campaigns")).json.data).toEqual([]);

    const [campaign] = await t.db.sql`select status from campaigns where id = ${id}`;
    expect(campaign!.status).toBe("draft");
    expect(await counts()).toEqual(before);
  });

  it("stores only hashes, lists prefixes, records last use, and keeps keys out of the logs; only admins manage keys", async () => {
    const key = await slackKey(t, "read", "hash check");
    const rows = await t.db.sql`select prefix, encode(key_hash, 'hex') as hash, last_used_at from api_keys where prefix = ${key.slice(0, 12)}`;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key.slice(12));
    const { createHash } = await import("node:crypto");
    expect(rows[0]!.hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(rows[0]!.last_used_at).toBeNull();
    await api(key, "GET", "/campaigns");
    const [used] = await t.db.sql`select last_used_at from api_keys where prefix = ${key.slice(0, 12)}`;
    expect(used!.last_used_at).toEqual(t.clock.now());

    const listed = JSON.stringify((await t.driver.command("api-keys list", { userId: ADMIN_ID })).json);
    expect(listed).toContain(key.slice(0, 12));
    expect(listed).not.toContain(key.slice(12));
    // The default user is not an admin.
    const refused = JSON.stringify((await t.driver.command("api-keys create write")).json);
    expect(refused).toContain("Only workspace admins and owners");
    const { redact } = await import("../../src/log.js");
    expect(redact({ note: `header Bearer ${key}` })).toEqual({ note: "header Bearer [redacted]" });
  });
});

describe("acceptance 3: idempotency and the rate limit", () => {
  it("replays the same answer for the same key and body, creating nothing; another body with the key is 409", async () => {
    const body = campaignBody("Idempotent", { prospects: [person("idem-1")] });
    const first = await api(writeKey, "POST", "/campaigns", body, { "idempotency-key": "order-42" });
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await api(writeKey, "POST", "/campaigns", body, { "idempotency-key": "order-42" });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await counts()).toEqual(before);
    const different = await api(writeKey, "POST", "/campaigns", { ...body, name: "Idempotent 2" }, { "idempotency-key": "order-42" });
    expect(different.status).toBe(409);
    expect(different.json.type).toBe("/api/v1/problems/idempotency-key-reused");
    expect(await counts()).toEqual(before);
    // Concurrent duplicates: one runs, the others replay it.
    const parallel = await Promise.all(
      Array.from({ length: 5 }, () => call(t, writeKey, "POST", `/campaigns/${first.json.campaign.id}/prospects`, { prospects: [person("idem-2")] }, { "idempotency-key": "batch-7" })),
    );
    expect(parallel.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(parallel.map((answer) => JSON.stringify(answer.json))), JSON.stringify(parallel.map((a) => a.json))).toHaveLength(1);
    expect(parallel[0]!.json.imported).toBe(1);
    const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from campaign_prospects where campaign_id = ${first.json.campaign.id}`;
    expect(row!.n).toBe(2);
  });

  it("answers 429 with Retry-After past a burst of 50, and lets requests through again as time passes", async () => {
    const key = await slackKey(t, "read", "burst");
    const answers: ApiAnswer[] = [];
    for (let i = 0; i < 51; i++) answers.push(await call(t, key, "GET", "/campaigns?limit=1"));
    expect(answers.slice(0, 50).every((answer) => answer.status === 200)).toBe(true);
    const limited = answers[50]!;
    contract.check("GET", "/campaigns", limited);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.json.type).toBe("/api/v1/problems/rate-limited");
    // Another key has its own bucket.
    expect((await call(t, writeKey, "GET", "/campaigns?limit=1")).status).toBe(200);
    await t.clock.set({ now: new Date(t.clock.nowMs() + 1_000) });
    const after = await call(t, key, "GET", "/campaigns?limit=1");
    expect(after.status).toBe(200);
  });
});

describe("acceptance 5: bad input", () => {
  it("refuses malformed JSON, wrong types, 10,001 prospects and bodies over 5 MB with problem documents, writing nothing", async () => {
    const created = await api(writeKey, "POST", "/campaigns", campaignBody("Bad input"));
    const id = created.json.campaign.id as string;
    const before = await counts();

    const malformed = await api(writeKey, "POST", "/campaigns", '{"name": "x",');
    expect(malformed.status).toBe(400);
    expect(malformed.json.type).toBe("/api/v1/problems/malformed-json");

    const wrongTypes = await api(writeKey, "POST", "/campaigns", { ...campaignBody("Typed"), days: "monday", type: 3 });
    expect(wrongTypes.status).toBe(422);
    expect(wrongTypes.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(["days", "type"]);

    const formRules = await api(writeKey, "POST", "/campaigns", campaignBody("c12", { time_zone: "Mars/Base", follow_ups: ["", "second"] }));
    expect(formRules.status).toBe(422);
    expect(formRules.json.errors).toEqual([
      { field: "name", message: "Names like c12 are reserved for campaign handles." },
      { field: "follow_ups[0]", message: "Fill the follow-ups in order, without gaps." },
      { field: "time_zone", message: "Use an IANA time zone such as America/New_York." },
    ]);

    const tooMany = await api(writeKey, "POST", `/campaigns/${id}/prospects`, {
      prospects: Array.from({ length: 10_001 }, (_, i) => person(`many-${i}`)),
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.field).toBe("prospects");
    expect(tooMany.json.detail).toContain("10000");

    const badRows = await api(writeKey, "POST", `/campaigns/${id}/prospects`, { prospects: [person("ok-1"), { ...person("x"), linkedin_url: 42 }] });
    expect(badRows.status).toBe(422);
    expect(badRows.json.field).toBe("prospects[1].linkedin_url");

    const big = JSON.stringify({ prospects: [person("big", { title: "x".repeat(5 * 1024 * 1024) })] });
    const oversized = await api(writeKey, "POST", `/campaigns/${id}/prospects`, big);
    expect(oversized.status).toBe(413);
    expect(oversized.json.type).toBe("/api/v1/problems/payload-too-large");

    const notJson = await api(writeKey, "POST", "/campaigns", JSON.stringify(campaignBody("Form")), { "content-type": "text/plain" });
    expect(notJson.status).toBe(415);

    expect(await counts()).toEqual(before);
    // Row-level problems are reported, as the CSV import reports them, and valid rows imported.
    const mixed = await api(writeKey, "POST", `/campaigns/${id}/prospects`, {
      prospects: [person("good-1"), person("bad", { linkedin_url: "https://example.com/nope" }), { ...person("nofirst"), first_name: "" }],
    });
    expect(mixed.status).toBe(200);
    expect(mixed.json.imported).toBe(1);
    expect(mixed.json.invalid.map((row: { index: number }) => row.index)).toEqual([1, 2]);
    await eventually(async () => (await t.db.sql`select 1 from campaign_prospects where campaign_id = ${id}`).length === 1);
  });
});

describe("accounts and the do-not-contact list", () => {
  it("lists accounts with caps and today's usage", async () => {
    const answer = await api(writeKey, "GET", "/accounts");
    expect(answer.status).toBe(200);
    const account = answer.json.data.find((a: { id: string }) => a.id === accountId);
    // The three messages of acceptance 1 were sent today (virtual time), by this account.
    expect(account.usage).toEqual({ messages_today: 3, invitations_today: 0, invitations_last_7_days: 0 });
    expect(account.caps.daily_messages).toBeGreaterThan(0);
  });

  it("adds (stopping whom an entry names), lists with a cursor and removes entries, each workspace only its own", async () => {
    const created = await api(writeKey, "POST", "/campaigns", campaignBody("DNC via API", { prospects: [person("dnc-target"), person("dnc-keep")] }));
    expect(created.status).toBe(201);
    const bad = await api(writeKey, "POST", "/do-not-contact", { entries: [{ value: "https://www.linkedin.com/in/dnc-target/" }, { value: "https://www.linkedin.com/feed/" }] });
    expect(bad.status).toBe(422);
    expect(bad.json.field).toBe("entries[1].value");
    expect((await t.db.sql`select 1 from do_not_contact`).length).toBe(0);

    const added = await api(writeKey, "POST", "/do-not-contact", {
      entries: [{ value: "https://www.linkedin.com/in/dnc-target/", reason: "asked by email" }, { value: "Acme Corp" }],
    });
    expect(added.json).toEqual({ added: 2, stopped_prospects: 1, cancelled_messages: 0 });
    const [stopped] = await t.db.sql`select status from campaign_prospects where public_identifier = 'dnc-target'`;
    expect(stopped!.status).toBe("opted_out");

    const first = await api(writeKey, "GET", "/do-not-contact?limit=1");
    expect(first.json.data[0]).toMatchObject({ kind: "profile", entry: "https://www.linkedin.com/in/dnc-target/", reason: "asked by email", source: "api" });
    const second = await api(writeKey, "GET", `/do-not-contact?limit=1&cursor=${first.json.next_cursor}`);
    expect(second.json.data[0]).toMatchObject({ kind: "company", entry: "Acme Corp" });
    expect(second.json.next_cursor).toBeNull();

    const otherWorkspace = await ensureWorkspace(t.db.sql, "T0OTHERDNC01");
    const other = await createApiKey(t.db.sql, { workspaceId: otherWorkspace, scope: "write", label: "", createdBy: "U0OTHER0001" });
    expect((await api(other.key, "DELETE", `/do-not-contact/${second.json.data[0].id}`)).status).toBe(404);
    expect((await api(other.key, "GET", "/do-not-contact")).json.data).toEqual([]);
    expect((await api(writeKey, "DELETE", `/do-not-contact/${second.json.data[0].id}`)).status).toBe(200);
    expect((await t.db.sql`select kind from do_not_contact`).map((row) => row.kind)).toEqual(["profile"]);
  });
});

describe("acceptance 1, continued: the stats resource", () => {
  it("reads the analytics module's figures of the campaign run through the API, after a reply", async () => {
    t.sandbox.world.replyNow(t.sandbox.world.chatWith("sandbox-linkedin-1", "bob-api")!.id, "Interesting, let's talk next week");
    await drive(t, async () => (await t.db.sql`select 1 from campaign_prospects where campaign_id = ${launchedCampaignId} and status = 'replied'`).length === 1);
    const stats = await api(writeKey, "GET", `/campaigns/${launchedCampaignId}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.json.funnel).toMatchObject({ imported: 3, queued: 3, sent: 3, replied: 1, accepted: null });
    expect(stats.json.steps).toEqual([{ step: 1, sent: 3, replied: 1 }]);
    expect(stats.json.time_to_reply.count).toBe(1);
    expect(stats.json.replies_by_hour.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    const account = await api(writeKey, "GET", `/accounts/${accountId}/stats`);
    expect(account.status).toBe(200);
    expect(account.json.days.reduce((sum: number, day: { messages: number }) => sum + day.messages, 0)).toBe(3);
  });
});
