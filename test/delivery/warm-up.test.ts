// Issue 15, acceptance 1: a new account's sends per account-local day follow the warm-up ramp
// exactly in the engine (virtual weeks), and /sam preview shows the same numbers.
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { previewCampaign } from "../../src/planning/preview.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe("warm-up ramp in the engine", () => {
  it("a new account sends 10, 13, 16, 19, then 20 messages on its sending days, as the preview said", async () => {
    t = await startTestApp();
    const app = t;
    const people = Array.from({ length: 75 }, (_, i) => `w${i}-1st-silent`);
    for (const identifier of people) app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign, accountId } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5], holidayCountry: null },
      templates: { follow_up_messages: [], follow_up_delays: [] },
      account: { daily_message_cap: 20, min_gap_minutes: 5, follow_up_min_gap_minutes: 1, jitter_fraction: 0 },
      prospects: people.map((identifier) => ({ identifier })),
    });
    // Linked just now (Mon 30 Nov, 09:00 in New York): it warms up.
    await app.db.sql`update workspace_accounts set warm_up_from = ${app.clock.now()} where id = ${accountId}`;

    const preview = await previewCampaign(app.db.sql, campaign, app.clock.now());
    expect(preview).toContain("Mon 30 Nov: 10, Tue 1 Dec: 13, Wed 2 Dec: 16, Thu 3 Dec: 19, Fri 4 Dec: 17, Sat 5 Dec: 0");
    expect(preview).toContain("(warming up)");

    await app.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await app.db.sql`select 1 from campaigns where id = ${campaign.id} and status = 'active'`).length === 1);
    await drive(app, async () => {
      const [row] = await app.db.sql`select count(*)::int as n from send_queue where status = 'sent'`;
      return row!.n === 75;
    });
    const rows = await app.db.sql<{ sent_at: Date }[]>`select sent_at from send_queue where status = 'sent' order by sent_at`;
    const perDay = new Map<string, number>();
    for (const row of rows) {
      const date = DateTime.fromJSDate(row.sent_at).setZone("America/New_York").toISODate()!;
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    // The weekend is no sending day: the ramp does not rise over it (Friday is its 5th day).
    expect([...perDay]).toEqual([
      ["2026-11-30", 10],
      ["2026-12-01", 13],
      ["2026-12-02", 16],
      ["2026-12-03", 19],
      ["2026-12-04", 17],
    ]);
    expect(app.sandbox.stats.deliveries).toHaveLength(75);
  }, 120_000);

  it("the claim holds the ramp by itself: rows all made due at once still go 10, 13, 16 a day", async () => {
    t = await startTestApp();
    const app = t;
    const people = Array.from({ length: 39 }, (_, i) => `v${i}-1st-silent`);
    for (const identifier of people) app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign, accountId } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null },
      templates: { follow_up_messages: [], follow_up_delays: [] },
      account: { daily_message_cap: 20, min_gap_minutes: 5, follow_up_min_gap_minutes: 1, jitter_fraction: 0 },
      prospects: people.map((identifier) => ({ identifier })),
    });
    await app.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await app.db.sql`select 1 from campaigns where id = ${campaign.id} and status = 'active'`).length === 1);
    // Marked new after the plan was made for full caps, and every row due now: only the claim's gate can hold the ramp.
    await app.db.sql`update workspace_accounts set warm_up_from = ${app.clock.now()}, warm_up_marked = true where id = ${accountId}`;
    await app.db.sql`update send_queue set scheduled_for = ${app.clock.now()} where status = 'pending'`;
    await drive(app, async () => {
      const [row] = await app.db.sql`select count(*)::int as n from send_queue where status = 'sent'`;
      return row!.n === 39;
    });
    const rows = await app.db.sql<{ sent_at: Date }[]>`select sent_at from send_queue where status = 'sent' order by sent_at`;
    const perDay = new Map<string, number>();
    for (const row of rows) {
      const date = DateTime.fromJSDate(row.sent_at).setZone("America/New_York").toISODate()!;
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    expect([...perDay.values()]).toEqual([10, 13, 16]);
  }, 120_000);
});
