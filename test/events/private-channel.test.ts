// SAM_CHANNEL may be a private channel the app was invited to: the campaign's root message and
// its thread live there, and a CSV dropped in the thread arrives as Slack delivers messages of a
// private channel (the message.groups subscription: a `message` event with channel_type
// "group", https://docs.slack.dev/reference/events/message.groups) and is imported. The fake
// Slack treats the private channel as Slack does (listed and usable only once the bot is in it).
import { fileShareEvent } from "../support/file-share.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { makeCampaign, settled } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";

const PRIVATE_ID = "C0SAMPRIV01";
const PRIVATE_NAME = "sam-private-campaigns";
const TEAM = "T0PRIVATE01";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { SAM_CHANNEL: PRIVATE_NAME } });
  // Someone created the private channel and invited the app (/invite @SAM Campaigns).
  t.slack.addChannel({ id: PRIVATE_ID, name: PRIVATE_NAME, isPrivate: true, isMember: true });
});
afterAll(() => t?.stop());

const threadIn = (campaign: Campaign) =>
  t.slack.messages(PRIVATE_ID).filter((message) => message.thread_ts === campaign.slack_thread_ts);

describe("a private SAM_CHANNEL", () => {
  it("holds the campaign's thread, and a CSV dropped there (message.groups) is imported", async () => {
    const campaign = await makeCampaign(t, { teamId: TEAM, name: "Private outreach" });
    expect(campaign.slack_channel_id).toBe(PRIVATE_ID);
    expect(t.slack.messages(PRIVATE_ID).map((message) => message.ts)).toContain(campaign.slack_thread_ts);
    // Private channels cannot be joined; the app was invited instead and must not try.
    expect(t.slack.callsTo("conversations.join")).toEqual([]);

    const file = t.slack.addFile({
      name: "private.csv",
      content: "first_name,last_name,linkedin_url\nJane,Doe,https://www.linkedin.com/in/jane-doe/\n",
    });
    const response = await t.driver.event(
      fileShareEvent({
        threadTs: campaign.slack_thread_ts,
        file: { id: file.id, name: "private.csv" },
        ts: "1764240000.000101",
        channel: PRIVATE_ID,
        channelType: "group",
      }),
      { teamId: TEAM },
    );
    expect(response.status).toBe(200);
    await eventually(() => threadIn(campaign).length >= 1);
    await settled(t);
    expect(threadIn(campaign).map((message) => message.text)).toEqual([
      [
        "*Imported 1 prospect(s)* from private.csv (1 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 0",
      ].join("\n"),
    ]);
    const rows = await t.db.sql<{ first_name: string; linkedin_url: string }[]>`
      select first_name, linkedin_url from campaign_prospects where campaign_id = ${campaign.id}`;
    expect(rows).toEqual([{ first_name: "Jane", linkedin_url: "https://www.linkedin.com/in/jane-doe/" }]);
  });
});
