// Each enum in src/db/enums.ts matches its CHECK constraint: every listed value can be written,
// and the constraint allows nothing more (lessons-from-sam 20).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as enums from "../../src/db/enums.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function allowedValues(table: string, column: string): Promise<string[]> {
  const rows = await db.sql<{ definition: string }[]>`
    select pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where t.relname = ${table} and c.contype = 'c'`;
  const definition = rows.map((row) => row.definition).find((text) => new RegExp(`\\(+${column} = ANY`).test(text));
  if (!definition) throw new Error(`no CHECK on ${table}.${column}`);
  return [...definition.matchAll(/'([^']+)'::text/g)].map((match) => match[1]!);
}

const cases: Array<[string, string, readonly string[]]> = [
  ["campaigns", "campaign_type", enums.CAMPAIGN_TYPES],
  ["campaigns", "status", enums.CAMPAIGN_STATUSES],
  ["workspace_accounts", "status", enums.ACCOUNT_STATUSES],
  ["campaign_prospects", "status", enums.PROSPECT_STATUSES],
  ["campaign_prospects", "connection_degree", enums.CONNECTION_DEGREES],
  ["send_queue", "status", enums.QUEUE_STATUSES],
  ["send_queue", "message_type", enums.MESSAGE_TYPES],
  ["slack_outbox", "method", enums.OUTBOX_METHODS],
  ["do_not_contact", "kind", enums.DNC_KINDS],
  ["do_not_contact", "source", enums.DNC_SOURCES],
];

describe("enums and CHECK constraints", () => {
  it.each(cases)("%s.%s allows exactly the listed values", async (table, column, values) => {
    expect((await allowedValues(table, column)).sort()).toEqual([...values].sort());
  });

  it("every prospect status and queue status and message type can be written", async () => {
    const { seedCampaign } = await import("../support/seed.js");
    const seeded = await seedCampaign(db.sql, { prospects: 1, messages: 1 });
    const prospect = seeded.prospectIds[0]!;
    for (const status of enums.PROSPECT_STATUSES) {
      await db.sql`update campaign_prospects set status = ${status} where id = ${prospect}`;
    }
    const [row] = await db.sql`select id from send_queue where prospect_id = ${prospect}`;
    for (const status of enums.QUEUE_STATUSES) {
      await db.sql`update send_queue set status = ${status}, sent_at = now() where id = ${row!.id}`;
    }
    await db.sql`delete from send_queue where prospect_id = ${prospect}`;
    for (const [step, type] of enums.MESSAGE_TYPES.entries()) {
      await db.sql`insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for)
                   values (${seeded.campaignId}, ${prospect}, ${seeded.accountId}, ${type}, ${Math.min(step, 5)}, now())`;
    }
    const [{ count }] = (await db.sql`select count(*)::int as count from send_queue where prospect_id = ${prospect}`) as unknown as [
      { count: number },
    ];
    expect(count).toBe(enums.MESSAGE_TYPES.length);
  });

  it("maps campaign steps to the specification's message types", () => {
    expect(enums.messageTypeFor("messenger", 0)).toBe("direct_message_1");
    expect(enums.messageTypeFor("messenger", 2)).toBe("direct_message_3");
    expect(enums.messageTypeFor("connector", 0)).toBe("connection_request");
    expect(enums.messageTypeFor("connector", 1)).toBe("follow_up_1");
  });
});
