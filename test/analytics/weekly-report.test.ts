// Issue 17, acceptance 3: the weekly report is claimed once per week per campaign at Monday 09:00
// in the campaign's time zone, on either side of a daylight-saving change, and not at all when
// turned off (per campaign or per workspace). The virtual clock ticks every 15 minutes, as the
// `weekly-reports` cron would, through two and a half weeks around America/New_York's change
// (Sun 1 Nov 2026; Europe/Berlin changed a week before) and Europe/Berlin's (Sun 28 Mar 2027;
// New York changed on 14 Mar). Then one campaign's and the workspace's reports are really posted
// to the outbox with their charts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dueWeek, tickWeeklyReports, type WeeklyReportPayload } from "../../src/analytics/weekly-report.js";
import { closeAnswerThread } from "../../src/answers/answer-thread.js";
import { Clock } from "../../src/clock.js";
import { weeklyReportJob } from "../../src/jobs/stats-report.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testContext } from "../support/context.js";

let db: TestDatabase;
const clock = new Clock(new Date("2026-10-25T00:00:00Z"), 0);
const ids: Record<string, string> = {};

async function campaign(workspaceId: string, handle: number, name: string, zone: string, extra: { status?: string; weekly?: boolean } = {}) {
  const [row] = await db.sql<{ id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, message_templates, time_zone, weekly_report)
    values (${workspaceId}, ${handle}, ${name}, 'messenger', ${extra.status ?? "active"},
            ${db.sql.json({ connection_request: "Hi", follow_up_messages: [], follow_up_delays: [] })}, ${zone},
            ${extra.weekly ?? true})
    returning id`;
  ids[name] = row!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const [main] = await db.sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name, weekly_report_time_zone) values ('T_WEEKLY', 'Weekly', 'America/New_York')
    returning id`;
  const [quiet] = await db.sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name, weekly_reports) values ('T_QUIET', 'Quiet', false) returning id`;
  ids.main = main!.id;
  ids.quiet = quiet!.id;
  await campaign(main!.id, 1, "new-york", "America/New_York");
  await campaign(main!.id, 2, "berlin", "Europe/Berlin");
  await campaign(main!.id, 3, "turned-off", "Europe/Berlin", { weekly: false });
  await campaign(main!.id, 4, "paused", "Europe/Berlin", { status: "paused" });
  await campaign(quiet!.id, 1, "in-quiet-workspace", "Europe/Berlin");
});

afterAll(async () => {
  await closeAnswerThread(db.url);
  await db?.drop();
});

/** Ticks every 15 virtual minutes over [from, to), twice per instant (two processes); returns what was queued. */
async function tickThrough(from: string, to: string): Promise<WeeklyReportPayload[]> {
  const queued: WeeklyReportPayload[] = [];
  for (let ms = Date.parse(from); ms < Date.parse(to); ms += 15 * 60_000) {
    await clock.set({ now: new Date(ms) });
    queued.push(...(await tickWeeklyReports(db.sql, clock)), ...(await tickWeeklyReports(db.sql, clock)));
  }
  return queued;
}

async function claims(): Promise<Record<string, string[]>> {
  const rows = await db.sql<{ name: string | null; workspace_id: string; claimed_at: Date }[]>`
    select c.name, r.workspace_id, r.claimed_at from weekly_reports r left join campaigns c on c.id = r.campaign_id
    order by r.claimed_at, c.name`;
  const byName: Record<string, string[]> = {};
  for (const row of rows) {
    const key = row.name ?? (row.workspace_id === ids.main ? "workspace" : "quiet workspace");
    byName[key] = [...(byName[key] ?? []), row.claimed_at.toISOString()];
  }
  return byName;
}

describe("when a week is due", () => {
  it("Monday from 09:00 local time, on either side of the change, until midnight", () => {
    expect(dueWeek("America/New_York", new Date("2026-10-26T12:59:00Z"))).toBeNull();
    expect(dueWeek("America/New_York", new Date("2026-10-26T13:00:00Z"))).toBe("2026-10-26");
    expect(dueWeek("America/New_York", new Date("2026-11-02T13:30:00Z"))).toBeNull(); // 08:30 EST
    expect(dueWeek("America/New_York", new Date("2026-11-02T14:00:00Z"))).toBe("2026-11-02");
    expect(dueWeek("America/New_York", new Date("2026-11-03T04:59:00Z"))).toBe("2026-11-02"); // 23:59 Monday
    expect(dueWeek("America/New_York", new Date("2026-11-03T05:00:00Z"))).toBeNull(); // Tuesday
    expect(dueWeek("Europe/Berlin", new Date("2027-03-22T08:00:00Z"))).toBe("2027-03-22"); // 09:00 CET
    expect(dueWeek("Europe/Berlin", new Date("2027-03-29T07:00:00Z"))).toBe("2027-03-29"); // 09:00 CEST
    expect(dueWeek("Europe/Berlin", new Date("2027-03-29T06:59:00Z"))).toBeNull();
  });
});

describe("the weekly tick on a virtual clock", () => {
  it("autumn: once per week at 09:00 local, before and after New York leaves daylight time", async () => {
    const queued = await tickThrough("2026-10-25T00:00:00Z", "2026-11-10T00:00:00Z");
    expect(await claims()).toEqual({
      // 09:00 EDT = 13:00Z, then 09:00 EST = 14:00Z.
      "new-york": ["2026-10-26T13:00:00.000Z", "2026-11-02T14:00:00.000Z", "2026-11-09T14:00:00.000Z"],
      workspace: ["2026-10-26T13:00:00.000Z", "2026-11-02T14:00:00.000Z", "2026-11-09T14:00:00.000Z"],
      // Berlin left summer time on 25 Oct: 09:00 CET = 08:00Z each Monday.
      berlin: ["2026-10-26T08:00:00.000Z", "2026-11-02T08:00:00.000Z", "2026-11-09T08:00:00.000Z"],
    });
    expect(queued).toHaveLength(9);
    const [jobs] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs where task_identifier = 'weekly-report'`;
    expect(jobs!.n).toBe(9);
  }, 120_000);

  it("spring: Berlin's 09:00 moves from 08:00Z to 07:00Z on 29 March; turned off means never", async () => {
    await db.sql`delete from weekly_reports`;
    await tickThrough("2027-03-21T00:00:00Z", "2027-04-06T00:00:00Z");
    expect(await claims()).toEqual({
      berlin: ["2027-03-22T08:00:00.000Z", "2027-03-29T07:00:00.000Z", "2027-04-05T07:00:00.000Z"],
      "new-york": ["2027-03-22T13:00:00.000Z", "2027-03-29T13:00:00.000Z", "2027-04-05T13:00:00.000Z"],
      workspace: ["2027-03-22T13:00:00.000Z", "2027-03-29T13:00:00.000Z", "2027-04-05T13:00:00.000Z"],
    });
  }, 120_000);

  it("a workspace that turns its reports off gets none, not even its campaigns'", async () => {
    await db.sql`update workspaces set weekly_reports = false where id = ${ids.main!}`;
    try {
      await clock.set({ now: new Date("2027-04-12T14:00:00Z") });
      expect(await tickWeeklyReports(db.sql, clock)).toEqual([]);
    } finally {
      await db.sql`update workspaces set weekly_reports = true where id = ${ids.main!}`;
    }
  });
});

