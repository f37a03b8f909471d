// Connecting a LinkedIn account from Slack through Unipile's hosted auth, end to end: the button
// in `/sam accounts`, the hosted link asked of the Unipile sandbox (its fields checked as sent),
// the sandbox's wizard page opened and sent over real HTTP, the sandbox's notify_url callback to
// the app, and what the app then stored and said in Slack. Replayed, forged, expired and
// cross-workspace callbacks are sent by hand to the app's callback URL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT_ACTIONS } from "../../src/accounts/account-list.js";
import { referenceKey, signReference } from "../../src/accounts/connect-reference.js";
import { connectSetup } from "../../src/accounts/hosted-link.js";
import { providerIdFor } from "../../src/unipile/sandbox/index.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { settled } from "../campaigns/fixtures.js";
import type { ActorOptions } from "../support/slack-driver.js";
import { signInThroughWizard } from "../support/wizard.js";

const SECRETS_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";
const ALICE = "U0ALICE0001";
const TEAM_B = "T0OTHERWS01";
const BOB = "U0BOB000001";
const CHANNEL = "C0SAMCAMP01"; // sam-campaigns: where the buttons are clicked and SAM_CHANNEL
const HOUR_MS = 3_600_000;

interface Answer {
  response_type?: string;
  replace_original?: boolean;
  text: string;
  blocks?: Array<{ type: string; accessory?: { action_id: string }; elements?: Array<{ action_id: string; url?: string }> }>;
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { SECRETS_KEY } });
});
afterAll(() => t?.stop());

beforeEach(async () => {
  await settled(t);
  await t.db.sql`delete from campaigns`;
  await t.db.sql`delete from workspace_accounts`;
  await t.db.sql`delete from slack_outbox`;
  t.sandbox.reset();
  t.slack.reset();
  t.slack.addUser({ id: ALICE, real_name: "Alice Example", tz: "Europe/Paris" });
  t.slack.addUser({ id: BOB, real_name: "Bob Other", tz: "Asia/Tokyo" });
});

const notifyUrl = () => `${t.app.url}/unipile/hosted-auth/notify`;
const hostedLinkRequests = () =>
  t.sandbox.stats.posts.filter((post) => post.route === "POST /api/v1/hosted/accounts/link").map((post) => post.json as Record<string, unknown>);

async function clickAndRead(actionId: string, value: string, opts: ActorOptions = {}): Promise<Answer> {
  const responseUrl = t.slack.responseUrl("actions");
  const response = await t.driver.blockAction({ action_id: actionId, value }, { channelId: CHANNEL, ...opts, responseUrl });
  expect(response.status).toBe(200);
  const answer = await eventually(() => t.slack.responses.find((posted) => posted.url === responseUrl));
  return answer.body as Answer;
}

function linkIn(answer: Answer): string {
  const button = answer.blocks?.flatMap((block) => block.elements ?? []).find((element) => element.action_id === ACCOUNT_ACTIONS.openLink);
  if (!button?.url) throw new Error(`no link button in ${JSON.stringify(answer)}`);
  return button.url;
}

async function workspaceIdOf(teamId: string): Promise<string> {
  const [row] = await t.db.sql<{ id: string }[]>`select id from workspaces where slack_team_id = ${teamId}`;
  return row!.id;
}

const accountRows = () =>
  t.db.sql<{ workspace_id: string; unipile_account_id: string; name: string; provider_id: string | null; time_zone: string; linked_by: string }[]>`
    select workspace_id, unipile_account_id, name, provider_id, time_zone, linked_by from workspace_accounts order by created_at`;

