// A campaign of 100,000 prospects (the README's largest import) imported from a CSV dropped in
// its thread and launched with `/sam launch`, through the real import and launch jobs. Past
// 65,535 prospects, any statement that passes one parameter per prospect fails with
// MAX_PARAMETERS_EXCEEDED. The account's relations are synced already (as after a recent launch),
// so the connection check needs no profile look-up, and the account sends at the highest pace
// the database allows (500 a day, no gap): a plan may reach at most a year ahead, and a year of
// weekdays holds 100,000 first messages at that pace, not 200,000 (test/launch/launch-horizon.test.ts).
import { fileShareEvent } from "../support/file-share.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import type { LaunchSummary } from "../../src/launch/launch-result.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { makeCampaign, threadOf } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";

const PROSPECTS = 100_000;
/** A large import and launch on a shared two-core machine: minutes, not the usual seconds. */
const SLOW_MS = 240_000;

let t: TestApp;
beforeAll(async () => {
  // Saturday: the campaign's window is closed, so nothing is sent while the test looks.
  t = await startTestApp({ clock: new Clock(new Date("2026-11-28T15:00:00Z"), 0) });
});
afterAll(() => t?.stop());

const identifier = (i: number) => `bulk-prospect-${i}`;

function prospectCsv(): Buffer {
  const lines = ["first_name,last_name,linkedin_url"];
  for (let i = 0; i < PROSPECTS; i++) lines.push(`First${i},Last${i},https://www.linkedin.com/in/${identifier(i)}/`);
  return Buffer.from(`${lines.join("\n")}\n`, "utf8");
}

async function linkedAccountWithRelations(teamId: string): Promise<string> {
  const workspaceId = await ensureWorkspace(t.db.sql, teamId);
  const now = t.clock.now();
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, relations_synced_at,
                                    daily_message_cap, min_gap_minutes, follow_up_min_gap_minutes)
    values (${workspaceId}, 'sandbox-linkedin-1', 'Demo LinkedIn account', 'America/New_York', ${now}, 500, 0, 0)
    returning id`;
  const ids = Array.from({ length: PROSPECTS }, (_, i) => identifier(i));
  await t.db.sql`
    insert into account_relations (account_id, public_identifier, provider_id, synced_at)
    select ${account!.id}, u.id, 'ACoAA' || md5(u.id), ${now} from unnest(${t.db.sql.array(ids)}::text[]) as u(id)`;
  return account!.id;
}

/** The launch job's result; a failed attempt fails the test with the job's error at once. */
async function launchResult(campaignId: string): Promise<LaunchSummary> {
  // `eventually` retries a check that throws, so a failure is returned and thrown after it.
  const outcome = await eventually(async () => {
    const [failed] = await t.db.sql<{ last_error: string }[]>`
      select last_error from graphile_worker.jobs where task_identifier = 'launch-campaign' and last_error is not null`;
    if (failed) return { error: failed.last_error.split("\n")[0] };
    const [row] = await t.db.sql<{ launch_result: LaunchSummary | null }[]>`select launch_result from campaigns where id = ${campaignId}`;
    return row?.launch_result ? { result: row.launch_result } : null;
  }, SLOW_MS);
  if (!outcome.result) throw new Error(`the launch job failed: ${outcome.error}`);
  return outcome.result;
}

it(
  "imports a 100,000-row CSV and launches all 100,000 prospects: 100,000 messages queued and planned within a year, counts stored",
  async () => {
    const accountId = await linkedAccountWithRelations(t.slack.teamId);
    const campaign = await makeCampaign(t, {
      teamId: t.slack.teamId,
      name: "Hundred thousand",
      accountId,
      templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
    });

    const file = t.slack.addFile({ name: "prospects-100k.csv", content: prospectCsv() });
    const drop = await t.driver.event(
      fileShareEvent({ threadTs: campaign.slack_thread_ts, file: { id: file.id, name: "prospects-100k.csv" }, ts: "1764340000.000001" }),
      { teamId: t.slack.teamId },
    );
    expect(drop.status).toBe(200);
    const report = await eventually(() => threadOf(t, campaign).find((message) => message.text?.includes("Imported")), SLOW_MS);
    expect(report.text).toContain(`*Imported 100000 prospect(s)* from prospects-100k.csv (100000 data rows).`);

    const ack = await t.driver.command(`launch c${campaign.handle}`);
    expect((ack.json as { text: string }).text).toMatch(/Launching/);
    const result = await launchResult(campaign.id);
    // Every read of the campaign row (the claim, reconcile, each command) reads launch_result back:
    // it holds counts, not one entry per prospect (12.7 MB at this size before).
    const [stored] = await t.db.sql<{ bytes: number }[]>`select octet_length(launch_result::text)::int as bytes from campaigns where id = ${campaign.id}`;
    expect(stored!.bytes).toBeLessThan(64 * 1024);
    expect(result).toEqual({
      success: true,
      queued: PROSPECTS,
      skipped: 0,
      errors: 0,
      waiting: 0,
      totalMessages: PROSPECTS,
      message: "Queued 100000 messages for 100000 prospects",
      skippedByReason: {},
    });

    const [state] = await t.db.sql<{ status: string; prospects: number; connected: number; rows: number; unplanned: number; first: number; late: number }[]>`
      select c.status,
             (select count(*)::int from campaign_prospects where campaign_id = c.id) as prospects,
             (select count(*)::int from campaign_prospects where campaign_id = c.id and status = 'connected') as connected,
             (select count(*)::int from send_queue where campaign_id = c.id) as rows,
             (select count(*)::int from send_queue where campaign_id = c.id and scheduled_for <= ${t.clock.now()}) as unplanned,
             (select count(*)::int from send_queue where campaign_id = c.id and step = 0) as first,
             (select count(*)::int from send_queue where campaign_id = c.id and scheduled_for > ${new Date(t.clock.nowMs() + 365 * 86_400_000)}) as late
      from campaigns c where c.id = ${campaign.id}`;
    // A row the planner left out would carry the launch time; the window is closed until Monday.
    expect(state).toEqual({ status: "active", prospects: PROSPECTS, connected: PROSPECTS, rows: PROSPECTS, unplanned: 0, first: PROSPECTS, late: 0 });
    // Every connection came from the synced relations: no profile was looked up.
    expect(t.sandbox.stats.calls["GET /api/v1/users/:id"] ?? 0).toBe(0);
    await eventually(() => threadOf(t, campaign).some((message) => message.text?.includes("Queued 100000 messages for 100000 prospects")), SLOW_MS);
  },
  2 * SLOW_MS,
);
