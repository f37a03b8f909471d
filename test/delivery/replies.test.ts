// Replies stop a prospect: through the message_received webhook and through the look at the chat
// just before each follow-up. A message the owner typed by hand stops the sequence too; the
// echoes of our own sends do not. The real worker, the Unipile sandbox, the fake Slack and
// virtual time.
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { checkChatBeforeFollowUp, preview } from "../../src/delivery/replies.js";
import { processStoredEvent } from "../../src/delivery/webhooks.js";
import { WEBHOOK_SECRET_HEADER } from "../../src/webhooks/intake.js";
import { eventually, startTestApp, type TestApp, WEBHOOK_SECRET } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
const ACCOUNT = "sandbox-linkedin-1";
let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

interface ProspectState {
  id: string;
  status: string;
  status_reason: string | null;
  chat_id: string | null;
  provider_id: string | null;
  replied_at: Date | null;
  reply_text: string | null;
}

async function prospect(app: TestApp, identifier: string): Promise<ProspectState> {
  const [row] = await app.db.sql<ProspectState[]>`
    select id, status, status_reason, chat_id, provider_id, replied_at, reply_text from campaign_prospects
    where public_identifier = ${identifier}`;
  return row!;
}

async function rowsOf(app: TestApp, prospectId: string) {
  return app.db.sql<{ step: number; status: string }[]>`select step, status from send_queue where prospect_id = ${prospectId} order by step`;
}

