// plan: launching 100,000 prospects × 4 messages with the accounts' relations already synced: the
// real launch job (connection check against the relations, 400,000 queue rows, each account's
// plan stored row by row, the thread report), timed from start to commit. Its limit, measured in
// the same run on the same database: a bare INSERT … SELECT of the same 400,000 queue rows into
// send_queue (its indexes and foreign keys included: storing the rows costs that). The re-plan of one account alone (as on
// resume, or when another campaign starts) is timed apart. The 10,000-prospect launch on one
// account is reported under `at_10000`, against its own bare insert.
// A launch whose first messages cannot all go within a year is refused (src/schedule/horizon.ts):
// one account at the highest cap (500 a day) holds about 125,000 messages a year, so the 100,000
// prospects go to a sender pool of 8 accounts (12,500 prospects, 50,000 messages, 100 weekdays
// each), every account connected to its share; 40,000 messages fit one account at 250 a day.
import type { Sql } from "postgres";
import { launchCampaign } from "../../src/launch/launch-campaign.js";
import { loadAccount, replanAccount } from "../../src/planning/account-plan.js";
import { launchFixture } from "../launch-fixture.js";
import { againstLimit, benchLog, createDatabase, sandboxContext } from "../support.js";

const PROSPECTS = 100_000;
const POOL_SIZE = 8;
const SMALL_PROSPECTS = 10_000;
const MESSAGES = 4;
/** The launch may take at most this many times the bare insert of its queue rows. */
const TARGET_RATIO = 3;
type Pace = { dailyMessageCap: number; minGapMinutes: number; followUpMinGapMinutes: number };
const PACE: Pace = { dailyMessageCap: 250, minGapMinutes: 1, followUpMinGapMinutes: 0 };
const FASTEST_PACE: Pace = { dailyMessageCap: 500, minGapMinutes: 0, followUpMinGapMinutes: 0 };

/**
 * The limit: the campaign's queue rows written again by one INSERT … SELECT into send_queue itself
 * (its indexes, unique key and foreign keys checked as for the launch): the launch's rows are
 * moved aside first, untimed, and the table vacuumed, so the insert finds it as the launch did.
 */
async function timeBareInsert(sql: Sql, campaignId: string): Promise<number> {
  await sql`create table bench_plan_rows as select * from send_queue where campaign_id = ${campaignId}`;
  await sql`delete from send_queue where campaign_id = ${campaignId}`;
  await sql`vacuum analyze send_queue`;
  const started = performance.now();
  const inserted = await sql`insert into send_queue select * from bench_plan_rows`;
  const insertMs = performance.now() - started;
  await sql`drop table bench_plan_rows`;
  if (inserted.count === 0) throw new Error("the bare insert wrote no rows");
  return insertMs;
}

async function timeLaunch(prospects: number, pace: Pace, poolSize: number) {
  const log = benchLog("plan");
  const db = await createDatabase(log);
  const { ctx, sandbox, close } = await sandboxContext(db, log);
  try {
    for (let index = 2; index <= poolSize; index++) {
      sandbox.world.addAccount({ id: `sandbox-linkedin-${index}`, name: `Pool account ${index}` });
    }
    const identifiers = Array.from({ length: prospects }, (_, i) => `bench-prospect-${i}`);
    const { campaignId, accountId } = await launchFixture(db.sql, {
      identifiers,
      followUps: MESSAGES - 1,
      relationsSynced: identifiers,
      now: ctx.clock.now(),
      pace,
      poolSize,
    });
    await db.sql`vacuum analyze`;
    const started = performance.now();
    await launchCampaign({ campaignId, requestedBy: "U0BENCH" }, ctx);
    const launchMs = performance.now() - started;
    const [row] = await db.sql<{ status: string; queued: number; last: Date; first: Date; accounts: number }[]>`
      select c.status, (select count(*)::int from send_queue where campaign_id = c.id) as queued,
             (select max(scheduled_for) from send_queue where campaign_id = c.id) as last,
             (select min(scheduled_for) from send_queue where campaign_id = c.id) as first,
             (select count(distinct account_id)::int from send_queue where campaign_id = c.id) as accounts
      from campaigns c where c.id = ${campaignId}`;
    if (row?.status !== "active" || row.queued !== prospects * MESSAGES || row.accounts !== poolSize) {
      throw new Error(`launch of ${prospects} prospects left the campaign ${row?.status} with ${row?.queued} rows on ${row?.accounts} accounts`);
    }
    const insertMs = await timeBareInsert(db.sql, campaignId);
    const account = (await loadAccount(db.sql, accountId))!;
    const replanStarted = performance.now();
    const planned = await replanAccount(db.sql, account, ctx.clock.now());
    const replanMs = performance.now() - replanStarted;
    const launch = againstLimit(Math.round(launchMs), Math.round(insertMs), { atMost: TARGET_RATIO });
    return {
      prospects,
      messages_per_prospect: MESSAGES,
      accounts: poolSize,
      queue_rows: row.queued,
      launch_ms: Math.round(launchMs),
      bare_insert_ms: Math.round(insertMs),
      launch_vs_bare_insert: launch,
      replan_one_account_ms: Math.round(replanMs),
      replanned_rows: planned.length,
      profile_lookups: sandbox.stats.calls["GET /api/v1/users/:id"] ?? 0,
      plan_spans_days: Math.round((row.last.getTime() - row.first.getTime()) / 86_400_000),
      met: launch.met,
    };
  } finally {
    await close();
    await db.drop();
  }
}

export async function plan(): Promise<Record<string, unknown>> {
  const large = await timeLaunch(PROSPECTS, FASTEST_PACE, POOL_SIZE);
  const small = await timeLaunch(SMALL_PROSPECTS, PACE, 1);
  return {
    ...large,
    pace: `${POOL_SIZE} accounts in the campaign's sender pool, each 500 messages a day, no minimum gap`,
    at_10000: { ...small, pace: "one account, 250 messages a day, first messages 1 minute apart" },
    path: "launch-campaign job with relations fresh (no relation sync), then replanAccount of one account alone",
    limit: "INSERT … SELECT of the campaign's queue rows into send_queue (its indexes, unique key and 3 foreign keys), same database, same run",
    target: large.launch_vs_bare_insert.target,
    met: large.met,
  };
}
