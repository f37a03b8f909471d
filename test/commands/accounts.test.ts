// `/sam accounts` end to end: signed requests from the driver, the fake Slack, the Unipile
// sandbox and a real database. Covers listing, linking (double clicks and retries included),
// the settings modal and its validation, unlinking, and that one workspace can never see or
// change another's account whatever ids it sends.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT_ACTIONS } from "../../src/accounts/account-list.js";
import { SETTINGS_CALLBACK_ID } from "../../src/accounts/settings-modal.js";
import { DEFAULT_ACCOUNT } from "../../src/unipile/sandbox/index.js";
import { eventually, startTestApp, type TestApp, UNIPILE_KEY } from "../support/app.js";
import type { ActorOptions, DriverResponse } from "../support/slack-driver.js";

const TEAM_B = "T0OTHERWS01";
const ALICE = "U0ALICE0001";
const BOB = "U0BOB000001";

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Array<{ action_id: string; value: string; text: { text: string } }>;
}
interface ListMessage {
  response_type: string;
  replace_original?: boolean;
  text: string;
  blocks: Block[];
}
interface AccountRow {
  id: string;
  unlinked_at: Date | null;
  workspace_id: string;
  name: string;
  provider_id: string | null;
  time_zone: string;
  daily_message_cap: number;
  daily_invitation_cap: number;
  weekly_invitation_cap: number;
  min_gap_minutes: number;
  jitter_fraction: string;
  follow_up_min_gap_minutes: number;
  daily_profile_view_budget: number;
  linked_by: string | null;
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
});
afterAll(() => t?.stop());

beforeEach(async () => {
  await t.db.sql`delete from campaigns`;
  await t.db.sql`delete from workspace_accounts`;
  t.sandbox.reset();
  t.slack.reset();
  t.slack.addUser({ id: ALICE, real_name: "Alice Example", tz: "Europe/Paris" });
  t.slack.addUser({ id: BOB, real_name: "Bob Other", tz: "Asia/Tokyo" });
});

/** Runs `/sam accounts` and returns the ack and the list that follows on the response_url. */
async function listAccounts(opts: ActorOptions = {}): Promise<{ ack: DriverResponse; list: ListMessage }> {
  const responseUrl = t.slack.responseUrl("commands");
  const ack = await t.driver.command("accounts", { ...opts, responseUrl });
  const list = await responseAt(responseUrl);
  return { ack, list };
}

async function responseAt(url: string): Promise<ListMessage> {
  const found = await eventually(() => t.slack.responses.find((response) => response.url === url), 5000);
  return found!.body as ListMessage;
}

/** Clicks a button of the accounts list; resolves with the answer posted to the click's response_url. */
async function click(
  actionId: string,
  value: string,
  opts: ActorOptions & {
    actionTs?: string;
    retryNum?: number;
    responseUrl?: string;
    triggerId?: string;
  } = {},
) {
  const responseUrl = opts.responseUrl ?? t.slack.responseUrl("actions");
  const response = await t.driver.blockAction(
    { action_id: actionId, value, ...(opts.actionTs ? { action_ts: opts.actionTs } : {}) },
    { ...opts, responseUrl },
  );
  expect(response.status).toBe(200);
  return { response, responseUrl };
}

async function clickAndRead(actionId: string, value: string, opts: ActorOptions = {}): Promise<ListMessage> {
  const { responseUrl } = await click(actionId, value, opts);
  return responseAt(responseUrl);
}

function entryText(list: ListMessage, name: string): string {
  const entry = list.blocks.find(
    (block) => block.type === "section" && block.text?.text.startsWith(`*${name}*`),
  );
  if (!entry) throw new Error(`no entry for ${name} in ${JSON.stringify(list.blocks)}`);
  return entry.text!.text;
}

function buttonsOf(list: ListMessage, unipileAccountId: string) {
  return list.blocks.find((block) => block.block_id === `account:${unipileAccountId}`)?.elements ?? [];
}

async function accountRows(): Promise<AccountRow[]> {
  return t.db.sql<AccountRow[]>`select * from workspace_accounts order by created_at`;
}

