// A launch whose plan cannot fit within the planning horizon (a year) is refused at once, with
// the numbers, instead of planning years of sending or, at 100,000 prospects, retrying a planner
// that gave up ("no slot found …") eight times and then blaming Unipile. 200 prospects × 3
// messages at one message a day need some 600 working days: about 2.4 years.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { answerText } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";

const PROSPECTS = 200;
const identifiers = Array.from({ length: PROSPECTS }, (_, i) => `slow-${i}-1st`);
/** "… these 200 prospects need about 2.4 years of sending" */
const NEED = /at this account's pace \(1 message a day\) these 200 prospects need about (\d+(?:\.\d)?) years of sending/;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ scenario: { relations: identifiers } });
});
afterAll(() => t?.stop());

async function slowCampaign() {
  return draftCampaign(t.db.sql, {
    teamId: t.slack.teamId,
    prospects: identifiers.map((identifier) => ({ identifier })),
    account: { daily_message_cap: 1 },
  });
}

const threadTexts = () => t.slack.messages().map((message) => message.text ?? "");

describe("a plan longer than a year", () => {
  it("/sam preview says the launch would be refused, with the numbers", async () => {
    const { campaign } = await slowCampaign();
    // Deleted whatever happens: the next test drafts the same people.
    onTestFinished(() => t.db.sql`delete from campaigns where id = ${campaign.id}`.then(() => undefined));
    const text = await answerText(t, `preview c${campaign.handle}`);
    expect(text).toContain("would not be launched");
    const years = Number(NEED.exec(text)?.[1]);
    expect(years).toBeGreaterThan(2);
    expect(years).toBeLessThan(3);
    expect(text).toContain("A launch has to reach every prospect within a year: launch a smaller list or raise the account's caps in `/sam accounts`.");
  });

  it("is refused at launch, at once: the campaign is a draft again and nothing is queued or changed", async () => {
    const { campaign } = await slowCampaign();
    const ack = await t.driver.command(`launch c${campaign.handle}`);
    expect((ack.json as { text: string }).text).toMatch(/Launching/);
    const refusal = await eventually(() => threadTexts().find((text) => text.includes("Not launched: at this account's pace")));
    const years = Number(NEED.exec(refusal)?.[1]);
    expect(years).toBeGreaterThan(2);
    expect(years).toBeLessThan(3);
    expect(refusal).toContain("Nothing was sent.");

    // The job finished with its refusal on the first attempt: no retry, no failure recorded.
    await eventually(async () => (await t.db.sql`select 1 from graphile_worker.jobs where task_identifier = 'launch-campaign'`).length === 0);
    const [row] = await t.db.sql`select status, launched_at, launch_result from campaigns where id = ${campaign.id}`;
    expect(row).toEqual({ status: "draft", launched_at: null, launch_result: null });
    expect(await t.db.sql`select 1 from send_queue where campaign_id = ${campaign.id}`).toHaveLength(0);
    const statuses = await t.db.sql`select status, count(*)::int as n from campaign_prospects where campaign_id = ${campaign.id} group by status`;
    expect(statuses).toEqual([{ status: "pending", n: PROSPECTS }]);
    expect(threadTexts().filter((text) => text.includes("Not launched"))).toHaveLength(1);
    expect(threadTexts().join("\n")).not.toMatch(/launch again when Unipile is reachable/);
  });
});