/** How many hosted-auth callbacks have been acted on (their once-only keys). */
async function onceKeys(): Promise<number> {
  const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from slack_requests where key like 'hosted-auth:%'`;
  return row!.n;
}

function postCallback(body: unknown) {
  return fetch(notifyUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** The user's private confirmations and SAM_CHANNEL's posts, as Slack received them. */
const ephemeralTexts = (user: string) =>
  t.slack
    .callsTo("chat.postEphemeral")
    .filter((call) => call.ok && call.args.user === user)
    .map((call) => String(call.args.text));
const channelTexts = () => t.slack.messages(CHANNEL).map((message) => message.text ?? "");

/** Alice clicks Connect, signs in on the wizard as `login`; returns the link's request body. */
async function aliceConnects(login: string, opts: ActorOptions = {}) {
  const answer = await clickAndRead(ACCOUNT_ACTIONS.connect, "create", opts);
  const visit = await signInThroughWizard(linkIn(answer), { login, outcome: "success" });
  return { answer, visit, request: hostedLinkRequests().at(-1)! };
}

describe("connecting a LinkedIn account from Slack", () => {
  it("/sam accounts offers the button; the link is asked with the right fields; the wizard's callback links the account to that workspace and user", async () => {
    const listUrl = t.slack.responseUrl("commands");
    await t.driver.command("accounts", { responseUrl: listUrl });
    const list = (await eventually(() => t.slack.responses.find((posted) => posted.url === listUrl))).body as Answer;
    expect(list.blocks?.some((block) => block.accessory?.action_id === ACCOUNT_ACTIONS.connect)).toBe(true);

    const answer = await clickAndRead(ACCOUNT_ACTIONS.connect, "create");
    expect(answer).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(answer.text).toContain("Connect a LinkedIn account");
    const url = linkIn(answer);
    expect(url.startsWith(`${t.sandbox.url}/hosted/wizard/`)).toBe(true);

    const [request] = hostedLinkRequests();
    expect(request).toEqual({
      type: "create",
      providers: ["LINKEDIN"],
      api_url: t.sandbox.url,
      expiresOn: new Date(t.clock.nowMs() + HOUR_MS).toISOString(),
      name: expect.stringMatching(/^sam1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
      notify_url: notifyUrl(),
      success_redirect_url: `${t.app.url}/unipile/hosted-auth/connected`,
      failure_redirect_url: `${t.app.url}/unipile/hosted-auth/failed`,
    });
    // Opaque: neither the workspace nor the user can be read off it, nor changed in it.
    const workspaceId = await workspaceIdOf(t.slack.teamId);
    expect(String(request!.name)).not.toContain(workspaceId);
    expect(String(request!.name)).not.toContain(ALICE);

    const visit = await signInThroughWizard(url, { login: "Ana.Sales@example.com", outcome: "success" });
    expect(visit.page.status).toBe(200);
    expect(visit.page.html).toContain("Connect a LinkedIn account");
    expect(visit.answer).toMatchObject({ status: 303, location: `${t.app.url}/unipile/hosted-auth/connected` });
    expect(t.sandbox.hostedAuth.notifications).toEqual([
      {
        url: notifyUrl(),
        body: { status: "CREATION_SUCCESS", account_id: "hosted-ana-sales", name: request!.name },
        outcome: 200,
      },
    ]);
    const landing = await fetch(visit.answer.location!);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("LinkedIn account connected");

    expect(await accountRows()).toEqual([
      {
        workspace_id: workspaceId,
        unipile_account_id: "hosted-ana-sales",
        name: "Ana Sales",
        provider_id: providerIdFor("ana-sales"),
        time_zone: "Europe/Paris",
        linked_by: ALICE,
      },
    ]);
    await eventually(() => ephemeralTexts(ALICE).some((text) => text.includes("Connected *Ana Sales* to this workspace")));
    expect(ephemeralTexts(ALICE).find((text) => text.includes("Connected"))).toContain("Europe/Paris (your Slack time zone)");
    await eventually(() => channelTexts().includes(`:link: <@${ALICE}> connected the LinkedIn account *Ana Sales*; campaigns can now send from it (\`/sam new\`).`));
  });

  it("a callback that arrives twice links once and says so once", async () => {
    const { request } = await aliceConnects("ben-sales");
    const replayed = await postCallback(t.sandbox.hostedAuth.notifications[0]!.body);
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toEqual({ ok: true, outcome: "already_handled" });
    expect(request.name).toBe(t.sandbox.hostedAuth.notifications[0]!.body.name);
    expect(await accountRows()).toHaveLength(1);
    await settled(t);
    expect(ephemeralTexts(ALICE).filter((text) => text.includes("Connected"))).toHaveLength(1);
    expect(channelTexts().filter((text) => text.includes("connected the LinkedIn account"))).toHaveLength(1);
  });

  it("refuses a forged, tampered, expired or malformed name with a 4xx and stores nothing", async () => {
    const workspaceId = await ensureWorkspace(t.db.sql, t.slack.teamId);
    const keysBefore = await onceKeys();
    const reference = { workspaceId, userId: ALICE, channelId: CHANNEL, accountId: null };
    const inAnHour = new Date(t.clock.nowMs() + HOUR_MS);
    const otherKey = referenceKey(Buffer.alloc(32, 7));
    const realKey = referenceKey(Buffer.from(SECRETS_KEY, "hex"));
    const genuine = signReference({ ...reference, expiresAt: inAnHour }, realKey);
    const [prefix, payload, mac] = genuine.split(".") as [string, string, string];
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), u: "U0BOB000001" }),
    ).toString("base64url");
    const cases: Array<[string, string, number]> = [
      ["signed with another key", signReference({ ...reference, expiresAt: inAnHour }, otherKey), 403],
      ["another user put in a genuine reference", `${prefix}.${otherPayload}.${mac}`, 403],
      ["expired", signReference({ ...reference, expiresAt: new Date(t.clock.nowMs() - 1000) }, realKey), 403],
      ["not a reference", "U0ALICE0001", 403],
    ];
    for (const [what, name, status] of cases) {
      const response = await postCallback({ status: "CREATION_SUCCESS", account_id: "sandbox-linkedin-1", name });
      expect(response.status, what).toBe(status);
    }
    for (const body of ["not json", { status: "CREATION_SUCCESS", account_id: "sandbox-linkedin-1" }, { status: "DELETED", account_id: "x", name: genuine }]) {
      const response = await fetch(notifyUrl(), { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
      expect(response.status).toBe(400);
    }
    expect(await accountRows()).toEqual([]);
    expect(await t.db.sql`select 1 from slack_outbox`).toEqual([]);
    expect(await onceKeys()).toBe(keysBefore);
    expect(await t.db.sql`select 1 from graphile_worker.jobs where task_identifier = 'check-account-health'`).toEqual([]);
  });

  it("a failed sign-in goes to our failure page, calls nothing and links nothing", async () => {
    const answer = await clickAndRead(ACCOUNT_ACTIONS.connect, "create");
    const visit = await signInThroughWizard(linkIn(answer), { outcome: "failure" });
    expect(visit.answer).toMatchObject({ status: 303, location: `${t.app.url}/unipile/hosted-auth/failed` });
    const landing = await fetch(visit.answer.location!);
    expect(await landing.text()).toContain("LinkedIn sign-in not completed");
    expect(t.sandbox.hostedAuth.notifications).toEqual([]);
    expect(await accountRows()).toEqual([]);
  });

  it("the sandbox's wizard refuses a used or expired link, as Unipile's does", async () => {
    const { answer } = await aliceConnects("cleo-sales");
    const again = await signInThroughWizard(linkIn(answer), { login: "cleo-sales", outcome: "success" });
    expect(again.page.status).toBe(410);
    const fresh = await clickAndRead(ACCOUNT_ACTIONS.connect, "create");
    await t.clock.advance(HOUR_MS + 1000);
    const late = await signInThroughWizard(linkIn(fresh), { login: "dan-sales", outcome: "success" });
    expect(late.page.status).toBe(410);
    expect(late.page.html).toContain("expired");
    expect(t.sandbox.hostedAuth.notifications).toHaveLength(1);
  });
});

