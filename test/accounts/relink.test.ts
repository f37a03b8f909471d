// A LinkedIn account relinked to another workspace is used only by that workspace's campaigns:
// the former workspace's campaigns are paused with a notice and cannot launch, resume or retry
// on it, no claim sends for them, and replies and acceptances on the account are not routed to
// their threads. The whole app (real worker, Slack listeners, outbox) against the fake Slack,
// the Unipile sandbox and a real database; links and unlinks are real button clicks.
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT_ACTIONS } from "../../src/accounts/account-list.js";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { awaitingAcceptance } from "../../src/delivery/acceptances.js";
import { processStoredEvent } from "../../src/delivery/webhooks.js";
import { launchCampaign } from "../../src/launch/launch-campaign.js";
import { DEFAULT_ACCOUNT } from "../../src/unipile/sandbox/index.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { ackText, answerText, makeCampaign, reload, settled, threadOf } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { runFor as advance } from "../support/drive.js";
import { Stepper } from "../support/stepper.js";

const T1 = "T0RELINK001";
const T2 = "T0RELINK002";
const ALICE = "U0ALICE0001"; // T1
const BOB = "U0BOB000001"; // T2
const X = DEFAULT_ACCOUNT.id;
const DAY_MS = 86_400_000;
/** Stated literally (not the code's constant): what the old workspace is told. */
const ACCOUNT_MOVED_REASON = "the LinkedIn account now belongs to another workspace";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function start(): Promise<TestApp> {
  t = await startTestApp();
  t.slack.addUser({ id: BOB, real_name: "Bob Other", tz: "Europe/Berlin" });
  return t;
}

/** Clicks Link (or Unlink) in `/sam accounts` and waits for the answer; returns its text. */
async function clickAccountButton(app: TestApp, action: "link" | "unlink", value: string, teamId: string, userId: string) {
  const responseUrl = app.slack.responseUrl("actions");
  const response = await app.driver.blockAction({ action_id: ACCOUNT_ACTIONS[action], value }, { teamId, userId, responseUrl });
  expect(response.status).toBe(200);
  const answer = await eventually(() => app.slack.responses.find((r) => r.url === responseUrl));
  return String((answer.body as { text: string }).text);
}

async function accountRow(app: TestApp) {
  const [row] = await app.db.sql<{ id: string; workspace_id: string; unlinked_at: Date | null }[]>`
    select id, workspace_id, unlinked_at from workspace_accounts where unipile_account_id = ${X}`;
  return row!;
}

async function workspaceIdOf(app: TestApp, teamId: string): Promise<string> {
  const [row] = await app.db.sql<{ id: string }[]>`select id from workspaces where slack_team_id = ${teamId}`;
  return row!.id;
}

