// The fake Slack's OAuth install and per-workspace tokens behave as Slack's do (OAUTH_RULES in
// slack-rules.ts), through real HTTP and a real WebClient: the authorize page, the redirect with a
// code, oauth.v2.access with each of its refusals, and a token that acts only in its workspace.
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID, DEFAULT_TOKEN, type FakeSlack, type FakeWorkspace, startFakeSlack } from "./fake-slack.js";
import { decideOnSlack } from "./slack-install.js";

const CLIENT_ID = "1111111111.2222222222";
const CLIENT_SECRET = "fake-client-secret-0123456789";
const REDIRECT = "https://sam.example/slack/oauth_redirect";

let fake: FakeSlack;
let now = 0;
let a: FakeWorkspace;
let b: FakeWorkspace;

beforeAll(async () => {
  fake = await startFakeSlack({ oauthNow: () => now });
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

function setUp() {
  now = 0;
  fake.configureOAuthApp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrls: [REDIRECT] });
  a = fake.addWorkspace({ teamId: "T0ALPHA0001", teamName: "Alpha Inc", userId: "U0ANNA00001" });
  a.addChannel({ id: "C0ALPHACAMP", name: "sam-campaigns" });
  b = fake.addWorkspace({ teamId: "T0BETA00001", teamName: "Beta LLC", userId: "U0BRUNO0001" });
  b.addChannel({ id: "C0BETACAMP1", name: "sam-campaigns" });
}

const anonymous = () => new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
const as = (token: string | undefined) =>
  new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });

function authorizeUrl(params: Record<string, string> = {}): string {
  const url = new URL(`${fake.url}/oauth/v2/authorize`);
  const all = { client_id: CLIENT_ID, scope: "commands,chat:write", state: "st4te", redirect_uri: REDIRECT, ...params };
  for (const [key, value] of Object.entries(all)) if (value !== "") url.searchParams.set(key, value);
  return url.toString();
}

/** Allows the install on Slack's page; the code and state Slack sends back to the app. */
async function codeFor(workspace: FakeWorkspace, params: Record<string, string> = {}) {
  const answer = await decideOnSlack(fake, authorizeUrl(params), workspace, workspace.teamId === a.teamId ? "U0ANNA00001" : "U0BRUNO0001");
  expect(answer.status).toBe(302);
  const back = new URL(answer.location!);
  return { code: back.searchParams.get("code")!, state: back.searchParams.get("state"), back };
}

async function errorOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
  throw new Error("expected the call to fail");
}

const exchange = (code: string, overrides: Record<string, string | undefined> = {}) =>
  anonymous().oauth.v2.access({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code, redirect_uri: REDIRECT, ...overrides });

