// `/sam preview` on a draft campaign: what a user sees before launching.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { answerText } from "../campaigns/fixtures.js";

let t: TestApp;
beforeAll(async () => {
  // Wednesday 25 November 2026, 15:00 in New York: Thanksgiving is the next day.
  const { Clock } = await import("../../src/clock.js");
  t = await startTestApp({ clock: new Clock(new Date("2026-11-25T20:00:00Z"), 0) });
});
afterAll(() => t.stop());

describe("/sam preview", () => {
  it("shows the first send, sends per day, the last follow-up and what moved them, before launch", async () => {
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      templates: { follow_up_messages: ["FU1", "FU2"], follow_up_delays: [3, 5, 7] },
      prospects: Array.from({ length: 30 }, (_, i) => ({ identifier: `pv-${i}` })),
    });
    const text = await answerText(t, `preview c${campaign.handle}`);
    expect(text).toContain(`Preview of ${campaign.name}`);
    expect(text).toContain("Assumes all 30 prospect(s) pass the connection check at launch.");
    // 90 sends: 30 first messages and 60 follow-ups.
    expect(text).toContain("90 sends");
    expect(text).toMatch(/Thanksgiving Day \(US\) skipped/);
    expect(text).toMatch(/Sat–Sun skipped/);
    // The specification's three delays for two follow-ups: the third is ignored, and said so.
    expect(text).toMatch(/7 days\) is ignored|ignored/);
    // Nothing was changed by looking.
    expect(await t.db.sql`select 1 from send_queue`).toHaveLength(0);
    const [row] = await t.db.sql`select status from campaigns where id = ${campaign.id}`;
    expect(row!.status).toBe("draft");
  });
});
