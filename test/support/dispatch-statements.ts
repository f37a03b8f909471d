// How many SQL statements one send costs, counted exactly: the engine's dispatch job runs once for
// an account with rows due, on a postgres.js client whose `debug` hook sees every statement it
// sends (begin and commit included), against the Unipile sandbox. Used by the statement budget
// test (test/delivery/statements.test.ts) and reported by the `dispatch` bench key.
//
// Statements outside postgres.js are added by rule, since they do not depend on the engine's
// code: the account's send lock (pg_try_advisory_lock, pg_advisory_unlock on its own connection)
// and graphile-worker's own get_job and complete_job, each once per job run.
import postgres from "postgres";
import { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { AppContext } from "../../src/context.js";
import { dispatchAccount } from "../../src/delivery/dispatch.js";
import { createCampaign } from "../../src/campaigns/campaigns.js";
import type { Logger } from "../../src/log.js";
import { UnipileClient } from "../../src/unipile/client.js";
import { providerIdFor, startSandbox } from "../../src/unipile/sandbox/index.js";
import { ensureWorkspace } from "../../src/workspaces.js";

/** Per job run: the send lock's two statements and graphile-worker's get_job and complete_job. */
export const STATEMENTS_PER_JOB_RUN_OUTSIDE = 4;

export interface DispatchStatements {
  sends: number;
  jobRuns: number;
  /** Statements the engine sent through postgres.js, begin and commit included. */
  engineStatements: number;
  transactions: number;
  /** Every statement per send: the engine's plus the lock's and graphile-worker's per job run. */
  perSend: number;
  /** The engine's statements per send, by first word (select, update, begin…). */
  byKind: Record<string, number>;
  /** The engine's statements in the order sent, whitespace collapsed (for reading, and the bench). */
  statements: string[];
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/**
 * Runs the dispatch job of one account with `sends` first messages due (caps lifted, no gaps,
 * window always open) until they are all sent, and counts its statements. Statements spent on
 * the set-up are not counted.
 */
export async function countDispatchStatements(url: string, sends: number): Promise<DispatchStatements> {
  let counting = false;
  const seen: string[] = [];
  const sql = postgres(url, {
    max: 4,
    onnotice: () => {},
    debug: (_connection, query) => {
      if (counting) seen.push(query);
    },
  });
  const clock = new Clock(new Date("2026-11-30T14:00:00Z"), 0);
  const apiKey = "statement-count-key-0123456789";
  const unipileAccountId = "statement-count-account";
  const sandbox = await startSandbox({
    apiKey,
    clock,
    logger: quiet,
    scenario: { accounts: [{ id: unipileAccountId, name: "Counted account" }] },
  });
  const unipile = new UnipileClient({ baseUrl: sandbox.url, apiKey, logger: quiet });
  const ctx: AppContext = {
    config: loadConfig({ DATABASE_URL: url, LOG_LEVEL: "warn" }),
    sql,
    databaseUrl: url,
    clock,
    log: quiet,
    unipile,
    slack: null,
  };
  try {
    const workspaceId = await ensureWorkspace(sql, "T0STATEMENTS");
    const [account] = await sql<{ id: string }[]>`
      insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, daily_message_cap, daily_invitation_cap,
                                      weekly_invitation_cap, min_gap_minutes, follow_up_min_gap_minutes, jitter_fraction)
      values (${workspaceId}, ${unipileAccountId}, 'Counted account', 'UTC', 500, 200, 500, 0, 0, 0)
      returning id`;
    const campaign = await sql.begin((tx) =>
      createCampaign(tx, {
        workspaceId,
        name: "Counted campaign",
        campaignType: "messenger",
        accountId: account!.id,
        templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
        timeZone: "UTC",
        windowStart: "00:00",
        windowEnd: "24:00",
        sendingDays: [1, 2, 3, 4, 5, 6, 7],
        holidayCountry: null,
        createdBy: "U0COUNT",
      }),
    );
    await sql`update campaigns set status = 'active', launched_at = ${clock.now()} where id = ${campaign.id}`;
    // One more prospect than sends: its row, a year away, keeps the campaign active at the end.
    const people = Array.from({ length: sends + 1 }, (_, i) => `counted-${i}`);
    for (const person of people) sandbox.world.connect(unipileAccountId, person, new Date("2026-01-01T00:00:00Z"));
    const due = clock.now();
    const later = new Date(due.getTime() + 365 * 86_400_000);
    await sql`
      with p as (
        insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, provider_id,
                                        connection_degree, status)
        select ${campaign.id}, ${workspaceId}, 'P' || u.ord, 'Counted', 'https://www.linkedin.com/in/' || u.id || '/', u.id, u.provider,
               'FIRST_DEGREE', 'connected'
        from unnest(${sql.array(people)}::text[], ${sql.array(people.map((id) => providerIdFor(id)))}::text[]) with ordinality as u(id, provider, ord)
        returning id, public_identifier
      )
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, delay_days)
      select ${campaign.id}, p.id, ${account!.id}, 'direct_message_1', 0,
             case when p.public_identifier = ${people.at(-1)!} then ${later}::timestamptz else ${due}::timestamptz end, 'pending', 0
      from p`;

    // Warm: the first run on a connection describes each statement once (postgres.js prepares).
    counting = true;
    let jobRuns = 0;
    for (; jobRuns < 100; jobRuns++) {
      const [open] = await sql`select 1 from send_queue where status = 'pending' and scheduled_for <= ${due} limit 1`;
      seen.pop(); // the check above is the measurement's, not the engine's
      if (!open) break;
      await dispatchAccount({ accountId: account!.id }, ctx, undefined as never);
    }
    counting = false;
    const [sent] = await sql<{ n: number }[]>`select count(*)::int as n from send_queue where status = 'sent'`;
    const byKind: Record<string, number> = {};
    for (const query of seen) {
      const kind = query.trim().split(/\s+/)[0]!.toLowerCase();
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    const engineStatements = seen.length;
    const perRun = jobRuns * STATEMENTS_PER_JOB_RUN_OUTSIDE;
    return {
      sends: sent!.n,
      jobRuns,
      engineStatements,
      transactions: byKind.begin ?? 0,
      perSend: (engineStatements + perRun) / sent!.n,
      byKind: Object.fromEntries(Object.entries(byKind).map(([kind, n]) => [kind, Math.round((n / sent!.n) * 100) / 100])),
      statements: seen.map((query) => query.replace(/\s+/g, " ").trim()),
    };
  } finally {
    await unipile.close();
    await sandbox.close();
    await sql.end({ timeout: 5 });
  }
}
