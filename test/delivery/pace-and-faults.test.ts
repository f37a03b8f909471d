// The engine holds caps and windows itself (not only the plan), and survives Unipile and Slack
// faults without a duplicate or a lost message.
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

function connectAll(app: TestApp, identifiers: string[]) {
  for (const identifier of identifiers) app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
}

async function sentCount(app: TestApp): Promise<number> {
  const [row] = await app.db.sql`select count(*)::int as n from send_queue where status = 'sent'`;
  return row!.n;
}

async function launch(app: TestApp, handle: number) {
  await app.driver.command(`launch c${handle}`);
  await eventually(async () => (await app.db.sql`select 1 from campaigns where handle = ${handle} and status = 'active'`).length === 1);
}

describe("caps and windows in the engine", () => {
  it("100 prospects over two campaigns on one account with cap 20/day: ≤ 20 per local day, inside the window, no weekends", async () => {
    t = await startTestApp();
    const app = t;
    const people = Array.from({ length: 100 }, (_, i) => `p${i}-1st-silent`);
    connectAll(app, people);
    const window = { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5], holidayCountry: null };
    const common = {
      teamId: app.slack.teamId,
      window,
      templates: { follow_up_messages: [], follow_up_delays: [] },
      account: { daily_message_cap: 20, min_gap_minutes: 5, follow_up_min_gap_minutes: 1, jitter_fraction: 0 },
    };
    const a = await draftCampaign(app.db.sql, { ...common, name: "A", prospects: people.slice(0, 50).map((identifier) => ({ identifier })) });
    const b = await draftCampaign(app.db.sql, { ...common, name: "B", prospects: people.slice(50).map((identifier) => ({ identifier })) });
    await launch(app, a.campaign.handle);
    await launch(app, b.campaign.handle);
    await drive(app, async () => (await sentCount(app)) === 100);

    const rows = await app.db.sql<{ sent_at: Date; name: string }[]>`
      select q.sent_at, c.name from send_queue q join campaigns c on c.id = q.campaign_id where q.status = 'sent' order by q.sent_at`;
    const perDay = new Map<string, number>();
    for (const row of rows) {
      const local = DateTime.fromJSDate(row.sent_at).setZone("America/New_York");
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(9 * 60);
      expect(local.hour).toBeLessThan(17);
      perDay.set(local.toISODate()!, (perDay.get(local.toISODate()!) ?? 0) + 1);
    }
    expect(Math.max(...perDay.values())).toBe(20);
    expect([...perDay.values()].reduce((sum, n) => sum + n, 0)).toBe(100);
    // Five business days, and the weekend in between skipped (launched Monday 30 Nov).
    expect([...perDay.keys()]).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]);
    // The two campaigns share the account fairly: each day both sent about half.
    const firstDay = rows.slice(0, 20).map((row) => row.name);
    const fromA = firstDay.filter((name) => name === "A").length;
    expect(fromA).toBeGreaterThanOrEqual(9);
    expect(fromA).toBeLessThanOrEqual(11);
    expect(app.sandbox.stats.deliveries).toHaveLength(100);
  }, 120_000);
});

describe("faults", () => {
  it("503 bursts, answers lost after Unipile acted, and 429s: no duplicate, no lost message, the cooldown observed", async () => {
    t = await startTestApp();
    const app = t;
    const people = Array.from({ length: 12 }, (_, i) => `f${i}-1st-silent`);
    connectAll(app, people);
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: ALWAYS,
      templates: { connection_request: "Hello {first_name}", follow_up_messages: ["Second note"], follow_up_delays: [1] },
      account: { min_gap_minutes: 10, jitter_fraction: 0 },
      prospects: people.map((identifier, i) => ({ identifier, firstName: `F${i}` })),
    });
    app.sandbox.faults.failNext("POST /api/v1/chats", 3, 503);
    app.sandbox.faults.timeoutAfterReceive("POST /api/v1/chats", { count: 2, mode: "reset" });
    app.sandbox.faults.dailyLimit({ messagesPerDay: 8 });
    await launch(app, campaign.handle);
    await drive(app, async () => (await sentCount(app)) === 24);

    const deliveries = app.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message");
    const keys = deliveries.map((delivery) => `${delivery.recipientProviderId}|${delivery.text}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(24);
    // A 429 cooled the account down for 24 hours: some send waited at least that long.
    const rows = await app.db.sql<{ sent_at: Date }[]>`select sent_at from send_queue where status = 'sent' order by sent_at`;
    const gaps = rows.slice(1).map((row, i) => row.sent_at.getTime() - rows[i]!.sent_at.getTime());
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(24 * 3_600_000);
    const failed = await app.db.sql`select 1 from send_queue where status in ('failed', 'skipped', 'cancelled')`;
    expect(failed).toHaveLength(0);
  }, 120_000);

  it("Slack failing for a while: sending goes on, and the notices arrive afterwards", async () => {
    t = await startTestApp();
    const app = t;
    const people = ["s1-1st-silent", "s2-1st-silent", "s3-1st-silent"];
    connectAll(app, people);
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: ALWAYS,
      templates: { follow_up_messages: [], follow_up_delays: [] },
      prospects: people.map((identifier) => ({ identifier })),
    });
    app.slack.fail("*", { status: 500, untilCleared: true });
    await launch(app, campaign.handle);
    await drive(app, async () => (await sentCount(app)) === 3);
    expect(app.sandbox.stats.deliveries).toHaveLength(3);
    const [waiting] = await app.db.sql`select count(*)::int as n from slack_outbox where status = 'pending'`;
    expect(waiting!.n).toBeGreaterThan(0);
    app.slack.clearFailures();
    await eventually(async () => {
      const [row] = await app.db.sql`select count(*)::int as n from slack_outbox where status = 'pending'`;
      return row!.n === 0;
    }, 20_000);
    const texts = app.slack.messages().map((message) => message.text ?? "");
    expect(texts.some((text) => text.includes("Queued 3 messages for 3 prospects"))).toBe(true);
  });
});
