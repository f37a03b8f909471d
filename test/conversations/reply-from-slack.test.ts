// Acceptance 1 of issue 14: answering a prospect from Slack. A reply notice → Reply → the modal →
// exactly one message in the sandbox chat, shown in the thread with who sent it; the same
// submission twice (Slack's retry) or a double click sends once; two submissions with their own
// texts send two; a cooling-down or disconnected account refuses clearly and sends nothing. The
// real worker, the Unipile sandbox, the fake Slack and virtual time.
import { afterEach, describe, expect, it } from "vitest";
import { accountHistory } from "../../src/planning/account-plan.js";
import { DEFAULT_CHANNEL_ID } from "../support/fake-slack.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import {
  accountMessagesIn,
  card,
  clickReply,
  firstMessagesSent,
  launchMessenger,
  posted,
  prospect,
  replyButtonValue,
  submitReply,
  webhooksDone,
} from "./helpers.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const THEIR_REPLY =
  "Thanks for reaching out! Could you tell me a bit more about how this works for a team of 12?";

async function replied(app: TestApp) {
  const campaign = await launchMessenger(app, ["ana-1st-silent"]);
  await firstMessagesSent(app, campaign.id, 1);
  const ana = await prospect(app, "ana-1st-silent");
  app.sandbox.world.replyNow(ana.chat_id!, THEIR_REPLY);
  const notice = await posted(app, "*P1 ana* replied");
  return { campaign, ana, notice, messageId: replyButtonValue(notice) };
}

async function slackReplies(app: TestApp) {
  return app.db.sql<
    { status: string; text: string; refusal: string | null }[]
  >`select status, text, refusal from slack_replies order by requested_at`;
}

