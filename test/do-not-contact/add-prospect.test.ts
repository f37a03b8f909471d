// addProspectToDoNotContact against real PostgreSQL: the person goes on their workspace's list
// with who/why/when, every pending or waiting row for them in every campaign of the workspace
// is cancelled (found by public identifier or provider id), nothing else is touched, another
// workspace's same person is left alone, and a second call changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addProspectToDoNotContact } from "../../src/do-not-contact/add-prospect.js";
import { DNC_REASON } from "../../src/do-not-contact/list.js";
import type { Sql } from "../../src/db/database.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { seedCampaign } from "../support/seed.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const clock = { clock: { now: () => new Date("2026-12-01T10:00:00Z"), nowMs: () => Date.parse("2026-12-01T10:00:00Z") } } as never;

async function addPerson(sql: Sql, seeded: { workspaceId: string; campaignId: string; accountId: string }, publicId: string, providerId: string | null, status = "connected") {
  const [prospect] = await sql<{ id: string }[]>`
    insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, provider_id, status)
    values (${seeded.campaignId}, ${seeded.workspaceId}, 'Jane', 'Doe', ${`https://www.linkedin.com/in/${publicId}/`}, ${publicId}, ${providerId}, ${status})
    returning id`;
  for (const [step, type, rowStatus] of [[0, "direct_message_1", "pending"], [1, "direct_message_2", "waiting"], [2, "direct_message_3", "pending"]] as const) {
    await sql`insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status)
              values (${seeded.campaignId}, ${prospect!.id}, ${seeded.accountId}, ${type}, ${step}, now(), ${rowStatus})`;
  }
  return prospect!.id;
}

const rowsOf = (prospectId: string) =>
  db.sql<{ status: string }[]>`select status from send_queue where prospect_id = ${prospectId} order by step`.then((rows) => rows.map((row) => row.status));

describe("addProspectToDoNotContact", () => {
  it("lists the person and cancels their pending rows in every campaign of the workspace, and only there", async () => {
    const a = await seedCampaign(db.sql, { teamId: "T_DNC", unipileAccountId: "acc-dnc-1", prospects: 1 });
    const b = await seedCampaign(db.sql, { teamId: "T_DNC", unipileAccountId: "acc-dnc-2", prospects: 1 });
    expect(a.workspaceId).toBe(b.workspaceId);
    expect(a.accountId).not.toBe(b.accountId);
    const other = await seedCampaign(db.sql, { teamId: "T_DNC_OTHER", unipileAccountId: "acc-dnc-3", prospects: 1 });

    const inA = await addPerson(db.sql, a, "jane-doe", "ACoAAJane0000000000000000");
    // The same person in campaign B under an older profile name: found by provider id.
    const inB = await addPerson(db.sql, b, "jane-doe-old", "ACoAAJane0000000000000000");
    const otherWorkspace = await addPerson(db.sql, other, "jane-doe", "ACoAAJane0000000000000000");

    const outcome = await db.sql.begin((tx) =>
      addProspectToDoNotContact(tx, clock, { workspaceId: a.workspaceId, prospectId: inA, reason: "replied asking to stop", addedBy: null }),
    );
    expect(outcome).toMatchObject({ added: true, prospects: 2, rows: 6 });
    expect(outcome.campaignIds.sort()).toEqual([a.campaignId, b.campaignId].sort());

    expect(await rowsOf(inA)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(await rowsOf(inB)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(await rowsOf(otherWorkspace)).toEqual(["pending", "waiting", "pending"]);
    const statuses = await db.sql<{ id: string; status: string; status_reason: string | null }[]>`
      select id, status, status_reason from campaign_prospects where id in ${db.sql([inA, inB, otherWorkspace])}`;
    const byId = new Map(statuses.map((row) => [row.id, row]));
    expect(byId.get(inA)).toMatchObject({ status: "opted_out", status_reason: DNC_REASON });
    expect(byId.get(inB)).toMatchObject({ status: "opted_out", status_reason: DNC_REASON });
    expect(byId.get(otherWorkspace)).toMatchObject({ status: "connected", status_reason: null });
    // The seeded prospects of both campaigns are other people: untouched.
    for (const id of [...a.prospectIds, ...b.prospectIds]) expect(await rowsOf(id)).toEqual(["pending", "pending", "pending"]);

    const entries = await db.sql`select workspace_id, kind, key, original, provider_id, reason, added_by, added_at, source from do_not_contact`;
    expect(entries).toEqual([
      {
        workspace_id: a.workspaceId,
        kind: "profile",
        key: "jane-doe",
        original: "https://www.linkedin.com/in/jane-doe/",
        provider_id: "ACoAAJane0000000000000000",
        reason: "replied asking to stop",
        added_by: null,
        added_at: new Date("2026-12-01T10:00:00Z"),
        source: "reply",
      },
    ]);
  });

  it("is idempotent: a second call (the Do not contact action after the reply) adds and cancels nothing", async () => {
    const seeded = await seedCampaign(db.sql, { teamId: "T_DNC_TWICE", unipileAccountId: "acc-dnc-twice", prospects: 0 });
    const prospect = await addPerson(db.sql, seeded, "john-roe", null);
    const first = await db.sql.begin((tx) =>
      addProspectToDoNotContact(tx, clock, { workspaceId: seeded.workspaceId, prospectId: prospect, reason: "marked Do not contact by <@U1>", addedBy: "U1" }),
    );
    const second = await db.sql.begin((tx) =>
      addProspectToDoNotContact(tx, clock, { workspaceId: seeded.workspaceId, prospectId: prospect, reason: "again", addedBy: "U2" }),
    );
    expect(first).toMatchObject({ added: true, rows: 3, prospects: 1 });
    expect(second).toEqual({ added: false, rows: 0, prospects: 0, campaignIds: [] });
    const entries = await db.sql`select reason, added_by, source from do_not_contact where workspace_id = ${seeded.workspaceId}`;
    expect(entries).toEqual([{ reason: "marked Do not contact by <@U1>", added_by: "U1", source: "action" }]);
  });

  it("refuses a prospect id of another workspace and writes nothing", async () => {
    const mine = await seedCampaign(db.sql, { teamId: "T_DNC_MINE", unipileAccountId: "acc-dnc-mine", prospects: 1 });
    const theirs = await seedCampaign(db.sql, { teamId: "T_DNC_THEIRS", unipileAccountId: "acc-dnc-theirs", prospects: 1 });
    await expect(
      db.sql.begin((tx) =>
        addProspectToDoNotContact(tx, clock, { workspaceId: mine.workspaceId, prospectId: theirs.prospectIds[0]!, reason: "x", addedBy: "U1" }),
      ),
    ).rejects.toThrow(/not in workspace/);
    expect(await db.sql`select 1 from do_not_contact where workspace_id in ${db.sql([mine.workspaceId, theirs.workspaceId])}`).toHaveLength(0);
    expect(await rowsOf(theirs.prospectIds[0]!)).toEqual(["pending", "pending", "pending"]);
  });
});

describe("the claim-time look-up", () => {
  it("reads the list through its indexes, never a scan, even with 20,000 entries", async () => {
    const { listedAmong } = await import("../../src/do-not-contact/list.js");
    const seeded = await seedCampaign(db.sql, { teamId: "T_DNC_BIG", unipileAccountId: "acc-dnc-big", prospects: 0 });
    await db.sql`
      insert into do_not_contact (workspace_id, kind, key, original, provider_id, added_at, source)
      select ${seeded.workspaceId}, (array['profile', 'company', 'company_page'])[1 + i % 3], 'key-' || i, 'x',
             case when i % 3 = 0 then 'ACoAAbig' || i end, now(), 'csv'
      from generate_series(1, 20000) as i`;
    await db.sql`analyze do_not_contact`;
    const connection = await db.sql.reserve();
    try {
      const stats = () =>
        db.sql<{ seq_scan: number; idx_scan: number }[]>`
          select seq_scan::int, idx_scan::int from pg_stat_user_tables where relname = 'do_not_contact'`.then((rows) => rows[0]!);
      await connection`select pg_stat_force_next_flush()`;
      await connection`select 1`;
      const before = await stats();
      const keys = { profile: "key-3", providerId: "ACoAAbig3", company: "key-4", companyPage: "key-5" };
      const started = performance.now();
      const rounds = 200;
      let matched = null;
      for (let i = 0; i < rounds; i++) matched = (await listedAmong(connection as never, seeded.workspaceId, [keys])).matches(keys);
      const perLookupMs = (performance.now() - started) / rounds;
      await connection`select pg_stat_force_next_flush()`;
      await connection`select 1`;
      const after = await stats();
      expect(matched).toBe("profile");
      expect(after.seq_scan - before.seq_scan).toBe(0);
      expect(after.idx_scan - before.idx_scan).toBeGreaterThanOrEqual(rounds * 4);
      console.log(`do-not-contact claim look-up: ${perLookupMs.toFixed(3)} ms per look-up over 20,000 entries`);
    } finally {
      connection.release();
    }
  });
});
