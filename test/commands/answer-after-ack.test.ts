// Slack gives a slash command 3 seconds. `/sam preview` plans every send of the account and
// `/sam status` counts every row of the campaign, which at 100,000 prospects takes longer: both
// are acknowledged at once with a "working on it" and answer afterwards through the command's
// response_url. (The bench's slack_ack measures the acknowledgement on a 100,000-prospect
// campaign; this test checks the order: acknowledgement first, answer after.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";

let t: TestApp;
beforeAll(async () => {
  const { Clock } = await import("../../src/clock.js");
  t = await startTestApp({ clock: new Clock(new Date("2026-11-30T15:00:00Z"), 0) });
});
afterAll(() => t?.stop());

/** Sends the command; returns its HTTP answer and the response_url Slack would have given it. */
async function run(text: string) {
  const responseUrl = t.slack.responseUrl("commands");
  const response = await t.driver.command(text, { responseUrl });
  // Nothing reached the response_url before the acknowledgement was read.
  const postedBeforeAck = t.slack.responses.filter((posted) => posted.url === responseUrl);
  const answer = await eventually(() => t.slack.responses.find((posted) => posted.url === responseUrl));
  return { response, postedBeforeAck, answer: (answer.body as { text: string; response_type: string }) };
}

describe("slow answers follow the acknowledgement", () => {
  it("/sam preview acknowledges with a working-on-it, then posts the preview to the response_url", async () => {
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: Array.from({ length: 5 }, (_, i) => ({ identifier: `ack-pv-${i}` })),
    });
    const { response, postedBeforeAck, answer } = await run(`preview c${campaign.handle}`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      response_type: "ephemeral",
      text: `Working on the preview of *${campaign.name}*; it will appear here in a moment.`,
    });
    expect(postedBeforeAck).toEqual([]);
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain(`*Preview of ${campaign.name}*`);
    expect(answer.text).toContain("Assumes all 5 prospect(s) pass the connection check at launch.");
  });

  it("/sam status acknowledges with a working-on-it, then posts the status to the response_url", async () => {
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: Array.from({ length: 3 }, (_, i) => ({ identifier: `ack-st-${i}` })),
    });
    const { response, postedBeforeAck, answer } = await run(`status c${campaign.handle}`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      response_type: "ephemeral",
      text: `Counting *${campaign.name}*; its status will appear here in a moment.`,
    });
    expect(postedBeforeAck).toEqual([]);
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain(`*${campaign.name}* (c${campaign.handle})`);
    expect(answer.text).toContain("*Prospects* (3)");
  });
});