/** T1 links X and creates a messenger campaign on it with 1st-degree prospects who never reply. */
async function t1CampaignOnX(app: TestApp, people: string[], type: "messenger" | "connector" = "messenger"): Promise<Campaign> {
  expect(await clickAccountButton(app, "link", X, T1, ALICE)).toContain("Linked *Demo LinkedIn account*");
  const account = await accountRow(app);
  const campaign = await makeCampaign(app, {
    teamId: T1,
    name: "Alpha outreach",
    type,
    accountId: account.id,
    templates: { connection_request: "Hi {first_name}!", follow_up_messages: ["Follow-up one"], follow_up_delays: [3] },
  });
  for (const [i, identifier] of people.entries()) {
    if (type === "messenger") app.sandbox.world.connect(X, identifier, new Date("2026-01-01T00:00:00Z"));
    await app.db.sql`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, source_row)
      values (${campaign.id}, ${campaign.workspace_id}, ${`P${i + 1}`}, 'Alpha', ${`https://www.linkedin.com/in/${identifier}/`},
              ${identifier}, ${i + 2})`;
  }
  await app.db.sql`update workspace_accounts set min_gap_minutes = 1, jitter_fraction = 0, follow_up_min_gap_minutes = 0
                   where id = ${account.id}`;
  return campaign;
}

/** Moves virtual time on by `ms`, then waits until the Slack notices of the way are delivered. */
async function runFor(app: TestApp, ms: number): Promise<void> {
  await advance(app, ms);
  await settled(app);
}

const sent = (app: TestApp) => app.sandbox.stats.deliveries.length;
const threadTexts = (app: TestApp, campaign: Campaign) => threadOf(app, campaign).map((m) => m.text ?? "");

async function sendsOf(app: TestApp, campaignId: string) {
  return app.db.sql<{ step: number; status: string }[]>`
    select step, status from send_queue where campaign_id = ${campaignId} order by step, status`;
}

describe("a LinkedIn account relinked to another workspace", () => {
  it("the issue's case: T1's draft on X, T1 unlinks X, T2 links X, T1 launches → refused, nothing sent", async () => {
    const app = await start();
    const campaign = await t1CampaignOnX(app, ["ana-1st-silent", "ben-1st-silent", "cara-1st-silent"]);
    const account = await accountRow(app);
    // A draft does not hold the account: unlinking is allowed.
    expect(await clickAccountButton(app, "unlink", account.id, T1, ALICE)).toContain("Unlinked *Demo LinkedIn account*");
    expect(await clickAccountButton(app, "link", X, T2, BOB)).toContain("Linked *Demo LinkedIn account*");
    expect((await accountRow(app)).workspace_id).toBe(await workspaceIdOf(app, T2));

    const ack = ackText(await app.driver.command(`launch c${campaign.handle}`, { teamId: T1, userId: ALICE }));
    expect(ack).toBe(`*Alpha outreach* cannot be launched: ${ACCOUNT_MOVED_REASON}. Link the account to this workspace again (it has to be unlinked there first), or cancel the campaign.`);
    await runFor(app, 3 * DAY_MS);
    expect(sent(app)).toBe(0);
    expect((await reload(app, campaign.id)).status).toBe("draft");
    expect(await sendsOf(app, campaign.id)).toEqual([]);
  });

  it("the launch job itself refuses when the account moved after the launch was queued", async () => {
    const app = await start();
    const campaign = await t1CampaignOnX(app, ["dan-1st-silent"]);
    const account = await accountRow(app);
    // The state a relink racing `/sam launch` leaves: launching, on an account now T2's.
    await app.db.sql`update campaigns set status = 'launching' where id = ${campaign.id}`;
    await app.db.sql`update workspace_accounts set workspace_id = ${await ensureWorkspace(app.db.sql, T2)} where id = ${account.id}`;
    await launchCampaign({ campaignId: campaign.id, requestedBy: ALICE }, app.app.ctx);
    expect((await reload(app, campaign.id)).status).toBe("draft");
    expect(await sendsOf(app, campaign.id)).toEqual([]);
    await settled(app);
    const refusal = threadTexts(app, campaign).find((text) => text.includes("Not launched"));
    expect(refusal).toContain(ACCOUNT_MOVED_REASON);
    expect(refusal).toContain("Nothing was sent");
    await runFor(app, DAY_MS);
    expect(sent(app)).toBe(0);
  });

  it("pauses T1's running campaign with a notice; no follow-up is sent, a reply stays out of T1's thread, status and preview show nothing of the account, resume is refused", async () => {
    const app = await start();
    const campaign = await t1CampaignOnX(app, ["eva-1st-silent", "finn-1st-silent"]);
    await app.driver.command(`launch c${campaign.handle}`, { teamId: T1, userId: ALICE });
    await eventually(async () => (await reload(app, campaign.id)).status === "active");
    await runFor(app, DAY_MS / 2);
    expect(sent(app)).toBe(2); // the two first messages; the follow-ups are 3 days away
    // An active campaign holds the account, so its unlink is refused; the unlinked state with a
    // campaign still running is what a launch racing the unlink leaves (or data from before).
    await app.db.sql`update workspace_accounts set unlinked_at = now() where unipile_account_id = ${X}`;

    expect(await clickAccountButton(app, "link", X, T2, BOB)).toContain("Linked *Demo LinkedIn account*");
    expect((await reload(app, campaign.id)).status).toBe("paused");
    await settled(app);
    const notice = threadTexts(app, campaign).find((text) => text.includes(ACCOUNT_MOVED_REASON));
    expect(notice).toBe(
      `:pause_button: Sending is paused: ${ACCOUNT_MOVED_REASON} (*Demo LinkedIn account*). Nothing more is sent from it for this campaign, and it cannot be resumed while the account is there. Link it to this workspace again (it has to be unlinked there first) to resume, or \`/sam cancel c${campaign.handle}\`.`,
    );

    await runFor(app, 6 * DAY_MS);
    expect(sent(app)).toBe(2);

    // Eva answers in the chat T1's campaign started; the chat is on X, now T2's.
    const [eva] = await app.db.sql<{ chat_id: string }[]>`select chat_id from campaign_prospects where public_identifier = 'eva-1st-silent'`;
    app.sandbox.world.replyNow(eva!.chat_id, "Sure, let's talk");
    await app.sandbox.webhooksIdle();
    await eventually(async () => (await app.db.sql`select 1 from webhook_events where processed_at is null`).length === 0);
    await settled(app);
    const [processed] = await app.db.sql`select count(*)::int as n from webhook_events where source = 'messaging' and processed_at is not null`;
    expect(processed!.n).toBeGreaterThan(0);
    expect(threadTexts(app, campaign).filter((text) => text.includes(":speech_balloon:") || text.includes("let's talk"))).toEqual([]);
    const [evaNow] = await app.db.sql<{ status: string }[]>`select status from campaign_prospects where public_identifier = 'eva-1st-silent'`;
    expect(evaNow!.status).toBe("messaging");

    // T1 no longer sees the account's sends, caps or state.
    const status = await answerText(app, `status c${campaign.handle}`, { teamId: T1, userId: ALICE });
    expect(status).toContain(":warning: The LinkedIn account now belongs to another workspace (*Demo LinkedIn account*); this campaign cannot send from it.");
    expect(status).not.toContain("Sent today by");
    const preview = await answerText(app, `preview c${campaign.handle}`, { teamId: T1, userId: ALICE });
    expect(preview).toBe(`*Alpha outreach* cannot be previewed: ${ACCOUNT_MOVED_REASON}.`);

    const resume = ackText(await app.driver.command(`resume c${campaign.handle}`, { teamId: T1, userId: ALICE }));
    expect(resume).toBe(`*Alpha outreach* cannot be resumed: ${ACCOUNT_MOVED_REASON}. Link the account to this workspace again (it has to be unlinked there first), or cancel the campaign.`);
    await runFor(app, 4 * DAY_MS);
    expect((await reload(app, campaign.id)).status).toBe("paused");
    expect(sent(app)).toBe(2);
  });

  it("/sam retry on T1's completed campaign does not revive it on T2's account", async () => {
    const app = await start();
    const campaign = await t1CampaignOnX(app, ["gus-1st-silent"]);
    await app.driver.command(`launch c${campaign.handle}`, { teamId: T1, userId: ALICE });
    await eventually(async () => (await reload(app, campaign.id)).status === "active");
    // The first message may have gone out at once; whatever is in flight settles before the rows
    // are rewritten, so that only a send after the retry could count.
    await new Stepper(app.db.sql, app.clock, app.sandbox).settle();
    const before = sent(app);
    // The first message failed for a passing reason and the campaign ended.
    await app.db.sql`update send_queue set status = 'failed', error_class = 'retry_later', error_message = 'Unipile was down'
                     where campaign_id = ${campaign.id} and step = 0`;
    await app.db.sql`update send_queue set status = 'cancelled' where campaign_id = ${campaign.id} and step > 0`;
    await app.db.sql`update campaigns set status = 'completed', completed_at = now() where id = ${campaign.id}`;
    const account = await accountRow(app);
    expect(await clickAccountButton(app, "unlink", account.id, T1, ALICE)).toContain("Unlinked");
    expect(await clickAccountButton(app, "link", X, T2, BOB)).toContain("Linked");

    const retry = ackText(await app.driver.command(`retry c${campaign.handle}`, { teamId: T1, userId: ALICE }));
    expect(retry).toBe(`*Alpha outreach* cannot be retried: ${ACCOUNT_MOVED_REASON}. Link the account to this workspace again (it has to be unlinked there first), or cancel the campaign.`);
    await runFor(app, 2 * DAY_MS);
    expect(sent(app)).toBe(before);
    expect((await reload(app, campaign.id)).status).toBe("completed");
    expect(await sendsOf(app, campaign.id)).toEqual([
      { step: 0, status: "failed" },
      { step: 1, status: "cancelled" },
    ]);
  });

  it("a claim never sends for a campaign of a workspace the account has left, and pauses it", async () => {
    const app = await start();
    const campaign = await t1CampaignOnX(app, ["hana-1st-silent", "ivo-1st-silent"]);
    await app.driver.command(`launch c${campaign.handle}`, { teamId: T1, userId: ALICE });
    await eventually(async () => (await reload(app, campaign.id)).status === "active");
    await new Stepper(app.db.sql, app.clock, app.sandbox).settle();
    const before = sent(app); // the first message may have gone out at once; the rest is due later
    expect(before).toBeLessThan(2);
    // The account row moved under the campaign without the relink's pause (the claim is the last gate).
    await app.db.sql`update workspace_accounts set workspace_id = ${await ensureWorkspace(app.db.sql, T2)} where unipile_account_id = ${X}`;
    await runFor(app, 5 * DAY_MS);
    expect(sent(app)).toBe(before);
    expect((await reload(app, campaign.id)).status).toBe("paused");
    expect(threadTexts(app, campaign).filter((text) => text.includes(ACCOUNT_MOVED_REASON))).toHaveLength(1);
  });

  it("an acceptance on the account (webhook or poll) is not routed to T1's connector campaign", async () => {
    const app = await start();
    const campaign = await t1CampaignOnX(app, ["jo-2nd-accepts"], "connector");
    const account = await accountRow(app);
    // The invitation went out while X was T1's; then X moved to T2.
    await app.db.sql`update campaigns set status = 'paused', launched_at = now() where id = ${campaign.id}`;
    const [jo] = await app.db.sql<{ id: string }[]>`
      update campaign_prospects set status = 'connection_request_sent', provider_id = 'ACoAAJoProvider'
      where public_identifier = 'jo-2nd-accepts' returning id`;
    await app.db.sql`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, status, scheduled_for, sent_at)
      values (${campaign.id}, ${jo!.id}, ${account.id}, 'connection_request', 0, 'sent', now(), now()),
             (${campaign.id}, ${jo!.id}, ${account.id}, 'follow_up_1', 1, 'waiting', now(), null)`;
    expect(await awaitingAcceptance(app.db.sql, account.id)).toHaveLength(1); // still T1's: it is routed
    await app.db.sql`update workspace_accounts set unlinked_at = now() where id = ${account.id}`;
    expect(await clickAccountButton(app, "link", X, T2, BOB)).toContain("Linked");

    expect(await awaitingAcceptance(app.db.sql, account.id)).toEqual([]);
    const [event] = await app.db.sql<{ id: number }[]>`
      insert into webhook_events (source, event, dedupe_key, payload)
      values ('users', 'new_relation', 'relink-test-1',
              ${app.db.sql.json({ account_id: X, user_provider_id: "ACoAAJoProvider", user_public_identifier: "jo-2nd-accepts" })})
      returning id`;
    expect(await processStoredEvent(app.app.ctx, Number(event!.id))).toBe("processed");
    const [after] = await app.db.sql<{ status: string; connection_accepted_at: Date | null }[]>`
      select status, connection_accepted_at from campaign_prospects where id = ${jo!.id}`;
    expect(after).toEqual({ status: "connection_request_sent", connection_accepted_at: null });
    expect(await sendsOf(app, campaign.id)).toEqual([
      { step: 0, status: "sent" },
      { step: 1, status: "waiting" },
    ]);
  });
});
