// Acceptance 2 and 3 of issue 14: a conversation keeps appearing in the campaign thread grouped
// per prospect (one conversation message each, edited with the latest exchange, plus a thread
// reply per new reply), including messages typed by hand on LinkedIn, once each however often
// Unipile delivers them; each reply is classified (stored, shown), Mark as… overrides the label
// and is kept as evaluation data, and an interested reply DMs the campaign's owner. Realistic
// reply texts through the real offline classifier, the sandbox, the fake Slack and the worker.
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { WEBHOOK_SECRET_HEADER } from "../../src/webhooks/intake.js";
import { eventually, startTestApp, type TestApp, WEBHOOK_SECRET } from "../support/app.js";
import { runFor } from "../support/drive.js";
import { DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";
import { sentToSlack, unsafeSlackText } from "../support/slack-text-safety.js";
import {
  ACCOUNT,
  card,
  chooseMark,
  clickReply,
  firstMessagesSent,
  launchMessenger,
  posted,
  prospect,
  replyButtonValue,
  webhooksDone,
} from "./helpers.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function stored(app: TestApp, prospectId: string) {
  return app.db.sql<
    {
      direction: string;
      origin: string;
      text: string;
      label: string | null;
      confidence: string | null;
      label_source: string | null;
      marked_as: string | null;
    }[]
  >`
    select direction, origin, text, label, confidence::text, label_source, marked_as from conversation_messages
    where prospect_id = ${prospectId} order by at, id`;
}

const dmsTo = (app: TestApp, user: string) =>
  app.slack.callsTo("chat.postMessage").filter((call) => call.args.channel === user && call.ok);

