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
  const status: Record<number, [string, string | null]> = {
    1: ["replied", null],
    2: ["replied", null],
    3: ["replied", null],
    4: ["messaging", null],
    5: ["replied", null],
    6: ["replied", null],
    7: ["failed", "invitation refused"],
    8: ["pending", null],
    9: ["skipped", "on the do-not-contact list"],
    10: ["pending", null],
    11: ["connection_request_sent", null],
    12: ["connection_request_sent", null],
  };
  const p: Record<number, string> = {};
  for (let i = 1; i <= 12; i++) {
    const [row] = await sql<{ id: string }[]>`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                      status, status_reason, connection_accepted_at, replied_at)
      values (${campaignId}, ${workspaceId}, ${`P${i}`}, 'S', ${`https://www.linkedin.com/in/p${i}/`}, ${`p${i}`},
              ${status[i]![0]}, ${status[i]![1]}, ${i <= 4 ? at("2026-11-04T10:00:00Z") : null},
              ${i === 5 ? at("2026-11-02T12:40:00Z") : i === 6 ? at("2026-11-03T13:30:00Z") : null})
      returning id`;
    p[i] = row!.id;
  }
  const queue = async (
    i: number,
    type: string,
    step: number,
    state: string,
    sentAt: string | null,
    errorClass?: string,
  ) => {
    await sql`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at, error_class)
      values (${campaignId}, ${p[i]!}, ${accountId}, ${type}, ${step}, ${at(sentAt ?? "2026-11-20T09:00:00Z")}, ${state},
              ${sentAt ? at(sentAt) : null}, ${errorClass ?? null})`;
  };
  for (let i = 1; i <= 6; i++) {
    await queue(i, "connection_request", 0, "sent", `2026-11-02T${String(7 + i).padStart(2, "0")}:00:00Z`);
  }
  await queue(7, "connection_request", 0, "failed", null, "provider_limit");
  await queue(8, "connection_request", 0, "pending", null);
  await queue(11, "connection_request", 0, "sent", "2026-11-09T08:00:00Z");
  await queue(12, "connection_request", 0, "sent", "2026-11-09T09:00:00Z");
  for (let i = 1; i <= 4; i++)
    await queue(i, "follow_up_1", 1, "sent", `2026-11-05T${String(8 + i).padStart(2, "0")}:00:00Z`);
  await queue(5, "follow_up_1", 1, "waiting", null);
  await queue(6, "follow_up_1", 1, "waiting", null);
  await queue(1, "follow_up_2", 2, "sent", "2026-11-10T09:00:00Z");
  await queue(2, "follow_up_2", 2, "cancelled", null);
  const inbound = async (i: number, when: string, label: string | null, markedAs: string | null = null) => {
    const [message] = await sql<{ id: string }[]>`
      insert into conversation_messages (workspace_id, prospect_id, direction, origin, text, message_key, at, label, marked_as)
      values (${workspaceId}, ${p[i]!}, 'inbound', 'prospect', 'text', ${`k-${i}-${when}`}, ${at(when)}, ${label}, ${markedAs})
      returning id`;
    if (markedAs) {
      await sql`
        insert into reply_marks (workspace_id, message_id, mark, original_label, marked_by, marked_at)
        values (${workspaceId}, ${message!.id}, ${markedAs}, ${label}, 'U1', ${at(when)})`;
    }
  };
  await inbound(1, "2026-11-12T15:30:00Z", "interested", "meeting_booked");
  await inbound(2, "2026-11-05T17:00:00Z", null);
  await inbound(3, "2026-11-06T07:15:00Z", "not_interested");
  await inbound(3, "2026-11-06T09:00:00Z", "interested");
  await inbound(6, "2026-11-03T13:00:00Z", "interested", "not_interested");
  // An outbound message is not a reply.
  await sql`
    insert into conversation_messages (workspace_id, prospect_id, direction, origin, text, message_key, at)
    values (${workspaceId}, ${p[4]!}, 'outbound', 'by_hand', 'hello', 'k-out', ${at("2026-11-06T10:00:00Z")})`;
  // A health brake on the account: limit signals from Wed 11 Nov, lifted Thu 12 Nov 08:00Z.
  await sql`
    insert into account_brakes (account_id, kind, reason, started_at, until, lifted_at)
    values (${accountId}, 'limit_signals', '3 limit signals', ${at("2026-11-11T10:00:00Z")},
            ${at("2026-11-18T10:00:00Z")}, ${at("2026-11-12T08:00:00Z")})`;
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
