// Issue 17: the figures of a seeded connector campaign with known events, written out literally.
// Real PostgreSQL; every row inserted directly so each figure can be counted by hand.
//
// Europe/Paris is UTC+1 in November 2026; 2 November 2026 is a Monday.
//   p1–p6  invitations sent Mon 2 Nov 08:00Z, 09:00Z … 13:00Z; p1–p4 accepted
//   p7     invitation failed (provider_limit), prospect failed "invitation refused"
//   p8     invitation pending; p9 skipped "on the do-not-contact list" (no queue row); p10 imported only
//   p11–12 invitations sent Mon 9 Nov 08:00Z, 09:00Z, still pending (connection_request_sent)
//   follow-up 1 sent to p1–p4 Thu 5 Nov 09:00Z … 12:00Z (p5, p6 waiting); follow-up 2 to p1 Tue 10 Nov 09:00Z
//   replies: p1 Thu 12 Nov 15:30Z (after follow-up 2; interested, marked meeting booked)
//            p2 Thu 5 Nov 17:00Z (after follow-up 1; no label)
//            p3 Fri 6 Nov 07:15Z not_interested, then 09:00Z interested (after follow-up 1)
//            p5 replied_at Mon 2 Nov 12:40Z only (after the invitation)
//            p6 Tue 3 Nov 13:00Z interested but marked not_interested; replied_at 13:30Z (after the invitation)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountStats, campaignStats } from "../../src/analytics/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { seedStatsCampaign } from "./seed-c1.js";

let db: TestDatabase;
let workspaceId: string;
let otherWorkspaceId: string;
let accountId: string;
let campaignId: string;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  db = await createTestDatabase();
  const sql = db.sql;
  workspaceId = (
    await sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name) values ('T_STATS', 'Stats') returning id`
  )[0]!.id;
  otherWorkspaceId = (
    await sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name) values ('T_OTHER', 'Other') returning id`
  )[0]!.id;
  accountId = (
    await sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, daily_message_cap, daily_invitation_cap)
    values (${workspaceId}, 'acc-stats', 'Jane', 'Europe/Paris', 20, 10) returning id`
  )[0]!.id;
  campaignId = (
    await sql<{ id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, account_id, message_templates, time_zone)
    values (${workspaceId}, 1, 'c1', 'connector', 'active', ${accountId},
            ${sql.json({ connection_request: "Hi", follow_up_messages: ["FU1", "FU2"], follow_up_delays: [3, 5] })},
            'Europe/Paris') returning id`
  )[0]!.id;
  await seedStatsCampaign(sql, { workspaceId, campaignId, accountId });
});

afterAll(async () => {
  await db?.drop();
});

