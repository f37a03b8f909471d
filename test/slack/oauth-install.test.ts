// Installs into any number of workspaces (issue 13, acceptance 1–3): the whole app in OAuth mode
// (no bot token in its environment) against the fake Slack's authorize page and oauth.v2.access,
// the Unipile sandbox and a real database. Each workspace installs through /slack/install →
// /slack/oauth_redirect in a browser of its own; from then on everything about it (its /sam
// commands, campaign thread, notices, App Home, CSV downloads) uses its own token, which the fake
// Slack records per call and refuses in any other workspace. Tokens are sealed in the database
// and in no log line; an uninstall pauses that workspace's campaigns and deletes its tokens.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { captureLogs, setLogLevel } from "../../src/log.js";
import { SecretBox } from "../../src/secret-box.js";
import { BOT_SCOPES } from "../../src/slack/scopes.js";
import { ackText, makeCampaign, reload } from "../campaigns/fixtures.js";
import { eventually, SIGNING_SECRET, type TestApp } from "../support/app.js";
import type { FakeWorkspace, RecordedCall } from "../support/fake-slack.js";
import { CLIENT_SECRET, SECRETS_KEY, STATE_SECRET, startOAuthTestApp } from "../support/oauth-app.js";
import { newCampaignFormState } from "../support/new-campaign-form.js";
import { createSlackDriver, type SlackDriver } from "../support/slack-driver.js";
import { decideOnSlack, finishInstall, installThroughApp, startInstall } from "../support/slack-install.js";

const CSV = [
  "first_name,last_name,linkedin_url,company_name",
  "John,Smith,https://linkedin.com/in/johnsmith123,Acme Corp",
  "Jane,Doe,https://www.linkedin.com/in/janedoe456/,Tech Inc",
].join("\n");
/** Stated literally (not the code's constant): what the workspace is told. */
const UNINSTALLED = "the Slack app was uninstalled from this workspace";

let t: TestApp;
const logLines: string[] = [];
let restoreLogs: () => void;
/** Every bot token the fake issued during the file, revoked ones included. */
const tokensSeen = new Set<string>();

beforeAll(async () => {
  // Every line the app writes, at its most talkative, for the secret checks.
  restoreLogs = captureLogs(logLines);
  setLogLevel("debug");
  t = await startOAuthTestApp();
});
afterAll(async () => {
  await t.stop();
  setLogLevel("warn");
  restoreLogs();
});

interface Tenant {
  ws: FakeWorkspace;
  user: string;
  channel: string;
  driver: SlackDriver;
}

/** A workspace with its #sam-campaigns, installed by one of its people through the app's install page. */
async function installed(teamId: string, teamName: string, user: string, channel: string): Promise<Tenant> {
  const ws = t.slack.addWorkspace({ teamId, teamName, userId: user });
  ws.addChannel({ id: channel, name: "sam-campaigns" });
  const run = await installThroughApp(t.app.url, t.slack, ws, user);
  expect(run.result.status).toBe(200);
  tokensSeen.add(ws.token!);
  const driver = createSlackDriver({ baseUrl: t.app.url, signingSecret: SIGNING_SECRET, fake: ws, userId: user, channelId: channel });
  return { ws, user, channel, driver };
}

/** Calls made with this workspace's current token. */
const callsWith = (tenant: Tenant) => t.slack.calls.filter((call) => call.token !== undefined && call.token === tenant.ws.token);

function expectNoSecretLogged(): void {
  const text = logLines.join("\n");
  expect(logLines.length).toBeGreaterThan(0);
  for (const secret of [...tokensSeen, CLIENT_SECRET, STATE_SECRET, SECRETS_KEY]) expect(text).not.toContain(secret);
}

