// A connector campaign end to end: the invitation, its acceptance two days later detected by the
// webhook (or the poll), the follow-ups after their delays counted from the acceptance and from
// each real send; and a prospect who never accepts, withdrawn after 21 days.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
const DAY = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe("connector campaign, end to end", () => {
  it("invitation → accepted two days later → follow-ups after their delays; a non-acceptor is withdrawn after 21 days", async () => {
    t.sandbox.world.defineProfile("ada-2nd-silent", { degree: "SECOND_DEGREE", acceptAfterMs: 2 * DAY, replyAfterMs: null });
    t.sandbox.world.defineProfile("bo-2nd-silent", { degree: "SECOND_DEGREE", acceptAfterMs: null, replyAfterMs: null });
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      type: "connector",
      window: ALWAYS,
      templates: {
        connection_request: "Hi {first_name}, let's connect",
        follow_up_messages: ["Thanks for connecting, {first_name}", "One more thing"],
        follow_up_delays: [1, 2],
      },
      prospects: [
        { identifier: "ada-2nd-silent", firstName: "Ada" },
        { identifier: "bo-2nd-silent", firstName: "Bo" },
      ],
    });
    const launchedAt = t.clock.now();
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");

    const prospect = async (name: string) =>
      (await t.db.sql`select * from campaign_prospects where campaign_id = ${campaign.id} and first_name = ${name}`)[0]!;
    await drive(
      t,
      async () => {
        const [sent] = await t.db.sql`select count(*)::int as n from send_queue where campaign_id = ${campaign.id} and status = 'sent'`;
        return sent!.n === 4 && (await prospect("Bo")).status === "not_accepted";
      },
      { maxStepMs: 6 * 3_600_000, until: new Date(launchedAt.getTime() + 30 * DAY) },
    );

    const ada = await prospect("Ada");
    const rows = await t.db.sql<{ message_type: string; sent_at: Date }[]>`
      select message_type, sent_at from send_queue where prospect_id = ${ada.id} order by step`;
    expect(rows.map((row) => row.message_type)).toEqual(["connection_request", "follow_up_1", "follow_up_2"]);
    const [invite, first, second] = rows.map((row) => row.sent_at.getTime());
    const accepted = (ada.connection_accepted_at as Date).getTime();
    // Accepted about two days after the invitation (the webhook may arrive a few minutes late).
    expect(accepted - invite!).toBeGreaterThanOrEqual(2 * DAY);
    expect(accepted - invite!).toBeLessThan(2 * DAY + 8 * 3_600_000);
    expect(first! - accepted).toBeGreaterThanOrEqual(1 * DAY);
    expect(second! - first!).toBeGreaterThanOrEqual(2 * DAY);
    expect(ada.status).toBe("messaging");

    const bo = await prospect("Bo");
    expect(bo.status_reason).toMatch(/not accepted after 21 days/i);
    const [boInvite] = await t.db.sql`select sent_at from send_queue where prospect_id = ${bo.id} and message_type = 'connection_request'`;
    expect(t.sandbox.stats.calls["DELETE /api/v1/users/invite/sent/:id"]).toBe(1);
    const withdrawnAfter = t.clock.nowMs() - (boInvite!.sent_at as Date).getTime();
    expect(withdrawnAfter).toBeGreaterThanOrEqual(21 * DAY);
    const boRows = await t.db.sql`select status from send_queue where prospect_id = ${bo.id} and step > 0`;
    expect(boRows.every((row) => row.status === "cancelled")).toBe(true);
    // Invitations went out once each.
    expect(t.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "invitation")).toHaveLength(2);
  });
});
