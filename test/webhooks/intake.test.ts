// POST /unipile/webhook over real HTTP: the secret header is required, events are stored once,
// and each stored event gets exactly one processing job.
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/log.js";
import { processStoredEvent } from "../../src/delivery/webhooks.js";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import type { ProspectRow } from "../../src/delivery/claim.js";
import { recordSent } from "../../src/delivery/outcome.js";
import type { AccountRow } from "../../src/planning/rules.js";
import { webhookEventJobKey } from "../../src/webhooks/own-echo.js";
import { WEBHOOK_SECRET_HEADER, webhookIntake } from "../../src/webhooks/intake.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testContext } from "../support/context.js";
import { seedCampaign } from "../support/seed.js";

const SECRET = "whsec-test-0123456789";
let db: TestDatabase;
let http: HttpServer;
let ctx: ReturnType<typeof testContext>;

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db);
  http = await startHttpServer(
    0,
    { slackEvents: null, unipileWebhook: webhookIntake(ctx, () => SECRET), health: async () => ({ ok: true, body: {} }) },
    createLogger(),
  );
});
afterAll(async () => {
  await http.close();
  await db.drop();
});

const newRelation = {
  event: "new_relation",
  account_id: "acc-1",
  account_type: "LINKEDIN",
  webhook_name: "sam",
  user_full_name: "Jane Doe",
  user_provider_id: "ACoAAJaneDoe0000000000000000000000000",
  user_public_identifier: "janedoe456",
  user_profile_url: "https://www.linkedin.com/in/janedoe456/",
  user_picture_url: null,
};

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await request(`${http.url}/unipile/webhook`, {
    method: "POST",
    body: JSON.stringify(body),
    headers,
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

/** Posts a body exactly as given (JSON.stringify cannot write every hostile body). */
async function postRaw(body: string) {
  const response = await request(`${http.url}/unipile/webhook`, {
    method: "POST",
    body,
    headers: { [WEBHOOK_SECRET_HEADER]: SECRET },
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

async function counts() {
  const [events] = await db.sql`select count(*)::int as n from webhook_events`;
  const [jobs] = await db.sql`
    select count(*)::int as n from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'process-webhook-event'`;
  return { events: events!.n as number, jobs: jobs!.n as number };
}

describe("Unipile webhook intake", () => {
  it("refuses a delivery without the secret header, and stores nothing", async () => {
    expect((await post(newRelation)).status).toBe(401);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("refuses a wrong secret, and stores nothing", async () => {
    expect((await post(newRelation, { [WEBHOOK_SECRET_HEADER]: "whsec-wrong" })).status).toBe(401);
    expect((await post(newRelation, { [WEBHOOK_SECRET_HEADER]: `${SECRET}x` })).status).toBe(401);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("stores a valid event once even when it is delivered twice, with one processing job", async () => {
    const first = await post(newRelation, { [WEBHOOK_SECRET_HEADER]: SECRET });
    const second = await post(newRelation, { [WEBHOOK_SECRET_HEADER]: SECRET });
    expect(first).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    expect(second).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(await counts()).toEqual({ events: 1, jobs: 1 });
    const [stored] = await db.sql`select source, event, payload from webhook_events`;
    expect(stored).toMatchObject({ source: "users", event: "new_relation", payload: newRelation });
  });

  it("keeps distinct messages apart and parses JSON whatever the content type", async () => {
    const message = (id: string) => ({
      account_id: "acc-1",
      event: "message_received",
      chat_id: "chat-1",
      message_id: id,
      message: "Thanks!",
      sender: { attendee_provider_id: "ACoAAJaneDoe0000000000000000000000000" },
    });
    await post(message("m-1"), { [WEBHOOK_SECRET_HEADER]: SECRET, "content-type": "text/plain" });
    await post(message("m-2"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    await post(message("m-1"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    expect(await counts()).toEqual({ events: 3, jobs: 3 });
  });

  it("stores the echo of our own send already processed, with no job; the same id from another account is processed", async () => {
    const ours = await seedCampaign(db.sql, { teamId: "T_ECHO", unipileAccountId: "acc-echo", sentFirstMessages: 2 });
    await seedCampaign(db.sql, { teamId: "T_OTHER", unipileAccountId: "acc-other" });
    const setId = (prospect: number, id: string, status: string) =>
      db.sql`update send_queue set unipile_message_id = ${id}, status = ${status},
                   sent_at = case when ${status} = 'sent' then coalesce(sent_at, now()) end where prospect_id = ${ours.prospectIds[prospect]!} and step = 0`;
    await setId(0, "msg-ours", "sent");
    await setId(1, "msg-cross", "sent");
    // A send whose outcome is not recorded yet: nobody can tell it is ours without the full check.
    await setId(2, "msg-in-flight", "sending");
    const message = (accountId: string, messageId: string) => ({
      account_id: accountId,
      event: "message_received",
      chat_id: "chat-echo",
      message_id: messageId,
      message: "Hi Prospect1",
      sender: { attendee_provider_id: "ACoAAOwnAccount" },
    });
    const before = await counts();
    await post(message("acc-echo", "msg-ours"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    expect(await counts()).toEqual({ events: before.events + 1, jobs: before.jobs });
    const [settled] = await db.sql`select processed_at, received_at from webhook_events where dedupe_key = 'messaging:message_received:msg-ours'`;
    expect(settled!.processed_at).toEqual(settled!.received_at);

    await post(message("acc-other", "msg-cross"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    await post(message("acc-echo", "msg-in-flight"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    expect(await counts()).toEqual({ events: before.events + 3, jobs: before.jobs + 2 });
    const unprocessed = await db.sql`select dedupe_key from webhook_events where processed_at is null and dedupe_key like '%:msg-%' order by id`;
    expect(unprocessed.map((row) => row.dedupe_key)).toEqual([
      "messaging:message_received:msg-cross",
      "messaging:message_received:msg-in-flight",
    ]);

    // The send's outcome is recorded after its echo was stored: the job knows the echo by its id,
    // even where the long way would not (no text of ours recorded to compare with), and the
    // prospect is not taken for someone the account wrote to by hand.
    await db.sql`update campaign_prospects set chat_id = 'chat-echo' where id = ${ours.prospectIds[2]!}`;
    await setId(2, "msg-in-flight", "sent");
    const [event] = await db.sql`select id from webhook_events where dedupe_key = 'messaging:message_received:msg-in-flight'`;
    expect(await processStoredEvent(ctx, Number(event!.id))).toBe("processed");
    const [prospect] = await db.sql`select status from campaign_prospects where id = ${ours.prospectIds[2]!}`;
    const pending = await db.sql`select 1 from send_queue where prospect_id = ${ours.prospectIds[2]!} and status = 'pending'`;
    expect({ status: prospect!.status, pending: pending.length }).toEqual({ status: "connected", pending: 2 });
  });

  it("an echo stored before its send's outcome is settled by the outcome's statement, which removes its job", async () => {
    const seeded = await seedCampaign(db.sql, { teamId: "T_EARLY", unipileAccountId: "acc-early", prospects: 1 });
    const [queued] = await db.sql<{ id: string }[]>`
      update send_queue set status = 'sending', attempts = 1, sent_text = 'Hi Prospect1'
      where prospect_id = ${seeded.prospectIds[0]!} and step = 0 returning id`;
    // Unipile reports the message before our send's answer is recorded: stored unprocessed, with its job.
    const echo = {
      account_id: "acc-early",
      event: "message_received",
      chat_id: "chat-early",
      message_id: "msg-early",
      message: "Hi Prospect1",
      sender: { attendee_provider_id: "ACoAAOwnAccount" },
    };
    expect((await post(echo, { [WEBHOOK_SECRET_HEADER]: SECRET })).status).toBe(200);
    const [event] = await db.sql<{ id: string }[]>`
      select id from webhook_events where dedupe_key = 'messaging:message_received:msg-early' and processed_at is null`;
    const jobOf = () => db.sql`select 1 from graphile_worker._private_jobs where key = ${webhookEventJobKey(event!.id)}`;
    expect(await jobOf()).toHaveLength(1);

    const [campaign] = await db.sql<Campaign[]>`select * from campaigns where id = ${seeded.campaignId}`;
    const [account] = await db.sql<AccountRow[]>`select * from workspace_accounts where id = ${seeded.accountId}`;
    const [prospect] = await db.sql<ProspectRow[]>`select * from campaign_prospects where id = ${seeded.prospectIds[0]!}`;
    const recorded = await recordSent(
      ctx,
      {
        id: queued!.id,
        campaign: campaign!,
        account: account!,
        prospect: prospect!,
        messageType: "direct_message_1",
        step: 0,
        text: "Hi Prospect1",
        attempts: 1,
        previousSentAt: null,
        othersDue: false,
      },
      { chatId: "chat-early", messageId: "msg-early", invitationId: null },
    );
    expect(recorded?.at).toBeInstanceOf(Date);
    const [settled] = await db.sql`select processed_at from webhook_events where id = ${event!.id}`;
    expect(settled!.processed_at).toEqual(recorded!.at);
    expect(await jobOf()).toHaveLength(0);
    // The next message of the prospect (step 1, three days on) is when the account is next due.
    const [next] = await db.sql<{ at: Date }[]>`
      select scheduled_for as at from send_queue where prospect_id = ${seeded.prospectIds[0]!} and step = 1`;
    expect(recorded!.accountNextDue?.toISOString()).toBe(next!.at.toISOString());
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const response = await request(`${http.url}/unipile/webhook`, {
      method: "POST",
      body: "not json",
      headers: { [WEBHOOK_SECRET_HEADER]: SECRET },
    });
    expect(response.statusCode).toBe(400);
    await response.body.dump();
  });

  // Issue 10: jsonb refuses \u0000 and lone surrogates, so such a body was answered 500 and
  // Unipile's retries met the same refusal until they gave up: the event was lost.
  it("stores a body with \\u0000 and lone surrogates cleaned, and processes it", async () => {
    const before = await counts();
    const raw =
      '{"account_id":"acc-nul","event":"message_received","chat_id":"chat-nul","message_id":"m-nul",' +
      '"message":"Hi\\u0000 there \\ud800!\\udfff \\ud83d\\ude00","sender":{"attendee_provider_id":"ACoAA\\u0000x"},"k\\u0000ey":"v"}';
    expect(await postRaw(raw)).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    expect(await counts()).toEqual({ events: before.events + 1, jobs: before.jobs + 1 });
    const [stored] = await db.sql<{ id: string; payload: Record<string, unknown> }[]>`
      select id, payload from webhook_events where dedupe_key = 'messaging:message_received:m-nul'`;
    expect(stored!.payload).toEqual({
      account_id: "acc-nul",
      event: "message_received",
      chat_id: "chat-nul",
      message_id: "m-nul",
      message: "Hi there ! 😀",
      sender: { attendee_provider_id: "ACoAAx" },
      key: "v",
    });
    expect(await processStoredEvent(ctx, Number(stored!.id))).toBe("processed");
    const [after] = await db.sql`select processed_at, error from webhook_events where id = ${stored!.id}`;
    expect(after!.processed_at).not.toBeNull();
    expect(after!.error).toBeNull();
  });

  it("answers 422 to an object nested 100,000 levels deep, and stores nothing", async () => {
    const before = await counts();
    const depth = 100_000;
    const raw = `{"event":"message_received","message_id":"m-deep","data":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    expect(await postRaw(raw)).toEqual({ status: 422, body: { error: "the JSON body is nested more than 64 levels deep" } });
    expect(await counts()).toEqual(before);
  });

  it("answers 400 to an array nested 100,000 levels deep, and stores nothing", async () => {
    const before = await counts();
    const raw = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect((await postRaw(raw)).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("stores an event whose id is 10,000 characters long once", async () => {
    const before = await counts();
    let state = 11;
    const id = Array.from({ length: 10_000 }, () => {
      state = (state * 48_271) % 2_147_483_647;
      return String.fromCharCode(33 + (state % 90));
    }).join("");
    const message = { account_id: "acc-1", event: "message_received", chat_id: "chat-1", message_id: id, message: "Hi" };
    expect(await post(message, { [WEBHOOK_SECRET_HEADER]: SECRET })).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    expect(await post(message, { [WEBHOOK_SECRET_HEADER]: SECRET })).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(await counts()).toEqual({ events: before.events + 1, jobs: before.jobs + 1 });
  });
});
