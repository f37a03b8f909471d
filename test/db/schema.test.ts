// The product specification's monitoring and troubleshooting queries run unchanged against our
// schema (only the quoted id placeholders are replaced by a real id), and return what was stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { seedCampaign } from "../support/seed.js";

let db: TestDatabase;
let seeded: Awaited<ReturnType<typeof seedCampaign>>;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedCampaign(db.sql, { prospects: 3, sentFirstMessages: 2 });
});
afterAll(() => db.drop());

// Copied from shared/spec/000_20fe8246ed84d5cc.txt, "Monitoring" and "Troubleshooting".
const CHECK_QUEUE_STATUS = `SELECT
  message_type,
  scheduled_for,
  status,
  COUNT(*)
FROM send_queue
WHERE campaign_id = 'your-campaign-id'
GROUP BY message_type, scheduled_for, status
ORDER BY scheduled_for;`;

const CHECK_PROSPECT_STATUS = `SELECT
  status,
  COUNT(*) as count
FROM campaign_prospects
WHERE campaign_id = 'your-campaign-id'
GROUP BY status;`;

const VIEW_SENT_MESSAGES = `SELECT
  cp.first_name,
  cp.last_name,
  sq.message_type,
  sq.sent_at,
  sq.status
FROM send_queue sq
JOIN campaign_prospects cp ON sq.prospect_id = cp.id
WHERE sq.campaign_id = 'your-campaign-id'
  AND sq.status = 'sent'
ORDER BY sq.sent_at DESC;`;

const FOLLOW_UPS_NOT_SENDING = `SELECT message_type, requires_connection, scheduled_for, status
FROM send_queue
WHERE prospect_id = 'uuid';`;

describe("the specification's monitoring queries", () => {
  it("check queue status: one group per message type, time and status", async () => {
    const rows = await db.sql.unsafe(CHECK_QUEUE_STATUS.replace("your-campaign-id", seeded.campaignId));
    // 3 prospects × 3 messages, each row at its own time: 9 groups of one.
    expect(rows).toHaveLength(9);
    expect(rows.map((row) => row.message_type).sort()).toEqual(
      [1, 1, 1, 2, 2, 2, 3, 3, 3].map((n) => `direct_message_${n}`),
    );
    expect(rows.filter((row) => row.status === "sent")).toHaveLength(2);
    expect(rows.every((row) => Number(row.count) === 1)).toBe(true);
  });

  it("check prospect status: counts by status", async () => {
    const rows = await db.sql.unsafe(CHECK_PROSPECT_STATUS.replace("your-campaign-id", seeded.campaignId));
    const counts = Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
    expect(counts).toEqual({ messaging: 2, connected: 1 });
  });

  it("view sent messages: names, types and times of what was sent", async () => {
    const rows = await db.sql.unsafe(VIEW_SENT_MESSAGES.replace("your-campaign-id", seeded.campaignId));
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.first_name).sort()).toEqual(["Prospect1", "Prospect2"]);
    expect(rows[0]!.sent_at.getTime()).toBeGreaterThanOrEqual(rows[1]!.sent_at.getTime());
  });

  it("follow-ups not sending: one prospect's rows", async () => {
    const rows = await db.sql.unsafe(FOLLOW_UPS_NOT_SENDING.replace("uuid", seeded.prospectIds[2]!));
    expect(rows.map((row) => row.message_type).sort()).toEqual(["direct_message_1", "direct_message_2", "direct_message_3"]);
    expect(rows.every((row) => row.requires_connection === false && row.status === "pending")).toBe(true);
  });
});

describe("the queue's guarantees", () => {
  it("refuses a second row for the same campaign, prospect and message type", async () => {
    await expect(
      db.sql`insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for)
             values (${seeded.campaignId}, ${seeded.prospectIds[0]!}, ${seeded.accountId}, 'direct_message_1', 0, now())`,
    ).rejects.toThrow(/send_queue_campaign_id_prospect_id_message_type_key/);
  });

  it("refuses a sent row without a send time, and an unknown status", async () => {
    const [row] = await db.sql`select id from send_queue where status = 'pending' limit 1`;
    await expect(db.sql`update send_queue set status = 'sent' where id = ${row!.id}`).rejects.toThrow(/check/);
    await expect(db.sql`update send_queue set status = 'processing' where id = ${row!.id}`).rejects.toThrow(/check/);
  });

  it("stores every instant as timestamptz", async () => {
    const rows = await db.sql<{ table_name: string; column_name: string }[]>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type like 'timestamp without%'`;
    expect(rows).toEqual([]);
  });
});
