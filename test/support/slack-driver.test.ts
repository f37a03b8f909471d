// Proves the driver's requests are what a real Bolt 5 HTTPReceiver accepts as coming from Slack,
// and that tampered, unsigned or stale ones are refused — the same gate the app relies on.

import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID, type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { createSlackDriver, type SlackDriver } from "./slack-driver.js";

const SIGNING_SECRET = "test-signing-secret";

let fake: FakeSlack;
let app: App;
let slack: SlackDriver;
/** What the listeners saw, so tests can check Bolt parsed the payloads as intended. */
const seen: Array<{ kind: string; detail: unknown }> = [];

beforeAll(async () => {
  // The fake must be up before the App exists: with a token, Bolt calls auth.test in its constructor.
  fake = await startFakeSlack();
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  app = new App({
    token: fake.token,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });

  app.command("/sam", async ({ command, ack, respond }) => {
    seen.push({ kind: "command", detail: command });
    await ack(`Got: ${command.text}`);
    await respond({ text: "Working on it", response_type: "ephemeral" });
  });
  app.view("upload_csv", async ({ view, ack }) => {
    seen.push({ kind: "view", detail: view });
    const files = (view.state.values.csv?.file?.files ?? []) as unknown[];
    if (files.length === 0) await ack({ response_action: "errors", errors: { csv: "Attach a CSV file" } });
    else await ack();
  });
  app.action("approve", async ({ ack, body, client }) => {
    seen.push({ kind: "action", detail: body });
    await ack();
    await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "Approved" });
  });
  app.event("app_mention", async ({ event, context, say }) => {
    seen.push({
      kind: "event",
      detail: { event, retryNum: context.retryNum, retryReason: context.retryReason },
    });
    await say("Hello");
  });

  const server = await app.start(0);
  const { port } = server.address() as AddressInfo;
  slack = createSlackDriver({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET, fake });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

afterEach(() => {
  seen.length = 0;
  fake.reset();
});

describe("signed requests reach Bolt listeners", () => {
  it("slash command: acked with text, and respond() lands on the fake's response_url", async () => {
    const res = await slack.command("new Q4 outreach");
    expect(res).toMatchObject({ status: 200, body: "Got: new Q4 outreach" });
    expect(seen[0]?.detail).toMatchObject({
      command: "/sam",
      text: "new Q4 outreach",
      user_id: slack.userId,
      channel_id: slack.channelId,
      channel_name: "sam-campaigns",
      team_id: fake.teamId,
    });
    await fake.waitFor("response_url");
    expect(fake.responses[0]?.body).toEqual({ text: "Working on it", response_type: "ephemeral" });
  });

  it("view submission: the ack body (response_action errors) comes back as JSON", async () => {
    const opened = await app.client.views.open({
      trigger_id: fake.triggerId(),
      view: {
        type: "modal",
        callback_id: "upload_csv",
        title: { type: "plain_text", text: "Upload" },
        submit: { type: "plain_text", text: "Import" },
        // Slack accepts errors only on input blocks of the submitted view.
        blocks: [
          {
            type: "input",
            block_id: "csv",
            label: { type: "plain_text", text: "CSV" },
            element: { type: "file_input", action_id: "file" },
          },
        ],
      },
    });
    const rejected = await slack.viewSubmission({
      id: opened.view?.id as string,
      callback_id: "upload_csv",
      state: { values: { csv: { file: { type: "file_input", files: [] } } } },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toEqual({ response_action: "errors", errors: { csv: "Attach a CSV file" } });
    // The payload carries the view the app opened, with the submitted state.
    expect(seen[0]?.detail).toMatchObject({
      id: opened.view?.id,
      hash: opened.view?.hash,
      team_id: fake.teamId,
    });

    const file = fake.addFile({ name: "prospects.csv", content: "first_name\nAda\n" });
    const accepted = await slack.viewSubmission({
      callback_id: "upload_csv",
      state: { values: { csv: { file: { type: "file_input", files: [file] } } } },
    });
    expect(accepted).toMatchObject({ status: 200, body: "" });
  });

  it("block action: acked, and the listener's Web API call reaches the fake", async () => {
    const posted = await app.client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "Approve?" });
    const res = await slack.blockAction(
      { action_id: "approve", value: "campaign-7" },
      { message: { ts: posted.ts as string } },
    );
    expect(res).toMatchObject({ status: 200, body: "" });
    expect(seen[0]?.detail).toMatchObject({
      type: "block_actions",
      actions: [{ action_id: "approve", value: "campaign-7" }],
      message: { ts: posted.ts, text: "Approve?" },
      channel: { id: DEFAULT_CHANNEL_ID },
    });
    await fake.waitFor((call) => call.method === "chat.postMessage" && call.args.text === "Approved");
  });

  it("event: acked with an empty 200; retry headers reach context.retryNum/retryReason", async () => {
    const res = await slack.event(
      {
        type: "app_mention",
        user: slack.userId,
        text: "<@U0SAMBOT001> status",
        channel: DEFAULT_CHANNEL_ID,
        ts: "1.000100",
      },
      { eventId: "Ev0TEST1", retryNum: 1, retryReason: "http_timeout" },
    );
    expect(res).toMatchObject({ status: 200, body: "" });
    await fake.waitFor("chat.postMessage");
    expect(seen[0]?.detail).toMatchObject({
      retryNum: 1,
      retryReason: "http_timeout",
      event: { type: "app_mention" },
    });
  });

  it("url_verification echoes the challenge", async () => {
    const res = await slack.urlVerification("abc123");
    expect(res).toMatchObject({ status: 200, json: { challenge: "abc123" } });
  });
});

describe("requests Bolt refuses", () => {
  // Without a response_url Bolt passes no respond() to the listener, so include one.
  let body = "";
  beforeEach(() => {
    body = new URLSearchParams({
      team_id: fake.teamId,
      command: "/sam",
      text: "hi",
      user_id: slack.userId,
      channel_id: slack.channelId,
      response_url: fake.responseUrl(),
    }).toString();
  });
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const now = () => Math.floor(Date.now() / 1000);

  it("answers 401 with an empty body to unsigned, wrongly signed, tampered and stale requests", async () => {
    const cases: Record<string, Record<string, string>> = {
      unsigned: form,
      "wrong secret": {
        ...form,
        ...createSlackDriver({ baseUrl: "http://unused", signingSecret: "other" }).sign(body),
      },
      "signature of another body": { ...form, ...slack.sign(`${body}&x=1`) },
      "stale (6 minutes old)": { ...form, ...slack.sign(body, now() - 6 * 60) },
    };
    for (const [name, headers] of Object.entries(cases)) {
      const res = await slack.raw(body, headers);
      expect({ name, status: res.status, body: res.body }).toEqual({ name, status: 401, body: "" });
    }
    const staleViaOption = await slack.command("hi", { timestampSeconds: now() - 301 });
    expect(staleViaOption.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("accepts a correctly signed raw request (the control for the 401 cases)", async () => {
    const res = await slack.raw(body, { ...form, ...slack.sign(body) });
    expect(res).toMatchObject({ status: 200, body: "Got: hi" });
    await fake.waitFor("response_url"); // let respond() finish before afterEach resets the fake
  });

  it("Bolt quirks: future timestamps pass; a charset on the form content-type is a 400", async () => {
    const future = await slack.raw(body, { ...form, ...slack.sign(body, now() + 10 * 60) });
    expect(future.status).toBe(200);
    await fake.waitFor("response_url");
    const withCharset = await slack.raw(body, {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      ...slack.sign(body),
    });
    expect(withCharset.status).toBe(400);
  });
});
