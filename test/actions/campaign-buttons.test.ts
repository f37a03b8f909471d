// The root message's buttons and App Home's New campaign button, clicked over signed requests:
// answers reach only the clicking user, the root message follows the state (Pause becomes
// Resume), and Upload prospects opens the upload modal for that campaign.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID, DEFAULT_TEAM_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";
import { makeCampaign, reload, settled, threadOf } from "../campaigns/fixtures.js";

let t: TestApp;
let campaign: Campaign;

beforeAll(async () => {
  t = await startTestApp();
  campaign = await makeCampaign(t, { teamId: DEFAULT_TEAM_ID, name: "Buttons", status: "active" });
  await settled(t);
});
afterAll(() => t?.stop());

interface Block {
  type: string;
  block_id?: string;
  elements?: Array<{ action_id?: string; value?: string }>;
  fields?: Array<{ text: string }>;
}

function root(): { blocks: Block[]; updates: number } {
  const message = t.slack.messages(DEFAULT_CHANNEL_ID).find((m) => m.ts === campaign.slack_thread_ts)!;
  return { blocks: message.blocks as Block[], updates: message.updates };
}
const buttonsOf = (blocks: Block[]) =>
  blocks.find((block) => block.block_id === "campaign_actions")!.elements!.map((element) => element.action_id);
const statusOf = (blocks: Block[]) => blocks.find((block) => block.fields)!.fields![0]!.text;

async function click(actionId: string, value = campaign.id): Promise<string> {
  const before = t.slack.callsTo("chat.postEphemeral").length;
  const response = await t.driver.blockAction(
    { action_id: actionId, value },
    { channelId: DEFAULT_CHANNEL_ID, message: { ts: campaign.slack_thread_ts! } },
  );
  expect(response.status).toBe(200);
  const answer = await eventually(() => t.slack.callsTo("chat.postEphemeral")[before]);
  expect(answer.args).toMatchObject({ channel: DEFAULT_CHANNEL_ID, user: DEFAULT_USER_ID });
  return String(answer.args.text);
}

describe("root-message buttons", () => {
  it("the root message of an active campaign offers Pause, not Launch or Resume", () => {
    expect(buttonsOf(root().blocks)).toEqual(["campaign_upload", "campaign_preview", "campaign_pause", "campaign_status", "campaign_edit", "campaign_clone"]);
    expect(statusOf(root().blocks)).toBe("*Status*\n▶️ Active");
  });

  it("Pause pauses, says so in the thread, and turns the button into Resume", async () => {
    expect(await click("campaign_pause")).toBe("Paused *Buttons*.");
    expect((await reload(t, campaign.id)).status).toBe("paused");
    await eventually(() => statusOf(root().blocks) === "*Status*\n⏸ Paused");
    await settled(t);
    expect(buttonsOf(root().blocks)).toEqual(["campaign_upload", "campaign_preview", "campaign_resume", "campaign_status", "campaign_edit", "campaign_clone"]);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      `<@${DEFAULT_USER_ID}> paused the campaign. Nothing more is sent until it is resumed.`,
    ]);
  });

  it("an old Pause button clicked again is refused and changes nothing", async () => {
    const updates = root().updates;
    expect(await click("campaign_pause")).toBe("*Buttons* is paused; it can be paused only when active or launching.");
    await settled(t);
    expect(root().updates).toBe(updates);
    expect(threadOf(t, campaign)).toHaveLength(1);
  });

  it("Resume resumes and turns the button back into Pause", async () => {
    expect(await click("campaign_resume")).toBe("Resumed *Buttons*.");
    await eventually(() => statusOf(root().blocks) === "*Status*\n▶️ Active");
    expect(buttonsOf(root().blocks)).toContain("campaign_pause");
    expect(threadOf(t, campaign).at(-1)?.text).toBe(
      `<@${DEFAULT_USER_ID}> resumed the campaign; the remaining messages are re-planned from now.`,
    );
  });

  it("Launch on a campaign that is already active is refused", async () => {
    expect(await click("campaign_launch")).toBe("*Buttons* is active; it can be launched only when draft.");
    expect((await reload(t, campaign.id)).status).toBe("active");
  });

  it("a button whose value is not a campaign id does nothing", async () => {
    const ephemerals = t.slack.callsTo("chat.postEphemeral").length;
    for (const value of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "' or 1=1 --"]) {
      const response = await t.driver.blockAction({ action_id: "campaign_pause", value }, { channelId: DEFAULT_CHANNEL_ID });
      expect(response.status).toBe(200);
    }
    // A real click afterwards is the only one answered.
    expect(await click("campaign_status")).toContain("*Buttons* (c1)");
    expect(t.slack.callsTo("chat.postEphemeral").slice(ephemerals)).toHaveLength(1);
    expect((await reload(t, campaign.id)).status).toBe("active");
  });

  it("Upload prospects opens the upload modal for this campaign", async () => {
    const opened = t.slack.callsTo("views.open").length;
    await t.driver.blockAction({ action_id: "campaign_upload", value: campaign.id }, { channelId: DEFAULT_CHANNEL_ID });
    await eventually(() => t.slack.callsTo("views.open")[opened]);
    const modal = t.slack.views().filter((view) => view.type === "modal").at(-1)!;
    expect(modal.callback_id).toBe("import_prospects");
    expect(JSON.parse(modal.private_metadata)).toEqual({ campaignId: campaign.id });
  });
});

describe("App Home", () => {
  it("lists the campaign, and its New campaign button opens the New-campaign modal", async () => {
    const published = t.slack.callsTo("views.publish").length;
    await t.driver.event({ type: "app_home_opened", user: DEFAULT_USER_ID, tab: "home", channel: "D0ALICE" });
    const home = await eventually(() => t.slack.callsTo("views.publish").slice(published).at(-1));
    expect(JSON.stringify(home.args.view)).toContain("*Buttons* (c1) · messenger · active");
    const [viewer] = await t.db.sql`select user_id from home_viewers`;
    expect(viewer).toEqual({ user_id: DEFAULT_USER_ID });

    const opened = t.slack.callsTo("views.open").length;
    const homeView = t.slack.views().find((view) => view.type === "home" && view.user_id === DEFAULT_USER_ID)!;
    await t.driver.blockAction({ action_id: "home_new_campaign" }, { view: { id: homeView.id } });
    await eventually(() => t.slack.callsTo("views.open")[opened]);
    expect(t.slack.views().at(-1)!.callback_id).toBe("new_campaign");
  });

  it("the messages tab does not publish the home", async () => {
    const published = t.slack.callsTo("views.publish").length;
    await t.driver.event({ type: "app_home_opened", user: DEFAULT_USER_ID, tab: "messages", channel: "D0ALICE" });
    await t.driver.event({ type: "app_home_opened", user: DEFAULT_USER_ID, tab: "home", channel: "D0ALICE" });
    await eventually(() => t.slack.callsTo("views.publish").length > published);
    await settled(t);
    expect(t.slack.callsTo("views.publish")).toHaveLength(published + 1);
  });
});
