// `/sam launch|pause|resume|cancel|retry` and the root message's Launch button: each state that
// allows the command changes once and says so in the thread; a state that does not gets a clear
// answer and changes nothing. The worker is off here, so what the app decided is read from the
// database (state, queue, outbox, jobs) without the launch and delivery jobs of other work
// running on top of it; delivering the outbox is proven in test/slack and the other files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { HELP_TEXT } from "../../src/commands/help.js";
import type { CampaignStatus } from "../../src/db/enums.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID, DEFAULT_TEAM_ID } from "../support/fake-slack.js";
import { ackText, makeCampaign, reload } from "../campaigns/fixtures.js";
import { type CampaignPayload, campaignCancelled } from "../../src/jobs/campaign-controls.js";
import { refreshCampaignRoot } from "../../src/slack/notices.js";

const ME = "<@U0ALICE0001>";
let t: TestApp;
let accountId: string;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  const workspaceId = await ensureWorkspace(t.db.sql, DEFAULT_TEAM_ID);
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
    values (${workspaceId}, 'acc-controls', 'Controls LinkedIn', 'America/New_York') returning id`;
  accountId = account!.id;
});
afterAll(() => t?.stop());

let names = 0;
async function campaignIn(status: CampaignStatus, name = `Control ${++names}`): Promise<Campaign> {
  return makeCampaign(t, { teamId: DEFAULT_TEAM_ID, name, status, accountId, announce: false });
}

/** Thread notices the app queued for a campaign, oldest first. */
async function threadNotices(campaignId: string): Promise<string[]> {
  const rows = await t.db.sql<{ text: string }[]>`
    select payload->>'text' as text from slack_outbox
    where campaign_id = ${campaignId} and payload->'target'->>'kind' = 'campaign_thread' order by id`;
  return rows.map((row) => row.text);
}

async function jobsOf(task: string, campaignId: string): Promise<number> {
  const [row] = await t.db.sql<{ n: number }[]>`
    select count(*)::int as n from graphile_worker._private_jobs jobs
    join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
    where tasks.identifier = ${task} and jobs.payload->>'campaignId' = ${campaignId}`;
  return row!.n;
}

async function outboxCount(campaignId: string): Promise<number> {
  const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from slack_outbox where campaign_id = ${campaignId}`;
  return row!.n;
}

async function command(text: string): Promise<string> {
  const response = await t.driver.command(text);
  expect(response.status).toBe(200);
  return ackText(response);
}

describe("a state that does not allow the command: a clear answer, nothing changed", () => {
  const refusals: Array<[string, CampaignStatus, string]> = [
    ["launch", "active", "it can be launched only when draft."],
    ["launch", "cancelled", "it can be launched only when draft."],
    ["pause", "draft", "it can be paused only when active or launching."],
    ["pause", "paused", "it can be paused only when active or launching."],
    ["pause", "completed", "it can be paused only when active or launching."],
    ["resume", "active", "it can be resumed only when paused."],
    ["resume", "cancelled", "it can be resumed only when paused."],
    ["cancel", "cancelled", "it can be cancelled only when draft or launching or active or paused."],
    ["cancel", "completed", "it can be cancelled only when draft or launching or active or paused."],
    ["retry", "draft", "it can be retried only when active or paused or completed."],
  ];
  it.each(refusals)("/sam %s on a %s campaign", async (control, status, rule) => {
    const campaign = await campaignIn(status);
    const row = () => t.db.sql`select status, updated_at from campaigns where id = ${campaign.id}`;
    const before = await row();
    const answer = await command(`${control} ${campaign.name}`);
    expect(answer).toBe(`*${campaign.name}* is ${status}; ${rule}`);
    expect(await row()).toEqual(before);
    expect(before[0]!.status).toBe(status);
    expect(await outboxCount(campaign.id)).toBe(0);
  });
});

