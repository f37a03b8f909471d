// Issue 17, acceptance 1 and 2: `/sam stats c1` on the seeded campaign (test/analytics/seed-c1.ts,
// its events listed in test/analytics/stats.test.ts) posts the exact figures in the campaign's
// thread and 4 PNG charts through the fake Slack's upload flow (files.getUploadURLExternal → the
// upload URL → files.completeUploadExternal), each matching its golden image under
// test/fixtures/stats within the chart tests' tolerance; with variants, the variant table and the
// reply rate by variant chart. `/sam stats` alone answers with the workspace view.
// Regenerate the goldens after an intended change of look: UPDATE_CHART_GOLDENS=1.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { Clock } from "../../src/clock.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { seedStatsCampaign } from "../analytics/seed-c1.js";
import { ackText, answerText, makeCampaign, threadOf } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import type { RecordedUpload } from "../support/fake-slack.js";
import { differingShare, inkOf, MAX_DIFFERING_SHARE } from "../support/png-compare.js";

const TEAM = "T0STATS0001";
const UPDATE = process.env.UPDATE_CHART_GOLDENS === "1";
const goldenPath = (name: string) => fileURLToPath(new URL(`../fixtures/stats/${name}`, import.meta.url));

let t: TestApp;
let campaign: Campaign;