describe("an account belongs to one workspace", () => {
  const asB = { teamId: TEAM_B, userId: BOB };

  it("B signing in to A's account through B's own link links nothing: B is told, A keeps it", async () => {
    await aliceConnects("eve-sales");
    const [ofA] = await accountRows();
    const { visit } = await aliceConnects("eve-sales", asB);
    expect(visit.answer.status).toBe(303);
    expect(t.sandbox.hostedAuth.notifications.at(-1)!.outcome).toBe(409);
    expect(await accountRows()).toEqual([ofA]);
    await eventually(() => ephemeralTexts(BOB).some((text) => text.includes("is linked to another workspace")));
    await settled(t);
    expect(channelTexts().filter((text) => text.includes("connected the LinkedIn account"))).toHaveLength(1);
  });

  it("B cannot reconnect A's account by sending its row id, and no link is asked for", async () => {
    await aliceConnects("finn-sales");
    const [row] = await t.db.sql<{ id: string }[]>`select id from workspace_accounts`;
    const before = hostedLinkRequests().length;
    const answer = await clickAndRead(ACCOUNT_ACTIONS.reconnect, row!.id, asB);
    expect(answer.text).toBe("That account is not linked to this workspace, so it cannot be reconnected from here.");
    expect(hostedLinkRequests()).toHaveLength(before);
  });

  it("a genuine reconnect reference cannot be turned on another account", async () => {
    await aliceConnects("gus-sales");
    const [row] = await t.db.sql<{ id: string }[]>`select id from workspace_accounts`;
    t.sandbox.faults.disconnect("hosted-gus-sales");
    const answer = await clickAndRead(ACCOUNT_ACTIONS.reconnect, row!.id);
    const request = hostedLinkRequests().at(-1)!;
    expect(request).toMatchObject({ type: "reconnect", reconnect_account: "hosted-gus-sales" });
    expect(request).not.toHaveProperty("providers");
    expect(linkIn(answer)).toContain("/hosted/wizard/");
    const keysBefore = await onceKeys();
    const response = await postCallback({ status: "RECONNECTED", account_id: "sandbox-linkedin-1", name: request.name });
    expect(response.status).toBe(409);
    expect(await onceKeys()).toBe(keysBefore);
    expect(await t.db.sql`select 1 from graphile_worker.jobs where task_identifier = 'check-account-health'`).toEqual([]);
  });
});