describe("posting a weekly report", () => {
  it("a campaign's: the heading, its figures and charts (no account: no sends chart) in its thread; the workspace's: 2 charts in SAM_CHANNEL", async () => {
    await clock.set({ now: new Date("2027-04-05T13:00:00Z") });
    const ctx = testContext(db, { clock });
    await weeklyReportJob({ workspaceId: ids.main!, campaignId: ids["new-york"]!, week: "2027-04-05" }, ctx);
    await weeklyReportJob({ workspaceId: ids.main!, week: "2027-04-05" }, ctx);
    const rows = await db.sql<{ method: string; payload: { target: { kind: string }; text: string; file: { filename: string } | null } }[]>`
      select method, payload from slack_outbox order by id`;
    expect(rows.map((row) => [row.method, row.payload.target.kind, row.payload.file?.filename ?? null])).toEqual([
      ["chat.postMessage", "campaign_thread", null],
      ["files.uploadV2", "campaign_thread", "funnel.png"],
      ["files.uploadV2", "campaign_thread", "reply-rate-by-step.png"],
      ["files.uploadV2", "campaign_thread", "replies-by-hour.png"],
      ["chat.postMessage", "sam_channel", null],
      ["files.uploadV2", "sam_channel", "funnel.png"],
      ["files.uploadV2", "sam_channel", "sends-per-day.png"],
    ]);
    expect(rows[0]!.payload.text.split("\n")[0]).toBe(":calendar: *Weekly report*, week of Mon 5 Apr 2027");
    expect(rows[4]!.payload.text.split("\n").slice(0, 2)).toEqual([
      ":calendar: *Weekly report*, week of Mon 5 Apr 2027",
      "*Campaigns:* active 3 · paused 1",
    ]);
  }, 60_000);
});
