// The delivery engine end to end for a messenger campaign: the real worker, the Unipile sandbox,
// the fake Slack, and virtual time driven step by step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, eventually } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe("messenger campaign, end to end", () => {
  it("delivers 5 × 3 messages once each, in order, with the right gaps", async () => {
    const people = ["ana-1st-silent", "ben-1st-silent", "cleo-1st-silent", "dan-1st-silent", "eve-1st-silent"];
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      window: ALWAYS,
      templates: { connection_request: "Hi {first_name}!", follow_up_messages: ["Follow-up one", "Follow-up two"], follow_up_delays: [3, 5] },
      prospects: people.map((identifier, i) => ({ identifier, firstName: `P${i + 1}` })),
    });
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");
    await drive(t, async () => {
      const [row] = await t.db.sql`select count(*)::int as n from send_queue where campaign_id = ${campaign.id} and status = 'sent'`;
      return row!.n === 15;
    });

    const deliveries = t.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message");
    expect(deliveries).toHaveLength(15);
    const rows = await t.db.sql<{ prospect_id: string; step: number; sent_at: Date; sent_text: string; public_identifier: string }[]>`
      select q.prospect_id, q.step, q.sent_at, q.sent_text, p.public_identifier from send_queue q
      join campaign_prospects p on p.id = q.prospect_id where q.campaign_id = ${campaign.id} order by q.sent_at`;
    // Each message once, to the right person, with the right text.
    const delivered = deliveries.map((delivery) => `${delivery.recipientProviderId}|${delivery.text}`);
    expect(new Set(delivered).size).toBe(15);
    const firsts = rows.filter((row) => row.step === 0).map((row) => row.sent_at.getTime());
    for (let i = 1; i < firsts.length; i++) expect(firsts[i]! - firsts[i - 1]!).toBeGreaterThanOrEqual(30 * 60_000);
    for (const prospect of new Set(rows.map((row) => row.prospect_id))) {
      const mine = rows.filter((row) => row.prospect_id === prospect).sort((a, b) => a.step - b.step);
      expect(mine.map((row) => row.step)).toEqual([0, 1, 2]);
      expect(mine[0]!.sent_text).toMatch(/^Hi P\d!$/);
      expect(mine[1]!.sent_at.getTime() - mine[0]!.sent_at.getTime()).toBeGreaterThanOrEqual(3 * 86_400_000);
      expect(mine[2]!.sent_at.getTime() - mine[1]!.sent_at.getTime()).toBeGreaterThanOrEqual(5 * 86_400_000);
      // Not much later than due either: the engine sends on time (24/7 window, light load).
      expect(mine[1]!.sent_at.getTime() - mine[0]!.sent_at.getTime()).toBeLessThan(3 * 86_400_000 + 3_600_000);
    }
    const statuses = await t.db.sql`select distinct status from campaign_prospects where campaign_id = ${campaign.id}`;
    expect(statuses).toEqual([{ status: "messaging" }]);
    await eventually(async () => (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
  });

  it("a message that lacks a prospect's value ends that prospect, and the campaign still completes", async () => {
    const people = ["fay-1st-silent", "gus-1st-silent"];
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Missing values",
      window: ALWAYS,
      templates: { connection_request: "Hi {first_name}!", follow_up_messages: ["How is {company_name}?", "Last one"], follow_up_delays: [1, 1] },
      // The last prospect to reach follow-up 1 has no company: its row is the campaign's last open one.
      prospects: [
        { identifier: "fay-1st-silent", firstName: "Fay", company: "Acme" },
        { identifier: "gus-1st-silent", firstName: "Gus" },
      ],
    });
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");
    await drive(t, async () => (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");

    const rows = await t.db.sql<{ first_name: string; step: number; status: string; error_message: string | null }[]>`
      select p.first_name, q.step, q.status, q.error_message from send_queue q
      join campaign_prospects p on p.id = q.prospect_id where q.campaign_id = ${campaign.id} order by p.first_name, q.step`;
    expect(rows).toEqual([
      { first_name: "Fay", step: 0, status: "sent", error_message: null },
      { first_name: "Fay", step: 1, status: "sent", error_message: null },
      { first_name: "Fay", step: 2, status: "sent", error_message: null },
      { first_name: "Gus", step: 0, status: "sent", error_message: null },
      { first_name: "Gus", step: 1, status: "failed", error_message: "missing value for {company_name}" },
      { first_name: "Gus", step: 2, status: "cancelled", error_message: null },
    ]);
    const [gus] = await t.db.sql<{ status: string; status_reason: string }[]>`
      select status, status_reason from campaign_prospects where campaign_id = ${campaign.id} and first_name = 'Gus'`;
    expect(gus).toEqual({ status: "failed", status_reason: "direct_message_2 not sent: missing value for {company_name}" });
  });
});
