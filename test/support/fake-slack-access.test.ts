// The fake Slack's private channels and uninstalls behave as Slack's do, through a real
// WebClient: a private channel exists for the bot only once it is invited, and after an
// uninstall every call with the bot token is refused with token_revoked.
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID, DEFAULT_TOKEN, type FakeSlack, startFakeSlack } from "./fake-slack.js";

let fake: FakeSlack;
let client: WebClient;

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  fake = await startFakeSlack();
  client = new WebClient(DEFAULT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

const listed = async () =>
  ((await client.conversations.list({ types: "public_channel,private_channel" })).channels ?? []).map((c) => c.id);

describe("fake Slack: a private channel", () => {
  it("the bot is not in: not listed, and every method naming it answers channel_not_found", async () => {
    fake.addChannel({ id: "C0SECRET001", name: "secret", isPrivate: true, isMember: false });
    expect(await listed()).not.toContain("C0SECRET001");
    expect(await errorCode(client.conversations.info({ channel: "C0SECRET001" }))).toBe("channel_not_found");
    expect(await errorCode(client.chat.postMessage({ channel: "C0SECRET001", text: "x" }))).toBe("channel_not_found");
    expect(await errorCode(client.conversations.join({ channel: "C0SECRET001" }))).toBe("channel_not_found");
  });

  it("the bot was invited to: listed as private, and usable", async () => {
    fake.addChannel({ id: "C0SECRET002", name: "secret-ok", isPrivate: true, isMember: true });
    expect(await listed()).toContain("C0SECRET002");
    const info = await client.conversations.info({ channel: "C0SECRET002" });
    expect([info.channel?.is_private, info.channel?.is_member]).toEqual([true, true]);
    const posted = await client.chat.postMessage({ channel: "C0SECRET002", text: "hello" });
    expect(posted.channel).toBe("C0SECRET002");
  });

  it("a public channel the bot is not in stays listed and visible", async () => {
    expect(await listed()).toContain("C0GENERAL01");
    expect((await client.conversations.info({ channel: "C0GENERAL01" })).channel?.is_member).toBe(false);
  });
});

describe("fake Slack: the app uninstalled", () => {
  it("refuses the bot token with token_revoked until the app is installed again", async () => {
    fake.uninstallApp();
    expect(await errorCode(client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "x" }))).toBe("token_revoked");
    expect(await errorCode(client.views.publish({ user_id: "U0ALICE0001", view: { type: "home", blocks: [] } }))).toBe(
      "token_revoked",
    );
    fake.reinstallApp();
    expect((await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "x" })).ok).toBe(true);
  });
});