beforeAll(async () => {
  // Thu 12 Nov 2026 20:00 UTC (21:00 in Paris): after every seeded event.
  t = await startTestApp({ clock: new Clock(new Date("2026-11-12T20:00:00Z"), 0) });
  const workspaceId = await ensureWorkspace(t.db.sql, TEAM);
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, daily_message_cap, daily_invitation_cap)
    values (${workspaceId}, 'acc-stats', 'Jane <Sales>', 'Europe/Paris', 20, 10) returning id`;
  campaign = await makeCampaign(t, {
    teamId: TEAM,
    name: "Q4 <founders> & co",
    type: "connector",
    status: "active",
    accountId: account!.id,
  });
  await t.db.sql`update campaigns set time_zone = 'Europe/Paris' where id = ${campaign.id}`;
  await seedStatsCampaign(t.db.sql, { workspaceId, campaignId: campaign.id, accountId: account!.id });
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

/** Runs `/sam stats c1` and waits for its text and 4 completed uploads in the thread. */
async function statsInThread(): Promise<{ text: string; uploads: RecordedUpload[] }> {
  const before = threadOf(t, campaign).length;
  const uploadsBefore = t.slack.uploads.length;
  const response = await t.driver.command("stats c1", { teamId: TEAM });
  expect(ackText(response)).toBe(
    "Working on the stats of *Q4 &lt;founders&gt; &amp; co*; they will appear in its thread with 4 charts.",
  );
  const uploads = await eventually(() => {
    const done = t.slack.uploads.slice(uploadsBefore).filter((upload) => upload.completed);
    return done.length === 4 ? done : null;
  }, 60_000);
  const text = threadOf(t, campaign)[before]!.text!;
  return { text, uploads };
}

function expectGolden(upload: RecordedUpload, name: string): void {
  expect(upload.content!.length).toBe(upload.length);
  const png = PNG.sync.read(upload.content!);
  expect([png.width, png.height]).toEqual([800, 400]);
  expect(inkOf(png).inkShare).toBeGreaterThan(0.02);
  if (UPDATE) writeFileSync(goldenPath(name), upload.content!);
  expect(existsSync(goldenPath(name)), `no golden ${name}: run with UPDATE_CHART_GOLDENS=1`).toBe(true);
  expect(differingShare(png, PNG.sync.read(readFileSync(goldenPath(name))))).toBeLessThanOrEqual(MAX_DIFFERING_SHARE);
}

const FIGURES = [
  ":bar_chart: *Stats of Q4 &lt;founders&gt; &amp; co* (c1) · connector · active",
  "*Funnel:* imported 12 · queued 10 · sent 8 · accepted 4 (50%) · replied 5 (63%) · interested 2 (40%) · meeting booked 1",
  "*Reply rate by step:* step 1 25% (2 of 8) · step 2 50% (2 of 4) · step 3 100% (1 of 1)",
  "*Time to reply:* median 80 h over 5 replies (< 1 h 1 · 1–24 h 0 · 1–3 days 1 · 3–7 days 2 · 7–14 days 1 · ≥ 14 days 0)",
  "*Replies by weekday* (Europe/Paris): Mon 1 · Tue 1 · Wed 0 · Thu 2 · Fri 1 · Sat 0 · Sun 0",
  "*Failures and skips:* provider_limit 1 (message failed) · invitation refused 1 (prospect failed) · " +
    "on the do-not-contact list 1 (prospect skipped)",
];

const SENDS_PER_DAY =
  "Sends per day for Jane <Sales>, 2026-10-30 to 2026-11-12: 13 sent (0 of 14 days at the cap). " +
  "2026-10-30 0 of 30, 2026-10-31 0 of 30, 2026-11-01 0 of 30, 2026-11-02 6 of 30, 2026-11-03 0 of 30, " +
  "2026-11-04 0 of 30, 2026-11-05 4 of 30, 2026-11-06 0 of 30, 2026-11-07 0 of 30, 2026-11-08 0 of 30, " +
  "2026-11-09 2 of 30, 2026-11-10 1 of 30, 2026-11-11 0 of 15, 2026-11-12 0 of 15.";
const REPLIES_BY_HOUR =
  "Replies by hour of day (Europe/Paris): 5 replies, most at 8:00 and 13:00 and 14:00 and 16:00 and 18:00 (1). " +
  "8:00 1, 13:00 1, 14:00 1, 16:00 1, 18:00 1.";

describe("/sam stats <campaign>", () => {
  it("posts the exact figures in the thread, then 4 PNG charts with their figures as comment and alt text", async () => {
    const { text, uploads } = await statsInThread();
    expect(text).toBe([...FIGURES, "", "_4 charts follow, each with its figures in words._"].join("\n"));
    expect(uploads.map((upload) => [upload.filename, upload.title, upload.thread_ts])).toEqual([
      ["funnel.png", "Funnel", campaign.slack_thread_ts],
      ["reply-rate-by-step.png", "Reply rate by step", campaign.slack_thread_ts],
      ["sends-per-day.png", "Sends per day", campaign.slack_thread_ts],
      ["replies-by-hour.png", "Replies by hour", campaign.slack_thread_ts],
    ]);
    const alts = [
      "Funnel: Imported 12, Queued 10 (83%), Sent (first touch) 8 (67%), Accepted 4 (33%), Replied 5 (42%), " +
        "Interested 2 (17%), Meeting booked 1 (8.3%).",
      "Reply rate by step: Step 1: 25% (2 of 8); Step 2: 50% (2 of 4); Step 3: 100% (1 of 1).",
      SENDS_PER_DAY,
      REPLIES_BY_HOUR,
    ];
    expect(uploads.map((upload) => upload.alt_text)).toEqual(alts);
    // The comment is mrkdwn: the account's name is escaped there.
    expect(uploads.map((upload) => upload.initial_comment)).toEqual(
      alts.map((alt) => alt.replace("Jane <Sales>", "Jane &lt;Sales&gt;")),
    );
    for (const upload of uploads) expectGolden(upload, upload.filename);
  }, 90_000);

  it("with variants: the variant table and the reply rate by step and variant chart", async () => {
    await t.db.sql`
      update send_queue q set variant = case when p.public_identifier in ('p1', 'p3', 'p5', 'p11') then 'A' else 'B' end
      from campaign_prospects p
      where p.id = q.prospect_id and q.campaign_id = ${campaign.id} and q.step <= 1`;
    const { text, uploads } = await statsInThread();
    expect(text).toBe(
      [
        ...FIGURES,
        "",
        "*Variants of step 1* (the connection note)",
        "```Variant  Sent  Accepted    Replied     Interested",
        "A        4     2 (50.0 %)  1 (25.0 %)  0 (0.0 %)",
        "B        4     2 (50.0 %)  1 (25.0 %)  0 (0.0 %)```",
        "Too small to say: variants A and B have 4 and 4 sends; each needs at least 30. " +
          "Reply rate of the connection note, variants A and B: A 1/4 (25.0 %), B 1/4 (25.0 %).",
        "*Variants of step 2* (follow-up 1)",
        "```Variant  Sent  Replied     Interested",
        "A        2     1 (50.0 %)  1 (50.0 %)",
        "B        2     1 (50.0 %)  0 (0.0 %)```",
        "Too small to say: variants A and B have 2 and 2 sends; each needs at least 30. " +
          "Reply rate of follow-up 1, variants A and B: A 1/2 (50.0 %), B 1/2 (50.0 %).",
        "",
        "_4 charts follow, each with its figures in words._",
      ].join("\n"),
    );
    const chart = uploads.find((upload) => upload.filename === "reply-rate-by-variant.png")!;
    expect(chart.title).toBe("Reply rate by step and variant");
    expect(chart.alt_text).toBe(
      "Reply rate by step: Step 1: 25% (2 of 8); Step 2: 50% (2 of 4); Step 3: 100% (1 of 1); " +
        "Step 1 variant A: 25% (1 of 4); Step 1 variant B: 25% (1 of 4); " +
        "Step 2 variant A: 50% (1 of 2); Step 2 variant B: 50% (1 of 2).",
    );
    expectGolden(chart, "reply-rate-by-variant.png");
  }, 90_000);

  it("/sam stats alone: the workspace view, ephemeral", async () => {
    const text = await answerText(t, "stats", { teamId: TEAM });
    expect(text).toBe(
      [
        ":bar_chart: *Workspace stats*",
        "*Campaigns:* active 1",
        "*Totals:* prospects 12 · messages sent 13 · replied 5 (63%) of first touches",
        "*Last 7 days:* sent 3 (-70% on the week before: 10) · replies 2 (-33% on 3)",
        "*Best campaigns by reply rate:* none has 20 first touches sent yet.",
        "",
        "*Accounts* (1)",
        "• Jane &lt;Sales&gt;: today 0/10 messages, 0/5 invitations · 50% accepted in 30 days (4 of 8) · 2 pending",
      ].join("\n"),
    );
  }, 60_000);

  it("/sam stats weekly off|on [campaign] and zone: the settings the weekly tick reads", async () => {
    const settings = async () => {
      const [row] = await t.db.sql<{ campaign: boolean; workspace: boolean; zone: string }[]>`
        select c.weekly_report as campaign, w.weekly_reports as workspace, w.weekly_report_time_zone as zone
        from campaigns c join workspaces w on w.id = c.workspace_id where c.id = ${campaign.id}`;
      return row;
    };
    expect(ackText(await t.driver.command("stats weekly off c1", { teamId: TEAM }))).toBe(
      "*Q4 &lt;founders&gt; &amp; co* will get no more weekly reports.",
    );
    expect(await settings()).toEqual({ campaign: false, workspace: true, zone: "UTC" });
    expect(ackText(await t.driver.command("stats weekly off", { teamId: TEAM }))).toBe(
      "Weekly reports are off for the whole workspace. `/sam stats weekly on` turns them on again.",
    );
    expect(ackText(await t.driver.command("stats weekly zone Mars/Olympus", { teamId: TEAM }))).toBe(
      "`zone` takes one IANA time zone such as Europe/Berlin, not `Mars/Olympus`.",
    );
    await t.driver.command("stats weekly zone Europe/Berlin", { teamId: TEAM });
    await t.driver.command("stats weekly on c1", { teamId: TEAM });
    await t.driver.command("stats weekly on", { teamId: TEAM });
    expect(await settings()).toEqual({ campaign: true, workspace: true, zone: "Europe/Berlin" });
    expect(ackText(await t.driver.command("stats weekly off nothing-like-it", { teamId: TEAM }))).toContain(
      "No campaign “nothing-like-it” in this workspace.",
    );
  }, 60_000);
});