async function workspaceIdOf(teamId: string): Promise<string> {
  const [row] = await t.db.sql<{ id: string }[]>`select id from workspaces where slack_team_id = ${teamId}`;
  return row!.id;
}

async function linkDemoAccount(opts: ActorOptions = {}): Promise<AccountRow> {
  await clickAndRead(ACCOUNT_ACTIONS.link, DEFAULT_ACCOUNT.id, opts);
  const [row] = await accountRows();
  return row!;
}

async function insertCampaign(workspaceId: string, accountId: string, name: string, status: string) {
  const [{ handle }] = (await t.db.sql`
    update workspaces set campaign_counter = campaign_counter + 1 where id = ${workspaceId}
    returning campaign_counter as handle`) as unknown as [{ handle: number }];
  const [campaign] = await t.db.sql<{ id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, account_id, message_templates, time_zone)
    values (${workspaceId}, ${handle}, ${name}, 'messenger', ${status}, ${accountId},
            ${t.db.sql.json({ connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] })},
            'Europe/Paris')
    returning id`;
  return { id: campaign!.id, handle };
}

const VALID_SETTINGS = {
  daily_message_cap: "40",
  daily_invitation_cap: "15",
  weekly_invitation_cap: "80",
  daily_profile_view_budget: "50",
  min_gap_minutes: "20",
  jitter_percent: "25",
  follow_up_min_gap_minutes: "3",
  time_zone: "america/chicago",
};

function stateOf(values: Record<string, string>) {
  return {
    values: Object.fromEntries(
      Object.entries(values).map(([blockId, value]) => [
        blockId,
        { value: { type: blockId === "time_zone" ? "plain_text_input" : "number_input", value } },
      ]),
    ),
  };
}

/** Clicks Settings and returns the modal Slack was asked to open. */
async function openSettings(accountId: string) {
  const before = t.slack.callsTo("views.open").length;
  await click(ACCOUNT_ACTIONS.settings, accountId);
  const call = await eventually(() => t.slack.callsTo("views.open")[before]);
  expect(call!.ok).toBe(true);
  const view = t.slack.views().filter((candidate) => candidate.type === "modal").at(-1)!;
  expect(view.callback_id).toBe(SETTINGS_CALLBACK_ID);
  return view;
}

function submitSettings(
  view: { id: string; private_metadata: string },
  values: Record<string, string>,
  opts: ActorOptions = {},
) {
  return t.driver.viewSubmission(
    {
      id: view.id,
      callback_id: SETTINGS_CALLBACK_ID,
      private_metadata: view.private_metadata,
      state: stateOf(values),
    },
    opts,
  );
}

describe("/sam accounts", () => {
  it("acknowledges at once, then lists the sandbox's demo account as not linked, with a Link button", async () => {
    const { ack, list } = await listAccounts();
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/Looking up/) });
    expect(list.response_type).toBe("ephemeral");
    const text = entryText(list, DEFAULT_ACCOUNT.name);
    expect(text).toContain("`OK`");
    expect(text).toContain("Not linked");
    expect(buttonsOf(list, DEFAULT_ACCOUNT.id).map((button) => button.action_id)).toEqual([
      ACCOUNT_ACTIONS.link,
    ]);
  });

  it("links the account with the clicker's Slack time zone and the default caps, then shows them", async () => {
    const answer = await clickAndRead(ACCOUNT_ACTIONS.link, DEFAULT_ACCOUNT.id);
    expect(answer).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(answer.blocks[0]!.text!.text).toMatch(/Linked \*Demo LinkedIn account\*.*Europe\/Paris/);

    const rows = await accountRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      workspace_id: await workspaceIdOf(t.driver.teamId),
      name: DEFAULT_ACCOUNT.name,
      time_zone: "Europe/Paris",
      daily_message_cap: 20,
      daily_invitation_cap: 20,
      weekly_invitation_cap: 100,
      linked_by: ALICE,
    });
    expect(rows[0]!.provider_id).toBeTruthy();

    const { list } = await listAccounts();
    const text = entryText(list, DEFAULT_ACCOUNT.name);
    expect(text).toContain("Linked to this workspace · time zone Europe/Paris");
    expect(text).toContain("20 messages a day · 20 invitations a day, 100 a week · 80 profile views a day");
    expect(text).toContain("at least 30 min apart (+ up to 50% at random)");
    expect(text).toContain("any two sends at least 5 min apart");
    expect(buttonsOf(list, DEFAULT_ACCOUNT.id).map((button) => button.action_id)).toEqual([
      ACCOUNT_ACTIONS.settings,
      ACCOUNT_ACTIONS.unlink,
    ]);
  });

  it("keeps one row through a double click and a retried delivery", async () => {
    // Two clicks at once: different action_ts, racing on the insert.
    const [first, second] = await Promise.all([
      click(ACCOUNT_ACTIONS.link, DEFAULT_ACCOUNT.id, { actionTs: "1764230400.000100" }),
      click(ACCOUNT_ACTIONS.link, DEFAULT_ACCOUNT.id, { actionTs: "1764230400.000200" }),
    ]);
    const answers = await Promise.all([responseAt(first.responseUrl), responseAt(second.responseUrl)]);
    const notices = answers.map((answer) => answer.blocks[0]!.text!.text).sort();
    expect(notices[0]).toMatch(/already linked to this workspace/);
    expect(notices[1]).toMatch(/Linked \*Demo LinkedIn account\*/);

    // Slack redelivering the first click: same action_ts, x-slack-retry-num set. Nothing new.
    const retryUrl = t.slack.responseUrl("actions");
    await click(ACCOUNT_ACTIONS.link, DEFAULT_ACCOUNT.id, {
      actionTs: "1764230400.000100",
      retryNum: 1,
      responseUrl: retryUrl,
    });
    await click(ACCOUNT_ACTIONS.link, DEFAULT_ACCOUNT.id, {
      actionTs: "1764230400.000100",
      retryNum: 2,
      responseUrl: retryUrl,
    });
    // Each delivery asks Slack for the clicker's time zone just before its transaction; once
    // all four have, give the last transaction a moment, then nothing may have been answered.
    await eventually(() => t.slack.callsTo("users.info").length === 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.slack.responses.filter((response) => response.url === retryUrl)).toHaveLength(0);
    expect(await accountRows()).toHaveLength(1);
  });

  it("refuses to link an account Unipile reports as disconnected, and offers no Link button for it", async () => {
    t.sandbox.world.addAccount({ id: "sandbox-linkedin-2", name: "Expired Session", status: "CREDENTIALS" });
    const { list } = await listAccounts();
    expect(entryText(list, "Expired Session")).toMatch(/`CREDENTIALS`[\s\S]*reconnect it in Unipile/);
    expect(buttonsOf(list, "sandbox-linkedin-2")).toEqual([]);

    const answer = await clickAndRead(ACCOUNT_ACTIONS.link, "sandbox-linkedin-2");
    expect(answer.blocks[0]!.text!.text).toMatch(
      /Not linked: Unipile reports \*Expired Session\* as `CREDENTIALS`/,
    );
    expect(await accountRows()).toHaveLength(0);
  });

  it("says clearly when Unipile fails, without a stack trace or the key, and still shows linked accounts", async () => {
    await linkDemoAccount();
    t.sandbox.faults.failNext("GET /api/v1/accounts", 4, 503);
    const { list } = await listAccounts();
    const everything = JSON.stringify(list);
    expect(list.blocks[1]!.text!.text).toMatch(
      /Could not list the accounts from Unipile\. Unipile is having trouble \(HTTP 503\)/,
    );
    expect(entryText(list, DEFAULT_ACCOUNT.name)).toContain("time zone Europe/Paris");
    expect(everything).not.toContain(UNIPILE_KEY);
    expect(everything).not.toMatch(/\bat .*\.(ts|js):\d+|UnipileError|api\/v1/);
  });
});

describe("account settings", () => {
  it("opens a modal holding the current values", async () => {
    const account = await linkDemoAccount();
    const view = await openSettings(account.id);
    const inputs = Object.fromEntries(
      (view.blocks as Array<{ block_id: string; element?: { initial_value?: string } }>)
        .filter((block) => block.element)
        .map((block) => [block.block_id, block.element!.initial_value]),
    );
    expect(inputs).toEqual({
      daily_message_cap: "20",
      daily_invitation_cap: "20",
      weekly_invitation_cap: "100",
      daily_profile_view_budget: "80",
      min_gap_minutes: "30",
      jitter_percent: "50",
      follow_up_min_gap_minutes: "5",
      time_zone: "Europe/Paris",
    });
    expect(JSON.stringify(view.blocks)).toMatch(/weekly invitation limit is about 100–200/);
  });

  it("puts each validation error on its own input and changes nothing", async () => {
    const account = await linkDemoAccount();
    const view = await openSettings(account.id);
    const response = await submitSettings(view, {
      daily_message_cap: "0",
      daily_invitation_cap: "101",
      weekly_invitation_cap: "ten",
      daily_profile_view_budget: "",
      min_gap_minutes: "2.5",
      jitter_percent: "150",
      follow_up_min_gap_minutes: "-1",
      time_zone: "Mars/Olympus_Mons",
    });
    expect(response.json).toMatchObject({ response_action: "errors" });
    const errors = (response.json as { errors: Record<string, string> }).errors;
    expect(errors).toEqual({
      daily_message_cap: "Must be between 1 and 150.",
      daily_invitation_cap: "Must be between 1 and 100.",
      weekly_invitation_cap: expect.stringMatching(/whole number/),
      daily_profile_view_budget: expect.stringMatching(/whole number from 1 to 100/),
      min_gap_minutes: expect.stringMatching(/no decimals/),
      jitter_percent: "Must be between 0 and 100.",
      follow_up_min_gap_minutes: "Must be between 1 and 480.",
      time_zone: expect.stringMatching(/IANA name/),
    });

    const weekBelowDay = await submitSettings(view, {
      ...VALID_SETTINGS,
      daily_invitation_cap: "30",
      weekly_invitation_cap: "25",
    });
    expect((weekBelowDay.json as { errors: Record<string, string> }).errors).toEqual({
      weekly_invitation_cap: expect.stringMatching(/at least the daily cap \(30\)/i),
    });
    expect((await accountRows())[0]).toMatchObject({ daily_message_cap: 20, time_zone: "Europe/Paris" });
  });

  it("saves a valid submission and refreshes the list it came from", async () => {
    const account = await linkDemoAccount();
    const view = await openSettings(account.id);
    const responseUrl = (JSON.parse(view.private_metadata) as { responseUrl: string }).responseUrl;
    const response = await submitSettings(view, VALID_SETTINGS);
    expect(response.status).toBe(200);
    expect(response.body).toBe("");

    expect((await accountRows())[0]).toMatchObject({
      daily_message_cap: 40,
      daily_invitation_cap: 15,
      weekly_invitation_cap: 80,
      daily_profile_view_budget: 50,
      min_gap_minutes: 20,
      jitter_fraction: "0.250",
      follow_up_min_gap_minutes: 3,
      time_zone: "America/Chicago",
    });
    const refreshed = await responseAt(responseUrl);
    expect(refreshed.replace_original).toBe(true);
    expect(refreshed.blocks[0]!.text!.text).toMatch(/Saved the settings of \*Demo LinkedIn account\*/);
    expect(entryText(refreshed, DEFAULT_ACCOUNT.name)).toContain(
      "40 messages a day · 15 invitations a day, 80 a week · 50 profile views a day",
    );
  });
  it("tells the user through the outbox when the list's response_url no longer works", async () => {
    const account = await linkDemoAccount();
    const view = await openSettings(account.id);
    t.slack.fail("response_url", { status: 500 });
    await submitSettings(view, VALID_SETTINGS);
    const queued = await eventually(async () => {
      const rows = await t.db.sql<{ method: string; payload: { target: unknown; text: string } }[]>`
        select method, payload from slack_outbox where method = 'chat.postEphemeral'`;
      return rows[0];
    });
    expect(queued!.payload).toMatchObject({
      target: { kind: "ephemeral", channel: t.driver.channelId, user: ALICE },
      text: expect.stringMatching(/Saved the settings of \*Demo LinkedIn account\*/),
    });
  });
});

describe("unlinking", () => {
  it("is refused while a launching, active or paused campaign uses the account, naming them", async () => {
    const account = await linkDemoAccount();
    const workspaceId = await workspaceIdOf(t.driver.teamId);
    await insertCampaign(workspaceId, account.id, "Spring outreach", "active");
    await insertCampaign(workspaceId, account.id, "On hold", "paused");
    const finished = await insertCampaign(workspaceId, account.id, "Old one", "completed");

    const refused = await clickAndRead(ACCOUNT_ACTIONS.unlink, account.id);
    const notice = refused.blocks[0]!.text!.text;
    expect(notice).toMatch(
      /still used by the campaigns c1 “Spring outreach” \(active\), c2 “On hold” \(paused\)/,
    );
    expect(notice).not.toContain("Old one");
    expect(await accountRows()).toHaveLength(1);

    await t.db.sql`update campaigns set status = 'cancelled' where status in ('active', 'paused')`;
    const done = await clickAndRead(ACCOUNT_ACTIONS.unlink, account.id);
    expect(done.blocks[0]!.text!.text).toMatch(/Unlinked \*Demo LinkedIn account\*/);
    // The row stays (unlinked) so the account's send history keeps counting against its caps.
    const rows = await accountRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.unlinked_at).toBeInstanceOf(Date);
    const [kept] = await t.db.sql`select account_id from campaigns where id = ${finished.id}`;
    expect(kept).toEqual({ account_id: account.id });
    expect(entryText(done, DEFAULT_ACCOUNT.name)).toContain("Not linked to this workspace.");
  });
});

describe("two workspaces", () => {
  const asB = { teamId: TEAM_B, userId: BOB };

  it("B sees A's account only as taken elsewhere, and cannot link it", async () => {
    const account = await linkDemoAccount();
    const { list } = await listAccounts(asB);
    const text = entryText(list, DEFAULT_ACCOUNT.name);
    expect(text).toContain("Linked to another workspace, so it cannot be linked here.");
    expect(JSON.stringify(list)).not.toMatch(/Europe\/Paris|20 messages a day|sam-test|T0SAMTEST01/);
    expect(buttonsOf(list, DEFAULT_ACCOUNT.id)).toEqual([]);

    const answer = await clickAndRead(ACCOUNT_ACTIONS.link, DEFAULT_ACCOUNT.id, asB);
    expect(answer.blocks[0]!.text!.text).toMatch(/linked to another workspace, so it cannot be linked here/);
    const rows = await accountRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.workspace_id).toBe(account.workspace_id);
  });

  it("B cannot open, save or unlink A's account by sending A's ids", async () => {
    const account = await linkDemoAccount();
    const viewOfA = await openSettings(account.id);
    const opened = t.slack.callsTo("views.open").length;

    const settings = await clickAndRead(ACCOUNT_ACTIONS.settings, account.id, asB);
    expect(settings.blocks[0]!.text!.text).toBe("That account is not linked to this workspace.");
    expect(JSON.stringify(settings)).not.toContain("Europe/Paris");
    expect(t.slack.callsTo("views.open")).toHaveLength(opened);

    // A's own modal (A's account id in its metadata) submitted from workspace B.
    const forged = await submitSettings(viewOfA, VALID_SETTINGS, asB);
    expect(forged.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(forged.json)).toMatch(/not linked to this workspace/);

    const unlink = await clickAndRead(ACCOUNT_ACTIONS.unlink, account.id, asB);
    expect(unlink.blocks[0]!.text!.text).toBe("That account is not linked to this workspace.");

    // Ids that are not uuids at all are refused the same way.
    const junk = await clickAndRead(ACCOUNT_ACTIONS.unlink, "' or 1=1 --", asB);
    expect(junk.blocks[0]!.text!.text).toBe("That account is not linked to this workspace.");

    const [row] = await accountRows();
    expect(row).toMatchObject({ id: account.id, daily_message_cap: 20, time_zone: "Europe/Paris" });
  });
});
