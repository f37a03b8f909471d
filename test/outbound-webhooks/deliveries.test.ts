// Outbound webhooks end to end (issue 19, acceptance 4): the whole app (real PostgreSQL, the
// worker, the Unipile sandbox, the fake Slack) with receivers on 127.0.0.1 that check every
// signature the way the README tells receivers to (written here from the README, not with the
// app's code). A campaign made and run through the API emits its events; a receiver that fails
// 5 times then recovers gets every event, in order per prospect; one down for 24 h (virtual) is
// disabled with exactly one Slack notice; a rolled-back change emits nothing; another
// workspace's endpoint is 404; bad URLs and event names are refused by name.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/api/keys.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { ackText } from "../campaigns/fixtures.js";
import { ADMIN_ID, type ApiAnswer, call, ContractChecker, messengerCampaign, slackKey } from "../api/support.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { drive } from "../support/drive.js";
import { seedCampaign } from "../support/seed.js";
import { createEndpoint } from "../../src/outbound-webhooks/endpoints.js";
import { WEBHOOK_EVENT_TYPES } from "../../src/outbound-webhooks/events.js";

const SECRETS_KEY = "7f".repeat(32);

interface EventData {
  prospect?: { id: string; public_identifier: string };
  text?: string;
  classification?: { label: string } | null;
  received_at?: string;
  from?: string;
  to?: string;
}

interface Receipt {
  eventId: string;
  headerEventId: string | undefined;
  body: { id: string; type: string; created_at: string; data: EventData };
  verified: boolean;
  status: number;
}

/** A receiver on loopback: answers `status(n)` to its n-th request (from 1) and checks each signature. */
class Receiver {
  readonly receipts: Receipt[] = [];
  secret = "";
  private server!: Server;
  url = "";