describe("fake Slack: an OAuth install", () => {
  it("asks the signed-in person, redirects back with a code and the state, and the code buys the workspace's bot token", async () => {
    setUp();
    const page = await fetch(authorizeUrl(), { headers: { cookie: a.signIn("U0ANNA00001") } });
    const html = await page.text();
    expect(html).toContain("Alpha Inc");
    expect(html).toContain("<li>chat:write</li>");

    const { code, state, back } = await codeFor(a);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(state).toBe("st4te");
    const access = await exchange(code);
    expect(access).toMatchObject({
      ok: true,
      token_type: "bot",
      scope: "commands,chat:write",
      bot_user_id: a.botUserId,
      team: { id: "T0ALPHA0001", name: "Alpha Inc" },
      authed_user: { id: "U0ANNA00001" },
      is_enterprise_install: false,
    });
    expect(access.access_token).toBe(a.token);

    const identity = await as(a.token).auth.test();
    expect([identity.team_id, identity.user_id, identity.bot_id]).toEqual(["T0ALPHA0001", a.botUserId, a.botId]);
    await as(a.token).chat.postMessage({ channel: "C0ALPHACAMP", text: "hello Alpha" });
    expect(a.messages("C0ALPHACAMP").map((m) => m.text)).toEqual(["hello Alpha"]);
    // The fake records who called: the token presented and the workspace it acts in.
    expect(fake.callsTo("chat.postMessage").at(-1)).toMatchObject({ token: a.token, teamId: "T0ALPHA0001", ok: true });
  });

  it("takes the client credentials as HTTP Basic too, and uses the first Redirect URL when the app sends none", async () => {
    setUp();
    const { code, back } = await codeFor(a, { redirect_uri: "" });
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    const response = await fetch(`${fake.apiUrl}oauth.v2.access`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code }).toString(),
    });
    expect(await response.json()).toMatchObject({ ok: true, team: { id: "T0ALPHA0001" } });
  });

  it("shows the sign-in page to a browser signed in nowhere, and sends a cancel back as access_denied", async () => {
    setUp();
    const page = await fetch(authorizeUrl());
    expect(await page.text()).toContain("Sign in to your workspace");
    const cancelled = await decideOnSlack(fake, authorizeUrl(), a, "U0ANNA00001", "deny");
    const back = new URL(cancelled.location!);
    expect([back.searchParams.get("error"), back.searchParams.get("state"), back.searchParams.get("code")]).toEqual([
      "access_denied",
      "st4te",
      null,
    ]);
  });

  it("refuses an unknown client, an unconfigured redirect URL or no scope on the authorize page", async () => {
    setUp();
    const page = async (params: Record<string, string>) => {
      const response = await fetch(authorizeUrl(params), { headers: { cookie: a.signIn("U0ANNA00001") } });
      return [response.status, /<p id="error">([a-z_]+)</.exec(await response.text())?.[1]];
    };
    expect(await page({ client_id: "999.999" })).toEqual([400, "invalid_client_id"]);
    expect(await page({ redirect_uri: "https://evil.example/slack/oauth_redirect" })).toEqual([400, "bad_redirect_uri"]);
    expect(await page({ scope: "" })).toEqual([400, "no_scopes"]);
  });

  it("refuses at oauth.v2.access: a wrong client id or secret, a code unknown, used twice or older than ten minutes, another redirect_uri, another grant_type", async () => {
    setUp();
    const { code } = await codeFor(a);
    expect(await errorOf(exchange(code, { client_id: "999.999" }))).toBe("invalid_client_id");
    expect(await errorOf(exchange(code, { client_secret: "guessed" }))).toBe("bad_client_secret");
    expect(await errorOf(exchange("123.forged"))).toBe("invalid_code");
    expect(await errorOf(exchange(code, { redirect_uri: "https://sam.example/elsewhere" }))).toBe("bad_redirect_uri");
    expect(await errorOf(exchange(code, { grant_type: "refresh_token" }))).toBe("invalid_grant_type");
    // None of those refusals used the code up; the first good exchange does.
    expect((await exchange(code)).ok).toBe(true);
    expect(await errorOf(exchange(code))).toBe("invalid_code");

    const late = await codeFor(b);
    now += 600_001;
    expect(await errorOf(exchange(late.code))).toBe("invalid_code");
    expect(b.token).toBeUndefined();
  });
});

describe("fake Slack: a workspace's token", () => {
  it("acts only in its own workspace: another's channels, users and files do not exist for it", async () => {
    setUp();
    await exchange((await codeFor(a)).code);
    await exchange((await codeFor(b)).code);
    const file = b.addFile({ name: "beta.csv", content: "first_name\nBo\n" });

    expect(await errorOf(as(a.token).chat.postMessage({ channel: "C0BETACAMP1", text: "into Beta" }))).toBe("channel_not_found");
    expect(await errorOf(as(a.token).users.info({ user: "U0BRUNO0001" }))).toBe("user_not_found");
    expect(await errorOf(as(a.token).files.info({ file: file.id }))).toBe("file_not_found");
    const download = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${a.token}` } });
    expect(await download.text()).toContain("Sign in to your workspace");
    expect(await errorOf(as(DEFAULT_TOKEN).chat.postMessage({ channel: "C0ALPHACAMP", text: "from the default workspace" }))).toBe(
      "channel_not_found",
    );
    expect(await errorOf(as(a.token).chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "into the default workspace" }))).toBe(
      "channel_not_found",
    );
    expect(b.messages()).toEqual([]);

    const own = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${b.token}` } });
    expect(await own.text()).toBe("first_name\nBo\n");
  });

  it("is replaced by the next install's token (the old one is revoked), and revoked by an uninstall", async () => {
    setUp();
    const first = (await exchange((await codeFor(a)).code)).access_token!;
    const second = (await exchange((await codeFor(a)).code)).access_token!;
    expect(second).not.toBe(first);
    expect(await errorOf(as(first).chat.postMessage({ channel: "C0ALPHACAMP", text: "old" }))).toBe("token_revoked");
    expect((await as(second).chat.postMessage({ channel: "C0ALPHACAMP", text: "new" })).ok).toBe(true);
    a.uninstallApp();
    expect(await errorOf(as(second).chat.postMessage({ channel: "C0ALPHACAMP", text: "after" }))).toBe("token_revoked");
    expect(a.token).toBeUndefined();
  });
});