describe("reply from Slack", () => {
  it("notice → Reply → modal → exactly one message in the chat, shown in the thread with who sent it; retries and double clicks send once, two answers send two", async () => {
    t = await startTestApp();
    const app = t;
    const { ana, notice, messageId } = await replied(app);
    // The notice quotes the reply and carries the three actions.
    const blocks = notice.blocks as Array<{
      type: string;
      elements?: Array<{ action_id?: string; url?: string; text?: string }>;
    }>;
    expect(blocks.map((block) => block.type)).toEqual(["section", "context", "actions"]);
    const elements = blocks[2]!.elements!;
    expect(elements.map((e) => e.action_id)).toEqual([
      "conversation_reply",
      "conversation_mark",
      "conversation_open",
    ]);
    expect(elements[2]!.url).toBe("https://www.linkedin.com/in/ana-1st-silent/");
    const before = accountMessagesIn(app, ana.chat_id!);
    expect(before).toEqual(["Hi P1!"]);

    const modal = await clickReply(app, messageId, DEFAULT_CHANNEL_ID);
    const opened = app.slack.callsTo("views.open").at(-1)!.args.view as {
      blocks: Array<{ element?: { max_length?: number; multiline?: boolean }; hint?: { text: string } }>;
    };
    const input = opened.blocks.find((block) => block.element)!;
    expect(input.element).toMatchObject({ max_length: 3000, multiline: true });
    expect(input.hint!.text).toContain("Up to 3,000 characters");

    const answer =
      "Happy to! For a team of 12 it takes about a day to set up.\nWould Thursday 10:00 work for a call?";
    const first = await submitReply(app, modal, answer);
    expect(first.status).toBe(200);
    expect(first.body).toBe("");
    // Slack retries the same submission (no answer in time): nothing more is queued.
    await submitReply(app, modal, answer, { retryNum: 1 });
    // Shown in the thread with who sent it: the prospect's conversation message, edited.
    const shown = await card(app, "P1 ana", "Would Thursday 10:00 work for a call?");
    expect(shown.message.text).toContain(":arrow_right: <@U0ALICE0001> from Slack");
    expect(shown.message.thread_ts).toBe(notice.thread_ts);
    expect(shown.all).toContain(
      ">Happy to! For a team of 12 it takes about a day to set up. Would Thursday 10:00 work for a call?",
    );
    expect(shown.all).toContain(":arrow_left: *P1 ana*");
    await webhooksDone(app);
    expect(accountMessagesIn(app, ana.chat_id!)).toEqual(["Hi P1!", answer]);

    // A double click opened two modals; both submitted with the same text: one message.
    const again1 = await clickReply(app, messageId, DEFAULT_CHANNEL_ID);
    const again2 = await clickReply(app, messageId, DEFAULT_CHANNEL_ID);
    expect(again1.id).not.toBe(again2.id);
    const twice = "Also: here is the one-page overview I mentioned.";
    await submitReply(app, again1, twice);
    await submitReply(app, again2, twice);
    await card(app, "P1 ana", ">Also: here is the one-page overview");
    // A separate answer with its own text is a second message.
    const third = await clickReply(app, messageId, DEFAULT_CHANNEL_ID);
    await submitReply(app, third, "And the pricing page: it starts at 49 EUR per seat.");
    await card(app, "P1 ana", ">And the pricing page");
    await webhooksDone(app);
    expect(accountMessagesIn(app, ana.chat_id!)).toEqual([
      "Hi P1!",
      answer,
      twice,
      "And the pricing page: it starts at 49 EUR per seat.",
    ]);
    expect((await slackReplies(app)).map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
    // The echoes of our answers are not messages typed by hand: nothing else in the thread.
    expect(app.slack.messages().filter((m) => (m.text ?? "").includes("typed on LinkedIn"))).toHaveLength(0);
    // Stored with the conversation, who sent each.
    const stored = await app.db
      .sql`select direction, origin, sent_by from conversation_messages where prospect_id = ${ana.id} order by at, id`;
    expect(stored.map((row) => `${row.direction}/${row.origin}/${row.sent_by ?? "-"}`)).toEqual([
      "inbound/prospect/-",
      "outbound/slack/U0ALICE0001",
      "outbound/slack/U0ALICE0001",
      "outbound/slack/U0ALICE0001",
    ]);
    // Each counts toward the account's messages of the day: the history the caps and spacing are checked against.
    const [account] = await app.db.sql<{ id: string }[]>`select id from workspace_accounts`;
    const history = await accountHistory(app.db.sql, account!.id, app.clock.now());
    expect(history.filter((send) => send.kind === "message")).toHaveLength(4); // the first message and the three answers
  });

  it("a cooling-down or disconnected account refuses on the modal with the reason and sends nothing; once it can, the answer goes", async () => {
    t = await startTestApp();
    const app = t;
    const { ana, messageId } = await replied(app);
    const until = new Date(app.clock.nowMs() + 5 * 3_600_000);
    await app.db.sql`update workspace_accounts set cooldown_until = ${until}`;
    const modal = await clickReply(app, messageId, DEFAULT_CHANNEL_ID);
    const cooling = await submitReply(app, modal, "Sure, let's talk tomorrow.");
    expect(cooling.json).toMatchObject({ response_action: "errors" });
    const coolingError = (cooling.json as { errors: Record<string, string> }).errors.reply_text!;
    expect(coolingError).toMatch(
      /^Not sent: the LinkedIn account Demo LinkedIn account is cooling down after a LinkedIn limit until .+\. Send again after that\.$/,
    );

    await app.db.sql`update workspace_accounts set cooldown_until = null, status = 'unavailable'`;
    const disconnected = await submitReply(app, modal, "Sure, let's talk tomorrow.");
    expect((disconnected.json as { errors: Record<string, string> }).errors.reply_text).toBe(
      "Not sent: the LinkedIn account Demo LinkedIn account is disconnected. Reconnect it (/sam accounts), then send again.",
    );
    expect(await slackReplies(app)).toEqual([]);
    expect(accountMessagesIn(app, ana.chat_id!)).toEqual(["Hi P1!"]);

    // Back: the same modal is sent again, and goes.
    await app.db.sql`update workspace_accounts set status = 'active'`;
    expect((await submitReply(app, modal, "Sure, let's talk tomorrow.")).body).toBe("");
    await card(app, "P1 ana", ">Sure, let's talk tomorrow.");
    expect(accountMessagesIn(app, ana.chat_id!)).toEqual(["Hi P1!", "Sure, let's talk tomorrow."]);
  });

  it("LinkedIn's limit met while sending: the account cools down, the person is told privately, nothing is sent", async () => {
    t = await startTestApp();
    const app = t;
    const { ana, messageId } = await replied(app);
    app.sandbox.faults.dailyLimit({ messagesPerDay: 1 });
    const modal = await clickReply(app, messageId, DEFAULT_CHANNEL_ID);
    expect((await submitReply(app, modal, "Great, sending the deck now.")).body).toBe("");
    const told = await eventually(() =>
      app.slack
        .callsTo("chat.postEphemeral")
        .find((call) => String(call.args.text).includes("Your answer to *P1 ana* was not sent")),
    );
    expect(told.args.user).toBe("U0ALICE0001");
    expect(told.ok).toBe(true);
    expect(String(told.args.text)).toContain("is cooling down after a LinkedIn limit");
    expect(String(told.args.text)).toContain("click *Reply* again to retry");
    expect((await slackReplies(app)).map((row) => row.status)).toEqual(["refused"]);
    expect(accountMessagesIn(app, ana.chat_id!)).toEqual(["Hi P1!"]);
    const [account] = await app.db.sql`select cooldown_until from workspace_accounts`;
    expect(account!.cooldown_until).not.toBeNull();
  });

  it("an answer whose Unipile reply was lost is looked for in the chat and never sent twice", async () => {
    t = await startTestApp();
    const app = t;
    const { ana, messageId } = await replied(app);
    app.sandbox.faults.timeoutAfterReceive("POST /api/v1/chats/:id/messages", { count: 1, mode: "reset" });
    const modal = await clickReply(app, messageId, DEFAULT_CHANNEL_ID);
    await submitReply(app, modal, "Yes, Thursday works. Talk then!");
    await card(app, "P1 ana", ">Yes, Thursday works.");
    await webhooksDone(app);
    expect(accountMessagesIn(app, ana.chat_id!)).toEqual(["Hi P1!", "Yes, Thursday works. Talk then!"]);
    expect((await slackReplies(app)).map((row) => row.status)).toEqual(["sent"]);
  });

  it("a Reply naming another workspace's conversation opens nothing", async () => {
    t = await startTestApp();
    const app = t;
    const { messageId } = await replied(app);
    const other = app.slack.addWorkspace({ teamId: "T0OTHER0001", userId: "U0BOB000001" });
    const opened = app.slack.callsTo("views.open").length;
    await app.driver.blockAction(
      { action_id: "conversation_reply", value: messageId },
      { teamId: other.teamId, userId: "U0BOB000001", channelId: DEFAULT_CHANNEL_ID },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.slack.callsTo("views.open")).toHaveLength(opened);
  });
});
