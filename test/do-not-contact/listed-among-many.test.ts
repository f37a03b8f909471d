// listedAmongMany reads a short list whole and looks a long one up by the prospects' keys; both
// ways must match exactly the prospects listedAmong matches, and never by another workspace's
// entries. Real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysOf, type ProspectKeys } from "../../src/do-not-contact/keys.js";
import { addEntries, listedAmong, listedAmongMany } from "../../src/do-not-contact/list.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
let workspaceId: string;
let otherWorkspaceId: string;

const prospect = (id: string, company: string | null = null): ProspectKeys =>
  keysOf({ public_identifier: id, provider_id: null, company_name: company, company_page: null });

// Listed: ann (profile) and Acme (company); another workspace lists bob.
const prospects = [prospect("ann"), prospect("bob"), prospect("cat", "ACME Inc."), prospect("dan", "Initech")];

beforeAll(async () => {
  db = await createTestDatabase();
  const insertWorkspace = async (team: string) =>
    (await db.sql<{ id: string }[]>`insert into workspaces (slack_team_id, name) values (${team}, ${team}) returning id`)[0]!.id;
  workspaceId = await insertWorkspace("T_MANY");
  otherWorkspaceId = await insertWorkspace("T_MANY_OTHER");
  const meta = { reason: null, addedBy: "U1", source: "command" as const, addedAt: new Date("2026-11-30T10:00:00Z") };
  await db.sql.begin(async (tx) => {
    await addEntries(tx, workspaceId, [
      { kind: "profile", key: "ann", original: "ann" },
      { kind: "company", key: "acme", original: "Acme" },
    ], meta);
    await addEntries(tx, otherWorkspaceId, [{ kind: "profile", key: "bob", original: "bob" }], meta);
  });
});

afterAll(async () => {
  await db?.drop();
});

describe("listedAmongMany", () => {
  it("a list no longer than the prospects, read whole: ann and cat (Acme), not bob (another workspace's)", async () => {
    let keysAsked = 0;
    const matcher = await listedAmongMany(db.sql, workspaceId, prospects.length, () => {
      keysAsked++;
      return prospects;
    });
    expect(prospects.map((keys) => matcher.matches(keys))).toEqual(["profile", null, "company", null]);
    expect(keysAsked).toBe(0);
  });

  it("a list longer than the prospects, looked up by their keys: the same answer as listedAmong", async () => {
    const two = prospects.slice(2);
    let keysAsked = 0;
    const matcher = await listedAmongMany(db.sql, workspaceId, 1, () => {
      keysAsked++;
      return two;
    });
    const direct = await listedAmong(db.sql, workspaceId, two);
    expect(two.map((keys) => matcher.matches(keys))).toEqual(["company", null]);
    expect(two.map((keys) => direct.matches(keys))).toEqual(["company", null]);
    expect(keysAsked).toBe(1);
  });

  it("no prospects, or an empty list: nothing matches", async () => {
    expect((await listedAmongMany(db.sql, workspaceId, 0, () => prospects)).empty).toBe(true);
    const empty = (await db.sql<{ id: string }[]>`insert into workspaces (slack_team_id, name) values ('T_EMPTY', 'e') returning id`)[0]!.id;
    const matcher = await listedAmongMany(db.sql, empty, prospects.length, () => prospects);
    expect(prospects.map((keys) => matcher.matches(keys))).toEqual([null, null, null, null]);
  });
});
