// Proves the fake Slack speaks Slack's wire format: a real @slack/web-api WebClient talks to it
// unchanged. Every later integration test relies on these behaviours.

import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_TOKEN,
  DEFAULT_USER_ID,
  type FakeSlack,
  startFakeSlack,
} from "./fake-slack.js";

let fake: FakeSlack;
let client: WebClient;

/** The codes WebClient errors carry; matching on them is how app code tells errors apart. */
async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; data?: { error?: string } } & Error> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; data?: { error?: string } } & Error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  fake = await startFakeSlack();
  client = new WebClient(DEFAULT_TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR, // the failure tests provoke warnings on purpose
  });
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

describe("fake Slack Web API", () => {
  it("answers auth.test with the bot identity", async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: fake.teamId,
      user_id: fake.botUserId,
      bot_id: fake.botId,
    });
    expect(fake.callsTo("auth.test")).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ method: "auth.test", ok: true, status: 200, token: DEFAULT_TOKEN });
  });

  it("posts messages with unique increasing ts, keeps thread_ts, and applies chat.update", async () => {
    const parent = await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "Campaign started" });
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(parent.channel).toBe(DEFAULT_CHANNEL_ID);
    const reply = await client.chat.postMessage({
      channel: "#sam-campaigns",
      thread_ts: parent.ts,
      text: "progress",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*10%*" } }],
    });
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
    expect(reply.message?.thread_ts).toBe(parent.ts);

    // Blocks travel as a JSON string in the form body; the fake records them parsed.
    expect(fake.callsTo("chat.postMessage")[1]?.args.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*10%*" } },
    ]);

    await client.chat.update({ channel: DEFAULT_CHANNEL_ID, ts: reply.ts as string, text: "progress 50%" });
    const messages = fake.messages("sam-campaigns");
    expect(messages.map((m) => [m.text, m.thread_ts, m.updates])).toEqual([
      ["Campaign started", undefined, 0],
      ["progress 50%", parent.ts, 1],
    ]);
    // chat.update without blocks keeps them, as Slack does.
    expect(messages[1]?.blocks).toHaveLength(1);

    const missing = await errorOf(
      client.chat.update({ channel: DEFAULT_CHANNEL_ID, ts: "1.000000", text: "x" }),
    );
    expect(missing.data?.error).toBe("message_not_found");
  });

  it("rejects posts Slack would reject: unknown channel, bot not in channel, no text", async () => {
    expect((await errorOf(client.chat.postMessage({ channel: "C0NOPE", text: "x" }))).data?.error).toBe(
      "channel_not_found",
    );
    expect((await errorOf(client.chat.postMessage({ channel: "general", text: "x" }))).data?.error).toBe(
      "not_in_channel",
    );
    expect(
      (await errorOf(client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "" }))).data?.error,
    ).toBe("no_text");
    const ephemeral = await client.chat.postEphemeral({
      channel: DEFAULT_CHANNEL_ID,
      user: DEFAULT_USER_ID,
      text: "hi",
    });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.messages()).toHaveLength(0);
  });

  it("opens, updates and publishes views; trigger_ids are single-use", async () => {
    const trigger = fake.triggerId();
    const opened = await client.views.open({
      trigger_id: trigger,
      view: {
        type: "modal",
        callback_id: "upload_csv",
        title: { type: "plain_text", text: "Upload" },
        blocks: [],
      },
    });
    expect(opened.view?.id).toMatch(/^V/);
    expect(opened.view).toMatchObject({ callback_id: "upload_csv", type: "modal", state: { values: {} } });
    expect(opened.view?.hash).toBeTruthy();

    const reused = await errorOf(
      client.views.open({
        trigger_id: trigger,
        view: { type: "modal", title: { type: "plain_text", text: "x" }, blocks: [] },
      }),
    );
    expect(reused.data?.error).toBe("exchanged_trigger_id");

    const updated = await client.views.update({
      view_id: opened.view?.id as string,
      hash: opened.view?.hash as string,
      view: {
        type: "modal",
        callback_id: "upload_csv",
        title: { type: "plain_text", text: "Done" },
        blocks: [],
      },
    });
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    const stale = await errorOf(
      client.views.update({
        view_id: opened.view?.id as string,
        hash: opened.view?.hash as string,
        view: { type: "modal", title: { type: "plain_text", text: "x" }, blocks: [] },
      }),
    );
    expect(stale.data?.error).toBe("hash_conflict");

    const home = await client.views.publish({ user_id: DEFAULT_USER_ID, view: { type: "home", blocks: [] } });
    expect(home.view).toMatchObject({ type: "home" });
    expect(fake.views().map((v) => v.type)).toEqual(["modal", "home"]);
  });

  it("serves files.info, users.info and conversations.* like Slack", async () => {
    const file = fake.addFile({ name: "prospects.csv", content: "first_name\nAda\n" });
    const info = await client.files.info({ file: file.id });
    expect(info.file).toMatchObject({
      id: file.id,
      name: "prospects.csv",
      mimetype: "text/csv",
      filetype: "csv",
      size: 15,
    });
    expect(info.file?.url_private_download).toBe(file.url_private_download);
    expect((await errorOf(client.files.info({ file: "F0MISSING" }))).data?.error).toBe("file_not_found");

    fake.addUser({ id: "U0BERLIN01", tz: "Europe/Berlin", real_name: "Bea Berlin" });
    const bea = await client.users.info({ user: "U0BERLIN01" });
    expect(bea.user).toMatchObject({ real_name: "Bea Berlin", tz: "Europe/Berlin" });
    expect([3600, 7200]).toContain(bea.user?.tz_offset);
    const alice = await client.users.info({ user: DEFAULT_USER_ID });
    expect(alice.user).toMatchObject({ tz: "America/New_York" });
    expect([-18000, -14400]).toContain(alice.user?.tz_offset);
    // Roles as users.info reports them (https://api.slack.com/types/user); an owner is an admin too.
    expect(alice.user).toMatchObject({ is_admin: false, is_owner: false });
    fake.addUser({ id: "U0OWNER001", is_owner: true });
    expect((await client.users.info({ user: "U0OWNER001" })).user).toMatchObject({ is_admin: true, is_owner: true });
    fake.addUser({ id: "U0ADMIN002", is_admin: true });
    expect((await client.users.info({ user: "U0ADMIN002" })).user).toMatchObject({ is_admin: true, is_owner: false });

    fake.addChannel({ id: "C0THIRD001", name: "third" });
    const names: string[] = [];
    let pages = 0;
    for await (const page of client.paginate("conversations.list", { limit: 2 })) {
      pages += 1;
      for (const channel of (page as { channels?: Array<{ name: string }> }).channels ?? [])
        names.push(channel.name);
    }
    expect(pages).toBe(2);
    expect(names).toEqual(["sam-campaigns", "general", "third"]);

    const joined = await client.conversations.join({ channel: "C0GENERAL01" });
    expect(joined.channel).toMatchObject({ id: "C0GENERAL01", is_member: true });
    expect(fake.channel("general")?.is_member).toBe(true);
    await client.chat.postMessage({ channel: "general", text: "now I can post" });
    const info2 = await client.conversations.info({ channel: DEFAULT_CHANNEL_ID });
    expect(info2.channel).toMatchObject({ name: "sam-campaigns", is_member: true });
  });

  it("answers unknown methods and bad tokens as Slack does", async () => {
    const unknown = await errorOf(client.apiCall("nope.nothing"));
    expect(unknown.code).toBe(ErrorCode.PlatformError);
    expect(unknown.data?.error).toBe("unknown_method");

    const intruder = new WebClient("xoxb-wrong", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    expect((await errorOf(intruder.auth.test())).data?.error).toBe("invalid_auth");

    // A JSON body with the token as a field, as curl users do, also works.
    const viaJson = await fetch(`${fake.apiUrl}auth.test`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: DEFAULT_TOKEN }),
    });
    expect(await viaJson.json()).toMatchObject({ ok: true, user_id: fake.botUserId });
  });

  it("runs files.uploadV2 end to end and records the content", async () => {
    const parent = await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "Report" });
    const result = await client.files.uploadV2({
      channel_id: DEFAULT_CHANNEL_ID,
      thread_ts: parent.ts as string,
      initial_comment: "Failed rows attached",
      filename: "failed-rows.csv",
      content: "linkedin_url,reason\nx,bad url\n",
    });
    expect(result.ok).toBe(true);
    expect(fake.uploads).toHaveLength(1);
    const upload = fake.uploads[0];
    expect(upload).toMatchObject({
      filename: "failed-rows.csv",
      completed: true,
      channel_id: DEFAULT_CHANNEL_ID,
      thread_ts: parent.ts,
      initial_comment: "Failed rows attached",
    });
    expect(upload?.content?.toString()).toBe("linkedin_url,reason\nx,bad url\n");
    expect(fake.calls.map((c) => c.method)).toEqual([
      "chat.postMessage",
      "files.getUploadURLExternal",
      "file_upload",
      "files.completeUploadExternal",
    ]);
    // The uploaded file is then a real file: files.info knows it.
    const info = await client.files.info({ file: upload?.file_id as string });
    expect(info.file?.name).toBe("failed-rows.csv");
  });

  it("serves downloads only with the bot token; otherwise a 200 HTML login page", async () => {
    const file = fake.addFile({ name: "prospects.csv", content: "first_name\nAda\n" });
    const good = await fetch(file.url_private_download, {
      headers: { Authorization: `Bearer ${DEFAULT_TOKEN}` },
    });
    expect(good.status).toBe(200);
    expect(good.headers.get("content-type")).toBe("text/csv");
    expect(await good.text()).toBe("first_name\nAda\n");

    const attempts: Array<Record<string, string>> = [{}, { Authorization: "Bearer xoxb-wrong" }];
    for (const headers of attempts) {
      const denied = await fetch(file.url_private, { headers });
      expect(denied.status).toBe(200);
      expect(denied.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await denied.text()).toContain("<!DOCTYPE html>");
    }
  });

  it("records POSTs to response URLs and 404s unknown ones", async () => {
    const url = fake.responseUrl();
    const posted = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "Queued 3 prospects", response_type: "ephemeral" }),
    });
    expect(posted.status).toBe(200);
    expect(fake.responses).toEqual([
      { url, body: { text: "Queued 3 prospects", response_type: "ephemeral" }, at: expect.any(Number) },
    ]);
    expect((await fetch(`${fake.url}/commands/T/1/nope`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});

describe("failure injection", () => {
  it("429: WebClient with retries off still waits Retry-After, then rejects; the next call succeeds", async () => {
    fake.fail("chat.postMessage", { status: 429, retryAfterSeconds: 0 });
    const error = await errorOf(client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "x" }));
    // Not a WebAPIRateLimitedError: WebClient's internal "retry me" Error gets wrapped as a request
    // error (as if the network failed), and with retries exhausted that is what the caller sees.
    expect(error.code).toBe(ErrorCode.RequestError);
    expect(error.message).toMatch(/rate limit was exceeded.*retry-after: 0/);
    expect(fake.calls[0]).toMatchObject({ status: 429, ok: false, error: "ratelimited" });

    const ok = await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "x" });
    expect(ok.ok).toBe(true);
  });

  it("429 with rejectRateLimitedCalls surfaces retryAfter at once", async () => {
    const strict = new WebClient(DEFAULT_TOKEN, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    fake.fail("chat.postMessage", { status: 429, retryAfterSeconds: 30 });
    const started = Date.now();
    const error = await errorOf(strict.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "x" }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect((error as unknown as { retryAfter: number }).retryAfter).toBe(30);

    const raw = await fetch(`${fake.apiUrl}chat.postMessage`, { method: "POST" });
    expect(raw.status).toBe(200); // the single injected failure is used up
  });

  it("500 answers an HTML page (WebAPIHTTPError) until cleared; count limits the failures", async () => {
    fake.fail("users.info", { status: 500, untilCleared: true });
    for (let i = 0; i < 2; i += 1) {
      const error = await errorOf(client.users.info({ user: DEFAULT_USER_ID }));
      expect(error.code).toBe(ErrorCode.HTTPError);
      expect((error as unknown as { statusCode: number }).statusCode).toBe(500);
    }
    fake.clearFailures();
    expect((await client.users.info({ user: DEFAULT_USER_ID })).ok).toBe(true);

    fake.fail("*", { status: 200, error: "fatal_error", count: 2 });
    expect((await errorOf(client.auth.test())).data?.error).toBe("fatal_error");
    expect((await errorOf(client.users.info({ user: DEFAULT_USER_ID }))).data?.error).toBe("fatal_error");
    expect((await client.auth.test()).ok).toBe(true);
  });

  it("waitFor resolves on a later call and rejects with the calls seen on timeout", async () => {
    const waiting = fake.waitFor((call) => call.method === "chat.postMessage" && call.args.text === "later");
    setTimeout(() => void client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "later" }), 20);
    expect((await waiting).args.channel).toBe(DEFAULT_CHANNEL_ID);
    await expect(fake.waitFor("views.open", { timeoutMs: 30 })).rejects.toThrow(/chat\.postMessage/);
  });
});