describe("a state that allows it: changed once, told in the thread", () => {
  it("pause, then resume", async () => {
    const campaign = await campaignIn("active", "Pause and resume");
    expect(await command("pause pause and resume")).toBe("Paused *Pause and resume*.");
    expect((await reload(t, campaign.id)).status).toBe("paused");
    expect(await command(`resume c${campaign.handle}`)).toBe("Resumed *Pause and resume*.");
    expect((await reload(t, campaign.id)).status).toBe("active");
    expect(await threadNotices(campaign.id)).toEqual([
      `${ME} paused the campaign. Nothing more is sent until it is resumed.`,
      `${ME} resumed the campaign; the remaining messages are re-planned from now.`,
    ]);
    expect(await jobsOf("campaign-resumed", campaign.id)).toBe(1);
    // The root message is refreshed by a job after the acknowledgement (its counts grow with the
    // campaign); both changes share one job. Run here by hand: the worker is off.
    expect(await jobsOf("refresh-campaign-root", campaign.id)).toBe(1);
    await refreshCampaignRoot(t.db.sql, t.app.ctx, campaign.id);
    const [root] = await t.db.sql<{ text: string; method: string }[]>`
      select payload->>'text' as text, method from slack_outbox
      where campaign_id = ${campaign.id} and payload->'target'->>'kind' = 'campaign_root' order by id desc limit 1`;
    expect(root).toEqual({ text: `Campaign Pause and resume (c${campaign.handle}): active`, method: "chat.update" });
  });

  it("pausing a launching campaign is allowed", async () => {
    const campaign = await campaignIn("launching");
    expect(await command(`pause ${campaign.name}`)).toBe(`Paused *${campaign.name}*.`);
    expect((await reload(t, campaign.id)).status).toBe("paused");
  });

  it("cancel cancels the pending and waiting rows and the prospects still in progress, and keeps history", async () => {
    const campaign = await campaignIn("active", "To be cancelled");
    const prospects: Record<string, string> = {};
    for (const [slug, status] of [
      ["p-connected", "connected"],
      ["p-messaging", "messaging"],
      ["p-replied", "replied"],
      ["p-failed", "failed"],
    ] as const) {
      const [row] = await t.db.sql<{ id: string }[]>`
        insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, status)
        values (${campaign.id}, ${campaign.workspace_id}, 'P', ${slug}, ${`https://www.linkedin.com/in/${slug}/`}, ${slug}, ${status})
        returning id`;
      prospects[slug] = row!.id;
    }
    const queue: Array<[string, string, string, string | null]> = [
      ["p-connected", "direct_message_1", "pending", null],
      ["p-connected", "direct_message_2", "pending", null],
      ["p-messaging", "direct_message_1", "sent", "2026-11-30T13:00:00Z"],
      ["p-messaging", "direct_message_2", "waiting", null],
      ["p-replied", "direct_message_1", "sent", "2026-11-29T13:00:00Z"],
      ["p-replied", "direct_message_2", "skipped", null],
      ["p-failed", "direct_message_1", "failed", null],
    ];
    for (const [slug, type, status, sentAt] of queue) {
      await t.db.sql`
        insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at)
        values (${campaign.id}, ${prospects[slug]!}, ${accountId}, ${type}, ${Number(type.slice(-1)) - 1},
                '2026-12-01T15:00:00Z', ${status}, ${sentAt})`;
    }
    expect(await command("cancel To Be Cancelled")).toBe("Cancelled *To be cancelled*.");
    expect((await reload(t, campaign.id)).status).toBe("cancelled");
    // The queued rows are cancelled after the answer, by the job the command queued (no worker here).
    const jobs = await t.db.sql<{ payload: CampaignPayload }[]>`
      select payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'campaign-cancelled'`;
    expect(jobs).toHaveLength(1);
    await campaignCancelled(jobs[0]!.payload, t.app.ctx);
    const rows = await t.db.sql<{ last_name: string; message_type: string; status: string }[]>`
      select p.last_name, q.message_type, q.status from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.campaign_id = ${campaign.id} order by p.last_name, q.message_type`;
    expect(rows.map((row) => [row.last_name, row.message_type, row.status])).toEqual([
      ["p-connected", "direct_message_1", "cancelled"],
      ["p-connected", "direct_message_2", "cancelled"],
      ["p-failed", "direct_message_1", "failed"],
      ["p-messaging", "direct_message_1", "sent"],
      ["p-messaging", "direct_message_2", "cancelled"],
      ["p-replied", "direct_message_1", "sent"],
      ["p-replied", "direct_message_2", "skipped"],
    ]);
    const people = await t.db.sql<{ last_name: string; status: string }[]>`
      select last_name, status from campaign_prospects where campaign_id = ${campaign.id} order by last_name`;
    expect(people.map((row) => [row.last_name, row.status])).toEqual([
      ["p-connected", "cancelled"],
      ["p-failed", "failed"],
      ["p-messaging", "cancelled"],
      ["p-replied", "replied"],
    ]);
    expect(await threadNotices(campaign.id)).toEqual([
      `${ME} cancelled the campaign; 3 queued message(s) will not be sent.`,
    ]);
    // And a second cancel is refused without touching anything.
    const outbox = await outboxCount(campaign.id);
    expect(await command("cancel To Be Cancelled")).toBe(
      "*To be cancelled* is cancelled; it can be cancelled only when draft or launching or active or paused.",
    );
    expect(await outboxCount(campaign.id)).toBe(outbox);
  });

  it("retry queues one retry job however often it is asked", async () => {
    const campaign = await campaignIn("paused");
    expect(await command(`retry ${campaign.name}`)).toBe(`Retrying failed messages of *${campaign.name}*.`);
    expect(await command(`retry ${campaign.name}`)).toBe(`Retrying failed messages of *${campaign.name}*.`);
    expect(await jobsOf("retry-failed", campaign.id)).toBe(1);
    expect((await reload(t, campaign.id)).status).toBe("paused");
  });

  it("/sam launch moves a draft to launching once; a second launch is refused", async () => {
    const campaign = await campaignIn("draft", "Launch by command");
    expect(await command("launch Launch by command")).toBe("Launching *Launch by command*.");
    expect(await command("launch Launch by command")).toBe(
      "*Launch by command* is launching; it can be launched only when draft.",
    );
    expect((await reload(t, campaign.id)).status).toBe("launching");
    expect(await jobsOf("launch-campaign", campaign.id)).toBe(1);
    expect(await threadNotices(campaign.id)).toEqual([
      `${ME} launched the campaign: checking connections and planning the sends…`,
    ]);
  });
});

describe("the Launch button clicked twice", () => {
  async function clickLaunch(campaign: Campaign, options: { retryNum?: number; actionTs?: string } = {}) {
    const response = await t.driver.blockAction(
      { action_id: "campaign_launch", value: campaign.id, ...(options.actionTs ? { action_ts: options.actionTs } : {}) },
      { channelId: DEFAULT_CHANNEL_ID, message: { ts: "1764230400.000100" }, retryNum: options.retryNum },
    );
    expect(response.status).toBe(200);
  }

  async function answers(): Promise<string[]> {
    const rows = await t.db.sql<{ text: string }[]>`
      select payload->>'text' as text from slack_outbox where method = 'chat.postEphemeral' order by id`;
    return rows.map((row) => row.text);
  }

  async function waitForAnswers(count: number, from: number): Promise<string[]> {
    for (let i = 0; i < 200; i++) {
      const all = (await answers()).slice(from);
      if (all.length >= count) return all;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the clicks were not answered");
  }

  it("two clicks at once, and Slack's retry of one, launch once", async () => {
    const campaign = await campaignIn("draft", "Double click");
    const before = (await answers()).length;
    await Promise.all([clickLaunch(campaign, { actionTs: "1764230500.000001" }), clickLaunch(campaign, { actionTs: "1764230500.000002" })]);
    await clickLaunch(campaign, { actionTs: "1764230500.000001", retryNum: 1 });
    const replies = await waitForAnswers(3, before);
    expect(replies.filter((text) => text === "Launching *Double click*.")).toHaveLength(1);
    for (const other of replies.filter((text) => text !== "Launching *Double click*.")) {
      expect([
        "*Double click* is launching; it can be launched only when draft.",
        "*Double click* changed meanwhile.",
      ]).toContain(other);
    }
    expect((await reload(t, campaign.id)).status).toBe("launching");
    expect(await jobsOf("launch-campaign", campaign.id)).toBe(1);
    expect(await threadNotices(campaign.id)).toEqual([
      `${ME} launched the campaign: checking connections and planning the sends…`,
    ]);
  });

  it("clicked one after the other: the second click is told the campaign is already launching", async () => {
    const campaign = await campaignIn("draft", "Slow double click");
    const before = (await answers()).length;
    await clickLaunch(campaign);
    await waitForAnswers(1, before);
    await clickLaunch(campaign);
    expect(await waitForAnswers(2, before)).toEqual([
      "Launching *Slow double click*.",
      "*Slow double click* is launching; it can be launched only when draft.",
    ]);
    expect(await jobsOf("launch-campaign", campaign.id)).toBe(1);
    expect(await threadNotices(campaign.id)).toHaveLength(1);
  });
});

describe("naming a campaign", () => {
  beforeAll(async () => {
    await campaignIn("draft", "Q4 Product Update");
    await campaignIn("draft", "Q4 Product Launch");
    await campaignIn("draft", "Holiday Greetings");
  });

  it("an unknown name gets the closest names and the help", async () => {
    const [update] = await t.db.sql<Campaign[]>`select * from campaigns where name = 'Q4 Product Update'`;
    const [launch] = await t.db.sql<Campaign[]>`select * from campaigns where name = 'Q4 Product Launch'`;
    const answer = await command("status q4 product");
    expect(answer.startsWith("No campaign “q4 product” in this workspace. Closest: ")).toBe(true);
    expect(answer).toContain(`\`c${launch!.handle}\` Q4 Product Launch`);
    expect(answer).toContain(`\`c${update!.handle}\` Q4 Product Update`);
    expect(answer).not.toContain("Holiday");
    expect(answer.endsWith(`\n\n${HELP_TEXT}`)).toBe(true);
  });

  it("a misspelt name gets the one it resembles", async () => {
    const [holiday] = await t.db.sql<Campaign[]>`select * from campaigns where name = 'Holiday Greetings'`;
    expect(await command("pause Holiday Greetngs")).toBe(
      `No campaign “Holiday Greetngs” in this workspace. Closest: \`c${holiday!.handle}\` Holiday Greetings.\n\n${HELP_TEXT}`,
    );
  });

  it("an unknown handle with nothing close gets the help alone", async () => {
    expect(await command("resume c999")).toBe(`No campaign “c999” in this workspace. ${HELP_TEXT}`);
  });

  it("no campaign at all asks which one", async () => {
    expect(await command("pause")).toBe("Which campaign? Usage: `/sam pause &lt;campaign&gt;` (a handle like c12, or its name).");
  });

  it("an unknown subcommand gets the closest command and the help; no text gets the help", async () => {
    expect(await command("staus c1")).toBe(`Unknown command \`/sam staus\`. Did you mean \`/sam stats\` or \`/sam status\`?\n\n${HELP_TEXT}`);
    expect(await command("")).toBe(HELP_TEXT);
  });
});