describe("campaign figures", () => {
  it("the funnel: imported 12, queued 10, sent 8, accepted 4, replied 5, interested 2, meeting booked 1", async () => {
    const stats = (await campaignStats(db.sql, workspaceId, campaignId))!;
    expect(stats.funnel).toEqual({
      imported: 12,
      queued: 10,
      sent: 8,
      accepted: 4,
      replied: 5,
      interested: 2,
      meetingBooked: 1,
    });
  });

  it("each reply counts for the last message sent before it: step 1 2 of 8, step 2 2 of 4, step 3 1 of 1", async () => {
    const stats = (await campaignStats(db.sql, workspaceId, campaignId))!;
    expect(stats.steps).toEqual([
      { step: 1, sent: 8, replied: 2 },
      { step: 2, sent: 4, replied: 2 },
      { step: 3, sent: 1, replied: 1 },
    ]);
  });

  it("time from first touch to reply: 0.67 h, 24 h, 80 h, 93.25 h, 247.5 h, median 80 h", async () => {
    const stats = (await campaignStats(db.sql, workspaceId, campaignId))!;
    expect(stats.timeToReply).toEqual({
      count: 5,
      medianHours: 80,
      buckets: [
        { label: "< 1 h", count: 1 },
        { label: "1–24 h", count: 0 },
        { label: "1–3 days", count: 1 },
        { label: "3–7 days", count: 2 },
        { label: "7–14 days", count: 1 },
        { label: "≥ 14 days", count: 0 },
      ],
    });
  });

  it("replies by weekday and hour in Paris time: Mon 13h, Tue 14h, Thu 16h and 18h, Fri 8h", async () => {
    const stats = (await campaignStats(db.sql, workspaceId, campaignId))!;
    expect(stats.repliesByWeekday).toEqual([1, 1, 0, 2, 1, 0, 0]);
    const hours = Array.from({ length: 24 }, () => 0);
    for (const hour of [8, 13, 14, 16, 18]) hours[hour] = 1;
    expect(stats.repliesByHour).toEqual(hours);
    expect(stats.repliesByWeekdayHour[3]![16]).toBe(1);
    expect(stats.repliesByWeekdayHour[3]![18]).toBe(1);
    expect(stats.repliesByWeekdayHour[4]![8]).toBe(1);
    expect(stats.repliesByWeekdayHour[0]![13]).toBe(1);
    expect(stats.repliesByWeekdayHour[1]![14]).toBe(1);
  });

  it("failures and skips by reason, messages and prospects apart", async () => {
    const stats = (await campaignStats(db.sql, workspaceId, campaignId))!;
    expect(stats.failuresAndSkips).toEqual([
      { kind: "message", status: "failed", reason: "provider_limit", count: 1 },
      { kind: "prospect", status: "failed", reason: "invitation refused", count: 1 },
      { kind: "prospect", status: "skipped", reason: "on the do-not-contact list", count: 1 },
    ]);
  });

  it("another workspace asking for this campaign's id gets nothing", async () => {
    expect(await campaignStats(db.sql, otherWorkspaceId, campaignId)).toBeNull();
  });

  it("a messenger campaign has no accepted stage", async () => {
    await db.sql`update campaigns set campaign_type = 'messenger' where id = ${campaignId}`;
    try {
      expect((await campaignStats(db.sql, workspaceId, campaignId))!.funnel.accepted).toBeNull();
    } finally {
      await db.sql`update campaigns set campaign_type = 'connector' where id = ${campaignId}`;
    }
  });
});

describe("account figures", () => {
  const now = at("2026-11-12T20:00:00Z");

  it("sends per day against each day's caps: the brake halves 11 and 12 Nov (lifted on the 12th)", async () => {
    const stats = (await accountStats(db.sql, workspaceId, accountId, now, 4))!;
    expect(stats.days).toEqual([
      { date: "2026-11-09", messages: 0, invitations: 2, messageCap: 20, invitationCap: 10 },
      { date: "2026-11-10", messages: 1, invitations: 0, messageCap: 20, invitationCap: 10 },
      { date: "2026-11-11", messages: 0, invitations: 0, messageCap: 10, invitationCap: 5 },
      { date: "2026-11-12", messages: 0, invitations: 0, messageCap: 10, invitationCap: 5 },
    ]);
  });

  it("acceptance over 30 days: 4 of 8 invitations; 2 invitations pending", async () => {
    const stats = (await accountStats(db.sql, workspaceId, accountId, now))!;
    expect(stats.acceptance).toEqual({ invitations: 8, accepted: 4, rate: 0.5 });
    expect(stats.pendingInvitations).toBe(2);
    expect(stats.days).toHaveLength(14);
    expect(stats.days.at(-1)!.date).toBe("2026-11-12");
  });

  it("30 days later the invitations have aged out of the acceptance rate", async () => {
    const stats = (await accountStats(db.sql, workspaceId, accountId, at("2026-12-12T20:00:00Z")))!;
    expect(stats.acceptance).toEqual({ invitations: 0, accepted: 0, rate: null });
  });

  it("a warming-up account's caps follow its ramp day by day", async () => {
    await db.sql`update workspace_accounts set warm_up_from = ${at("2026-11-09T07:00:00Z")} where id = ${accountId}`;
    try {
      const stats = (await accountStats(db.sql, workspaceId, accountId, now, 4))!;
      // Ramp: 10 messages / 5 invitations on its first sending day, +3 / +2 per sending day;
      // sending days 9 and 10 Nov; then the brake halves 11 and 12 Nov.
      expect(stats.days.map((day) => [day.date, day.messageCap, day.invitationCap])).toEqual([
        ["2026-11-09", 10, 5],
        ["2026-11-10", 13, 7],
        ["2026-11-11", 8, 4],
        ["2026-11-12", 8, 4],
      ]);
    } finally {
      await db.sql`update workspace_accounts set warm_up_from = null where id = ${accountId}`;
    }
  });

  it("another workspace asking for this account's id gets nothing", async () => {
    expect(await accountStats(db.sql, otherWorkspaceId, accountId, now)).toBeNull();
  });
});
