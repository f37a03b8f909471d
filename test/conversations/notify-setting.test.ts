// `/sam notify <campaign> on|off`: the per-campaign setting of the owner's DM about interested
// replies, through the real /sam command, only within the caller's workspace.
import { afterEach, describe, expect, it } from "vitest";
import { ackText } from "../campaigns/fixtures.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const setting = async (app: TestApp, id: string) =>
  (await app.db.sql`select notify_owner_on_interested as on from campaigns where id = ${id}`)[0]!
    .on as boolean;

describe("/sam notify", () => {
  it("turns the owner's DM off and on, says what it is, and names the owner", async () => {
    t = await startTestApp({ worker: false });
    const app = t;
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      name: "Q1 outreach on",
      prospects: [],
    });
    expect(await setting(app, campaign.id)).toBe(true);
    expect(ackText(await app.driver.command(`notify c${campaign.handle}`))).toBe(
      "Direct messages about interested replies of *Q1 outreach on* are on. Usage: `/sam notify &lt;campaign&gt; on|off` (on: the campaign's owner gets interested replies in a direct message).",
    );
    // A campaign whose name ends in "on" is still found, and "off" read as the choice.
    expect(ackText(await app.driver.command("notify Q1 outreach on off"))).toBe(
      "<@U0ALICE0001> will no longer get direct messages about interested replies to *Q1 outreach on*; they stay in the campaign's thread.",
    );
    expect(await setting(app, campaign.id)).toBe(false);
    expect(ackText(await app.driver.command(`notify c${campaign.handle} ON`))).toBe(
      "<@U0ALICE0001> will get a direct message for each reply to *Q1 outreach on* classified interested.",
    );
    expect(await setting(app, campaign.id)).toBe(true);

    // Another workspace naming the same handle changes nothing here.
    app.slack.addWorkspace({ teamId: "T0OTHER0001", userId: "U0BOB000001" });
    const other = ackText(
      await app.driver.command(`notify c${campaign.handle} off`, {
        teamId: "T0OTHER0001",
        userId: "U0BOB000001",
      }),
    );
    expect(other).toContain(`No campaign “c${campaign.handle}” in this workspace.`);
    expect(await setting(app, campaign.id)).toBe(true);
  });
});
