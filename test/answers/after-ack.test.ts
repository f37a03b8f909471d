// The answers that follow an acknowledgement are computed and posted by the process that
// acknowledged (src/answers/after-ack.ts), not by a job: what a job gave must still hold. An
// orderly stop loses none of the answers in flight, and a post Slack refuses is tried once more.
// The job that remains (questions past the queue's limit, and any a job-based version left
// queued) answers the same way.
import { afterEach, describe, expect, it } from "vitest";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { enqueue } from "../../src/db/job-queue.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function appWithCampaign(prospects: number) {
  const { Clock } = await import("../../src/clock.js");
  t = await startTestApp({ clock: new Clock(new Date("2026-11-30T15:00:00Z"), 0) });
  const { campaign } = await draftCampaign(t.db.sql, {
    teamId: t.slack.teamId,
    prospects: Array.from({ length: prospects }, (_, i) => ({ identifier: `after-ack-${i}` })),
  });
  return { app: t, campaign };
}

describe("answers after the acknowledgement", () => {
  it("an orderly stop waits for the answers in flight: every status asked before it is posted, and right", async () => {
    const { app, campaign } = await appWithCampaign(4);
    const urls = Array.from({ length: 6 }, () => app.slack.responseUrl("commands"));
    for (const responseUrl of urls) {
      const response = await app.driver.command(`status c${campaign.handle}`, { responseUrl });
      expect(response.status).toBe(200);
    }
    // The answer thread is loaded with the first question (about a second): the answers are
    // still being computed when the stop begins.
    const postedBeforeStop = app.slack.responses.filter((posted) => urls.includes(posted.url)).length;
    expect(postedBeforeStop).toBeLessThan(urls.length);
    await app.stop();
    t = null;
    const posted = app.slack.responses.filter((response) => urls.includes(response.url));
    expect(posted.map((response) => response.url).sort()).toEqual([...urls].sort());
    for (const response of posted) {
      expect((response.body as { text: string }).text).toContain("*Prospects* (4)");
    }
  });

  it("a response_url post Slack answers with 500 is tried once more, and the answer arrives", async () => {
    const { app, campaign } = await appWithCampaign(2);
    app.slack.fail("response_url", { status: 500 });
    const responseUrl = app.slack.responseUrl("commands");
    const response = await app.driver.command(`status c${campaign.handle}`, { responseUrl });
    expect(response.status).toBe(200);
    const answer = await eventually(() => app.slack.responses.find((posted) => posted.url === responseUrl), 10_000);
    expect((answer.body as { text: string }).text).toContain("*Prospects* (2)");
    expect(app.slack.responses.filter((posted) => posted.url === responseUrl)).toHaveLength(1);
  });

  it("an answer-command job left in the queue computes the answer and posts it to its response_url", async () => {
    const { app, campaign } = await appWithCampaign(3);
    const responseUrl = app.slack.responseUrl("commands");
    await enqueue(app.db.sql, "answer-command", {
      question: "status",
      workspaceId: campaign.workspace_id,
      campaignId: campaign.id,
      replyTo: { responseUrl },
      askedAt: Date.now(),
    });
    const answer = await eventually(() => app.slack.responses.find((posted) => posted.url === responseUrl));
    expect((answer.body as { text: string; response_type: string }).response_type).toBe("ephemeral");
    expect((answer.body as { text: string }).text).toContain("*Prospects* (3)");
  });
});