describe("without the settings it needs", () => {
  it("the button says plainly what an admin must set, and asks Unipile for nothing", async () => {
    const bare = await startTestApp({ worker: false });
    try {
      bare.slack.addUser({ id: ALICE, real_name: "Alice Example", tz: "Europe/Paris" });
      const responseUrl = bare.slack.responseUrl("actions");
      await bare.driver.blockAction({ action_id: ACCOUNT_ACTIONS.connect, value: "create" }, { responseUrl });
      const answer = (await eventually(() => bare.slack.responses.find((posted) => posted.url === responseUrl))).body as Answer;
      expect(answer.text).toBe(
        "Connecting LinkedIn accounts from Slack is not set up yet. An admin has to set `SECRETS_KEY` (32 random bytes, e.g. `openssl rand -base64 32`, which signs the link), then restart the app (README, \"Unipile setup\").",
      );
      expect(bare.sandbox.stats.calls["POST /api/v1/hosted/accounts/link"]).toBe(0);
      // And a callback can never be one of ours there.
      const response = await fetch(`${bare.app.url}/unipile/hosted-auth/notify`, {
        method: "POST",
        body: JSON.stringify({ status: "CREATION_SUCCESS", account_id: "sandbox-linkedin-1", name: "sam1.x.y" }),
      });
      expect(response.status).toBe(403);
    } finally {
      await bare.stop();
    }
  });

  it("names PUBLIC_URL when Unipile cannot reach the app, and both when both are missing", () => {
    expect(connectSetup({ SECRETS_KEY }, null)).toEqual({ ok: false, missing: ["PUBLIC_URL"] });
    expect(connectSetup({ SECRETS_KEY: undefined }, null)).toEqual({ ok: false, missing: ["PUBLIC_URL", "SECRETS_KEY"] });
    expect(connectSetup({ SECRETS_KEY }, "https://sam.example.com/")).toMatchObject({ ok: true, baseUrl: "https://sam.example.com" });
  });
});
