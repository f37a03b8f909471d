// Every statement whose list of values grows with the data, run with more than 65,535 values:
// PostgreSQL's protocol carries at most 65,535 parameters per statement, so a list passed as
// one parameter per value (`in ${sql(list)}`) failed with MAX_PARAMETERS_EXCEEDED. The launch
// itself is covered at 100,000 prospects by test/launch/launch-100k.test.ts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedElsewhere } from "../../src/accounts/accounts.js";
import { type Campaign, createCampaign } from "../../src/campaigns/campaigns.js";
import { takeAcceptedConnections } from "../../src/campaigns/migrate-connections.js";
import type { AppContext } from "../../src/context.js";
import { postDigest } from "../../src/delivery/digest.js";
import { processStoredEvent } from "../../src/delivery/webhooks.js";
import { remainingSequences } from "../../src/planning/account-plan.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { testContext } from "../support/context.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** More values than one statement may carry as parameters. */
const MANY = 70_000;

let db: TestDatabase;
let ctx: AppContext;
beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db);
});
afterAll(() => db?.drop());

let teams = 0;
async function workspaceWithAccount(): Promise<{ workspaceId: string; accountId: string; unipileAccountId: string }> {
  teams += 1;
  const workspaceId = await ensureWorkspace(db.sql, `T0BULK${teams}`);
  const unipileAccountId = `bulk-account-${teams}`;
  const [account] = await db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, provider_id)
    values (${workspaceId}, ${unipileAccountId}, 'Bulk account', 'America/New_York', ${`ACoAAOWN${teams}`}) returning id`;
  return { workspaceId, accountId: account!.id, unipileAccountId };
}

async function campaign(workspaceId: string, accountId: string, type: "messenger" | "connector", status: string): Promise<Campaign> {
  const created = await db.sql.begin((tx) =>
    createCampaign(tx, {
      workspaceId,
      name: `Bulk ${type} ${randomUUID().slice(0, 6)}`,
      campaignType: type,
      accountId,
      templates: { connection_request: "Hi {first_name}", follow_up_messages: ["Following up"], follow_up_delays: [3] },
      timeZone: "America/New_York",
      windowStart: "09:00",
      windowEnd: "17:00",
      sendingDays: [1, 2, 3, 4, 5],
      holidayCountry: "US",
      createdBy: "U0BULK",
    }),
  );
  const [row] = await db.sql<Campaign[]>`update campaigns set status = ${status} where id = ${created.id} returning *`;
  return row!;
}

/** `count` prospects of the campaign, `bulk-<n>` with provider id `ACoAABULK<n>`, in one statement. */
async function prospects(c: Campaign, count: number, status: string, extra: { accepted?: boolean } = {}): Promise<void> {
  await db.sql`
    insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                    provider_id, connection_degree, status, connection_accepted_at)
    select ${c.id}, ${c.workspace_id}, 'First' || n, 'Last' || n, 'https://www.linkedin.com/in/bulk-' || n || '/', 'bulk-' || n,
           'ACoAABULK' || n, 'FIRST_DEGREE', ${status}, ${extra.accepted ? ctx.clock.now() : null}
    from generate_series(1, ${count}) as n`;
}

// Tens of thousands of rows per test on a shared two-core machine: a minute, not the default 30 s.
describe(`statements with more than 65,535 values (${MANY})`, { timeout: 180_000 }, () => {
  it("linkedElsewhere: which of 70,000 Unipile accounts another workspace has linked", async () => {
    const other = await workspaceWithAccount();
    const mine = await workspaceWithAccount();
    const ids = [...Array.from({ length: MANY - 1 }, (_, i) => `unknown-account-${i}`), other.unipileAccountId];
    expect(await linkedElsewhere(db.sql, mine.workspaceId, ids)).toEqual(new Set([other.unipileAccountId]));
  });

  it("remainingSequences: the queue of 70,000 campaigns read at once", async () => {
    const { workspaceId, accountId } = await workspaceWithAccount();
    const active = await campaign(workspaceId, accountId, "messenger", "active");
    await prospects(active, 1, "connected");
    const [prospect] = await db.sql<{ id: string }[]>`select id from campaign_prospects where campaign_id = ${active.id}`;
    await db.sql`insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for)
                 values (${active.id}, ${prospect!.id}, ${accountId}, 'direct_message_1', 0, ${ctx.clock.now()})`;
    // One real campaign among 69,999 that have no rows: only its row comes back.
    const many = [...Array.from({ length: MANY - 1 }, () => ({ ...active, id: randomUUID() })), active];
    const sequences = await remainingSequences(db.sql, many);
    expect(sequences.map((s) => [s.campaignId, s.prospectKey, s.steps.length])).toEqual([[active.id, prospect!.id, 1]]);
  });

  it("takeAcceptedConnections: 70,000 accepted connections move to a messenger campaign", async () => {
    const { workspaceId, accountId } = await workspaceWithAccount();
    const connector = await campaign(workspaceId, accountId, "connector", "active");
    const messenger = await campaign(workspaceId, accountId, "messenger", "draft");
    await prospects(connector, MANY, "connected", { accepted: true });
    const result = await db.sql.begin((tx) => takeAcceptedConnections(tx, messenger, connector));
    expect(result).toEqual({ moved: MANY, skipped: 0 });
    const counts = await db.sql<{ campaign_id: string; status: string; n: number }[]>`
      select campaign_id, status, count(*)::int as n from campaign_prospects
      where campaign_id in (${connector.id}, ${messenger.id}) group by 1, 2 order by 2`;
    expect(counts.map((row) => [row.campaign_id, row.status, row.n])).toEqual([
      [connector.id, "completed", MANY],
      [messenger.id, "pending", MANY],
    ]);
  });

  it("postDigest: 70,000 unposted failure notes are taken and marked in one digest", async () => {
    const { workspaceId, accountId } = await workspaceWithAccount();
    const active = await campaign(workspaceId, accountId, "messenger", "active");
    await db.sql`insert into campaign_notes (campaign_id, line, noted_at)
                 select ${active.id}, 'note ' || n, ${ctx.clock.now()} from generate_series(1, ${MANY}) as n`;
    expect(await postDigest(ctx, active.id)).toBe(MANY);
    const [left] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from campaign_notes where campaign_id = ${active.id} and posted_at is null`;
    expect(left!.n).toBe(0);
    const [posted] = await db.sql<{ text: string }[]>`
      select payload->>'text' as text from slack_outbox where campaign_id = ${active.id} order by id desc limit 1`;
    expect(posted!.text).toMatch(/^:warning: 70000 problems to look at:\n• note 1\n/);
  });

  it("a message webhook naming 70,000 attendees still finds the prospect who replied", async () => {
    const { workspaceId, accountId, unipileAccountId } = await workspaceWithAccount();
    const active = await campaign(workspaceId, accountId, "messenger", "active");
    await prospects(active, 1, "messaging");
    const [prospect] = await db.sql<{ id: string }[]>`select id from campaign_prospects where campaign_id = ${active.id}`;
    await db.sql`insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, status, scheduled_for, sent_at)
                 values (${active.id}, ${prospect!.id}, ${accountId}, 'direct_message_1', 0, 'sent', ${ctx.clock.now()}, ${ctx.clock.now()})`;
    const attendees = [
      ...Array.from({ length: MANY - 1 }, (_, i) => ({ attendee_provider_id: `ACoAAOTHER${i}` })),
      { attendee_provider_id: "ACoAABULK1" },
    ];
    const payload = {
      account_id: unipileAccountId,
      event: "message_received",
      chat_id: "chat-bulk-1",
      message_id: "message-bulk-1",
      message: "Thanks, tell me more",
      timestamp: ctx.clock.now().toISOString(),
      sender: { attendee_provider_id: "ACoAABULK1" },
      attendees,
    };
    const [event] = await db.sql<{ id: number }[]>`
      insert into webhook_events (source, event, dedupe_key, payload)
      values ('messaging', 'message_received', 'bulk-reply-1', ${db.sql.json(payload)}) returning id`;
    expect(await processStoredEvent(ctx, Number(event!.id))).toBe("processed");
    const [row] = await db.sql<{ status: string }[]>`select status from campaign_prospects where id = ${prospect!.id}`;
    expect(row!.status).toBe("replied");
  });
});