describe("a conversation in the thread", () => {
  it("later replies and a message typed by hand on LinkedIn appear grouped per prospect, once each", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["ana-1st-silent", "ben-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 2);
    const ana = await prospect(app, "ana-1st-silent");
    const ben = await prospect(app, "ben-1st-silent");
    const world = app.sandbox.world;

    world.replyNow(ana.chat_id!, "Thanks for reaching out! How does the pricing work for a team of 12?");
    await posted(app, "*P1 ana* replied");
    world.replyNow(
      ben.chat_id!,
      "Hi, we already use a similar tool, but happy to compare. What makes yours different?",
    );
    await posted(app, "*P2 ben* replied");
    // Ana writes again, and the account's owner answers her by hand on LinkedIn.
    world.replyNow(ana.chat_id!, "Also, do you integrate with HubSpot?");
    const again = await posted(app, "*P1 ana* wrote again");
    expect(again.text).toContain(">Also, do you integrate with HubSpot?");
    await webhooksDone(app);
    world.sendMessage(
      world.account(ACCOUNT)!,
      world.chat(ana.chat_id!)!,
      "Yes, HubSpot and Salesforce both. I'll send you the setup guide.",
    );
    await webhooksDone(app);

    const anaCard = await card(app, "P1 ana", "typed on LinkedIn");
    expect(anaCard.message.text).toContain("*Conversation with P1 ana* · 3 messages");
    expect(anaCard.all).toContain(">Thanks for reaching out! How does the pricing work for a team of 12?");
    expect(anaCard.all).toContain(">Also, do you integrate with HubSpot?");
    expect(anaCard.all).toContain(">Yes, HubSpot and Salesforce both. I'll send you the setup guide.");
    expect(anaCard.all).not.toContain("similar tool");
    expect(anaCard.message.updates).toBeGreaterThanOrEqual(2);
    const benCard = await card(app, "P2 ben");
    expect(benCard.message.text).toContain("*Conversation with P2 ben* · 1 message");
    expect(benCard.all).not.toContain("HubSpot");
    // One conversation message per prospect, in the campaign thread.
    const cards = app.slack.messages().filter((m) => (m.text ?? "").includes("*Conversation with "));
    expect(cards).toHaveLength(2);
    expect(new Set(cards.map((m) => m.thread_ts))).toEqual(new Set([again.thread_ts]));
    // The hand-typed answer is not a reply: no notice of its own, and it is stored as ours.
    expect(
      app.slack
        .messages()
        .filter(
          (m) =>
            (m.text ?? "").includes("I'll send you the setup guide") &&
            !(m.text ?? "").includes("Conversation with"),
        ),
    ).toHaveLength(0);
    expect((await stored(app, ana.id)).map((row) => `${row.direction}/${row.origin}`)).toEqual([
      "inbound/prospect",
      "inbound/prospect",
      "outbound/by_hand",
    ]);

    // Unipile delivers Ana's second message again: nothing new is stored or posted.
    const last = world
      .chat(ana.chat_id!)!
      .messages.filter((m) => !m.isSender)
      .at(-1)!;
    const posts = app.slack.callsTo("chat.postMessage").length;
    const response = await request(`${app.app.url}/unipile/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      body: JSON.stringify({
        account_id: ACCOUNT,
        account_type: "LINKEDIN",
        event: "message_received",
        chat_id: ana.chat_id,
        timestamp: last.timestamp.toISOString(),
        webhook_name: "sam-campaigns-messaging",
        message_id: last.id,
        message: last.text,
        sender: { attendee_provider_id: ana.provider_id },
        attendees: [{ attendee_provider_id: ana.provider_id }],
        attachments: [],
      }),
    });
    expect(response.statusCode).toBeLessThan(300);
    await webhooksDone(app);
    expect(await stored(app, ana.id)).toHaveLength(3);
    expect(app.slack.callsTo("chat.postMessage")).toHaveLength(posts);
  });

  it("without webhooks, the conversation's later messages (theirs and typed by hand) are found by reading the chat every 6 hours", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["ana-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 1);
    const ana = await prospect(app, "ana-1st-silent");
    const world = app.sandbox.world;
    world.replyNow(ana.chat_id!, "Thanks! Can you send me a short overview by email?");
    await posted(app, "*P1 ana* replied");
    await webhooksDone(app);
    // Unipile stops calling us.
    for (const hook of await app.app.ctx.unipile.listWebhooks())
      await app.app.ctx.unipile.deleteWebhook(hook.id);
    await runFor(app, 3_600_000);
    world.replyNow(ana.chat_id!, "Actually, a quick call would be easier. Tuesday?");
    await runFor(app, 60_000);
    world.sendMessage(
      world.account(ACCOUNT)!,
      world.chat(ana.chat_id!)!,
      "Tuesday 3pm works, sending an invite now.",
    );
    await runFor(app, 6 * 3_600_000);
    const again = await posted(app, "*P1 ana* wrote again");
    expect(again.text).toContain(">Actually, a quick call would be easier. Tuesday?");
    const anaCard = await card(app, "P1 ana", "Tuesday 3pm works");
    expect(anaCard.message.text).toContain("· 3 messages");
    expect((await stored(app, ana.id)).map((row) => `${row.direction}/${row.origin}`)).toEqual([
      "inbound/prospect",
      "inbound/prospect",
      "outbound/by_hand",
    ]);
    // Read again later: nothing twice.
    await runFor(app, 12 * 3_600_000);
    expect(await stored(app, ana.id)).toHaveLength(3);
    expect(
      app.slack
        .messages()
        .filter((m) => !m.channel.startsWith("D") && (m.text ?? "").includes("wrote again")),
    ).toHaveLength(1);
  });

  it("each reply's label is stored and shown; an interested one DMs the owner; Mark as… overrides it and keeps the original", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["ana-1st-silent", "ben-1st-silent"]);
    await firstMessagesSent(app, campaign.id, 2);
    const ana = await prospect(app, "ana-1st-silent");
    const ben = await prospect(app, "ben-1st-silent");

    app.sandbox.world.replyNow(
      ana.chat_id!,
      "Sounds great, I'd love to hear more. Are you free for a call on Thursday?",
    );
    const notice = await posted(app, "*P1 ana* replied");
    app.sandbox.world.replyNow(ben.chat_id!, "Not interested, thanks. We're happy with what we have.");
    const benNotice = await posted(app, "*P2 ben* replied");
    await webhooksDone(app);

    const [anaReply] = await stored(app, ana.id);
    expect(anaReply).toMatchObject({ label: "interested", label_source: "offline", marked_as: null });
    expect(Number(anaReply!.confidence)).toBeGreaterThan(0.5);
    const [benReply] = await stored(app, ben.id);
    expect(benReply!.label).toBe("not_interested");
    const shownLabel = (message: { blocks?: unknown }) =>
      (message.blocks as Array<{ type: string; elements?: Array<{ text?: string }> }>).find(
        (block) => block.type === "context",
      )!.elements![0]!.text!;
    expect(shownLabel(notice)).toBe(
      `Label: *interested* (${Math.round(Number(anaReply!.confidence) * 100)}%)`,
    );
    expect(shownLabel(benNotice)).toMatch(/^Label: \*not interested\* \(\d+%\)$/);

    // The owner (the campaign's creator) gets the interested one in their DM, with the same actions; not Ben's.
    const dm = await eventually(() => dmsTo(app, DEFAULT_USER_ID)[0]);
    expect(String(dm.args.text)).toContain("*P1 ana* replied");
    expect(JSON.stringify(dm.args.blocks)).toContain('"action_id":"conversation_reply"');
    expect(
      app.slack.messages().filter((m) => m.channel.startsWith("D") && (m.text ?? "").includes("P2 ben")),
    ).toHaveLength(0);
    expect(dmsTo(app, DEFAULT_USER_ID)).toHaveLength(1);

    // Mark as… Meeting booked: stored with who and the label it overrode, said in the thread, shown on the conversation.
    const messageId = replyButtonValue(notice);
    await chooseMark(app, messageId, "meeting_booked");
    const said = await posted(app, "marked *P1 ana*'s reply as *Meeting booked*");
    expect(said.text).toBe(
      ":label: <@U0ALICE0001> marked *P1 ana*'s reply as *Meeting booked* (the classifier said interested).",
    );
    const [marked] = await stored(app, ana.id);
    expect(marked).toMatchObject({ label: "interested", marked_as: "meeting_booked" });
    const marks = await app.db.sql`select mark, original_label, marked_by from reply_marks`;
    expect(marks).toEqual([
      { mark: "meeting_booked", original_label: "interested", marked_by: DEFAULT_USER_ID },
    ]);
    await card(app, "P1 ana", "_Meeting booked_");

    // Marked again (Do not contact): a second evaluation row, and the person is on the list.
    await chooseMark(app, replyButtonValue(benNotice), "do_not_contact");
    await posted(app, "marked *P2 ben*'s reply as *Do not contact*");
    const [listed] = await app.db.sql`select key, source, added_by, reason from do_not_contact`;
    expect(listed).toEqual({
      key: "ben-1st-silent",
      source: "action",
      added_by: DEFAULT_USER_ID,
      reason: `marked Do not contact by <@${DEFAULT_USER_ID}>`,
    });

    // Another workspace cannot mark this workspace's replies, whatever id it sends.
    app.slack.addWorkspace({ teamId: "T0OTHER0001", userId: "U0BOB000001" });
    await chooseMark(app, messageId, "not_interested", { teamId: "T0OTHER0001", userId: "U0BOB000001" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await app.db.sql`select 1 from reply_marks`).toHaveLength(2);
    expect((await stored(app, ana.id))[0]!.marked_as).toBe("meeting_booked");
  });

  it("with the owner's DM turned off for the campaign, an interested reply is only in the thread", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["ana-1st-silent"]);
    await app.db.sql`update campaigns set notify_owner_on_interested = false where id = ${campaign.id}`;
    await firstMessagesSent(app, campaign.id, 1);
    const ana = await prospect(app, "ana-1st-silent");
    app.sandbox.world.replyNow(ana.chat_id!, "Yes, very interested! Let's set up a call next week.");
    await posted(app, "*P1 ana* replied");
    await webhooksDone(app);
    expect((await stored(app, ana.id))[0]!.label).toBe("interested");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dmsTo(app, DEFAULT_USER_ID)).toHaveLength(0);
  });

  it("a hostile reply and a hostile prospect name reach Slack inert everywhere (notice, conversation message, owner's DM, modal), and a forged Reply submission from another workspace sends nothing", async () => {
    t = await startTestApp();
    const app = t;
    const campaign = await launchMessenger(app, ["ana-1st-silent"]);
    await app.db
      .sql`update campaign_prospects set first_name = ${"<!channel> Ana"}, last_name = ${"<@U0EVIL0001> & <https://evil.example|co>"}`;
    await firstMessagesSent(app, campaign.id, 1);
    const ana = await prospect(app, "ana-1st-silent");
    app.sandbox.world.replyNow(
      ana.chat_id!,
      "Yes, interested! <!here> see <https://evil.example|our deck> & @everyone <@U0EVIL0001> — let's talk next week.",
    );
    // The reply's notice itself: the campaign's daily summary ("… · replied 1 · …") may come after it.
    const notice = await posted(app, "* replied — ");
    await eventually(() => dmsTo(app, DEFAULT_USER_ID)[0]);
    const modal = await clickReply(app, replyButtonValue(notice), DEFAULT_CHANNEL_ID);
    await chooseMark(app, replyButtonValue(notice), "interested");
    await posted(app, "marked");
    await eventually(() =>
      app.slack
        .messages()
        .find(
          (m) =>
            (m.text ?? "").includes(
              "*Conversation with &lt;!channel&gt; Ana &lt;@U0EVIL0001&gt; &amp; &lt;https://evil.example|co&gt;*",
            ) && JSON.stringify(m.blocks).includes("_Interested_"),
        ),
    );
    expect(unsafeSlackText(sentToSlack(app.slack), [DEFAULT_USER_ID])).toEqual([]);

    // Another workspace submits a Reply modal naming this conversation: refused, nothing recorded or sent.
    app.slack.addWorkspace({ teamId: "T0OTHER0001", userId: "U0BOB000001" });
    const forged = await app.driver.viewSubmission(
      {
        id: modal.id,
        callback_id: "conversation_reply_modal",
        private_metadata: modal.private_metadata,
        state: {
          values: { reply_text: { value: { type: "plain_text_input", value: "Hi from elsewhere" } } },
        },
      },
      { teamId: "T0OTHER0001", userId: "U0BOB000001" },
    );
    expect(forged.json).toEqual({
      response_action: "errors",
      errors: { reply_text: "That conversation is not in this workspace." },
    });
    expect(await app.db.sql`select 1 from slack_replies`).toHaveLength(0);
  });
});
