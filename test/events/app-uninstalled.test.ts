// A workspace uninstalls the app (or revokes its bot token): Slack sends app_uninstalled and
// tokens_revoked, and from then on refuses the token. The workspace's live campaigns are paused
// with the reason, nothing more goes to LinkedIn for it, its Slack notices wait in the outbox
// (none failed), nothing is deleted, other workspaces go on; after a reinstall `/sam resume`
// continues where it stopped. The whole app against the fake Slack's signed events, the Unipile
// sandbox and a real database.
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT_ACTIONS } from "../../src/accounts/account-list.js";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { DEFAULT_ACCOUNT } from "../../src/unipile/sandbox/index.js";
import { ackText, answerText, makeCampaign, reload, settled, threadOf } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { runFor } from "../support/drive.js";

const T1 = "T0UNINST001";
const T2 = "T0UNINST002";
const ALICE = "U0ALICE0001";
const X = DEFAULT_ACCOUNT.id;
const DAY_MS = 86_400_000;
/** Stated literally (not the code's constants): what the workspace is told. */
const UNINSTALLED = "the Slack app was uninstalled from this workspace";
const REVOKED = "the Slack app's token was revoked in this workspace";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/** T1 links X and runs a messenger campaign on it for three 1st-degree prospects who never reply. */
async function t1CampaignOnX(app: TestApp): Promise<Campaign> {
  const responseUrl = app.slack.responseUrl("actions");
  await app.driver.blockAction({ action_id: ACCOUNT_ACTIONS.link, value: X }, { teamId: T1, userId: ALICE, responseUrl });
  await eventually(() => app.slack.responses.find((r) => r.url === responseUrl));
  const [account] = await app.db.sql<{ id: string }[]>`select id from workspace_accounts where unipile_account_id = ${X}`;
  const campaign = await makeCampaign(app, {
    teamId: T1,
    name: "Alpha outreach",
    accountId: account!.id,
    templates: { connection_request: "Hi {first_name}!", follow_up_messages: ["Follow-up one"], follow_up_delays: [3] },
  });
  for (const [i, identifier] of ["ana-1st-silent", "ben-1st-silent", "cara-1st-silent"].entries()) {
    app.sandbox.world.connect(X, identifier, new Date("2026-01-01T00:00:00Z"));
    await app.db.sql`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, source_row)
      values (${campaign.id}, ${campaign.workspace_id}, ${`P${i + 1}`}, 'Alpha', ${`https://www.linkedin.com/in/${identifier}/`},
              ${identifier}, ${i + 2})`;
  }
  await app.db.sql`update workspace_accounts set min_gap_minutes = 1, jitter_fraction = 0, follow_up_min_gap_minutes = 0
                   where id = ${account!.id}`;
  return campaign;
}


const sent = (app: TestApp) => app.sandbox.stats.deliveries.length;

async function outboxOf(app: TestApp, teamId: string) {
  const [row] = await app.db.sql<{ pending: number; failed: number }[]>`
    select count(*) filter (where o.status = 'pending')::int as pending, count(*) filter (where o.status = 'failed')::int as failed
    from slack_outbox o join workspaces w on w.id = o.workspace_id where w.slack_team_id = ${teamId}`;
  return row!;
}

async function rowsOf(app: TestApp, campaignId: string) {
  const [row] = await app.db.sql<{ prospects: number; queued: number; pending: number }[]>`
    select (select count(*)::int from campaign_prospects where campaign_id = ${campaignId}) as prospects,
           (select count(*)::int from send_queue where campaign_id = ${campaignId}) as queued,
           (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'pending') as pending`;
  return row!;
}

/** Slack's events on an uninstall, shaped as https://docs.slack.dev/reference/events/app_uninstalled and tokens_revoked. */
async function uninstall(app: TestApp, teamId: string): Promise<void> {
  app.slack.uninstallApp();
  expect((await app.driver.event({ type: "app_uninstalled" }, { teamId })).status).toBe(200);
  // Bolt acknowledges an event before its listener runs: without this wait the two listeners race,
  // and the first reason recorded (the one the thread is told) could be either.
  await eventually(async () => {
    const [row] = await app.db.sql`select slack_access_lost_reason from workspaces where slack_team_id = ${teamId}`;
    return row === undefined || row.slack_access_lost_reason !== null;
  });
  const revoked = { type: "tokens_revoked", tokens: { oauth: [ALICE], bot: [app.slack.botUserId] } };
  expect((await app.driver.event(revoked, { teamId })).status).toBe(200);
}

describe("the app uninstalled from a workspace", () => {
  it("pauses its running campaign with the reason, sends nothing, loses nothing; after a reinstall /sam resume continues", async () => {
    const app = await startTestApp();
    t = app;
    const campaign = await t1CampaignOnX(app);
    const other = await makeCampaign(app, { teamId: T2, name: "Beta outreach", status: "active" });
    await app.driver.command(`launch c${campaign.handle}`, { teamId: T1, userId: ALICE });
    await eventually(async () => (await reload(app, campaign.id)).status === "active");
    await runFor(app, DAY_MS / 2);
    await settled(app);
    expect(sent(app)).toBe(3); // the first messages; the follow-ups are 3 days away
    const before = await rowsOf(app, campaign.id);
    expect(before).toEqual({ prospects: 3, queued: 6, pending: 3 });
    const threadBefore = threadOf(app, campaign).length;

    await uninstall(app, T1);
    await eventually(async () => (await reload(app, campaign.id)).status === "paused");
    expect((await reload(app, campaign.id)).pause_reason).toBe(UNINSTALLED);
    expect((await reload(app, other.id)).status).toBe("active");

    await runFor(app, 6 * DAY_MS);
    expect(sent(app)).toBe(3);
    expect((await reload(app, campaign.id)).status).toBe("paused");
    expect(await rowsOf(app, campaign.id)).toEqual(before);
    // The pause notice and the refreshed root wait for the reinstall; Slack was not even asked.
    expect((await outboxOf(app, T1)).pending).toBeGreaterThan(0);
    expect((await outboxOf(app, T1)).failed).toBe(0);
    expect(threadOf(app, campaign)).toHaveLength(threadBefore);

    app.slack.reinstallApp();
    const status = await answerText(app, `status c${campaign.handle}`, { teamId: T1, userId: ALICE });
    expect(status).toContain(`:pause_button: Paused because ${UNINSTALLED}.`);
    await settled(app);
    expect(await outboxOf(app, T1)).toEqual({ pending: 0, failed: 0 });
    expect(threadOf(app, campaign).map((m) => m.text)).toContain(
      `:pause_button: Sending is paused: ${UNINSTALLED}. Nothing is lost: every queued message waits. Once the app is installed again, \`/sam resume c${campaign.handle}\` continues the campaign.`,
    );

    const resume = ackText(await app.driver.command(`resume c${campaign.handle}`, { teamId: T1, userId: ALICE }));
    expect(resume).toBe("Resumed *Alpha outreach*.");
    expect((await reload(app, campaign.id)).pause_reason).toBeNull();
    await runFor(app, 4 * DAY_MS);
    await settled(app);
    expect(sent(app)).toBe(6);
  });

  it("tokens_revoked for the bot token alone pauses the workspace's campaigns with its reason; for user tokens only, nothing", async () => {
    const app = await startTestApp();
    t = app;
    const campaign = await makeCampaign(app, { teamId: T1, name: "Gamma outreach", status: "active" });
    const launching = await makeCampaign(app, { teamId: T1, name: "Delta outreach", status: "launching" });
    const draft = await makeCampaign(app, { teamId: T1, name: "Draft outreach" });
    const other = await makeCampaign(app, { teamId: T2, name: "Beta outreach", status: "active" });

    const userOnly = { type: "tokens_revoked", tokens: { oauth: [ALICE] } };
    expect((await app.driver.event(userOnly, { teamId: T1 })).status).toBe(200);
    await settled(app);
    expect((await reload(app, campaign.id)).status).toBe("active");

    const bot = { type: "tokens_revoked", tokens: { bot: [app.slack.botUserId] } };
    expect((await app.driver.event(bot, { teamId: T1 })).status).toBe(200);
    await eventually(async () => (await reload(app, campaign.id)).status === "paused");
    for (const paused of [campaign, launching]) {
      const row = await reload(app, paused.id);
      expect([row.status, row.pause_reason]).toEqual(["paused", REVOKED]);
    }
    expect((await reload(app, draft.id)).status).toBe("draft");
    expect((await reload(app, other.id)).status).toBe("active");
    const [workspace] = await app.db.sql<{ slack_access_lost_reason: string }[]>`
      select slack_access_lost_reason from workspaces where slack_team_id = ${T1}`;
    expect(workspace!.slack_access_lost_reason).toBe(REVOKED);
  });

  it("an uninstall event for a team that never used the app changes nothing", async () => {
    const app = await startTestApp();
    t = app;
    const other = await makeCampaign(app, { teamId: T2, name: "Beta outreach", status: "active" });
    expect((await app.driver.event({ type: "app_uninstalled" }, { teamId: "T0NEVERSEEN" })).status).toBe(200);
    await settled(app);
    const [count] = await app.db.sql<{ n: number }[]>`select count(*)::int as n from workspaces where slack_team_id = 'T0NEVERSEEN'`;
    expect(count!.n).toBe(0);
    expect((await reload(app, other.id)).status).toBe("active");
  });
});
