// Thread notices are batched: failures in a digest at most every 15 virtual minutes per
// campaign, a summary at the end of each day with activity, one summary when the campaign
// completes. The real worker, the sandbox, the fake Slack and virtual time.
import { afterEach, describe, expect, it } from "vitest";
import { completeIfDone, DIGEST_EVERY_MS, DIGEST_GATHER_MS, noteFailure } from "../../src/delivery/digest.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const ACCOUNT = "sandbox-linkedin-1";
const MINUTE = 60_000;
let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function launch(app: TestApp, people: string[], options: { followUps: string[]; delays: number[]; window?: Parameters<typeof draftCampaign>[1]["window"] }) {
  for (const identifier of people.filter((id) => id.includes("-1st"))) {
    app.sandbox.world.connect(ACCOUNT, identifier, new Date("2026-01-01T00:00:00Z"));
  }
  const { campaign } = await draftCampaign(app.db.sql, {
    teamId: app.slack.teamId,
    ...(options.window ? { window: options.window } : {}),
    templates: { connection_request: "Hi {first_name}!", follow_up_messages: options.followUps, follow_up_delays: options.delays },
    prospects: people.map((identifier) => ({ identifier, firstName: identifier.split("-")[0]!, lastName: "Test" })),
    account: { min_gap_minutes: 1, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
  });
  await app.driver.command(`launch c${campaign.handle}`);
  await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");
  return campaign;
}

const texts = (app: TestApp) => app.slack.messages().map((message) => message.text ?? "");
const digests = (app: TestApp) => texts(app).filter((text) => text.startsWith(":warning:") && text.includes("to look at"));
const campaignStatus = async (app: TestApp, id: string) => (await app.db.sql`select status from campaigns where id = ${id}`)[0]!.status;

describe("failure digest", () => {
  it("noteFailure: a burst is posted once after a minute; the next notes wait until 15 minutes after that post", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launch(app, ["zoe-1st-silent"], { followUps: ["Later"], delays: [10] });
    const ctx = app.app.ctx;
    const start = app.clock.nowMs();
    await app.db.sql.begin(async (tx) => {
      for (const line of ["first problem", "second problem", "third problem"]) await noteFailure(tx, ctx, campaign.id, line);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(digests(app)).toHaveLength(0);

    await app.clock.set({ now: new Date(start + DIGEST_GATHER_MS) });
    await eventually(() => digests(app).length === 1);
    expect(digests(app)[0]).toBe(":warning: 3 problems to look at:\n• first problem\n• second problem\n• third problem");

    await app.clock.set({ now: new Date(start + 2 * MINUTE) });
    await app.db.sql.begin(async (tx) => {
      await noteFailure(tx, ctx, campaign.id, "fourth problem");
      await noteFailure(tx, ctx, campaign.id, "fifth problem");
    });
    await app.clock.set({ now: new Date(start + 10 * MINUTE) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(digests(app)).toHaveLength(1);
    await app.clock.set({ now: new Date(start + DIGEST_GATHER_MS + DIGEST_EVERY_MS) });
    await eventually(() => digests(app).length === 2);
    expect(digests(app)[1]).toBe(":warning: 2 problems to look at:\n• fourth problem\n• fifth problem");
    const [{ n }] = (await app.db.sql`select count(*)::int as n from campaign_notes where posted_at is null`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it("failures of a running campaign: every one reported, digests at least 15 virtual minutes apart, fewer posts than failures", async () => {
    t = await startTestApp();
    const app = t;
    const people = ["ann-1st-silent", "bo-1st-silent", ...Array.from({ length: 5 }, (_, i) => `u${i}-1st-unreachable-silent`)];
    const campaign = await launch(app, people, { followUps: ["Following up"], delays: [2] });
    await drive(app, async () => {
      const [row] = await app.db.sql`select count(*)::int as n from send_queue where step = 0 and status in ('sent', 'failed')`;
      return row!.n === people.length;
    });
    // Let the last digest fall due (still before the follow-ups two days later).
    await drive(app, async () => (await app.db.sql`select 1 from campaign_notes where posted_at is null`).length === 0);
    const posted = await app.db.sql<{ posted_at: Date; n: number }[]>`
      select posted_at, count(*)::int as n from campaign_notes where campaign_id = ${campaign.id} group by posted_at order by posted_at`;
    expect(posted.reduce((sum, row) => sum + row.n, 0)).toBe(5);
    expect(posted.length).toBeLessThan(5);
    for (let i = 1; i < posted.length; i++) {
      expect(posted[i]!.posted_at.getTime() - posted[i - 1]!.posted_at.getTime()).toBeGreaterThanOrEqual(15 * 60_000); // the 15 minutes
    }
    await eventually(() => digests(app).length === posted.length);
    const all = digests(app).join("\n");
    for (let i = 0; i < 5; i++) expect(all).toContain(`u${i} Test — cannot be reached on LinkedIn`);
    expect(await campaignStatus(app, campaign.id)).toBe("active");
  });
});

describe("summaries", () => {
  it("a summary at the end of each day with activity (none on a quiet day), and one completion summary", async () => {
    t = await startTestApp();
    const app = t;
    const window = { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5], holidayCountry: null };
    const people = ["amy-1st-silent", "ben-1st-silent", "carl-1st-unreachable-silent", "dora-2nd"];
    const campaign = await launch(app, people, { followUps: ["Following up"], delays: [2], window });
    await drive(app, async () => {
      const [row] = await app.db.sql`select count(*)::int as n from send_queue where step = 0 and status in ('sent', 'failed')`;
      return row!.n === 3;
    });
    const [amy] = await app.db.sql<{ chat_id: string }[]>`select chat_id from campaign_prospects where public_identifier = 'amy-1st-silent'`;
    app.sandbox.world.replyNow(amy!.chat_id, "Sure, send me more");
    await drive(app, async () => (await campaignStatus(app, campaign.id)) === "completed");

    const daily = texts(app).filter((text) => text.startsWith(":bar_chart:"));
    // Monday: 2 first messages, 1 reply, 1 failure; Tuesday nothing; Wednesday the follow-up to Ben (then complete).
    expect(daily).toHaveLength(1);
    expect(daily[0]).toContain("Mon, Nov 30: 2 messages sent, 1 reply, 1 problem.");
    const summaries = texts(app).filter((text) => text.includes(":checkered_flag:"));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toContain("• Sent: 3 messages to 2 prospects");
    expect(summaries[0]).toContain("• Replied: 1 · reply rate 50%");
    expect(summaries[0]).toContain("• Failed: 1 message · Skipped: 1 prospect");

    // Asked again (another row outcome, a retry of the job): nothing more is posted.
    await app.db.sql.begin((tx) => completeIfDone(tx, app.app.ctx, campaign.id));
    await app.db.sql.begin((tx) => completeIfDone(tx, app.app.ctx, campaign.id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(texts(app).filter((text) => text.includes(":checkered_flag:"))).toHaveLength(1);
    const [row] = await app.db.sql`select status, completed_at from campaigns where id = ${campaign.id}`;
    expect(row!.status).toBe("completed");
    expect(row!.completed_at).not.toBeNull();
  });
});