  constructor(
    private readonly t: () => TestApp,
    private readonly status: (n: number) => number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const body = JSON.parse(raw);
        const status = this.status(this.receipts.length + 1);
        const verified = verify(this.secret, String(req.headers["sam-signature"] ?? ""), raw, Math.floor(this.t().clock.nowMs() / 1000));
        this.receipts.push({ eventId: body.id, headerEventId: req.headers["sam-event-id"] as string | undefined, body, verified, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  accepted(): Receipt[] {
    return this.receipts.filter((receipt) => receipt.status >= 200 && receipt.status < 300);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The README's verification: t within 5 minutes, v1 = hex HMAC-SHA256(secret, "<t>.<body>"). */
function verify(secret: string, header: string, body: string, nowSeconds: number): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match || Math.abs(nowSeconds - Number(match[1])) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${match[1]}.${body}`).digest("hex");
  return timingSafeEqual(Buffer.from(expected), Buffer.from(match[2]!));
}

let t: TestApp;
let contract: ContractChecker;
let writeKey: string;
let accountId: string;
let workspaceId: string;
const receivers: Receiver[] = [];

async function api(key: string | null, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const answer = await call(t, key, method, path, body);
  contract.check(method, path, answer);
  return answer;
}

async function receiver(status: (n: number) => number): Promise<Receiver> {
  const started = await new Receiver(() => t, status).start();
  receivers.push(started);
  return started;
}

const campaignBody = (name: string, people: string[]) =>
  messengerCampaign(accountId, name, {
    prospects: people.map((identifier) => ({ first_name: identifier, last_name: "Hook", linkedin_url: `https://www.linkedin.com/in/${identifier}/` })),
  });

const undelivered = async (endpointId: string) =>
  (await t.db.sql<{ n: number }[]>`select count(*)::int as n from outbound_deliveries where endpoint_id = ${endpointId} and delivered_at is null`)[0]!.n;

beforeAll(async () => {
  t = await startTestApp({ env: { SECRETS_KEY, WEBHOOKS_ALLOW_LOOPBACK_HTTP: "on" } });
  contract = new ContractChecker(await (await fetch(`${t.app.url}/api/v1/openapi.json`)).json());
  writeKey = await slackKey(t, "write", "webhooks");
  workspaceId = await ensureWorkspace(t.db.sql, t.slack.teamId);
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, min_gap_minutes, follow_up_min_gap_minutes, jitter_fraction)
    values (${workspaceId}, 'sandbox-linkedin-1', 'Demo LinkedIn account', 'America/New_York', 60, 0, 0) returning id`;
  accountId = account!.id;
}, 60_000);
afterAll(async () => {
  for (const started of receivers) await started.close();
  await t?.stop();
});

describe("acceptance 4: signed deliveries, retried, in order", () => {
  it("a receiver failing 5 times then recovering gets every event of a campaign run through the API, signed, each accepted once, in order per prospect", async () => {
    const flaky = await receiver((n) => (n <= 5 ? 500 : 200));
    const created = await api(writeKey, "POST", "/webhooks", { url: flaky.url });
    expect(created.status).toBe(201);
    flaky.secret = created.json.secret;
    expect(flaky.secret).toMatch(/^whsec_/);
    const endpointId = created.json.webhook.id as string;
    // Only the sealed secret is stored.
    const [stored] = await t.db.sql<{ sealed: Buffer }[]>`select secret_sealed as sealed from outbound_webhook_endpoints where id = ${endpointId}`;
    expect(stored!.sealed.toString("latin1")).not.toContain(flaky.secret.slice(6));

    const people = ["ann-hook", "bob-hook", "cy-hook"];
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const campaign = await api(writeKey, "POST", "/campaigns", campaignBody("Hooked campaign", people));
    const campaignId = campaign.json.campaign.id as string;
    await api(writeKey, "POST", `/campaigns/${campaignId}/launch`, {});
    await drive(t, async () => {
      const [row] = await t.db.sql<{ sent: number }[]>`select count(*)::int as sent from send_queue where campaign_id = ${campaignId} and status = 'sent'`;
      return row!.sent === 3;
    });
    const chat = t.sandbox.world.chatWith("sandbox-linkedin-1", "ann-hook")!;
    t.sandbox.world.replyNow(chat.id, "Sounds interesting, tell me more about pricing");
    await drive(t, async () => {
      const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from outbound_events where type = 'prospect.replied'`;
      return row!.n === 1 && (await undelivered(endpointId)) === 0;
    });

    // Every request carried a valid signature and the event id header.
    expect(flaky.receipts.length).toBeGreaterThan(5);
    expect(flaky.receipts.filter((receipt) => !receipt.verified)).toEqual([]);
    expect(flaky.receipts.every((receipt) => receipt.headerEventId === receipt.eventId)).toBe(true);
    // The 5 failures were redelivered: each event accepted exactly once, 5 requests more than events.
    const events = await t.db.sql<{ id: string; type: string; prospect_id: string | null }[]>`
      select e.id, e.type, e.prospect_id from outbound_events e join outbound_deliveries d on d.event_seq = e.seq
      where d.endpoint_id = ${endpointId} order by e.seq`;
    const accepted = flaky.accepted().map((receipt) => receipt.eventId);
    expect(accepted).toEqual(events.map((event) => event.id));
    expect(flaky.receipts).toHaveLength(events.length + 5);
    expect(new Set(flaky.receipts.slice(0, 6).map((receipt) => receipt.eventId)).size).toBe(1);
    // In order per prospect (the check above is stricter still: every event in the order written).
    for (const identifier of people) {
      const [{ id: prospectId }] = await t.db.sql<[{ id: string }]>`select id from campaign_prospects where public_identifier = ${identifier}`;
      const written = events.filter((event) => event.prospect_id === prospectId).map((event) => event.id);
      const received = flaky.accepted().filter((receipt) => receipt.body.data.prospect?.id === prospectId).map((receipt) => receipt.eventId);
      expect(received, identifier).toEqual(written);
      expect(flaky.accepted().filter((r) => r.body.data.prospect?.id === prospectId).map((r) => r.body.type), identifier).toContain("message.sent");
    }
    const types = new Set(events.map((event) => event.type));
    for (const type of ["campaign.launched", "message.sent", "prospect.status_changed", "prospect.replied"]) expect(types).toContain(type);
    const reply = flaky.accepted().find((receipt) => receipt.body.type === "prospect.replied")!;
    expect(reply.body.data.text).toBe("Sounds interesting, tell me more about pricing");
    expect(reply.body.data.classification).toMatchObject({ label: expect.any(String) });
    expect(reply.body.data.prospect?.public_identifier).toBe("ann-hook");
    expect(new Date(reply.body.created_at).getTime()).toBe(new Date(reply.body.data.received_at!).getTime());
    // A tampered body does not verify (the receiver's check can fail).
    const sample = flaky.accepted()[0]!;
    expect(verify(flaky.secret, `t=${Math.floor(t.clock.nowMs() / 1000)},v1=${"0".repeat(64)}`, JSON.stringify(sample.body), Math.floor(t.clock.nowMs() / 1000))).toBe(false);

    // The delivery log shows the failures then the successes, through the API and in Slack.
    const log = await api(writeKey, "GET", `/webhooks/${endpointId}/deliveries`);
    expect(log.json.data.filter((attempt: { status_code: number }) => attempt.status_code === 500)).toHaveLength(5);
    const slackLog = ackText(await t.driver.command(`webhooks log ${endpointId.slice(0, 8)}`, { userId: ADMIN_ID }));
    expect(slackLog).toContain("HTTP 500");
    expect(slackLog).toContain("`prospect.replied`");

    // Stats of the same campaign through the API.
    const stats = await api(writeKey, "GET", `/campaigns/${campaignId}/stats`);
    expect(stats.json.funnel).toMatchObject({ imported: 3, queued: 3, sent: 3, replied: 1, accepted: null });
    await api(writeKey, "DELETE", `/webhooks/${endpointId}`);
  }, 180_000);

  it("a receiver down for 24 hours is disabled with exactly one Slack notice, and gets nothing more", async () => {
    const down = await receiver(() => 503);
    const added = ackText(await t.driver.command(`webhooks add ${down.url} campaign.paused campaign.launched`, { userId: ADMIN_ID }));
    down.secret = /`(whsec_[A-Za-z0-9_-]+)`/.exec(added)![1]!;
    const endpointId = (await t.db.sql<{ id: string }[]>`select id from outbound_webhook_endpoints where url = ${down.url}`)[0]!.id;
    const campaign = await api(writeKey, "POST", "/campaigns", campaignBody("Paused one", ["dee-hook"]));
    const campaignId = campaign.json.campaign.id as string;
    await api(writeKey, "POST", `/campaigns/${campaignId}/launch`, {});
    await drive(t, async () => (await t.db.sql`select 1 from campaigns where id = ${campaignId} and status = 'active'`).length === 1);
    await api(writeKey, "POST", `/campaigns/${campaignId}/pause`, {});
    const start = t.clock.nowMs();
    await drive(t, async () => (await t.db.sql`select 1 from outbound_webhook_endpoints where id = ${endpointId} and not enabled`).length === 1, { maxSteps: 400 });
    const attempts = await t.db.sql<{ attempted_at: Date }[]>`select attempted_at from outbound_attempts where endpoint_id = ${endpointId} order by id`;
    expect(attempts.at(-1)!.attempted_at.getTime() - attempts[0]!.attempted_at.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(attempts.at(-1)!.attempted_at.getTime() - start).toBeLessThan(26 * 3_600_000);
    // Backed off: far fewer attempts than a retry a minute.
    expect(attempts.length).toBeLessThan(40);
    expect(down.receipts.every((receipt) => receipt.verified)).toBe(true);
    expect(new Set(down.receipts.map((receipt) => receipt.eventId)).size).toBe(1);

    const notice = (text: string) => text.includes(endpointId.slice(0, 8)) && text.includes("is disabled");
    await t.slack.waitFor((c) => c.method === "chat.postMessage" && notice(String(c.args.text)), { timeoutMs: 10_000 });
    // Another event: nothing is queued for a disabled endpoint, and no second notice.
    const before = down.receipts.length;
    await api(writeKey, "POST", `/campaigns/${campaignId}/resume`, {});
    await api(writeKey, "POST", `/campaigns/${campaignId}/pause`, {});
    await drive(t, async () => false, { until: new Date(t.clock.nowMs() + 3 * 3_600_000), maxSteps: 100 }).catch(() => undefined);
    expect(down.receipts.length).toBe(before);
    expect(t.slack.callsTo("chat.postMessage").filter((c) => notice(String(c.args.text)))).toHaveLength(1);
    const listed = ackText(await t.driver.command("webhooks list", { userId: ADMIN_ID }));
    expect(listed).toContain("disabled");
    await api(writeKey, "DELETE", `/webhooks/${endpointId}`);
  }, 180_000);

  it("a change rolled back emits no event; without a subscribed endpoint nothing is written", async () => {
    const quiet = await receiver(() => 200);
    const created = await api(writeKey, "POST", "/webhooks", { url: quiet.url, events: ["campaign.paused"] });
    quiet.secret = created.json.secret;
    const campaign = await api(writeKey, "POST", "/campaigns", campaignBody("Rolled back", ["eve-hook"]));
    const campaignId = campaign.json.campaign.id as string;
    const count = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from outbound_events`)[0]!.n;
    const before = await count();
    const inside = await t.db.sql
      .begin(async (tx) => {
        await tx`update campaigns set status = 'paused' where id = ${campaignId}`;
        const [row] = await tx<{ n: number }[]>`select count(*)::int as n from outbound_events where type = 'campaign.paused'`;
        throw Object.assign(new Error("rolled back"), { seen: row!.n });
      })
      .catch((error: { seen: number }) => error.seen);
    expect(inside).toBeGreaterThan(0); // the trigger did write, inside the transaction
    expect(await count()).toBe(before);
    // An event type the endpoint did not subscribe to writes nothing.
    await t.db.sql`update campaigns set status = 'launching' where id = ${campaignId}`;
    await t.db.sql`update campaigns set status = 'active' where id = ${campaignId}`;
    await t.db.sql`update campaigns set status = 'cancelled' where id = ${campaignId}`;
    expect(await count()).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(quiet.receipts).toEqual([]);
    await api(writeKey, "DELETE", `/webhooks/${created.json.webhook.id}`);
  });
});

describe("events: each written by the change it describes", () => {
  it("every event type comes from its change, with its data; a workspace without endpoints gets none", async () => {
    const sink = await receiver(() => 200);
    const seeded = await seedCampaign(t.db.sql, { teamId: "T0TRIGGERS1", prospects: 4, messages: 2 });
    const quiet = await seedCampaign(t.db.sql, { teamId: "T0QUIET0001", prospects: 1, messages: 1 });
    const { endpoint, secret } = await t.db.sql.begin((tx) =>
      createEndpoint(tx, t.app.ctx.config, { workspaceId: seeded.workspaceId, url: sink.url, events: [], createdBy: "U0TEST" }),
    );
    sink.secret = secret;
    const [p1, p2, p3, p4] = seeded.prospectIds as [string, string, string, string];
    const sql = t.db.sql;
    await sql`update send_queue set status = 'sent', sent_at = '2026-11-30T15:00:00Z', sent_text = 'Hi Prospect1' where prospect_id = ${p1} and step = 0`;
    await sql`update send_queue set status = 'failed', error_class = 'recipient_unreachable' where prospect_id = ${p2} and step = 0`;
    await sql`update send_queue set message_type = 'connection_request' where prospect_id = ${p3} and step = 0`;
    await sql`update send_queue set status = 'sent', sent_at = '2026-11-30T15:05:00Z' where prospect_id = ${p3} and step = 0`;
    await sql`update campaign_prospects set status = 'connection_request_sent' where id in (${p3}, ${p4})`;
    await sql`update campaign_prospects set status = 'connected', connection_accepted_at = '2026-12-01T10:00:00Z' where id = ${p3}`;
    await sql`update campaign_prospects set status = 'not_accepted', status_reason = 'Withdrawn after 21 days' where id = ${p4}`;
    await sql`insert into conversation_messages (workspace_id, prospect_id, direction, origin, text, message_key, at, label, confidence, label_source)
              values (${seeded.workspaceId}, ${p1}, 'inbound', 'prospect', 'Yes, tell me more', 'm-1', '2026-12-01T11:00:00Z', 'interested', 0.9, 'offline')`;
    await sql`update campaigns set status = 'paused' where id = ${seeded.campaignId}`;
    await sql`update campaigns set status = 'launching' where id = ${seeded.campaignId}`;
    await sql`update campaigns set status = 'active' where id = ${seeded.campaignId}`;
    await sql`update campaigns set status = 'completed', completed_at = '2026-12-02T00:00:00Z' where id = ${seeded.campaignId}`;
    await sql`update workspace_accounts set status = 'unavailable', status_reason = 'Disconnected' where id = ${seeded.accountId}`;
    await sql`update workspace_accounts set status = 'active', status_reason = null where id = ${seeded.accountId}`;
    // The same changes in a workspace without endpoints write nothing.
    await sql`update send_queue set status = 'sent', sent_at = now() where campaign_id = ${quiet.campaignId}`;
    await sql`update campaigns set status = 'paused' where id = ${quiet.campaignId}`;

    const events = await sql<{ type: string; workspace_id: string; prospect_id: string | null; data: EventData & Record<string, unknown> }[]>`
      select type, workspace_id, prospect_id, data from outbound_events where workspace_id in (${seeded.workspaceId}, ${quiet.workspaceId}) order by seq`;
    expect(events.every((event) => event.workspace_id === seeded.workspaceId)).toBe(true);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    const one = (type: string) => events.filter((event) => event.type === type);
    expect(one("message.sent")).toHaveLength(1);
    expect(one("message.sent")[0]).toMatchObject({ prospect_id: p1, data: { text: "Hi Prospect1", step: 0, prospect: { id: p1, first_name: "Prospect1" } } });
    expect(one("message.failed")[0]!.data).toMatchObject({ error_class: "recipient_unreachable", prospect: { id: p2 } });
    expect(one("invitation.sent")[0]!.prospect_id).toBe(p3);
    expect(one("invitation.accepted")[0]!.prospect_id).toBe(p3);
    expect(one("invitation.withdrawn")[0]!.data).toMatchObject({ reason: "Withdrawn after 21 days", prospect: { id: p4 } });
    expect(one("prospect.replied")[0]!.data).toMatchObject({ text: "Yes, tell me more", classification: { label: "interested", confidence: 0.9 } });
    expect(one("prospect.status_changed").map((event) => [event.data.from, event.data.to])).toContainEqual(["connection_request_sent", "not_accepted"]);
    expect(one("campaign.paused")[0]!.data.campaign).toMatchObject({ id: seeded.campaignId, from: "active", status: "paused" });
    expect(one("account.paused")[0]!.data.account).toMatchObject({ id: seeded.accountId, reason: "Disconnected" });
    await drive(t, async () => (await undelivered(endpoint.id)) === 0);
    expect(sink.accepted().map((receipt) => receipt.body.type)).toEqual(events.map((event) => event.type));
    expect(sink.receipts.every((receipt) => receipt.verified)).toBe(true);
  });
});

describe("endpoints: isolation and bad input", () => {
  it("another workspace's endpoint id is 404 and it is untouched; read keys are refused", async () => {
    const target = await receiver(() => 200);
    const created = await api(writeKey, "POST", "/webhooks", { url: target.url, events: ["message.sent"] });
    const id = created.json.webhook.id as string;
    const other = await createApiKey(t.db.sql, { workspaceId: await ensureWorkspace(t.db.sql, "T0OTHERHOOK1"), scope: "write", label: "", createdBy: "U0OTHER0001" });
    for (const [method, path] of [["GET", `/webhooks/${id}`], ["DELETE", `/webhooks/${id}`], ["POST", `/webhooks/${id}/test`], ["GET", `/webhooks/${id}/deliveries`]] as const) {
      expect((await api(other.key, method, path, method === "POST" ? {} : undefined)).status, `${method} ${path}`).toBe(404);
    }
    expect((await api(other.key, "GET", "/webhooks")).json.data).toEqual([]);
    const reader = await slackKey(t, "read");
    expect((await api(reader, "GET", "/webhooks")).status).toBe(403);
    const fetched = await api(writeKey, "GET", `/webhooks/${id}`);
    expect(fetched.json).toMatchObject({ id, url: target.url, events: ["message.sent"], enabled: true });
    expect(JSON.stringify(fetched.json)).not.toContain("whsec_");

    // The test event reaches it, signed.
    target.secret = created.json.secret;
    const queued = await api(writeKey, "POST", `/webhooks/${id}/test`, {});
    await drive(t, async () => target.receipts.length === 1);
    expect(target.receipts[0]).toMatchObject({ eventId: queued.json.event_id, verified: true, body: { type: "webhook.test" } });
    expect((await api(writeKey, "DELETE", `/webhooks/${id}`)).status).toBe(200);
    expect((await api(writeKey, "GET", `/webhooks/${id}`)).status).toBe(404);
  });

  it("refuses a bad URL or an unknown event by name, in the API and in Slack; nothing is stored", async () => {
    const count = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from outbound_webhook_endpoints`)[0]!.n;
    const before = await count();
    const cases: Array<[unknown, string, RegExp]> = [
      [{ url: "not a url" }, "url", /not a URL/],
      [{ url: "http://example.com/hook" }, "url", /https/],
      [{ url: "ftp://example.com/hook" }, "url", /https/],
      [{ url: "https://user:pw@example.com/hook" }, "url", /password/],
      [{ url: "https://example.com/hook", events: ["message.sent", "message.exploded"] }, "events[1]", /expected one of/i],
      [{ url: 42 }, "url", /string/],
    ];
    for (const [body, field, message] of cases) {
      const answer = await api(writeKey, "POST", "/webhooks", body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.json.field).toBe(field);
      expect(answer.json.detail).toMatch(message);
    }
    const slack = ackText(await t.driver.command("webhooks add https://example.com/hook message.sent message.exploded", { userId: ADMIN_ID }));
    expect(slack).toContain("unknown event “message.exploded”");
    const insecure = ackText(await t.driver.command("webhooks add http://example.com/hook", { userId: ADMIN_ID }));
    expect(insecure).toContain("must start with https://");
    const notAdmin = ackText(await t.driver.command("webhooks add https://example.com/hook"));
    expect(notAdmin).toContain("Only workspace admins and owners");
    const unknown = ackText(await t.driver.command("webhooks remove 0000abcd", { userId: ADMIN_ID }));
    expect(unknown).toContain("no endpoint");
    expect(await count()).toBe(before);
  });
});
