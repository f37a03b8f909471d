// Migration 012: a launch result stored before with one entry per prospect is reduced to its
// counts and the number skipped per reason, which continuations then add to.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../src/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { seedCampaign } from "../support/seed.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const NOT_CONNECTED = "Not connected (SECOND_DEGREE) - messenger campaigns require existing connection";

it("keeps the counts, counts the skipped per reason and drops the per-prospect list", async () => {
  const { campaignId } = await seedCampaign(db.sql, { prospects: 1 });
  const old = {
    success: true,
    queued: 2,
    skipped: 3,
    errors: 0,
    waiting: 1,
    totalMessages: 6,
    message: "Queued 6 messages for 2 prospects",
    results: [
      { prospectId: "a", name: "A A", status: "queued", messagesQueued: 3 },
      { prospectId: "b", name: "B B", status: "skipped", reason: NOT_CONNECTED },
      { prospectId: "c", name: "C C", status: "queued", messagesQueued: 3 },
      { prospectId: "d", name: "D D", status: "skipped", reason: NOT_CONNECTED },
      { prospectId: "e", name: "E E", status: "skipped", reason: "Could not access LinkedIn profile" },
    ],
  };
  await db.sql`update campaigns set launch_result = ${db.sql.json(old)} where id = ${campaignId}`;
  const migration = readFileSync(path.join(MIGRATIONS_DIR, "012_compact_launch_results.sql"), "utf8");
  await db.sql.unsafe(migration);
  const [row] = await db.sql`select launch_result from campaigns where id = ${campaignId}`;
  const { results: _list, ...counts } = old;
  expect(row!.launch_result).toEqual({
    ...counts,
    skippedByReason: { [NOT_CONNECTED]: 2, "Could not access LinkedIn profile": 1 },
  });
  // Run again (or on a result stored in the new form), it changes nothing.
  await db.sql.unsafe(migration);
  const [again] = await db.sql`select launch_result from campaigns where id = ${campaignId}`;
  expect(again!.launch_result).toEqual(row!.launch_result);
});
