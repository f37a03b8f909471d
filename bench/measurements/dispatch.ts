// dispatch: sends through the real engine (dispatch jobs on graphile-worker, claim, send, outcome,
// Slack root refreshes through the outbox to the fake Slack) against the sandbox at zero latency,
// 500 LinkedIn accounts with their caps lifted and jitter off, on a clock running at real speed.
//   1. throughput: 4 first messages per account (2,000 sends) all due at one instant;
//      sends/s from that instant to the last call the sandbox receives.
//   2. latency: 2 more per account (1,000 sends) due at instants spread over 20 s (50 a second,
//      a quarter of the throughput target); due-to-call latency from each row's due time to the
//      sandbox receiving its call, in real time (the clock runs at speed 1 from real now). It starts
//      once the first phase's Slack notices are delivered and the worker is idle.
//   0. the limit, in the same run: graphile-worker's rate for 2,000 no-op jobs due at one instant,
//      with the same concurrency and poll interval, on the same database; and the SQL statements
//      one send costs, counted exactly on a fresh database (test/support/dispatch-statements.ts).
//      The burst also reports every statement the app process sent per send (BENCH_STATEMENTS=1
//      prints the most frequent) and how Unipile's echoes of the sends were stored. With
//      BENCH_PGSS=1 it also reports the database's time executing and planning them per send
//      (pg_stat_statements), and prints the costliest statements.
// dispatch_contended runs the latency phase alone while another process keeps one core busy.
// App settings are the production defaults (worker concurrency 8, poll interval 500 ms), except
// Slack pacing, which is off so that the fake Slack's channel does not pace the outbox (the 500
// campaigns share one channel). `BENCH_SLACK_PACING_MS=1000 npm run bench -- dispatch` measures
// with the production pacing instead.
import { spawn } from "node:child_process";
import { Socket } from "node:net";
import { cpus, loadavg } from "node:os";
import { run } from "graphile-worker";
import pg from "pg";
import type { Sql } from "postgres";
import { countDispatchStatements } from "../../test/support/dispatch-statements.js";
import { createCampaign } from "../../src/campaigns/campaigns.js";
import { armAccount } from "../../src/delivery/arm.js";
import { announceCampaign } from "../../src/slack/notices.js";
import { providerIdFor } from "../../src/unipile/sandbox/index.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { startDemoWorld, type DemoWorld } from "../../scripts/demo/world.js";
import { benchLog, percentile, round, sharedServer } from "../support.js";
import { workerLogger } from "../../src/db/migrate.js";
import type { Logger } from "../../src/log.js";

const ACCOUNTS = 500;
const BURST_PER_ACCOUNT = 4;
const SPREAD_PER_ACCOUNT = 2;
const SPREAD_MS = 20_000;
const TARGET_SENDS_PER_S = 200;
const TARGET_LATENCY_MS = 1_000;
const TARGET_RATIO_TO_NOOP = 0.5;
const TARGET_CONTENDED_P99_MS = 2_000;
const NOOP_JOBS = 2_000;
const CONCURRENCY = 8;
const POLL_INTERVAL_MS = 500;
const SLACK_PACING_MS = process.env.BENCH_SLACK_PACING_MS ?? "0";

interface Prospect {
  id: string;
  providerId: string;
  accountId: string;
  campaignId: string;
}

