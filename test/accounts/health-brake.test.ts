// Issue 15, acceptance 2: simulated low acceptance, many pending invitations and repeated 429s
// each trigger their rule, post one notice, and lift when the condition clears; withdrawals are
// paced and oldest first.
import { afterEach, describe, expect, it } from "vitest";
import { evaluateBrakes } from "../../src/accounts/health-brake.js";
import { accountPace, describePace } from "../../src/planning/account-safety.js";
import { loadAccount } from "../../src/planning/account-plan.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive, runFor } from "../support/drive.js";

const DAY = 86_400_000;
const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function samChannelNotices(app: TestApp): Promise<string[]> {
  const rows = await app.db.sql<{ text: string }[]>`
    select payload->>'text' as text from slack_outbox where ordering_key = 'sam_channel' order by id`;
  return rows.map((row) => row.text).filter((text) => text.includes("Health brake"));
}

async function pace(app: TestApp, accountId: string) {
  const account = (await loadAccount(app.db.sql, accountId))!;
  return accountPace(app.db.sql, account, app.clock.now());
}

describe("health brake", () => {
  it("low acceptance halves the invitation cap, says so once, and lifts once acceptance recovers", async () => {
    t = await startTestApp();
    const app = t;
    const { campaign, accountId } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      type: "connector",
      prospects: Array.from({ length: 60 }, (_, i) => ({ identifier: `la${i}-2nd-ignores` })),
    });
    await app.db.sql`update campaigns set status = 'active' where id = ${campaign.id}`;
    const prospects = await app.db.sql<{ id: string }[]>`select id from campaign_prospects where campaign_id = ${campaign.id} order by source_row`;
    for (const [i, prospect] of prospects.entries()) {
      const sentAt = new Date(app.clock.nowMs() - (4 + (i % 20)) * DAY);
      const accepted = i < 6 ? new Date(sentAt.getTime() + DAY) : null;
      await app.db.sql`update campaign_prospects set status = ${accepted ? "connected" : "connection_request_sent"},
                         connection_accepted_at = ${accepted} where id = ${prospect.id}`;
      await app.db.sql`insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, status, scheduled_for, sent_at)
                       values (${campaign.id}, ${prospect.id}, ${accountId}, 'connection_request', 0, 'sent', ${sentAt}, ${sentAt})`;
    }
    // An invitation of yesterday is too young to judge: it does not count against the rate.
    const ctx = app.app.ctx;
    expect(await evaluateBrakes(ctx, accountId)).toEqual({ applied: ["low_acceptance"], lifted: [], withdrawn: 0 });
    expect(await samChannelNotices(app)).toEqual([
      ":octagonal_sign: Health brake on the LinkedIn account *Demo LinkedIn account*: only 6 of its last 60 invitations were accepted (10 %, below 20 %): its invitation cap is halved until acceptance is back to 20 %.",
    ]);
    const braked = await pace(app, accountId);
    expect(braked.today).toMatchObject({ invitations: 10, messages: 20, brakes: ["low_acceptance"] });
    expect(describePace(braked)).toBe("health brake: invitations halved (low acceptance)");

    // Evaluated again with nothing changed: no second notice.
    expect(await evaluateBrakes(ctx, accountId)).toEqual({ applied: [], lifted: [], withdrawn: 0 });
    expect(await samChannelNotices(app)).toHaveLength(1);

    // Six more accept: 12 of 60 is 20 %.
    await app.db.sql`update campaign_prospects set status = 'connected', connection_accepted_at = ${app.clock.now()}
                     where id = any(${app.db.sql.array(prospects.slice(6, 12).map((p) => p.id))}::uuid[])`;
    expect(await evaluateBrakes(ctx, accountId)).toEqual({ applied: [], lifted: ["low_acceptance"], withdrawn: 0 });
    const notices = await samChannelNotices(app);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toBe(
      ":white_check_mark: Health brake lifted on the LinkedIn account *Demo LinkedIn account*: acceptance has recovered; its invitation cap is back.",
    );
    expect((await pace(app, accountId)).today).toMatchObject({ invitations: 20, brakes: [] });
  });

  it("too many pending invitations stop invitations and withdraw the oldest, two a day, then lift", async () => {
    t = await startTestApp({ env: { BRAKE_MAX_PENDING: "5", BRAKE_WITHDRAWALS_PER_DAY: "2" } });
    const app = t;
    const first = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      type: "connector",
      name: "First",
      window: ALWAYS,
      templates: { follow_up_messages: [], follow_up_delays: [] },
      account: { min_gap_minutes: 10, jitter_fraction: 0, follow_up_min_gap_minutes: 1 },
      prospects: Array.from({ length: 8 }, (_, i) => ({ identifier: `pw${i}-2nd-ignores` })),
    });
    const accountId = first.accountId;
    await app.driver.command(`launch c${first.campaign.handle}`);
    await eventually(async () => (await app.db.sql`select 1 from campaigns where id = ${first.campaign.id} and status = 'active'`).length === 1);
    await drive(app, async () => (await samChannelNotices(app)).length === 1);
    const invited = await app.db.sql<{ prospect_id: string; sent_at: Date }[]>`
      select prospect_id, sent_at from send_queue where campaign_id = ${first.campaign.id} and status = 'sent' order by sent_at`;
    expect(invited).toHaveLength(8);
    const [on] = await samChannelNotices(app);
    expect(on).toContain("8 invitations are pending (the limit is 5): no new invitations");
    expect((await pace(app, accountId)).today.invitations).toBe(0);

    // A second campaign launched meanwhile: its invitations wait for the brake to lift.
    const second = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      type: "connector",
      name: "Second",
      window: ALWAYS,
      templates: { follow_up_messages: [], follow_up_delays: [] },
      prospects: [{ identifier: "later1-2nd-ignores" }, { identifier: "later2-2nd-ignores" }],
    });
    await app.driver.command(`launch c${second.campaign.handle}`);
    await eventually(async () => (await app.db.sql`select 1 from campaigns where id = ${second.campaign.id} and status = 'active'`).length === 1);

    await runFor(app, 19 * DAY);
    const withdrawals = await app.db.sql<{ prospect_id: string; at: Date }[]>`
      select prospect_id, at from brake_withdrawals where account_id = ${accountId} order by at`;
    // 8 pending; it lifts below 90 % of 5 (4), so 5 are withdrawn: the 5 oldest, in order.
    expect(withdrawals.map((row) => row.prospect_id)).toEqual(invited.slice(0, 5).map((row) => row.prospect_id));
    for (const [i, row] of withdrawals.entries()) {
      expect(row.at.getTime() - invited[i]!.sent_at.getTime()).toBeGreaterThanOrEqual(14 * DAY);
      // At most 2 in any 24 hours.
      const within = withdrawals.filter((other) => other.at > new Date(row.at.getTime() - DAY) && other.at <= row.at);
      expect(within.length).toBeLessThanOrEqual(2);
    }
    const statuses = await app.db.sql<{ status: string; status_reason: string | null }[]>`
      select status, status_reason from campaign_prospects where id = ${withdrawals[0]!.prospect_id}`;
    expect(statuses[0]).toEqual({
      status: "not_accepted",
      status_reason: "Invitation withdrawn by the health brake (too many pending; not accepted after 14 days)",
    });
    // Unipile withdrew exactly those: the sandbox still holds the 3 newest of the first campaign and the second's 2.
    const stillPending = app.sandbox.world.pendingInvitationsNewestFirst("sandbox-linkedin-1").map((invitation) => invitation.persona.publicIdentifier);
    expect(stillPending.sort()).toEqual(["later1-2nd-ignores", "later2-2nd-ignores", "pw5-2nd-ignores", "pw6-2nd-ignores", "pw7-2nd-ignores"]);
    const notices = await samChannelNotices(app);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toContain("Health brake lifted on the LinkedIn account *Demo LinkedIn account*: few enough invitations are pending");
    const [lifted] = await app.db.sql<{ lifted_at: Date }[]>`select lifted_at from account_brakes where account_id = ${accountId}`;
    expect(lifted!.lifted_at.getTime()).toBeGreaterThanOrEqual(withdrawals[4]!.at.getTime());
    // The second campaign's invitations went only after the lift.
    const later = await app.db.sql<{ sent_at: Date | null }[]>`
      select sent_at from send_queue where campaign_id = ${second.campaign.id} and step = 0`;
    expect(later).toHaveLength(2);
    for (const row of later) expect(row.sent_at!.getTime()).toBeGreaterThanOrEqual(lifted!.lifted_at.getTime());
  }, 180_000);

  it("two 429s within 7 days halve every cap for 7 days after the last, told once, lifted once", async () => {
    t = await startTestApp();
    const app = t;
    const people = Array.from({ length: 10 }, (_, i) => `lim${i}-1st-silent`);
    for (const identifier of people) app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign, accountId } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: ALWAYS,
      templates: { follow_up_messages: [], follow_up_delays: [] },
      account: { min_gap_minutes: 10, jitter_fraction: 0 },
      prospects: people.map((identifier) => ({ identifier })),
    });
    app.sandbox.faults.dailyLimit({ messagesPerDay: 3 });
    await app.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await app.db.sql`select 1 from campaigns where id = ${campaign.id} and status = 'active'`).length === 1);
    await drive(app, async () => {
      const [row] = await app.db.sql`select count(*)::int as n from send_queue where status = 'sent'`;
      return row!.n === 10;
    });
    const signals = await app.db.sql<{ at: Date }[]>`select at from account_limit_signals where account_id = ${accountId} order by at`;
    expect(signals.length).toBeGreaterThanOrEqual(2);
    let notices = await samChannelNotices(app);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^:octagonal_sign: Health brake on the LinkedIn account \*Demo LinkedIn account\*: LinkedIn signalled a limit 2 times within 7 days: every cap is halved until /);
    const braked = await pace(app, accountId);
    expect(braked.today).toMatchObject({ messages: 10, invitations: 10, brakes: ["limit_signals"] });

    await runFor(app, 9 * DAY);
    notices = await samChannelNotices(app);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toContain("Health brake lifted on the LinkedIn account *Demo LinkedIn account*: no more LinkedIn limit signals for 7 days");
    const [brake] = await app.db.sql<{ until: Date; lifted_at: Date }[]>`select until, lifted_at from account_brakes where account_id = ${accountId}`;
    const lastSignal = (await app.db.sql<{ at: Date }[]>`select max(at) as at from account_limit_signals where account_id = ${accountId}`)[0]!.at;
    expect(brake!.until).toEqual(new Date(lastSignal.getTime() + 7 * DAY));
    expect(brake!.lifted_at.getTime()).toBeGreaterThanOrEqual(brake!.until.getTime());
    expect((await pace(app, accountId)).today).toMatchObject({ messages: 20, brakes: [] });
  }, 180_000);
});
