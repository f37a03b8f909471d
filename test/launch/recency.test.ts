// Issue 15, acceptance 5: a person first-touched by another campaign of the workspace (from
// another account) within the recency period is skipped at import and at launch with the date;
// 100 days ago is allowed; 0 turns the rule off.
import { afterEach, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { importIntoCampaign } from "../../src/campaigns/import.js";
import { parseProspectCsv } from "../../src/prospects/csv.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";

const DAY = 86_400_000;
let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/** Campaign c-old on a second account, whose first message to each person went out `daysAgo` days ago. */
async function touchedBefore(app: TestApp, people: Array<{ identifier: string; daysAgo: number }>) {
  const { campaign, accountId } = await draftCampaign(app.db.sql, {
    teamId: app.slack.teamId,
    unipileAccountId: "another-linkedin-account",
    name: "Earlier outreach",
    prospects: people.map(({ identifier }) => ({ identifier })),
  });
  await app.db.sql`update campaigns set status = 'completed' where id = ${campaign.id}`;
  const prospects = await app.db.sql<{ id: string; public_identifier: string }[]>`
    select id, public_identifier from campaign_prospects where campaign_id = ${campaign.id}`;
  for (const prospect of prospects) {
    const { daysAgo } = people.find((person) => person.identifier === prospect.public_identifier)!;
    const sentAt = new Date(app.clock.nowMs() - daysAgo * DAY);
    await app.db.sql`update campaign_prospects set status = 'replied' where id = ${prospect.id}`;
    await app.db.sql`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, status, scheduled_for, sent_at)
      values (${campaign.id}, ${prospect.id}, ${accountId}, 'direct_message_1', 0, 'sent', ${sentAt}, ${sentAt})`;
  }
  return campaign;
}

async function importCsv(app: TestApp, campaign: Campaign, identifiers: string[]) {
  const csv = ["first_name,last_name,linkedin_url", ...identifiers.map((id, i) => `P${i},L${i},https://www.linkedin.com/in/${id}/`)].join("\n");
  const parsed = await parseProspectCsv(Buffer.from(csv));
  if (!parsed.ok) throw new Error(parsed.error);
  return app.db.sql.begin((tx) => importIntoCampaign(tx, campaign, parsed, app.clock.now()));
}

describe("recency rule", () => {
  it("at import: 30 days ago by another campaign on another account → skipped with the date; 100 days → imported", async () => {
    t = await startTestApp();
    const app = t;
    const old = await touchedBefore(app, [
      { identifier: "recent-person", daysAgo: 30 },
      { identifier: "long-ago-person", daysAgo: 100 },
    ]);
    const { campaign } = await draftCampaign(app.db.sql, { teamId: app.slack.teamId, name: "New outreach", prospects: [] });
    const summary = await importCsv(app, campaign, ["recent-person", "long-ago-person", "fresh-person"]);
    const date = new Date(app.clock.nowMs() - 30 * DAY).toISOString().slice(0, 10);
    expect(summary.imported).toBe(2);
    expect(summary.skipped).toEqual([{ row: 2, reason: `contacted on ${date} by campaign c${old.handle} (less than 90 days ago)` }]);
    const names = await app.db.sql`select public_identifier from campaign_prospects where campaign_id = ${campaign.id} order by 1`;
    expect(names.map((row) => row.public_identifier)).toEqual(["fresh-person", "long-ago-person"]);
  });

  it("at import: a recency of 0 turns the rule off, and /sam settings sets it", async () => {
    t = await startTestApp();
    const app = t;
    await touchedBefore(app, [{ identifier: "recent-person", daysAgo: 30 }]);
    const { campaign } = await draftCampaign(app.db.sql, { teamId: app.slack.teamId, name: "New outreach", prospects: [] });
    const ack = await app.driver.command("settings recency 0");
    expect(JSON.stringify(ack)).toContain("Recency rule off");
    const summary = await importCsv(app, campaign, ["recent-person"]);
    expect(summary).toMatchObject({ imported: 1, skipped: [] });
    const refused = await app.driver.command("settings recency soon");
    expect(JSON.stringify(refused)).toContain("one whole number of days from 0 to 3650, not `soon`");
    await app.driver.command("settings recency 20");
    const [row] = await app.db.sql`select recency_days from workspaces where slack_team_id = ${app.slack.teamId}`;
    expect(row!.recency_days).toBe(20);
  });

  it("at launch: the person contacted 30 days ago is skipped with the date, nobody looked up or messaged", async () => {
    t = await startTestApp();
    const app = t;
    const old = await touchedBefore(app, [
      { identifier: "recent-1st-silent", daysAgo: 30 },
      { identifier: "long-1st-silent", daysAgo: 100 },
    ]);
    for (const identifier of ["recent-1st-silent", "long-1st-silent"]) {
      app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    }
    // Imported before the earlier campaign's message went out (as a file uploaded long ago would be).
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      name: "New outreach",
      window: { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null },
      templates: { follow_up_messages: [], follow_up_delays: [] },
      prospects: [{ identifier: "recent-1st-silent" }, { identifier: "long-1st-silent" }],
    });
    await app.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await app.db.sql`select 1 from campaigns where id = ${campaign.id} and status = 'active'`).length === 1);
    const rows = await app.db.sql<{ public_identifier: string; status: string; status_reason: string | null }[]>`
      select public_identifier, status, status_reason from campaign_prospects where campaign_id = ${campaign.id} order by 1`;
    const date = new Date(app.clock.nowMs() - 30 * DAY).toISOString().slice(0, 10);
    expect(rows).toEqual([
      { public_identifier: "long-1st-silent", status: "connected", status_reason: null },
      {
        public_identifier: "recent-1st-silent",
        status: "skipped",
        status_reason: `Contacted recently: contacted on ${date} by campaign c${old.handle} (less than 90 days ago)`,
      },
    ]);
    const queued = await app.db.sql`select 1 from send_queue where campaign_id = ${campaign.id}`;
    expect(queued).toHaveLength(1);
    const [result] = await app.db.sql<{ launch_result: { skippedByReason: Record<string, number> } }[]>`
      select launch_result from campaigns where id = ${campaign.id}`;
    expect(result!.launch_result.skippedByReason).toEqual({ "Contacted by another campaign in the last 90 days": 1 });
  });
});
