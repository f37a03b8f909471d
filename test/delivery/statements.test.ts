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
  // Before issue 18: 21.5 statements per send (12 in the claim, 9 in the outcome); now 11.5.
  it("sends 40 due first messages in two job runs, one claim and one outcome transaction each, in at most 11.5 statements each", async () => {
    const counted = await countDispatchStatements(db.url, 40);
    expect(counted.sends).toBe(40);
    expect(counted.jobRuns).toBe(2);
    // 40 claims and 40 outcomes: the last claim saw no other row due, so the run ends after its
    // send without a claim that would find nothing (re-arming finds any row due since).
    expect(counted.transactions).toBe(80);
    // Claim: begin, the account (locked, in-flight, brakes), candidates, the prospect, the
    // do-not-contact look-up, the claim, commit. Outcome: begin, the row, prospect and next row,
    // the campaign's state, commit. Plus the run's lock and job statements over its sends.
    expect(counted.byKind.begin).toBeCloseTo(80 / 40, 2);
    expect(counted.perSend).toBeLessThanOrEqual(11.5);
  });

  // Sends spread over the day are one job run each, so a run's own statements count whole: the
  // lock's and graphile-worker's four, settling in-flight rows (asked by the claim now), pausing a
  // former workspace's campaigns (only when there is one), the claim that found nothing after
  // the send, re-arming. 28 before issue 18's run-level cuts, 22 after.
  it("sends one due message in one job run of at most 22 statements", async () => {
    const counted = await countDispatchStatements(single.url, 1);
    expect(counted.sends).toBe(1);
    expect(counted.jobRuns).toBe(1);
    expect(counted.transactions).toBe(2);
    expect(counted.perSend).toBeLessThanOrEqual(22);
  });
});