/** A launched messenger campaign on the sandbox account: first message, two follow-ups 3 and 5 days later. */
async function launchMessenger(app: TestApp, people: string[]) {
  for (const identifier of people) app.sandbox.world.connect(ACCOUNT, identifier, new Date("2026-01-01T00:00:00Z"));
  const { campaign } = await draftCampaign(app.db.sql, {
    teamId: app.slack.teamId,
    window: ALWAYS,
    templates: { connection_request: "Hi {first_name}!", follow_up_messages: ["Follow-up one", "Follow-up two"], follow_up_delays: [3, 5] },
    prospects: people.map((identifier, i) => ({ identifier, firstName: `P${i + 1}`, lastName: identifier.split("-")[0] })),
    account: { min_gap_minutes: 1, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
  });
  await app.driver.command(`launch c${campaign.handle}`);
  await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");
  return campaign;
}

async function firstMessagesSent(app: TestApp, campaignId: string, count: number) {
  await drive(app, async () => {
    const [row] = await app.db.sql`select count(*)::int as n from send_queue where campaign_id = ${campaignId} and step = 0 and status = 'sent'`;
    return row!.n === count;
  });
  await app.sandbox.webhooksIdle();
  await eventually(async () => (await app.db.sql`select 1 from webhook_events where processed_at is null`).length === 0);
}

const texts = (app: TestApp) => app.slack.messages().map((message) => message.text ?? "");
const deliveriesTo = (app: TestApp, providerId: string | null) =>
  app.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message" && delivery.recipientProviderId === providerId);

async function removeSandboxWebhooks(app: TestApp) {
  for (const hook of await app.app.ctx.unipile.listWebhooks()) await app.app.ctx.unipile.deleteWebhook(hook.id);
}

describe("replies", () => {
  it("a reply webhook stops the prospect, cancels its rows and posts the first 300 characters; our own echoes stop nobody", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["ana-1st-silent", "ben-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 2);
    // The echoes of our two first messages came back as message_received and were processed.
    const [echoes] = await app.db.sql`select count(*)::int as n from webhook_events where source = 'messaging'`;
    expect(echoes!.n).toBeGreaterThanOrEqual(2);
    expect((await prospect(app, "ana-1st-silent")).status).toBe("messaging");
    expect((await prospect(app, "ben-1st-silent")).status).toBe("messaging");

    const ana = await prospect(app, "ana-1st-silent");
    const reply = `${"Thanks for reaching out, this sounds interesting. ".repeat(8)}TAIL-BEYOND-300`;
    expect(reply.length).toBeGreaterThan(300);
    app.sandbox.world.replyNow(ana.chat_id!, reply);
    await eventually(async () => (await prospect(app, "ana-1st-silent")).status === "replied");
    const stopped = await prospect(app, "ana-1st-silent");
    expect(stopped.replied_at).not.toBeNull();
    expect(stopped.reply_text).toBe(reply);
    expect((await rowsOf(app, ana.id)).map((row) => row.status)).toEqual(["sent", "cancelled", "cancelled"]);

    const notice = await eventually(() => texts(app).find((text) => text.includes("replied")));
    expect(notice).toContain("*P1 ana* replied");
    expect(notice).toContain(`>${preview(reply)}`);
    expect(preview(reply)).toHaveLength(301); // 300 characters and the ellipsis
    expect(notice).not.toContain("TAIL-BEYOND-300");

    // Ben goes on to the end; Ana gets nothing more.
    await drive(app, async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
    const ben = await prospect(app, "ben-1st-silent");
    expect(ben.status).toBe("messaging");
    expect(deliveriesTo(app, ana.provider_id)).toHaveLength(1);
    expect(deliveriesTo(app, ben.provider_id)).toHaveLength(3);
    const summary = await eventually(() => texts(app).find((text) => text.includes(":checkered_flag:")));
    expect(summary).toContain("Replied: 1 · reply rate 50%");
  });

  it("a message the owner typed by hand in the chat stops the sequence, without a reply notice", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["cara-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 1);
    const cara = await prospect(app, "cara-1st-silent");
    const world = app.sandbox.world;
    world.sendMessage(world.account(ACCOUNT)!, world.chat(cara.chat_id!)!, "Cara, typed this one myself");
    await eventually(async () => (await prospect(app, "cara-1st-silent")).status === "completed");
    expect((await prospect(app, "cara-1st-silent")).status_reason).toBe("stopped: a message was sent by hand in the chat");
    expect((await rowsOf(app, cara.id)).map((row) => row.status)).toEqual(["sent", "cancelled", "cancelled"]);
    // Nothing else to send: the campaign completes, and the hand-typed text is not posted.
    await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
    await eventually(() => texts(app).some((text) => text.includes(":checkered_flag:")));
    expect(texts(app).some((text) => text.includes("typed this one myself"))).toBe(false);
  });

  it("the same reply delivered twice is stored and processed once", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["dina-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 1);
    const dina = await prospect(app, "dina-1st-silent");
    const payload = {
      account_id: ACCOUNT,
      account_type: "LINKEDIN",
      event: "message_received",
      chat_id: dina.chat_id,
      timestamp: app.clock.now().toISOString(),
      webhook_name: "sam-campaigns-messaging",
      message_id: "msg-delivered-twice",
      message: "Happy to talk next week",
      sender: { attendee_provider_id: dina.provider_id, attendee_name: "Dina" },
      attendees: [{ attendee_provider_id: dina.provider_id }],
      attachments: [],
    };
    const post = async () => {
      const response = await request(`${app.app.url}/unipile/webhook`, {
        method: "POST",
        body: JSON.stringify(payload),
        headers: { [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      });
      return (await response.body.json()) as { duplicate: boolean };
    };
    expect(await post()).toMatchObject({ duplicate: false });
    expect(await post()).toMatchObject({ duplicate: true });
    await eventually(async () => (await prospect(app, "dina-1st-silent")).status === "replied");
    const [event] = await app.db.sql<{ id: string; processed_at: Date | null }[]>`
      select id, processed_at from webhook_events where dedupe_key = 'messaging:message_received:msg-delivered-twice'`;
    expect(event!.processed_at).not.toBeNull();
    // A job run again for the same event changes nothing.
    expect(await processStoredEvent(app.app.ctx, Number(event!.id))).toBe("already");

    // Two jobs racing over one fresh event: one processes it, the other finds it done.
    const [again] = await app.db.sql<{ id: string }[]>`
      insert into webhook_events (source, event, dedupe_key, payload, received_at)
      values ('messaging', 'message_received', 'test:race', ${app.db.sql.json({ ...payload, message_id: "msg-race" })}, ${app.clock.now()})
      returning id`;
    const results = await Promise.all([processStoredEvent(app.app.ctx, Number(again!.id)), processStoredEvent(app.app.ctx, Number(again!.id))]);
    expect(results.sort()).toEqual(["already", "processed"]);

    await eventually(() => texts(app).some((text) => text.includes("Happy to talk next week")));
    await app.sandbox.webhooksIdle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // One reply notice (issue 14 also shows the reply in the prospect's conversation message and,
    // classified interested, in the owner's DM: those are not notices).
    const inThread = app.slack.messages().filter((message) => !message.channel.startsWith("D")).map((message) => message.text ?? "");
    expect(inThread.filter((text) => text.startsWith(":speech_balloon:") && text.includes("Happy to talk next week"))).toHaveLength(1);
    expect(texts(app).filter((text) => text.includes("*Conversation with ") && text.includes("Happy to talk next week"))).toHaveLength(1);
  });

  // Issue 10: such a body was answered 500 (jsonb refused it), retried by Unipile until it gave
  // up, and the reply was found only by the look at the chat before the next follow-up.
  it("a reply webhook with \\u0000 and a lone surrogate in its text stops the prospect and is posted clean", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["eli-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 1);
    const eli = await prospect(app, "eli-1st-silent");
    const body = JSON.stringify({
      account_id: ACCOUNT,
      account_type: "LINKEDIN",
      event: "message_received",
      chat_id: eli.chat_id,
      timestamp: app.clock.now().toISOString(),
      message_id: "msg-with-nul",
      message: "MESSAGE",
      sender: { attendee_provider_id: eli.provider_id, attendee_name: "Eli" },
      attendees: [{ attendee_provider_id: eli.provider_id }],
    }).replace("MESSAGE", "Sure\\u0000, call me \\ud800tomorrow");
    const response = await request(`${app.app.url}/unipile/webhook`, {
      method: "POST",
      body,
      headers: { [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
    });
    expect(response.statusCode).toBe(200);
    await response.body.dump();
    await eventually(async () => (await prospect(app, "eli-1st-silent")).status === "replied");
    expect((await prospect(app, "eli-1st-silent")).reply_text).toBe("Sure, call me tomorrow");
    expect((await rowsOf(app, eli.id)).map((row) => row.status)).toEqual(["sent", "cancelled", "cancelled"]);
    await eventually(() => texts(app).some((text) => text.includes(">Sure, call me tomorrow")));
  });

  it("without any webhook, the look at the chat before a follow-up finds the reply and nothing more is sent", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["emma-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 1);
    await removeSandboxWebhooks(app);
    const emma = await prospect(app, "emma-1st-silent");
    app.sandbox.world.replyNow(emma.chat_id!, "Not now, maybe in the spring");
    await drive(app, async () => (await prospect(app, "emma-1st-silent")).status === "replied");
    expect(app.sandbox.stats.calls["GET /api/v1/chats/:id/messages"]).toBeGreaterThanOrEqual(1);
    expect(await app.db.sql`select 1 from webhook_events where payload->>'message' = 'Not now, maybe in the spring'`).toHaveLength(0);
    expect(deliveriesTo(app, emma.provider_id)).toHaveLength(1);
    // The follow-up claimed for the look is released, the last one cancelled, and the campaign ends.
    expect((await rowsOf(app, emma.id)).map((row) => row.status)).toEqual(["sent", "cancelled", "cancelled"]);
    await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
    await eventually(() => texts(app).some((text) => text.includes(">Not now, maybe in the spring")));
  });

  it("checkChatBeforeFollowUp: only our messages → none; a hand-typed one → manual", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["finn-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 1);
    await removeSandboxWebhooks(app);
    const finn = await prospect(app, "finn-1st-silent");
    const input = { prospectId: finn.id, chatId: finn.chat_id!, unipileAccountId: ACCOUNT, lastSentAt: new Date(0) };
    expect(await checkChatBeforeFollowUp(app.app.ctx, input)).toBe("none");
    expect((await prospect(app, "finn-1st-silent")).status).toBe("messaging");

    const world = app.sandbox.world;
    world.sendMessage(world.account(ACCOUNT)!, world.chat(finn.chat_id!)!, "Finn — call tomorrow at 10?");
    expect(await checkChatBeforeFollowUp(app.app.ctx, input)).toBe("manual");
    const after = await prospect(app, "finn-1st-silent");
    expect(after).toMatchObject({ status: "completed", status_reason: "stopped: a message was sent by hand in the chat" });
    expect((await rowsOf(app, finn.id)).map((row) => row.status)).toEqual(["sent", "cancelled", "cancelled"]);
    await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
  });

  it("checkChatBeforeFollowUp: a stored chat that is gone (404) does not fail the prospect; the person's chats are read instead", async () => {
    t = await startTestApp();
    const app = t;
    await launchMessenger(app, ["gina-1st-silent"]);
    const [campaign] = await app.db.sql<{ id: string }[]>`select id from campaigns`;
    await firstMessagesSent(app, campaign!.id, 1);
    await removeSandboxWebhooks(app);
    const gina = await prospect(app, "gina-1st-silent");
    const input = { prospectId: gina.id, chatId: "chat-that-is-gone", unipileAccountId: ACCOUNT, lastSentAt: new Date(0) };
    expect(await checkChatBeforeFollowUp(app.app.ctx, input)).toBe("none");
    app.sandbox.world.replyNow(gina.chat_id!, "Yes, let's talk");
    expect(await checkChatBeforeFollowUp(app.app.ctx, input)).toBe("replied");
    expect((await prospect(app, "gina-1st-silent")).status).toBe("replied");
  });
});
