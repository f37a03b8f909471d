// The statement budget of a send: counted exactly on a real database (postgres.js's debug hook
// sees every statement), so a change that adds a round trip per send fails here, not only in
// the bench's noisy timings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { countDispatchStatements } from "../support/dispatch-statements.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("statements per send", () => {
  // Before issue 18: 21.5 statements per send (12 in the claim, 9 in the outcome); now 11.7.
  it("sends 40 due first messages in two job runs, one claim and one outcome transaction each, in at most 12 statements each", async () => {
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
    expect(counted.perSend).toBeLessThanOrEqual(12);
  });
});