/** `/sam new` in the tenant's workspace, the modal submitted with a CSV; the campaign once its root is posted. */
async function newCampaign(tenant: Tenant, name: string, unipileAccountId: string): Promise<Campaign> {
  const opened = t.slack.callsTo("views.open").length;
  expect((await tenant.driver.command("new")).status).toBe(200);
  const call = await eventually(() => t.slack.callsTo("views.open").slice(opened).find((c) => c.teamId === tenant.ws.teamId));
  const blocks = (call.args.view as { blocks: Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }> }).blocks;
  const account = blocks.find((block) => block.block_id === "account")!.element!.options!.find((o) => o.value.includes(unipileAccountId))!;
  const modal = tenant.ws.views().filter((view) => view.callback_id === "new_campaign").at(-1)!;
  const file = tenant.ws.addFile({ name: `${name}.csv`, content: CSV, user: tenant.user });
  const submitted = await tenant.driver.viewSubmission({
    id: modal.id,
    callback_id: "new_campaign",
    private_metadata: modal.private_metadata,
    state: newCampaignFormState({ name, account: account.value, fileId: file.id }),
  });
  expect([submitted.status, submitted.body]).toEqual([200, ""]);
  return eventually(async () => {
    const [row] = await t.db.sql<Campaign[]>`
      select c.* from campaigns c join workspaces w on w.id = c.workspace_id
      where w.slack_team_id = ${tenant.ws.teamId} and c.name = ${name} and c.slack_thread_ts is not null`;
    return row;
  });
}

const REFUSALS = new Set(["not_authed", "invalid_auth", "token_revoked", "channel_not_found", "login_page", "user_not_found"]);

