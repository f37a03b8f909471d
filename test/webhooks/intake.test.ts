// POST /unipile/webhook over real HTTP: the secret header is required, events are stored once,
// and each stored event gets exactly one processing job.
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/log.js";
import { processStoredEvent } from "../../src/delivery/webhooks.js";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import type { ClaimedRow, ProspectRow } from "../../src/delivery/claim.js";
import { recordFailure, recordSent } from "../../src/delivery/outcome.js";
import { UnipileError } from "../../src/unipile/errors.js";
import type { AccountRow } from "../../src/planning/rules.js";
import { releaseLongWaitingEvents, webhookEventJobKey } from "../../src/webhooks/own-echo.js";
import { WEBHOOK_SECRET_HEADER, webhookIntake } from "../../src/webhooks/intake.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testContext } from "../support/context.js";
import { seedCampaign } from "../support/seed.js";
import { eventually } from "../support/app.js";

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

/** A messaging webhook's message_received body, with the fields the intake and the processing read. */
function messageReceived(message: { account: string; chat: string; id: string; text: string; sender: string }) {
  return {
    account_id: message.account,
    event: "message_received",
    chat_id: message.chat,
    message_id: message.id,
    message: message.text,
    sender: { attendee_provider_id: message.sender },
  };
}

/** The processing jobs of a stored event (0 or 1). */
async function jobsOf(eventId: string | number) {
  return (await db.sql`select 1 from graphile_worker._private_jobs where key = ${webhookEventJobKey(eventId)}`).length;
}

