// The statement budget of a send: counted exactly on a real database (postgres.js's debug hook
// sees every statement), so a change that adds a round trip per send fails here, not only in
// the bench's noisy timings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { countDispatchStatements } from "../support/dispatch-statements.js";

let db: TestDatabase;
let single: TestDatabase;
beforeAll(async () => {
  [db, single] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(() => Promise.all([db.drop(), single.drop()]));

describe("statements per send", () => {
  // Before issue 18: 21.5 statements per send (12 in the claim, 9 in the outcome); then 11.5; then
  // 10.4 (the campaign's open rows asked by the outcome's statement); now 9.4: the account and its
  // candidates in one statement, the do-not-contact look-up asked by the claim's update, and the
  // outcome's settling of Unipile's early echo a statement of its own (so that it sees an event
  // the intake stored while the outcome waited for the row's lock; the intake spends three
  // statements and a job fewer on such an echo).
  it("sends 40 due first messages in two job runs, one claim and one outcome transaction each, in at most 9.5 statements each", async () => {
    const counted = await countDispatchStatements(db.url, 40);
    expect(counted.sends).toBe(40);
    expect(counted.jobRuns).toBe(2);
    // 40 claims and 40 outcomes: the last claim saw no other row due, so the run ends after its
    // send without a claim that would find nothing (re-arming finds any row due since).
    expect(counted.transactions).toBe(80);
    // Claim: begin, the account (locked, in-flight, brakes, and on a run's first claim its send
    // history) with its candidates, the prospect, the claim (with the do-not-contact look-up),
    // commit. Outcome: begin, the row, prospect, next row and the campaign's open rows, the early
    // echo and the events waiting for the send, the root's refresh (once per campaign in ten
    // seconds), commit. Plus the run's lock and job statements over its sends.
    expect(counted.byKind.begin).toBeCloseTo(80 / 40, 2);
    expect(counted.perSend).toBeLessThanOrEqual(9.5);
  });

  // Sends spread over the day are one job run each, so a run's own statements count whole: the
  // lock's and graphile-worker's four, settling in-flight rows (asked by the claim now), pausing a
  // former workspace's campaigns (only when there is one), the claim that found nothing after
  // the send, re-arming. 28 before issue 18's run-level cuts, 22 after, 19 with the history read
  // with the account and the account's next due row and the campaign's open rows read by the
  // outcome's statement, 18 with the claim's cuts above (the early echo's statement added). (The
  // 18 include a first send's one-off statements: the campaign read into the process's cache,
  // its daily summary armed.)
  it("sends one due message in one job run of at most 18 statements", async () => {
    const counted = await countDispatchStatements(single.url, 1);
    expect(counted.sends).toBe(1);
    expect(counted.jobRuns).toBe(1);
    expect(counted.transactions).toBe(2);
    expect(counted.perSend).toBeLessThanOrEqual(18);
    // Re-armed without asking: the outcome's statement read the account's next pending row (the
    // one a year away) and the dispatch job waits for exactly that instant.
    const [job] = await single.sql<{ due: Date; waiting: number }[]>`
      select (j.payload->>'_due')::timestamptz as due,
             (select count(*)::int from graphile_worker.jobs where task_identifier = 'dispatch-account') as waiting
      from graphile_worker._private_jobs j where j.key like 'dispatch:%'`;
    const [row] = await single.sql<{ at: Date }[]>`select scheduled_for as at from send_queue where status = 'pending'`;
    expect(job?.waiting).toBe(1);
    expect(job?.due.toISOString()).toBe(row!.at.toISOString());
    expect(row!.at.getTime() - Date.parse("2026-11-30T14:00:00Z")).toBe(365 * 86_400_000);
  });
});