describe("installs into two workspaces", () => {
  let alpha: Tenant;
  let beta: Tenant;

  it("each installs through /slack/install and /slack/oauth_redirect: the manifest's scopes, a signed state, a page saying what next", async () => {
    alpha = await installed("T0ALPHA0001", "Alpha Inc", "U0ANNA00001", "C0ALPHACAMP");
    const started = await startInstall(t.app.url);
    const authorize = new URL(started.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${t.slack.url}/oauth/v2/authorize`);
    expect(authorize.searchParams.get("scope")).toBe(BOT_SCOPES.join(","));
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${t.app.url}/slack/oauth_redirect`);
    // The state is a signed token, and the same value is kept in the installing browser's cookie.
    expect(authorize.searchParams.get("state")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(started.stateCookie).toBe(`slack-app-oauth-state=${authorize.searchParams.get("state")}`);

    const ws = t.slack.addWorkspace({ teamId: "T0BETA00001", teamName: "Beta <LLC>", userId: "U0BRUNO0001" });
    ws.addChannel({ id: "C0BETACAMP1", name: "sam-campaigns" });
    const answer = await decideOnSlack(t.slack, started.authorizeUrl, ws, "U0BRUNO0001");
    const page = await finishInstall(answer.location!, started.stateCookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain("SAM Campaigns is installed in Beta &lt;LLC&gt;");
    expect(page.body).toContain("<code>#sam-campaigns</code>");
    expect(page.body).toContain("<code>/invite @SAM Campaigns</code>");
    expect(page.body).toContain("<code>/sam help</code>");
    tokensSeen.add(ws.token!);
    beta = { ws, user: "U0BRUNO0001", channel: "C0BETACAMP1", driver: createSlackDriver({
      baseUrl: t.app.url, signingSecret: SIGNING_SECRET, fake: ws, userId: "U0BRUNO0001", channelId: "C0BETACAMP1",
    }) };
    expect(alpha.ws.token).not.toBe(beta.ws.token);
    const installs = await t.db.sql<{ team: string; installed_by: string }[]>`
      select w.slack_team_id as team, i.installed_by from slack_installations i join workspaces w on w.id = i.workspace_id order by team`;
    expect(installs).toEqual([
      { team: "T0ALPHA0001", installed_by: "U0ANNA00001" },
      { team: "T0BETA00001", installed_by: "U0BRUNO0001" },
    ]);
    expectNoSecretLogged();
  });

  it("each one's /sam new, campaign thread, notices, App Home and file downloads use that workspace's own token", async () => {
    t.sandbox.world.addAccount({ id: "acc-beta-0001", name: "Bea Beta" });
    for (const tenant of [alpha, beta]) {
      await tenant.driver.event({ type: "app_home_opened", user: tenant.user, tab: "home", channel: `D${tenant.user}` });
    }
    const alphaCampaign = await newCampaign(alpha, "Alpha launch", t.sandbox.world.defaultAccountId);
    const betaCampaign = await newCampaign(beta, "Beta launch", "acc-beta-0001");

    for (const [tenant, campaign] of [[alpha, alphaCampaign], [beta, betaCampaign]] as const) {
      // The thread lives in the workspace's own #sam-campaigns, found by name with its own token.
      expect(campaign.slack_channel_id).toBe(tenant.channel);
      const thread = () => tenant.ws.messages(tenant.channel).filter((m) => m.thread_ts === campaign.slack_thread_ts);
      const report = await eventually(() => thread().find((m) => m.text?.startsWith("*Imported 2 prospect(s)*")));
      expect(report.text).toContain(`${campaign.name}.csv`);
      await eventually(() => callsWith(tenant).some((c) => c.method === "views.publish"));

      const used = callsWith(tenant);
      const methods = new Set(used.map((call) => call.method));
      for (const method of ["views.open", "users.info", "conversations.list", "chat.postMessage", "views.publish", "files.info", "file_download"]) {
        expect(methods, `${tenant.ws.teamId} ${method}`).toContain(method);
      }
      // The header peek and the import both downloaded the workspace's own file with its token.
      const downloads = used.filter((call) => call.method === "file_download");
      expect(downloads.length).toBeGreaterThanOrEqual(2);
      for (const download of downloads) expect([download.status, String(download.args.path)]).toEqual([200, expect.stringContaining(tenant.ws.teamId)]);
      expect(used.every((call) => call.teamId === tenant.ws.teamId)).toBe(true);
    }
    // Nothing used the other workspace's token, an old one or none, and Slack refused nothing.
    const refused = t.slack.calls.filter((call: RecordedCall) => REFUSALS.has(call.error ?? ""));
    expect(refused).toEqual([]);
    expect(alpha.ws.messages().every((m) => m.channel === alpha.channel)).toBe(true);
    expect(beta.ws.messages().every((m) => m.channel === beta.channel)).toBe(true);
    expectNoSecretLogged();
  });

  it("keeps the tokens sealed in the database: no column of any table holds one in clear", async () => {
    const rows = await t.db.sql<{ team: string; sealed: Buffer }[]>`
      select w.slack_team_id as team, i.bot_token_sealed as sealed from slack_installations i join workspaces w on w.id = i.workspace_id`;
    const box = new SecretBox(Buffer.from(SECRETS_KEY, "hex"), "slack-bot-token");
    for (const tenant of [alpha, beta]) {
      const row = rows.find((r) => r.team === tenant.ws.teamId)!;
      const token = tenant.ws.token!;
      for (const encoding of ["utf8", "latin1"] as const) expect(row.sealed.toString(encoding)).not.toContain(token);
      expect(row.sealed.toString("hex")).not.toContain(Buffer.from(token).toString("hex"));
      // What is stored is that token, sealed for that team.
      expect(box.open(row.sealed, tenant.ws.teamId)).toBe(token);
    }
    const tables = await t.db.sql<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`;
    expect(tables.map((table) => table.name)).toContain("slack_installations");
    for (const token of tokensSeen) {
      const hex = Buffer.from(token).toString("hex");
      for (const { schema, name } of tables) {
        const [found] = await t.db.sql.unsafe<{ n: number }[]>(
          `select count(*)::int as n from "${schema}"."${name}" t where position($1 in t::text) > 0 or position($2 in t::text) > 0`,
          [token, hex],
        );
        expect(found!.n, `${schema}.${name}`).toBe(0);
      }
    }
  });
});

describe("the install's state", () => {
  it("is refused when forged, expired or brought by another browser, and the code is then never exchanged", async () => {
    const ws = t.slack.addWorkspace({ teamId: "T0GAMMA0001", teamName: "Gamma", userId: "U0GINA00001" });
    const exchanges = () => t.slack.callsTo("oauth.v2.access").length;
    const before = exchanges();
    const refusedPage = (page: { status: number; body: string }) => {
      expect(page.status).toBe(400);
      expect(page.body).toContain("This install link has expired or was started in another browser.");
    };

    // Forged: the state's signature altered (and the attacker's own cookie saying the same).
    const forged = await startInstall(t.app.url);
    const back = new URL((await decideOnSlack(t.slack, forged.authorizeUrl, ws, "U0GINA00001")).location!);
    const state = back.searchParams.get("state")!;
    const altered = `${state.slice(0, -2)}${state.endsWith("AA") ? "BB" : "AA"}`;
    back.searchParams.set("state", altered);
    refusedPage(await finishInstall(back.toString(), `slack-app-oauth-state=${altered}`));

    // Another browser: a genuine state, but not the one this browser was given.
    const genuine = await startInstall(t.app.url);
    const answer = await decideOnSlack(t.slack, genuine.authorizeUrl, ws, "U0GINA00001");
    refusedPage(await finishInstall(answer.location!));
    refusedPage(await finishInstall(answer.location!, forged.stateCookie));

    // Expired: Slack's redirect comes back more than 10 minutes after the install page.
    const late = await startInstall(t.app.url);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10 * 60_000 + 5_000 });
    try {
      const lateAnswer = await decideOnSlack(t.slack, late.authorizeUrl, ws, "U0GINA00001");
      refusedPage(await finishInstall(lateAnswer.location!, late.stateCookie));
    } finally {
      vi.useRealTimers();
    }

    // Cancelled on Slack's page.
    const cancelled = await startInstall(t.app.url);
    const denied = await decideOnSlack(t.slack, cancelled.authorizeUrl, ws, "U0GINA00001", "deny");
    const deniedPage = await finishInstall(denied.location!, cancelled.stateCookie);
    expect([deniedPage.status, deniedPage.body.includes("The install was cancelled in Slack.")]).toEqual([400, true]);

    expect(exchanges()).toBe(before);
    expect(await t.db.sql`select 1 from workspaces where slack_team_id = 'T0GAMMA0001'`).toHaveLength(0);
    // The same workspace, the same browser steps done right: installed (the refusals were the state's).
    const run = await installThroughApp(t.app.url, t.slack, ws, "U0GINA00001");
    tokensSeen.add(ws.token!);
    expect(run.result.status).toBe(200);
    expect(exchanges()).toBe(before + 1);
    expectNoSecretLogged();
  });

  it("a code Slack refuses (replayed once the install is done) gives the failure page and stores nothing new", async () => {
    const ws = t.slack.addWorkspace({ teamId: "T0ZETA00001", teamName: "Zeta", userId: "U0ZOE000001" });
    const started = await startInstall(t.app.url);
    const answer = await decideOnSlack(t.slack, started.authorizeUrl, ws, "U0ZOE000001");
    expect((await finishInstall(answer.location!, started.stateCookie)).status).toBe(200);
    tokensSeen.add(ws.token!);
    const [before] = await t.db.sql<{ updated_at: Date }[]>`
      select i.updated_at from slack_installations i join workspaces w on w.id = i.workspace_id where w.slack_team_id = 'T0ZETA00001'`;
    // The same redirect again (a reload of the page), with a fresh state cookie for it.
    const again = await startInstall(t.app.url);
    const replay = new URL(answer.location!);
    replay.searchParams.set("state", again.stateCookie.split("=")[1]!);
    const page = await finishInstall(replay.toString(), again.stateCookie);
    expect(page.status).toBe(400);
    expect(page.body).toContain("Slack refused the install (invalid_code).");
    const [after] = await t.db.sql<{ updated_at: Date }[]>`
      select i.updated_at from slack_installations i join workspaces w on w.id = i.workspace_id where w.slack_team_id = 'T0ZETA00001'`;
    expect(after).toEqual(before);
  });
});

describe("an uninstall", () => {
  it("pauses that workspace's campaigns and deletes its tokens; the other goes on; a reinstall brings a new token and resumes nothing", async () => {
    const delta = await installed("T0DELTA0001", "Delta", "U0DORA00001", "C0DELTACAMP");
    const epsilon = await installed("T0EPSILON01", "Epsilon", "U0EVE000001", "C0EPSILCAMP");
    const deltaCampaign = await makeCampaign(t, { teamId: "T0DELTA0001", name: "Delta outreach", status: "active" });
    const epsilonCampaign = await makeCampaign(t, { teamId: "T0EPSILON01", name: "Epsilon outreach", status: "active" });
    expect([deltaCampaign.slack_channel_id, epsilonCampaign.slack_channel_id]).toEqual(["C0DELTACAMP", "C0EPSILCAMP"]);
    const installsOf = async (teamId: string) =>
      (await t.db.sql`select 1 from slack_installations i join workspaces w on w.id = i.workspace_id where w.slack_team_id = ${teamId}`).length;

    const oldToken = delta.ws.token!;
    delta.ws.uninstallApp();
    expect((await delta.driver.event({ type: "app_uninstalled" })).status).toBe(200);
    await eventually(async () => (await reload(t, deltaCampaign.id)).status === "paused");
    const revoked = { type: "tokens_revoked", tokens: { bot: [delta.ws.botUserId] } };
    expect((await delta.driver.event(revoked)).status).toBe(200);
    expect((await reload(t, deltaCampaign.id)).pause_reason).toBe(UNINSTALLED);
    expect(await installsOf("T0DELTA0001")).toBe(0);
    // Without its install, nothing from that workspace is run: Bolt cannot authorize it and only acknowledges.
    const help = await delta.driver.command("help");
    expect([help.status, help.body]).toEqual([200, ""]);
    expect(ackText(await epsilon.driver.command("help"))).toContain("/sam new");

    // The other workspace is untouched: installed, its campaign active, its commands and notices served.
    expect(await installsOf("T0EPSILON01")).toBe(1);
    expect((await reload(t, epsilonCampaign.id)).status).toBe("active");
    expect(ackText(await epsilon.driver.command(`pause c${epsilonCampaign.handle}`))).toBe("Paused *Epsilon outreach*.");
    await eventually(() =>
      epsilon.ws.messages(epsilon.channel).some((m) => m.thread_ts === epsilonCampaign.slack_thread_ts && /paused/i.test(m.text ?? "")),
    );

    // Reinstalled: a new token, the held pause notice delivered with it, and the campaign still paused.
    const again = await installThroughApp(t.app.url, t.slack, delta.ws, "U0DORA00001");
    expect(again.result.status).toBe(200);
    const newToken = delta.ws.token!;
    tokensSeen.add(newToken);
    expect(newToken).not.toBe(oldToken);
    const notice = await eventually(() =>
      delta.ws.messages(delta.channel).find((m) => m.thread_ts === deltaCampaign.slack_thread_ts && m.text?.includes(UNINSTALLED)),
    );
    expect(notice).toBeDefined();
    const posted = t.slack.calls.filter((call) => call.method === "chat.postMessage" && call.teamId === "T0DELTA0001" && call.ok);
    expect(posted.at(-1)?.token).toBe(newToken);
    expect((await reload(t, deltaCampaign.id)).status).toBe("paused");
    expect(ackText(await delta.driver.command(`resume c${deltaCampaign.handle}`))).toBe("Resumed *Delta outreach*.");
    expectNoSecretLogged();
  });
});

describe("single-token mode", () => {
  it("serves no install page", async () => {
    const { startTestApp } = await import("../support/app.js");
    const single = await startTestApp({ worker: false });
    try {
      expect((await fetch(`${single.app.url}/slack/install`)).status).toBe(404);
      expect((await fetch(`${single.app.url}/slack/oauth_redirect?code=x&state=y`)).status).toBe(404);
    } finally {
      await single.stop();
    }
  });
});
