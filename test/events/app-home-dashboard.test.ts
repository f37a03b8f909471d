// Issue 17, acceptance 4: the App Home dashboard shows each person their own campaigns (progress,
// reply rate, a Stats button) and their own accounts (sent today against today's caps), and
// nothing of another person's or another workspace's, even when that workspace has a user with
// the same id. The Stats button posts the campaign's report in its thread; a campaign id of
// another workspace does nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { Clock } from "../../src/clock.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { makeCampaign, threadOf } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_TEAM_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";

const BOB = "U0BOB00001";
const CAROL = "U0CAROL001";
const OTHER_TEAM = "T0OTHER001";
let t: TestApp;
let alices: Campaign;
let otherWorkspaceCampaignId: string;

async function account(workspaceId: string, name: string, linkedBy: string): Promise<string> {
  const [row] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, daily_message_cap, daily_invitation_cap, linked_by)
    values (${workspaceId}, ${`acc-${name}`}, ${name}, 'UTC', 25, 15, ${linkedBy}) returning id`;
  return row!.id;
}

/** `sent` first touches sent today (Mon 30 Nov 2026, before 14:00 UTC), the first `replied` of them replied. */
async function contacts(campaign: Campaign, workspaceId: string, accountId: string, sent: number, replied: number) {
  for (let i = 0; i < sent; i++) {
    const [prospect] = await t.db.sql<{ id: string }[]>`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, status, replied_at)
      values (${campaign.id}, ${workspaceId}, 'P', ${String(i)}, ${`https://www.linkedin.com/in/${campaign.handle}-${i}/`},
              ${`${campaign.handle}-${i}`}, ${i < replied ? "replied" : "messaging"},
              ${i < replied ? new Date("2026-11-30T13:00:00Z") : null})
      returning id`;
    await t.db.sql`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at)
      values (${campaign.id}, ${prospect!.id}, ${accountId}, 'direct_message_1', 0, ${new Date("2026-11-30T10:00:00Z")}, 'sent',
              ${new Date(`2026-11-30T10:0${i}:00Z`)})`;
  }
}

beforeAll(async () => {
  t = await startTestApp({ clock: new Clock(new Date("2026-11-30T14:00:00Z"), 0) });
  t.slack.addUser({ id: BOB, real_name: "Bob" });
  t.slack.addUser({ id: CAROL, real_name: "Carol" });
  const workspaceId = await ensureWorkspace(t.db.sql, DEFAULT_TEAM_ID);
  const aliceAccount = await account(workspaceId, "Alice LinkedIn", DEFAULT_USER_ID);
  const bobAccount = await account(workspaceId, "Bob LinkedIn", BOB);
  alices = await makeCampaign(t, { teamId: DEFAULT_TEAM_ID, name: "Alice outreach", status: "active", accountId: aliceAccount });
  const bobs = await makeCampaign(t, { teamId: DEFAULT_TEAM_ID, name: "Bob outreach", status: "active", accountId: bobAccount });
  await t.db.sql`update campaigns set created_by = ${BOB} where id = ${bobs.id}`;
  await contacts(alices, workspaceId, aliceAccount, 4, 1);
  await contacts(bobs, workspaceId, bobAccount, 2, 0);
  // Another workspace where a person has Alice's user id: none of it is Alice's here.
  const otherId = await ensureWorkspace(t.db.sql, OTHER_TEAM);
  const otherAccount = await account(otherId, "Other LinkedIn", DEFAULT_USER_ID);
  const [other] = await t.db.sql<{ id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, account_id, message_templates, time_zone, created_by)
    values (${otherId}, 1, 'Other workspace outreach', 'messenger', 'active', ${otherAccount},
            ${t.db.sql.json({ connection_request: "Hi", follow_up_messages: [], follow_up_delays: [] })}, 'UTC', ${DEFAULT_USER_ID})
    returning id`;
  otherWorkspaceCampaignId = other!.id;
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

async function homeOf(user: string): Promise<string> {
  const published = t.slack.callsTo("views.publish").length;
  await t.driver.event({ type: "app_home_opened", user, tab: "home", channel: `D${user.slice(1)}` });
  const call = await eventually(() =>
    t.slack.callsTo("views.publish").slice(published).find((c) => c.ok && c.args.user_id === user),
  );
  return JSON.stringify(call.args.view);
}

describe("App Home dashboard", () => {
  it("Alice sees her campaign with its reply rate and her account's usage today, nothing of Bob's or the other workspace's", async () => {
    const home = await homeOf(DEFAULT_USER_ID);
    expect(home).toContain("*Alice outreach* (c1) · messenger · active");
    expect(home).toContain("4 prospects · sent 4 · failed 0 · 25% reply rate (1 of 4)");
    expect(home).toContain("*Alice LinkedIn*: 4/25 messages · 0/15 invitations · 0 pending");
    expect(home).toContain("1 more in this workspace by others");
    for (const foreign of ["Bob outreach", "Bob LinkedIn", "Other workspace outreach", "Other LinkedIn"]) {
      expect(home).not.toContain(foreign);
    }
    const blocks = (JSON.parse(home) as { blocks: { type: string; elements?: { action_id?: string; value?: string }[] }[] }).blocks;
    const campaignButtons = blocks.filter((block) => block.type === "actions").flatMap((block) => block.elements ?? []).filter((element) => element.value);
    expect(campaignButtons).toMatchObject([
      { action_id: "campaign_stats", value: alices.id },
      { action_id: "campaign_edit", value: alices.id },
    ]);
  });

  it("Bob sees his; Carol, who has neither, is told how to start", async () => {
    const bob = await homeOf(BOB);
    expect(bob).toContain("*Bob outreach* (c2) · messenger · active");
    expect(bob).toContain("0% reply rate (0 of 2)");
    expect(bob).toContain("*Bob LinkedIn*: 2/25 messages");
    for (const foreign of ["Alice outreach", "Alice LinkedIn", "Other workspace outreach", "Other LinkedIn"]) {
      expect(bob).not.toContain(foreign);
    }
    const carol = await homeOf(CAROL);
    expect(carol).toContain("No campaigns of yours yet.");
    expect(carol).toContain("No LinkedIn account of yours.");
    expect(carol).toContain("2 more in this workspace by others");
  });

  it("Stats posts the campaign's report in its thread; another workspace's campaign id does nothing", async () => {
    const homeView = t.slack.views().find((view) => view.type === "home" && view.user_id === DEFAULT_USER_ID)!;
    const [before] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs where task_identifier = 'stats-report'`;
    await t.driver.blockAction({ action_id: "campaign_stats", value: otherWorkspaceCampaignId }, { view: { id: homeView.id } });
    await t.driver.blockAction({ action_id: "campaign_stats", value: alices.id }, { view: { id: homeView.id } });
    const report = await eventually(
      () => threadOf(t, alices).find((message) => message.text?.startsWith(":bar_chart: *Stats of Alice outreach*")),
      60_000,
    );
    expect(report.text).toContain("*Funnel:* imported 4 · queued 4 · sent 4 · replied 1 (25%)");
    await eventually(() => t.slack.uploads.filter((upload) => upload.completed && upload.thread_ts === alices.slack_thread_ts).length === 4, 30_000);
    const [after] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs where task_identifier = 'stats-report'`;
    expect(after!.n).toBe(before!.n); // the job ran and is gone; the foreign click queued nothing to fail later
    expect(t.slack.uploads.some((upload) => upload.initial_comment?.includes("Other workspace"))).toBe(false);
  }, 90_000);
});
