// plan: launching 10,000 prospects × 4 messages with the account's relations already synced:
// the real launch job (connection check against the relations, 40,000 queue rows, the account-wide
// plan stored row by row, the thread report), timed from start to commit. The re-plan of the
// account alone (as on resume, or when another campaign starts) is timed apart. The same launch
// at 100,000 prospects (the largest import the README allows) is reported under `at_100000`:
// past 65,535 prospects any statement with one parameter per prospect fails.
// A launch whose plan reaches more than a year ahead is refused (src/schedule/horizon.ts), so each
// account sends at a pace whose plan fits a year of weekdays: 40,000 messages at 250 a day, and
// 100,000 first messages at 500 a day (the highest cap; 4 messages each would need over 3 years).
import { launchCampaign } from "../../src/launch/launch-campaign.js";
import { loadAccount, replanAccount } from "../../src/planning/account-plan.js";
import { launchFixture } from "../launch-fixture.js";
import { benchLog, createDatabase, sandboxContext } from "../support.js";

const PROSPECTS = 10_000;
const LARGE_PROSPECTS = 100_000;
const MESSAGES = 4;
/** At 500 a day, a year of weekdays holds about 125,000 messages: one per prospect. */
const LARGE_MESSAGES = 1;
const TARGET_MS = 3_000;
/** Ten times the prospects, ten times the time: the launch must stay linear. */
const LARGE_TARGET_MS = 30_000;
type Pace = { dailyMessageCap: number; minGapMinutes: number; followUpMinGapMinutes: number };
const PACE: Pace = { dailyMessageCap: 250, minGapMinutes: 1, followUpMinGapMinutes: 0 };
const FASTEST_PACE: Pace = { dailyMessageCap: 500, minGapMinutes: 0, followUpMinGapMinutes: 0 };

interface LaunchFigures {
  queue_rows: number;
  launch_ms: number;
  replan_ms: number;
  replanned_rows: number;
  profile_lookups: number | undefined;
  plan_spans_days: number;
}

async function timeLaunch(prospects: number, messages: number, pace: Pace): Promise<LaunchFigures> {
  const log = benchLog("plan");
  const db = await createDatabase(log);
  const { ctx, sandbox, close } = await sandboxContext(db, log);
  try {
    const identifiers = Array.from({ length: prospects }, (_, i) => `bench-prospect-${i}`);
    const { campaignId, accountId } = await launchFixture(db.sql, {
      identifiers,
      followUps: messages - 1,
      relationsSynced: identifiers,
      now: ctx.clock.now(),
      pace,
    });
    const started = performance.now();
    await launchCampaign({ campaignId, requestedBy: "U0BENCH" }, ctx);
    const launchMs = performance.now() - started;
    const [row] = await db.sql<{ status: string; queued: number; last: Date; first: Date }[]>`
      select c.status, (select count(*)::int from send_queue where campaign_id = c.id) as queued,
             (select max(scheduled_for) from send_queue where campaign_id = c.id) as last,
             (select min(scheduled_for) from send_queue where campaign_id = c.id) as first
      from campaigns c where c.id = ${campaignId}`;
    if (row?.status !== "active" || row.queued !== prospects * messages) {
      throw new Error(`launch of ${prospects} prospects left the campaign ${row?.status} with ${row?.queued} rows`);
    }
    const account = (await loadAccount(db.sql, accountId))!;
    const replanStarted = performance.now();
    const planned = await replanAccount(db.sql, account, ctx.clock.now());
    const replanMs = performance.now() - replanStarted;
    return {
      queue_rows: row.queued,
      launch_ms: Math.round(launchMs),
      replan_ms: Math.round(replanMs),
      replanned_rows: planned.length,
      profile_lookups: sandbox.stats.calls["GET /api/v1/users/:id"],
      plan_spans_days: Math.round((row.last.getTime() - row.first.getTime()) / 86_400_000),
    };
  } finally {
    await close();
    await db.drop();
  }
}

export async function plan(): Promise<Record<string, unknown>> {
  const figures = await timeLaunch(PROSPECTS, MESSAGES, PACE);
  const large = await timeLaunch(LARGE_PROSPECTS, LARGE_MESSAGES, FASTEST_PACE);
  const largeMet = large.launch_ms <= LARGE_TARGET_MS;
  return {
    prospects: PROSPECTS,
    messages_per_prospect: MESSAGES,
    ...figures,
    at_100000: {
      prospects: LARGE_PROSPECTS,
      messages_per_prospect: LARGE_MESSAGES,
      ...large,
      pace: "500 messages a day, no minimum gap",
      target: { launch_ms: `<= ${LARGE_TARGET_MS}` },
      met: largeMet,
    },
    pace: "250 messages a day, first messages 1 minute apart",
    path: "launch-campaign job with relations fresh (no relation sync), then replanAccount alone",
    target: { launch_ms: `<= ${TARGET_MS}` },
    met: figures.launch_ms <= TARGET_MS && largeMet,
  };
}
