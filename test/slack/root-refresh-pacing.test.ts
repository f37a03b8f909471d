// A large workspace's root refreshes stay within Slack's limit on message edits: chat.update is
// Tier 3, about 50 a minute per workspace (https://docs.slack.dev/reference/methods/chat.update),
// which the fake Slack enforces as a token bucket. 80 campaigns each send at the same instant (a
// window's opening): the refreshes they ask for are due 1.5 s apart on the app clock, and made at
// those instants against the fake, none is refused; made at once, as one refresh ten seconds after
// each send used to be, 30 are.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { ROOT_REFRESH_EVERY_MS, ROOT_REFRESH_SPACING_MS, scheduleRootRefresh } from "../../src/slack/notices.js";
import { testContext } from "../support/context.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { DEFAULT_CHANNEL_ID, type FakeSlack, startFakeSlack } from "../support/fake-slack.js";

const CAMPAIGNS = 80;
const START = new Date("2026-12-01T09:00:00Z");

let db: TestDatabase;
let fake: FakeSlack;
/** The fake's rate-limit clock, moved by the test to each refresh's due instant. */
let slackNow = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack({ rateLimitNow: () => slackNow });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

async function workspaceWithCampaigns(teamId: string, count: number) {
  const [workspace] = await db.sql<{ id: string }[]>`insert into workspaces (slack_team_id, name) values (${teamId}, 'Large tenant') returning id`;
  const campaigns = await db.sql<{ id: string; workspace_id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, message_templates, time_zone)
    select ${workspace!.id}, n, 'Campaign ' || n, 'messenger', 'active',
           ${db.sql.json({ connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] })}, 'Europe/London'
    from generate_series(1, ${count}) as n
    returning id, workspace_id`;
  return campaigns;
}

/** The real run times of the workspace's waiting root refreshes, earliest first. */
async function refreshTimes(campaignIds: string[]): Promise<number[]> {
  const rows = await db.sql<{ run_at: Date }[]>`
    select run_at from graphile_worker.jobs
    where task_identifier = 'refresh-campaign-root' and key = any(${db.sql.array(campaignIds.map((id) => `root:${id}`))})
    order by run_at`;
  return rows.map((row) => row.run_at.getTime());
}

/** chat.update of one message at each instant, the fake's rate-limit clock set to it; the refusals. */
async function editsRefused(instants: number[]): Promise<number> {
  const slack = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  slackNow = instants[0]! - 60_000;
  const root = await slack.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "root" });
  let refused = 0;
  for (const [n, at] of instants.entries()) {
    slackNow = at;
    try {
      await slack.chat.update({ channel: DEFAULT_CHANNEL_ID, ts: root.ts!, text: `progress ${n}` });
    } catch (error) {
      if ((error as { code?: string }).code !== "slack_webapi_rate_limited_error") throw error;
      refused++;
    }
  }
  return refused;
}

describe("root refreshes of a large workspace", () => {
  it("are due 1.5 s apart, the first ten seconds after the send, and Slack refuses none of them", async () => {
    // Speed 1: the app clock and the real one agree, as in production.
    const ctx = testContext(db, { clock: new Clock(START, 1) });
    const campaigns = await workspaceWithCampaigns("T_LARGE_TENANT", CAMPAIGNS);
    const asked = Date.now();
    for (const campaign of campaigns) await scheduleRootRefresh(db.sql, ctx, campaign);
    // A second send of the first campaign before its refresh ran: the waiting refresh reads it.
    await scheduleRootRefresh(db.sql, ctx, campaigns[0]!);

    const times = await refreshTimes(campaigns.map((campaign) => campaign.id));
    expect(times).toHaveLength(CAMPAIGNS);
    expect(times[0]! - asked).toBeGreaterThanOrEqual(ROOT_REFRESH_EVERY_MS - 1_000);
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    // Real run times derived from app-clock instants 1,500 ms apart (a millisecond of rounding).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(ROOT_REFRESH_SPACING_MS - 5);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((CAMPAIGNS - 1) * ROOT_REFRESH_SPACING_MS - 5);

    expect(await editsRefused(times)).toBe(0);
    // The same edits all at once (a refresh ten seconds after every send, the old way): the
    // bucket's burst of 50 goes and the rest are refused.
    expect(await editsRefused(times.map(() => times.at(-1)! + 3_600_000))).toBe(CAMPAIGNS - 50);
  });

  it("keeps a small workspace's roots at ten seconds", async () => {
    const ctx = testContext(db, { clock: new Clock(START, 1) });
    const campaigns = await workspaceWithCampaigns("T_SMALL_TENANT", 3);
    const asked = Date.now();
    for (const campaign of campaigns) await scheduleRootRefresh(db.sql, ctx, campaign);
    const times = await refreshTimes(campaigns.map((campaign) => campaign.id));
    for (const at of times) expect(at - asked).toBeLessThan(ROOT_REFRESH_EVERY_MS + 2 * ROOT_REFRESH_SPACING_MS + 1_000);
  });
});
