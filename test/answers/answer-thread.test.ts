// Slow answers are computed in a worker thread with its own pool on the app's database: the
// thread answers as of the instant it was asked, reports failures as errors of the caller's
// promise, and closes its connections when told, so the database can be dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerInThread, closeAnswerThread } from "../../src/answers/answer-thread.js";
import { withDatabase } from "../../src/db/database.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { seedCampaign } from "../support/seed.js";

let db: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  workspaceId = await ensureWorkspace(db.sql, "T0THREAD01");
});
afterAll(async () => {
  await closeAnswerThread(db.url);
  await db.drop();
});

/** Connections the thread opened, named so in pg_stat_activity (its backends are reniced by that name). */
async function threadConnections(): Promise<number> {
  const [row] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and application_name = 'sam-campaigns-answers'`;
  return row!.n;
}

describe("answers computed in the answer thread", () => {
  it("answers from the database, in the thread, as of the instant given", async () => {
    expect(await answerInThread(db.url, { question: "list", workspaceId }, Date.now())).toBe(
      "No campaigns yet. Create one with `/sam new`.",
    );
    await seedCampaign(db.sql, { teamId: "T0THREAD01", name: "Thread campaign", prospects: 3, sentFirstMessages: 1 });
    const listed = await answerInThread(db.url, { question: "list", workspaceId }, Date.now());
    expect(listed).toContain("*Thread campaign* · messenger · active · 3 prospects · sent 1");
    const [campaign] = await db.sql<{ id: string }[]>`select id from campaigns where name = 'Thread campaign'`;
    const asOf = Date.parse("2026-12-07T15:00:00Z");
    const preview = await answerInThread(db.url, { question: "preview", workspaceId, campaignId: campaign!.id }, asOf);
    expect(preview).toContain("times in America/New_York, as of Mon 7 Dec 10:00)");
  });

  it("a campaign of another workspace, or none, is not answered about", async () => {
    const theirs = await seedCampaign(db.sql, { teamId: "T0THREAD02", name: "Theirs", prospects: 2 });
    for (const question of ["status", "preview"] as const) {
      expect(await answerInThread(db.url, { question, workspaceId, campaignId: theirs.campaignId }, Date.now())).toBe(
        "That campaign no longer exists in this workspace.",
      );
    }
  });

  it("a failure in the thread rejects the caller's promise with its message", async () => {
    const missing = withDatabase(db.url, "sam_no_such_database");
    try {
      await expect(answerInThread(missing, { question: "list", workspaceId }, Date.now())).rejects.toThrow(/does not exist/);
    } finally {
      await closeAnswerThread(missing);
    }
  });

  it("closing the thread closes its connections; the next question starts a new one", async () => {
    expect(await threadConnections()).toBeGreaterThan(0);
    await closeAnswerThread(db.url);
    expect(await threadConnections()).toBe(0);
    expect(await answerInThread(db.url, { question: "list", workspaceId }, Date.now())).toContain("*Campaigns*");
  });
});
