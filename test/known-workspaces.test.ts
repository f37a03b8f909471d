// ensureWorkspace remembers a workspace for a few seconds (src/known-workspaces.ts); what it must
// never remember: a row seen inside a transaction that is rolled back, another database's row, or
// a workspace whose access this process has just marked lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackAccessLost } from "../src/slack/access.js";
import { ensureWorkspace } from "../src/workspaces.js";
import { testContext } from "./support/context.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

let db: TestDatabase;
let other: TestDatabase;
beforeAll(async () => {
  [db, other] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(() => Promise.all([db.drop(), other.drop()]));

const exists = async (database: TestDatabase, id: string) =>
  (await database.sql`select 1 from workspaces where id = ${id}`).length === 1;

describe("the workspace of a Slack request, remembered", () => {
  it("is not remembered from a transaction that rolls back", async () => {
    await db.sql
      .begin(async (tx) => {
        await ensureWorkspace(tx, "T0ROLLBACK", "rolled");
        throw new Error("roll back");
      })
      .catch(() => undefined);
    const id = await ensureWorkspace(db.sql, "T0ROLLBACK", "rolled");
    expect(await exists(db, id)).toBe(true);
  });

  it("is the database's own: the same team in another database has its own row", async () => {
    const here = await ensureWorkspace(db.sql, "T0TWICE", "twice");
    const there = await ensureWorkspace(other.sql, "T0TWICE", "twice");
    expect(there).not.toBe(here);
    expect(await exists(other, there)).toBe(true);
    expect(await ensureWorkspace(db.sql, "T0TWICE", "twice")).toBe(here);
  });

  it("is forgotten when this process marks its access lost: the next request restores it", async () => {
    const id = await ensureWorkspace(db.sql, "T0LOST", "lost");
    expect(await ensureWorkspace(db.sql, "T0LOST", "lost")).toBe(id);
    await slackAccessLost(testContext(db), "T0LOST", "uninstalled");
    const [lost] = await db.sql`select slack_access_lost_at from workspaces where id = ${id}`;
    expect(lost!.slack_access_lost_at).not.toBeNull();
    expect(await ensureWorkspace(db.sql, "T0LOST", "lost")).toBe(id);
    const [restored] = await db.sql`select slack_access_lost_at from workspaces where id = ${id}`;
    expect(restored!.slack_access_lost_at).toBeNull();
  });
});