async function setUp(world: DemoWorld, sql: Sql) {
  const workspaceId = await ensureWorkspace(sql, world.slack.teamId);
  // Weekly reports off: on a Monday (the clock starts at real now) every campaign's report, four
  // charts rendered each, would be made during the measurement and take a core from the engine.
  await sql`update workspaces set weekly_reports = false where id = ${workspaceId}`;
  const accounts = await sql<{ id: string; unipile_account_id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, daily_message_cap, daily_invitation_cap,
                                    weekly_invitation_cap, min_gap_minutes, follow_up_min_gap_minutes, jitter_fraction)
    select ${workspaceId}, 'bench-acct-' || n, 'Bench account ' || n, 'UTC', 500, 200, 500, 0, 0, 0
    from generate_series(0, ${ACCOUNTS - 1}) as n
    returning id, unipile_account_id`;
  const prospects = new Map<string, Prospect[]>();
  await sql.begin(async (tx) => {
    for (const [i, account] of accounts.entries()) {
      const campaign = await createCampaign(tx, {
        workspaceId,
        name: `Bench dispatch ${i}`,
        campaignType: "messenger",
        accountId: account.id,
        templates: {
          connection_request: "Hi {first_name}, a quick hello",
          follow_up_messages: [],
          follow_up_delays: [],
        },
        timeZone: "UTC",
        windowStart: "00:00",
        windowEnd: "24:00",
        sendingDays: [1, 2, 3, 4, 5, 6, 7],
        holidayCountry: null,
        createdBy: "U0BENCH",
      });
      await tx`update campaigns set status = 'active', launched_at = ${world.clock.now()} where id = ${campaign.id}`;
      await announceCampaign(tx, world.app.ctx, campaign);
      const people = Array.from(
        { length: BURST_PER_ACCOUNT + SPREAD_PER_ACCOUNT + 1 },
        (_, k) => `bench-${i}-${k}`,
      );
      const rows = await tx<{ id: string; public_identifier: string }[]>`
        insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, provider_id,
                                        connection_degree, status)
        select ${campaign.id}, ${workspaceId}, 'P' || u.id, 'Bench', 'https://www.linkedin.com/in/' || u.id || '/', u.id, u.provider,
               'FIRST_DEGREE', 'connected'
        from unnest(${tx.array(people)}::text[], ${tx.array(people.map((id) => providerIdFor(id)))}::text[]) as u(id, provider)
        returning id, public_identifier`;
      for (const person of people)
        world.sandbox.world.connect(account.unipile_account_id, person, new Date("2026-01-01T00:00:00Z"));
      prospects.set(
        account.id,
        rows.map((row) => ({
          id: row.id,
          providerId: providerIdFor(row.public_identifier),
          accountId: account.id,
          campaignId: campaign.id,
        })),
      );
    }
  });
  return prospects;
}

async function queue(sql: Sql, rows: Array<{ prospect: Prospect; at: Date }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await sql`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, delay_days)
      select u.campaign, u.prospect, u.account, 'direct_message_1', 0, u.at, 'pending', 0
      from unnest(${sql.array(part.map((row) => row.prospect.campaignId))}::uuid[], ${sql.array(part.map((row) => row.prospect.id))}::uuid[],
                  ${sql.array(part.map((row) => row.prospect.accountId))}::uuid[],
                  ${sql.array(part.map((row) => row.at.toISOString()))}::timestamptz[]) as u(campaign, prospect, account, at)`;
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/**
 * The engine's own queue as a limit: graphile-worker running 2,000 no-op jobs due at one instant,
 * with the app's concurrency and poll interval, on the same database (while the app's worker
 * runs beside it, idle). Jobs per second from their due time to the last one's completion.
 */
async function noopJobRate(url: string, log: Logger): Promise<{ jobs: number; seconds: number; jobs_per_s: number }> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY + 2 });
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  let done = 0;
  let last = 0;
  const runner = await run({
    pgPool: pool,
    concurrency: CONCURRENCY,
    pollInterval: POLL_INTERVAL_MS,
    noHandleSignals: true,
    taskList: { "bench-noop": async () => {} },
    logger: workerLogger(log),
  });
  runner.events.on("job:success", () => {
    done++;
    last = Date.now();
  });
  try {
    const dueAt = Date.now() + 2_000;
    await pool.query(
      "select graphile_worker.add_job('bench-noop', '{}'::json, run_at := $1) from generate_series(1, $2)",
      [new Date(dueAt), NOOP_JOBS],
    );
    await until(() => done >= NOOP_JOBS, 60_000);
    const seconds = (last - dueAt) / 1000;
    return { jobs: done, seconds: round(seconds, 2), jobs_per_s: round(done / seconds) };
  } finally {
    await runner.stop();
    await pool.end();
  }
}

/**
 * Counts the statements the app process sends from now until `stop`: every statement on the wire
 * to PostgreSQL (each Execute or simple Query message the process writes to the server's port),
 * and node-postgres's (graphile-worker's jobs and the send lock's connections) through its
 * client's query method; postgres.js's are the difference. The bench's own queries in that span
 * are none. Not through postgres.js's debug hook: with it set, every query of a transaction
 * captures a stack trace (postgres.js's Query keeps one for its errors when debugging): in a CPU
 * profile of this burst, 537 ms of the main thread's 14 s (125 ms of 16 s counted on the wire). BENCH_STATEMENTS=1 uses the hook anyway,
 * to print the most frequent statements, and so measures a slower engine.
 */
function countStatements(sql: Sql): { stop: () => { postgresJs: number; pg: number } } {
  const counts = { wire: 0, pg: 0 };
  const port = Number(sql.options.port[0] ?? 5432);
  const socketWrite = Socket.prototype.write;
  Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
    if (this.remotePort === port && Buffer.isBuffer(chunk)) counts.wire += statementMessages(chunk);
    return (socketWrite as (...args: unknown[]) => boolean).apply(this, [chunk, ...rest]);
  } as typeof socketWrite;
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    counts.pg++;
    return query.apply(this, args);
  };
  const byText = new Map<string, number>();
  const options = sql.options as unknown as { debug: unknown };
  const previousDebug = options.debug;
  if (process.env.BENCH_STATEMENTS) {
    options.debug = (_id: number, text: string) => {
      const key = text.replace(/\s+/g, " ").trim().slice(0, 90);
      byText.set(key, (byText.get(key) ?? 0) + 1);
    };
  }
  return {
    stop: () => {
      Socket.prototype.write = socketWrite;
      client.query = query;
      options.debug = previousDebug;
      for (const [text, n] of [...byText].sort((a, b) => b[1] - a[1]).slice(0, 30)) process.stderr.write(`${n}\t${text}\n`);
      return { postgresJs: counts.wire - counts.pg, pg: counts.pg };
    },
  };
}

/**
 * The statements in a chunk of PostgreSQL's frontend protocol: its Execute ('E') and simple Query
 * ('Q') messages, each a type byte and a 32-bit length that counts itself. A chunk that is not a
 * run of whole messages (a connection's startup message has no type byte) counts none.
 */
function statementMessages(chunk: Buffer): number {
  let statements = 0;
  let at = 0;
  while (at < chunk.length) {
    if (at + 5 > chunk.length) return 0;
    const type = chunk[at]!;
    const length = chunk.readInt32BE(at + 1);
    if (length < 4 || type < 0x41 || type > 0x7a) return 0;
    if (type === 0x45 || type === 0x51) statements++;
    at += 1 + length;
  }
  return at === chunk.length ? statements : 0;
}

/** A process that keeps one core busy until it is killed. */
function busyCore() {
  const child = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  return () => child.kill("SIGKILL");
}

export const dispatch = () => measureDispatch({ contended: false });
export const dispatchContended = () => measureDispatch({ contended: true });

/** BENCH_PGSS=1 (the runner then loads pg_stat_statements): from here, what statements cost the server. */
async function resetStatementCosts(sql: Sql): Promise<void> {
  await sql`create extension if not exists pg_stat_statements`;
  await sql`select pg_stat_statements_reset()`;
}

/**
 * The server's time executing and planning statements (every connection's, graphile-worker's too)
 * per send since resetStatementCosts; the costliest statements go to stderr.
 */
async function statementCosts(sql: Sql, sends: number): Promise<{ executing: number; planning: number }> {
  const rows = await sql<{ calls: number; plans: number; executing: number; planning: number; query: string }[]>`
    select calls::int, plans::int, total_exec_time as executing, total_plan_time as planning, query
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
    order by total_exec_time + total_plan_time desc`;
  for (const row of rows.slice(0, 12)) {
    process.stderr.write(
      `dispatch: ${row.calls} calls, ${round(row.executing)} ms executing, ${row.plans} plans in ${round(row.planning)} ms: ${row.query.replace(/\s+/g, " ").slice(0, 200)}\n`,
    );
  }
  const total = (key: "executing" | "planning") => round(rows.reduce((sum, row) => sum + row[key], 0) / sends, 2);
  return { executing: total("executing"), planning: total("planning") };
}

async function measureDispatch({ contended }: { contended: boolean }): Promise<Record<string, unknown>> {
  const log = benchLog(contended ? "dispatch_contended" : "dispatch");
  const database = contended ? "bench_dispatch_contended" : "bench_dispatch";
  const world = await startDemoWorld({
    scenario: {
      accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({
        id: `bench-acct-${i}`,
        name: `Bench account ${i}`,
      })),
    },
    start: new Date(),
    clockSpeed: 1,
    log,
    pg: sharedServer(log),
    database,
    worker: { pollIntervalMs: POLL_INTERVAL_MS, concurrency: CONCURRENCY },
    env: { SLACK_PACING_MS },
    // This measures dispatch to Unipile. Without pacing, the 500 root messages in one channel
    // would wait out Slack's 1 message a second there (8 minutes); with pacing, the app keeps to it.
    slackRateLimits: SLACK_PACING_MS !== "0",
  });
  const sql = world.app.ctx.sql;
  try {
    const started = Date.now();
    const stage = (name: string) => process.stderr.write(`dispatch: ${name} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const prospects = await setUp(world, sql);
    stage("set up");
    const accountIds = [...prospects.keys()];
    // A row far in the future keeps each campaign active between the two phases.
    const farAway = new Date(world.clock.nowMs() + 365 * 86_400_000);
    await queue(
      sql,
      accountIds.map((id) => ({ prospect: prospects.get(id)!.at(-1)!, at: farAway })),
    );
    // Let the 500 root messages reach the fake Slack first (at one a second with pacing on, they
    // cannot: then they are still being delivered while the phases run, as they would be).
    if (SLACK_PACING_MS === "0") {
      await until(
        async () => (await sql`select 1 from slack_outbox where status = 'pending' limit 1`).length === 0,
        60_000,
      );
    }
    const deliveries = world.sandbox.stats.deliveries;
    const idle = () =>
      until(async () => {
        const [row] = await sql<{ busy: number }[]>`
          select (select count(*)::int from send_queue where status = 'sending')
               + (select count(*)::int from slack_outbox where status = 'pending')
               + (select count(*)::int from graphile_worker._private_jobs where locked_at is not null or run_at <= now()) as busy`;
        return row!.busy === 0;
      }, 30_000);

    // 0. The limits, in this run: the no-op job rate on this database, and statements per send.
    let limit: Awaited<ReturnType<typeof noopJobRate>> | null = null;
    let statements: Awaited<ReturnType<typeof countDispatchStatements>> | null = null;
    let throughput: Record<string, unknown> | null = null;
    let sendsPerS = Number.NaN;
    let burstDone = true;
    if (!contended) {
      await idle();
      stage("idle");
      limit = await noopJobRate(world.app.ctx.databaseUrl, log);
      stage(`no-op jobs (${limit.jobs_per_s} jobs/s)`);
      const countedUrl = await sharedServer(log).createDatabase("bench_dispatch_statements");
      statements = await countDispatchStatements(countedUrl, 40);
      stage(`statements (${round(statements.perSend, 2)} a send)`);

      // 1. Throughput.
      // Due 5 s from now: every account is armed by then, so the burst starts at once.
      const burstAt = new Date(world.clock.nowMs() + 5_000);
      await queue(
        sql,
        accountIds.flatMap((id) =>
          prospects
            .get(id)!
            .slice(0, BURST_PER_ACCOUNT)
            .map((prospect) => ({ prospect, at: burstAt })),
        ),
      );
      for (const id of accountIds) await armAccount(sql, world.clock, id);
      if (process.env.BENCH_PGSS) await resetStatementCosts(sql);
      const counted = countStatements(sql);
      const burstTotal = ACCOUNTS * BURST_PER_ACCOUNT;
      burstDone = await until(() => deliveries.length >= burstTotal, 90_000);
      const appStatements = counted.stop();
      const databaseTime = process.env.BENCH_PGSS ? await statementCosts(sql, burstTotal) : undefined;
      const burstLast = Math.max(...deliveries.map((delivery) => delivery.at.getTime()));
      const burstSeconds = (burstLast - burstAt.getTime()) / 1000;
      const burstLatencies = deliveries.map((delivery) => delivery.at.getTime() - burstAt.getTime());
      sendsPerS = burstTotal / burstSeconds;
      stage(`burst (${round(sendsPerS)} sends/s)`);
      throughput = {
        sends: burstTotal,
        completed: burstDone,
        seconds: round(burstSeconds, 2),
        sends_per_s: round(sendsPerS),
        due_to_call_p50_ms: Math.round(percentile(burstLatencies, 50)),
        due_to_call_p99_ms: Math.round(percentile(burstLatencies, 99)),
        // Every statement the app process sent while the burst ran (from the accounts armed to
        // the last send), per send: the engine's, the webhook intake's, Slack's, the jobs' own.
        app_statements_per_send: {
          postgres_js: round(appStatements.postgresJs / burstTotal, 2),
          graphile_worker_and_send_lock: round(appStatements.pg / burstTotal, 2),
          total: round((appStatements.postgresJs + appStatements.pg) / burstTotal, 2),
        },
        ...(databaseTime ? { database_ms_per_send: databaseTime } : {}),
      };
      // Before the second phase, let the first one's Slack notices drain and the worker go idle.
      await idle();
      // Unipile's echo of each send: stored already processed by the intake (it knew the send), or
      // come before the send's outcome was recorded, so stored waiting for the send and settled by
      // its outcome (or, when the two crossed, given a job).
      const [echoes] = await sql<{ at_intake: number; early: number }[]>`
        select count(*) filter (where processed_at = received_at)::int as at_intake,
               count(*) filter (where processed_at is distinct from received_at)::int as early
        from webhook_events where source = 'messaging'`;
      throughput.echoes = echoes;
    }

    // 2. Latency, below capacity. The first row is due 5 s from now, once every account is armed.
    // Contended: another process keeps one core busy from before the rows are queued to the end.
    stage("latency phase starts");
    const stopBusy = contended ? busyCore() : () => {};
    const loadAtStart = loadavg()[0]!;
    let spreadDone = false;
    let latencies: number[] = [];
    let spreadCount = 0;
    try {
      const spreadFrom = world.clock.nowMs() + 5_000;
      const spreadRows = accountIds.flatMap((id) =>
        prospects
          .get(id)!
          .slice(BURST_PER_ACCOUNT, BURST_PER_ACCOUNT + SPREAD_PER_ACCOUNT)
          .map((prospect) => ({ prospect, at: new Date(spreadFrom + Math.random() * SPREAD_MS) })),
      );
      spreadCount = spreadRows.length;
      const dueByProvider = new Map(spreadRows.map((row) => [row.prospect.providerId, row.at.getTime()]));
      const before = deliveries.length;
      await queue(sql, spreadRows);
      for (const id of accountIds) await armAccount(sql, world.clock, id);
      spreadDone = await until(() => deliveries.length - before >= spreadRows.length, SPREAD_MS + 60_000);
      latencies = deliveries
        .slice(before)
        .map((delivery) => delivery.at.getTime() - (dueByProvider.get(delivery.recipientProviderId) ?? Number.NaN))
        .filter((value) => Number.isFinite(value));
    } finally {
      stopBusy();
    }
    await until(
      async () => (await sql`select 1 from send_queue where status = 'sending' limit 1`).length === 0,
      10_000,
    );
    const sent = await sql<{ n: number }[]>`select count(*)::int as n from send_queue where status = 'sent'`;

    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const latency = {
      sends: spreadCount,
      completed: spreadDone,
      due_over_s: SPREAD_MS / 1000,
      p50_ms: Math.round(p50),
      p90_ms: Math.round(percentile(latencies, 90)),
      p99_ms: Math.round(p99),
      max_ms: Math.round(Math.max(...latencies)),
    };
    const settings = `caps lifted (500 messages/day, no gaps), jitter off, worker concurrency ${CONCURRENCY}, poll interval ${POLL_INTERVAL_MS} ms, Slack pacing ${SLACK_PACING_MS} ms (fake Slack rate limits ${SLACK_PACING_MS === "0" ? "off" : "on"}), sandbox latency 0`;
    if (contended) {
      const met = spreadDone && p99 <= TARGET_CONTENDED_P99_MS;
      return {
        accounts: ACCOUNTS,
        latency,
        busy_core: `one child process in a busy loop for the whole phase (${cpus().length} cores; 1-minute load ${round(loadAtStart, 2)} at its start)`,
        // The figure next to its limit: p99 against the target itself (there is no faster engine to compare with).
        p99_ms: { value: latency.p99_ms, limit: TARGET_CONTENDED_P99_MS, ratio: round(p99 / TARGET_CONTENDED_P99_MS, 2), target: `<= ${TARGET_CONTENDED_P99_MS} ms`, met },
        rows_sent: sent[0]!.n,
        settings,
        target: { "latency.p99_ms": `<= ${TARGET_CONTENDED_P99_MS}` },
        met,
      };
    }
    const ratio = sendsPerS / limit!.jobs_per_s;
    const ratioMet = burstDone && ratio >= TARGET_RATIO_TO_NOOP;
    return {
      accounts: ACCOUNTS,
      throughput,
      // The engine cannot beat its own queue: sends/s against graphile-worker's no-op job rate.
      sends_per_s: {
        value: round(sendsPerS),
        limit: limit!.jobs_per_s,
        ratio: round(ratio, 3),
        target: `>= ${TARGET_RATIO_TO_NOOP} x the no-op job rate, and >= ${TARGET_SENDS_PER_S} sends/s on a quiet machine`,
        met: ratioMet,
      },
      noop_jobs: limit,
      statements_per_send: {
        total: round(statements!.perSend, 2),
        engine: round(statements!.engineStatements / statements!.sends, 2),
        transactions: round(statements!.transactions / statements!.sends, 2),
        by_kind: statements!.byKind,
        // Each statement is its own round trip (postgres.js awaits each before the next).
        round_trips: round(statements!.perSend, 2),
        noop_job_statements: 2,
        counted_over: `${statements!.sends} sends in ${statements!.jobRuns} job runs`,
      },
      latency,
      rows_sent: sent[0]!.n,
      settings,
      target: {
        "sends_per_s.ratio": `>= ${TARGET_RATIO_TO_NOOP}`,
        "throughput.sends_per_s": `>= ${TARGET_SENDS_PER_S}`,
        "latency.p50_ms": `<= ${TARGET_LATENCY_MS}`,
        "latency.p99_ms": `<= ${TARGET_LATENCY_MS}`,
      },
      met_detail: {
        "sends_per_s.ratio": ratioMet,
        "throughput.sends_per_s": burstDone && sendsPerS >= TARGET_SENDS_PER_S,
        "latency.p50_ms": spreadDone && p50 <= TARGET_LATENCY_MS,
        "latency.p99_ms": spreadDone && p99 <= TARGET_LATENCY_MS,
      },
      met:
        ratioMet &&
        sendsPerS >= TARGET_SENDS_PER_S &&
        spreadDone &&
        p50 <= TARGET_LATENCY_MS &&
        p99 <= TARGET_LATENCY_MS,
    };
  } finally {
    await world.stop();
  }
}