/** The first message of a seeded campaign's prospect as the claim hands it to the outcome (row 'sending'). */
async function claimedRowOf(seeded: { campaignId: string; accountId: string; prospectIds: string[] }, rowId: string): Promise<ClaimedRow> {
  const [campaign] = await db.sql<Campaign[]>`select * from campaigns where id = ${seeded.campaignId}`;
  const [account] = await db.sql<AccountRow[]>`select * from workspace_accounts where id = ${seeded.accountId}`;
  const [prospect] = await db.sql<ProspectRow[]>`select * from campaign_prospects where id = ${seeded.prospectIds[0]!}`;
  return {
    id: rowId,
    campaign: campaign!,
    account: account!,
    prospect: prospect!,
    messageType: "direct_message_1",
    step: 0,
    text: "Hi Prospect1",
    attempts: 1,
    previousSentAt: null,
    othersDue: false,
  };
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
    const message = (id: string) =>
      messageReceived({ account: "acc-1", chat: "chat-1", id, text: "Thanks!", sender: "ACoAAJaneDoe0000000000000000000000000" });
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
    const message = (account: string, id: string) =>
      messageReceived({ account, chat: "chat-echo", id, text: "Hi Prospect1", sender: "ACoAAOwnAccount" });
    const before = await counts();
    await post(message("acc-echo", "msg-ours"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    expect(await counts()).toEqual({ events: before.events + 1, jobs: before.jobs });
    const [settled] = await db.sql`select processed_at, received_at from webhook_events where dedupe_key = 'messaging:message_received:msg-ours'`;
    expect(settled!.processed_at).toEqual(settled!.received_at);

    await post(message("acc-other", "msg-cross"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    await post(message("acc-echo", "msg-in-flight"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    // The other account's message gets its job; the one that came while acc-echo has a send in
    // flight waits for that send's outcome, without one.
    expect(await counts()).toEqual({ events: before.events + 3, jobs: before.jobs + 1 });
    const unprocessed = await db.sql`
      select dedupe_key, waits_for_send_since is not null as waiting from webhook_events
      where processed_at is null and dedupe_key like '%:msg-%' order by id`;
    expect(unprocessed.map((row) => [row.dedupe_key, row.waiting])).toEqual([
      ["messaging:message_received:msg-cross", false],
      ["messaging:message_received:msg-in-flight", true],
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

  it("events that come while the account's send is in flight wait for its outcome: its echo is settled, the rest get their jobs", async () => {
    const seeded = await seedCampaign(db.sql, { teamId: "T_EARLY", unipileAccountId: "acc-early", prospects: 1 });
    const [queued] = await db.sql<{ id: string }[]>`
      update send_queue set status = 'sending', attempts = 1, sent_text = 'Hi Prospect1'
      where prospect_id = ${seeded.prospectIds[0]!} and step = 0 returning id`;
    const message = (id: string, text: string, sender: string) => messageReceived({ account: "acc-early", chat: "chat-early", id, text, sender });
    // Unipile reports the message before our send's answer is recorded, and the prospect writes
    // in the same instant: both stored unprocessed, waiting for the send, with no job.
    const before = await counts();
    expect((await post(message("msg-early", "Hi Prospect1", "ACoAAOwnAccount"), { [WEBHOOK_SECRET_HEADER]: SECRET })).status).toBe(200);
    expect((await post(message("msg-reply", "Hello!", "ACoAAProspect1"), { [WEBHOOK_SECRET_HEADER]: SECRET })).status).toBe(200);
    expect(await counts()).toEqual({ events: before.events + 2, jobs: before.jobs });
    const eventOf = async (messageId: string) => {
      const [row] = await db.sql<{ id: string; processed_at: Date | null; waiting: boolean }[]>`
        select id, processed_at, waits_for_send_since is not null as waiting from webhook_events
        where dedupe_key = ${`messaging:message_received:${messageId}`}`;
      return { ...row!, jobs: await jobsOf(row!.id) };
    };
    expect(await eventOf("msg-early")).toMatchObject({ processed_at: null, waiting: true, jobs: 0 });

    const recorded = await recordSent(
      ctx,
      await claimedRowOf(seeded, queued!.id),
      { chatId: "chat-early", messageId: "msg-early", invitationId: null },
    );
    expect(recorded?.at).toBeInstanceOf(Date);
    // The echo: processed by the outcome's statement, never a job. The reply: its job now.
    expect(await eventOf("msg-early")).toEqual(expect.objectContaining({ processed_at: recorded!.at, waiting: false, jobs: 0 }));
    expect(await eventOf("msg-reply")).toEqual(expect.objectContaining({ processed_at: null, waiting: false, jobs: 1 }));
    // The next message of the prospect (step 1, three days on) is when the account is next due.
    const [next] = await db.sql<{ at: Date }[]>`
      select scheduled_for as at from send_queue where prospect_id = ${seeded.prospectIds[0]!} and step = 1`;
    expect(recorded!.accountNextDue?.toISOString()).toBe(next!.at.toISOString());
  });

  it("an echo the intake stores while the send's outcome waits for the row (the intake's lock) is still settled by that outcome", async () => {
    const seeded = await seedCampaign(db.sql, { teamId: "T_RACE", unipileAccountId: "acc-race", prospects: 1 });
    const [queued] = await db.sql<{ id: string }[]>`
      update send_queue set status = 'sending', attempts = 1, sent_text = 'Hi Prospect1'
      where prospect_id = ${seeded.prospectIds[0]!} and step = 0 returning id`;
    const row = await claimedRowOf(seeded, queued!.id);
    let outcome: ReturnType<typeof recordSent> | undefined;
    // What the intake's statement does, held open: the send's row locked FOR SHARE, the echo
    // stored waiting. The outcome starts meanwhile and waits for the row.
    await db.sql.begin(async (tx) => {
      await tx`select 1 from send_queue where id = ${queued!.id} for share`;
      await tx`
        insert into webhook_events (source, event, dedupe_key, payload, received_at, waits_for_send_since)
        values ('messaging', 'message_received', 'messaging:message_received:msg-race',
                ${tx.json({ account_id: "acc-race", event: "message_received", message_id: "msg-race" })}, now(), now())`;
      outcome = recordSent(ctx, row, { chatId: "chat-race", messageId: "msg-race", invitationId: null });
      await eventually(async () =>
        (await db.sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%with sent as%'`).length === 1,
      );
    });
    const recorded = await outcome!;
    const [event] = await db.sql<{ processed_at: Date | null; waiting: boolean }[]>`
      select processed_at, waits_for_send_since is not null as waiting from webhook_events
      where dedupe_key = 'messaging:message_received:msg-race'`;
    expect(event).toEqual({ processed_at: recorded!.at, waiting: false });
  });

  it("an event waiting for a send that fails gets its job from the failure's outcome", async () => {
    const seeded = await seedCampaign(db.sql, { teamId: "T_FAILED", unipileAccountId: "acc-failed", prospects: 1 });
    const [queued] = await db.sql<{ id: string }[]>`
      update send_queue set status = 'sending', attempts = 1, sent_text = 'Hi Prospect1'
      where prospect_id = ${seeded.prospectIds[0]!} and step = 0 returning id`;
    const body = messageReceived({ account: "acc-failed", chat: "chat-failed", id: "msg-while-failing", text: "Are you there?", sender: "ACoAAProspect1" });
    expect((await post(body, { [WEBHOOK_SECRET_HEADER]: SECRET })).status).toBe(200);
    const [event] = await db.sql<{ id: string; waiting: boolean }[]>`
      select id, waits_for_send_since is not null as waiting from webhook_events where dedupe_key = 'messaging:message_received:msg-while-failing'`;
    expect(event!.waiting).toBe(true);
    await recordFailure(
      ctx,
      await claimedRowOf(seeded, queued!.id),
      // A passing fault (Unipile answered 503): the row goes back to pending, nothing was sent.
      new UnipileError({ type: "errors/service_unavailable", status: 503, title: "Service unavailable", method: "POST", path: "/api/v1/chats", requestSent: true }),
    );
    const [after] = await db.sql<{ waiting: boolean; status: string }[]>`
      select e.waits_for_send_since is not null as waiting, q.status from webhook_events e, send_queue q
      where e.id = ${event!.id} and q.id = ${queued!.id}`;
    expect(after).toEqual({ waiting: false, status: "pending" });
    expect(await jobsOf(event!.id)).toBe(1);
  });

  it("an event waiting for a send whose outcome never comes gets its job from the sweep after 30 seconds", async () => {
    const seeded = await seedCampaign(db.sql, { teamId: "T_STRANDED", unipileAccountId: "acc-stranded", prospects: 1 });
    await db.sql`update send_queue set status = 'sending', attempts = 1 where prospect_id = ${seeded.prospectIds[0]!} and step = 0`;
    const body = messageReceived({ account: "acc-stranded", chat: "chat-stranded", id: "msg-stranded", text: "Typed by hand", sender: "ACoAAOwnAccount" });
    expect((await post(body, { [WEBHOOK_SECRET_HEADER]: SECRET })).status).toBe(200);
    const [event] = await db.sql<{ id: string }[]>`
      select id from webhook_events where dedupe_key = 'messaging:message_received:msg-stranded' and waits_for_send_since is not null`;
    // Waiting 20 s: not yet. (The sweep's own release, run by it every minute.)
    await db.sql`update webhook_events set waits_for_send_since = now() - interval '20 seconds' where id = ${event!.id}`;
    expect(await releaseLongWaitingEvents(db.sql, ctx.clock)).toBe(0);
    expect(await jobsOf(event!.id)).toBe(0);
    await db.sql`update webhook_events set waits_for_send_since = now() - interval '31 seconds' where id = ${event!.id}`;
    expect(await releaseLongWaitingEvents(db.sql, ctx.clock)).toBe(1);
    expect(await jobsOf(event!.id)).toBe(1);
    const [job] = await db.sql<{ payload: { eventId: number; _due: string } }[]>`
      select payload from graphile_worker._private_jobs where key = ${webhookEventJobKey(event!.id)}`;
    expect(job!.payload.eventId).toBe(Number(event!.id));
    // The job finds it is not an echo of ours and processes it.
    expect(await processStoredEvent(ctx, Number(event!.id))).toBe("processed");
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
