// Launch over signed `/sam launch` requests, the real worker and the Unipile sandbox.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { launchCampaign } from "../../src/launch/launch-campaign.js";
import type { LaunchSummary } from "../../src/launch/launch-result.js";
import type { Scenario } from "../../src/unipile/sandbox/index.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";

const mixed8 = JSON.parse(readFileSync(new URL("../unipile/fixtures/mixed-8.json", import.meta.url), "utf8")) as Scenario & {
  profiles: Array<{ identifier: string; firstName: string; lastName: string; degree: string }>;
};

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function launched(app: TestApp, campaignId: string): Promise<LaunchSummary> {
  return eventually(async () => {
    const [row] = await app.db.sql<{ launch_result: LaunchSummary | null }[]>`select launch_result from campaigns where id = ${campaignId}`;
    return row?.launch_result ?? null;
  });
}

async function threadTexts(app: TestApp): Promise<string[]> {
  return app.slack.messages().map((message) => message.text ?? "");
}

describe("launch", () => {
  it("the specification's mixed test: 5 connected and 3 not → queued 5, skipped 3, totalMessages 15", async () => {
    t = await startTestApp({ scenario: mixed8 });
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: mixed8.profiles.map((p) => ({ identifier: p.identifier, firstName: p.firstName, lastName: p.lastName })),
    });
    const response = await t.driver.command(`launch c${campaign.handle}`);
    expect((response.json as { text: string }).text).toMatch(/Launching/);
    const result = await launched(t, campaign.id);
    const notConnected = "Not connected (SECOND_DEGREE) - messenger campaigns require existing connection";
    // The stored result is the counts; each prospect's outcome is on its own row.
    expect(result).toEqual({
      success: true,
      queued: 5,
      skipped: 3,
      errors: 0,
      waiting: 0,
      totalMessages: 15,
      message: "Queued 15 messages for 5 prospects",
      skippedByReason: { [notConnected]: 3 },
    });
    const skipped = await t.db.sql`select status_reason from campaign_prospects where campaign_id = ${campaign.id} and status = 'skipped'`;
    expect(skipped.map((row) => row.status_reason)).toEqual(Array(3).fill(notConnected));
    const perProspect = await t.db.sql<{ n: number }[]>`
      select count(q.id)::int as n from campaign_prospects p left join send_queue q on q.prospect_id = p.id
      where p.campaign_id = ${campaign.id} and p.status <> 'skipped' group by p.id`;
    expect(perProspect.map((row) => row.n)).toEqual([3, 3, 3, 3, 3]);

    const queue = await t.db.sql`select message_type, requires_connection, status from send_queue where campaign_id = ${campaign.id}`;
    expect(queue).toHaveLength(15);
    expect(new Set(queue.map((row) => row.message_type))).toEqual(new Set(["direct_message_1", "direct_message_2", "direct_message_3"]));
    // The worker may already be sending the first message (the window is open): pending or on its way.
    expect(queue.every((row) => row.requires_connection === false && ["pending", "sending", "sent"].includes(row.status))).toBe(true);
    const statuses = await t.db.sql<{ status: string }[]>`select status from campaign_prospects`;
    const count = (wanted: string[]) => statuses.filter((row) => wanted.includes(row.status)).length;
    expect(count(["connected", "messaging"])).toBe(5);
    expect(count(["skipped"])).toBe(3);
    // The five connected people were found in the synced relations: only the three others cost a profile view.
    expect(t.sandbox.stats.calls["GET /api/v1/users/:id"] ?? 0).toBe(3);
    const [{ views }] = (await t.db.sql`select count(*)::int as views from profile_views`) as unknown as [{ views: number }];
    expect(views).toBe(3);
    await eventually(async () => (await threadTexts(t!)).some((text) => text.includes("Queued 15 messages for 5 prospects")));
    expect((await threadTexts(t)).join("\n")).toMatch(/3 skipped: Not connected \(SECOND_DEGREE\)/);
  });

  it("launching twice, or a retried launch, queues once", async () => {
    t = await startTestApp({ scenario: mixed8 });
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: mixed8.profiles.map((p) => ({ identifier: p.identifier })),
    });
    const first = t.driver.command(`launch c${campaign.handle}`);
    const retry = t.driver.command(`launch c${campaign.handle}`, { retryNum: 1 });
    await Promise.all([first, retry]);
    await launched(t, campaign.id);
    const again = await t.driver.command(`launch c${campaign.handle}`);
    expect((again.json as { text: string }).text).toMatch(/can be launched only when draft/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [{ n }] = (await t.db.sql`select count(*)::int as n from send_queue`) as unknown as [{ n: number }];
    expect(n).toBe(15);
  });

  it("spends at most 50 profile views on 1,000 prospects of whom 950 are connections, never more than the budget", async () => {
    const connected = Array.from({ length: 950 }, (_, i) => `conn-${i}-1st`);
    const strangers = Array.from({ length: 50 }, (_, i) => `stranger-${i}-2nd`);
    t = await startTestApp({ scenario: { relations: connected } });
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: [...connected, ...strangers].map((identifier) => ({ identifier })),
      account: { daily_profile_view_budget: 30 },
    });
    await t.driver.command(`launch c${campaign.handle}`);
    const result = await launched(t, campaign.id);
    const [{ views }] = (await t.db.sql`select count(*)::int as views from profile_views`) as unknown as [{ views: number }];
    // Budget 30 a day: 30 look-ups today, 20 wait for tomorrow.
    expect(views).toBe(30);
    expect(t.sandbox.stats.calls["GET /api/v1/users/:id"]).toBe(30);
    expect(result).toMatchObject({ queued: 950, skipped: 30, waiting: 20 });
    await eventually(async () => (await threadTexts(t!)).some((text) => /20 prospect\(s\) wait for tomorrow/.test(text)));

    // The next day the remaining 20 are looked up: 50 views in all, never more than 30 in a day.
    await t.clock.advance(24 * 3_600_000);
    const continued = await eventually(async () => {
      const [row] = await t!.db.sql<{ launch_result: LaunchSummary }[]>`select launch_result from campaigns where id = ${campaign.id}`;
      return row!.launch_result.skipped === 50 ? row!.launch_result : null;
    });
    // The continuation added its 20 to the counts the launch stored.
    expect(continued).toMatchObject({
      queued: 950,
      skipped: 50,
      waiting: 0,
      totalMessages: 2850,
      skippedByReason: { "Not connected (SECOND_DEGREE) - messenger campaigns require existing connection": 50 },
    });
    const perDay = await t.db.sql`select date_trunc('day', viewed_at) as day, count(*)::int as n from profile_views group by 1 order by 1`;
    expect(perDay.map((row) => row.n)).toEqual([30, 20]);
  });

  it("a campaign paused while its launch waited is launched, stays paused, and resumes with its queue", async () => {
    t = await startTestApp({ scenario: mixed8, worker: false });
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: mixed8.profiles.map((p) => ({ identifier: p.identifier })),
    });
    await t.driver.command(`launch c${campaign.handle}`);
    await t.driver.command(`pause c${campaign.handle}`);
    await launchCampaign({ campaignId: campaign.id, requestedBy: "U1" }, t.app.ctx);
    const [row] = await t.db.sql`select status, launched_at from campaigns where id = ${campaign.id}`;
    expect(row!.status).toBe("paused");
    expect(row!.launched_at).toBeInstanceOf(Date);
    expect(await t.db.sql`select 1 from send_queue`).toHaveLength(15);
    const resumed = await t.driver.command(`resume c${campaign.handle}`);
    expect((resumed.json as { text: string }).text).toMatch(/Resumed/);
  });

  describe("refuses with a clear thread message and changes nothing", () => {
    it("without prospects", async () => {
      t = await startTestApp();
      const { campaign } = await draftCampaign(t.db.sql, { teamId: t.slack.teamId, prospects: [] });
      await t.driver.command(`launch c${campaign.handle}`);
      await eventually(async () => (await threadTexts(t!)).some((text) => text.includes("has no prospects yet")));
      const [row] = await t.db.sql`select status, launch_result from campaigns where id = ${campaign.id}`;
      expect(row).toEqual({ status: "draft", launch_result: null });
    });

    it("without a linked account", async () => {
      t = await startTestApp();
      const { campaign, accountId } = await draftCampaign(t.db.sql, { teamId: t.slack.teamId, prospects: [{ identifier: "a-1st" }] });
      await t.db.sql`update workspace_accounts set unlinked_at = now() where id = ${accountId}`;
      await t.driver.command(`launch c${campaign.handle}`);
      await eventually(async () => (await threadTexts(t!)).some((text) => text.includes("No LinkedIn account is linked")));
      const [row] = await t.db.sql`select status from campaigns where id = ${campaign.id}`;
      expect(row!.status).toBe("draft");
      expect(await t.db.sql`select 1 from send_queue`).toHaveLength(0);
    });

    it("when Unipile reports the account disconnected", async () => {
      t = await startTestApp();
      const { campaign } = await draftCampaign(t.db.sql, { teamId: t.slack.teamId, prospects: [{ identifier: "a-1st" }] });
      t.sandbox.faults.disconnect("sandbox-linkedin-1");
      await t.driver.command(`launch c${campaign.handle}`);
      await eventually(async () => (await threadTexts(t!)).some((text) => /CREDENTIALS in Unipile\. Reconnect it/.test(text)));
      const [row] = await t.db.sql`select status from campaigns where id = ${campaign.id}`;
      expect(row!.status).toBe("draft");
      expect(await t.db.sql`select 1 from send_queue`).toHaveLength(0);
      expect(await t.db.sql`select status from campaign_prospects`).toEqual([{ status: "pending" }]);
    });
  });
});
