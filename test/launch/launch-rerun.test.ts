// A launch continuation whose process died after its commit, before graphile-worker recorded the
// job as done, runs again when its job is released (src/jobs/dead-workers.ts): the re-run must
// change nothing and say nothing twice in the thread.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { launchCampaign } from "../../src/launch/launch-campaign.js";
import type { Scenario } from "../../src/unipile/sandbox/index.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";

const mixed8 = JSON.parse(readFileSync(new URL("../unipile/fixtures/mixed-8.json", import.meta.url), "utf8")) as Scenario & {
  profiles: Array<{ identifier: string }>;
};

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/** What a job run leaves behind: the campaign's launch result and its outbox rows. */
async function traces(app: TestApp, campaignId: string) {
  const [campaign] = await app.db.sql`select launch_result from campaigns where id = ${campaignId}`;
  const outbox = await app.db.sql`select id, method, payload from slack_outbox where campaign_id = ${campaignId} order by id`;
  return { result: campaign!.launch_result, outbox };
}

describe("a launch continuation run twice by the same job", () => {
  it("the second run (after a crash past its commit) changes nothing", async () => {
    t = await startTestApp({ scenario: mixed8, worker: false });
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: mixed8.profiles.map((p) => ({ identifier: p.identifier })),
      // Three prospects need a profile look-up; two fit today, one waits for tomorrow's continuation.
      account: { daily_profile_view_budget: 2 },
    });
    await t.driver.command(`launch c${campaign.handle}`);
    await launchCampaign({ campaignId: campaign.id, requestedBy: "U1" }, t.app.ctx);
    await t.clock.advance(24 * 3_600_000);
    const job = { job: { id: "4242", attempts: 1, max_attempts: 5 } } as never;
    const payload = { campaignId: campaign.id, requestedBy: "U1", continuation: true };
    await launchCampaign(payload, t.app.ctx, job);
    const once = await traces(t, campaign.id);
    expect(once.result).toMatchObject({ queued: 5, skipped: 3, waiting: 0 });

    await launchCampaign(payload, t.app.ctx, job);
    expect(await traces(t, campaign.id)).toEqual(once);
  });
});
