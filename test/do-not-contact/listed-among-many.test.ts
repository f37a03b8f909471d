// listedAmongMany reads a short list whole and looks a long one up by the prospects' keys; both
// ways must match exactly the prospects listedAmong matches, and never by another workspace's
// entries. Real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysOf, type ProspectKeys } from "../../src/do-not-contact/keys.js";
import { addEntries, listedAmong, listedAmongMany, listedExpression } from "../../src/do-not-contact/list.js";
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

// The send's claim asks the list inside its own update (listedExpression, SQL) rather than through
// the Matcher: both must name the same prospects, for every kind of entry.
describe("listedExpression", () => {
  it("answers as listedAmong for a profile, a company, a company page and a provider id, and never by another workspace's list", async () => {
    const insertWorkspace = async (team: string) =>
      (await db.sql<{ id: string }[]>`insert into workspaces (slack_team_id, name) values (${team}, ${team}) returning id`)[0]!.id;
    const listing = await insertWorkspace("T_EXPRESSION");
    const meta = { reason: null, addedBy: "U1", source: "command" as const, addedAt: new Date("2026-11-30T10:00:00Z") };
    await db.sql.begin((tx) =>
      addEntries(tx, listing, [
        { kind: "profile", key: "ann", original: "ann" },
        { kind: "company", key: "acme", original: "Acme" },
        { kind: "company_page", key: "initrode", original: "https://www.linkedin.com/company/initrode/" },
        { kind: "profile", key: "old-handle", original: "old-handle", providerId: "ACoAAMovedProfile" },
      ], meta),
    );
    const withPage = (id: string, page: string | null, providerId: string | null = null): ProspectKeys =>
      keysOf({ public_identifier: id, provider_id: providerId, company_name: null, company_page: page });
    const cases = [
      prospect("ann"),
      prospect("cat", "ACME Inc."),
      withPage("gus", "https://www.linkedin.com/company/initrode"),
      withPage("new-handle", null, "ACoAAMovedProfile"),
      prospect("bob"),
      prospect("dan", "Initech"),
      withPage("hal", "https://www.linkedin.com/company/globex"),
    ];
    const expression = async (workspace: string, keys: ProspectKeys) =>
      (await db.sql<{ listed: boolean }[]>`select ${listedExpression(db.sql, workspace, keys)} as listed`)[0]!.listed;
    const matcher = await listedAmong(db.sql, listing, cases);
    const bySql = await Promise.all(cases.map((keys) => expression(listing, keys)));
    expect(cases.map((keys) => matcher.matches(keys) !== null)).toEqual([true, true, true, true, false, false, false]);
    expect(bySql).toEqual(cases.map((keys) => matcher.matches(keys) !== null));
    // bob is listed in another workspace only; nothing of this one's list applies elsewhere.
    expect(await expression(workspaceId, prospect("bob"))).toBe(false);
    const elsewhere = await insertWorkspace("T_EXPRESSION_ELSEWHERE");
    expect(await Promise.all(cases.map((keys) => expression(elsewhere, keys)))).toEqual(cases.map(() => false));
  });
});
