// Issue 15, acceptance 1: a new account's sends per account-local day follow the warm-up ramp
// exactly in the engine (virtual weeks), and /sam preview shows the same numbers.
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { loadAccountOverview } from "../../src/accounts/overview.js";
import { saveWarmUp, warmUpBlocks, warmUpChanges } from "../../src/accounts/warm-up-settings.js";
import { statusText } from "../../src/commands/status.js";
import { loadAccount } from "../../src/planning/account-plan.js";
import { previewCampaign } from "../../src/planning/preview.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const DAY = 86_400_000;
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

  it("/sam status and /sam accounts say which day of the ramp it is and today's numbers; the modal marks and unmarks", async () => {
    t = await startTestApp();
    const app = t;
    const people = Array.from({ length: 8 }, (_, i) => `s${i}-1st-silent`);
    const { campaign, accountId } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      prospects: people.map((identifier) => ({ identifier })),
    });
    await app.db.sql`update campaigns set status = 'active' where id = ${campaign.id}`;
    const now = app.clock.nowMs(); // Mon 30 Nov 09:00 in New York
    await app.db.sql`update workspace_accounts set warm_up_from = ${new Date(now - 7 * DAY)} where id = ${accountId}`;
    const prospects = await app.db.sql<{ id: string }[]>`select id from campaign_prospects where campaign_id = ${campaign.id} order by source_row`;
    // Sent on three earlier days (two of them the same day), and twice today: today is day 4 of the ramp.
    const sentAts = [6 * DAY, 6 * DAY - 3_600_000, 4 * DAY, 2 * DAY, 0, -600_000].map((ago) => new Date(now - ago));
    for (const [i, sentAt] of sentAts.entries()) {
      await app.db.sql`insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, status, scheduled_for, sent_at)
                       values (${campaign.id}, ${prospects[i]!.id}, ${accountId}, 'direct_message_1', 0, 'sent', ${sentAt}, ${sentAt})`;
    }
    app.clock.set({ now: new Date(now + 3_600_000) });
    const status = await statusText(app.app.ctx, campaign);
    expect(status).toContain("Sent today by Demo LinkedIn account: 2/19 messages, 0/11 invitations");
    expect(status).toContain(":seedling: warming up: day 4, 2 of 19 messages and 0 of 11 invitations today (rising to 20 and 20)");
    const workspaceId = campaign.workspace_id;
    const overview = await loadAccountOverview(app.app.ctx, workspaceId);
    expect(overview.entries.find((entry) => entry.linked?.id === accountId)?.pace).toBe(
      "warming up: day 4, 2 of 19 messages and 0 of 11 invitations today (rising to 20 and 20)",
    );

    // Unticked in the settings modal: full caps now.
    const account = (await loadAccount(app.db.sql, accountId))!;
    const [box] = warmUpBlocks({ ...account, jitter_fraction: 0.5 }, app.clock.now());
    expect(box!.accessory).toMatchObject({ type: "checkboxes", initial_options: [{ value: "warm_up" }] });
    await saveWarmUp(app.db.sql, workspaceId, { ...account, jitter_fraction: 0.5 }, warmUpChanges({ warm_up_new: { warm_up_marked: { selected_options: [] } } }), app.clock.now());
    expect(await statusText(app.app.ctx, campaign)).toContain("2/20 messages, 0/20 invitations");
    // Ticked again, with the gentle ramp: it starts over today, until it reaches its caps.
    const unmarked = (await loadAccount(app.db.sql, accountId))!;
    await saveWarmUp(
      app.db.sql,
      workspaceId,
      { ...unmarked, jitter_fraction: 0.5 },
      warmUpChanges({
        warm_up_new: { warm_up_marked: { selected_options: [{ value: "warm_up" }] } },
        warm_up_ramp: { warm_up_ramp: { selected_option: { value: "gentle" } } },
      }),
      app.clock.now(),
    );
    const [row] = await app.db.sql`select warm_up_from, warm_up_marked, warm_up_start_messages, warm_up_step_messages from workspace_accounts where id = ${accountId}`;
    expect(row).toMatchObject({ warm_up_from: app.clock.now(), warm_up_marked: true, warm_up_start_messages: 5, warm_up_step_messages: 2 });
    // Today already counts as a sending day of the new ramp: its first.
    expect(await statusText(app.app.ctx, campaign)).toContain("warming up: day 1, 2 of 5 messages and 0 of 3 invitations today");
  });
});
