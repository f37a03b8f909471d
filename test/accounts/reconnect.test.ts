// A disconnected LinkedIn account reconnected from Slack: the engine pauses it and its campaign's
// thread notice carries a Reconnect button; the button asks the Unipile sandbox for a hosted link
// of type reconnect for that account; the wizard signs it in again; and the campaign's sending
// resumes by itself. The real worker, the sandbox, the fake Slack, virtual time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_ACTIONS } from "../../src/accounts/account-list.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { launchedMessenger } from "../support/campaigns.js";
import { drive } from "../support/drive.js";
import { signInThroughWizard } from "../support/wizard.js";

const SECRETS_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";
const ACCOUNT = "sandbox-linkedin-1";
const ALICE = "U0ALICE0001";
const CHANNEL = "C0SAMCAMP01";

interface Block {
  type: string;
  elements?: Array<{ action_id: string; value?: string; url?: string }>;
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { SECRETS_KEY } });
  t.slack.addUser({ id: ALICE, real_name: "Alice Example", tz: "Europe/Paris" });
});
afterAll(() => t?.stop());

async function sent(): Promise<number> {
  const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from send_queue where status = 'sent'`;
  return row!.n;
}
async function accountStatus(accountId: string): Promise<string> {
  const [row] = await t.db.sql<{ status: string }[]>`select status from workspace_accounts where id = ${accountId}`;
  return row!.status;
}
const buttons = (blocks: unknown) => ((blocks ?? []) as Block[]).flatMap((block) => block.elements ?? []);

/** A launched campaign on the sandbox account with one message sent. */
async function runningCampaign(people: string[]) {
  const { campaign, accountId } = await launchedMessenger(t, people);
  const before = await sent();
  await drive(t, async () => (await sent()) === before + 1);
  return { campaign, accountId, sentBefore: before };
}

/** Clicks a Reconnect button and returns the private answer. */
async function clickReconnect(accountId: string, message?: { ts: string }) {
  const responseUrl = t.slack.responseUrl("actions");
  await t.driver.blockAction({ action_id: ACCOUNT_ACTIONS.reconnect, value: accountId }, { message, channelId: CHANNEL, responseUrl });
  return (await eventually(() => t.slack.responses.find((posted) => posted.url === responseUrl))).body as {
    replace_original: boolean;
    text: string;
    blocks: Block[];
  };
}

describe("reconnecting a disconnected account from Slack", () => {
  it("the pause notice's Reconnect button asks for a reconnect link for that account; once signed in again, the campaign sends again", async () => {
    const { campaign, accountId } = await runningCampaign(["ana-1st-silent", "ben-1st-silent", "cleo-1st-silent"]);

    t.sandbox.faults.disconnect(ACCOUNT);
    const notice = await eventually(() => t.slack.messages(CHANNEL).find((message) => message.text?.includes("Sending is paused")));
    expect(await accountStatus(accountId)).toBe("unavailable");
    expect(buttons(notice.blocks)).toEqual([
      expect.objectContaining({ action_id: ACCOUNT_ACTIONS.reconnect, value: accountId }),
    ]);

    // `/sam accounts` offers it too, beside Settings and Unlink.
    const listUrl = t.slack.responseUrl("commands");
    await t.driver.command("accounts", { responseUrl: listUrl });
    const list = (await eventually(() => t.slack.responses.find((posted) => posted.url === listUrl))).body as { blocks: Block[] };
    expect(buttons(list.blocks).map((button) => button.action_id)).toContain(ACCOUNT_ACTIONS.reconnect);

    // The button's own value, as Slack sends it back from the notice.
    const answer = await clickReconnect(buttons(notice.blocks)[0]!.value!, { ts: notice.ts });
    expect(answer.replace_original).toBe(false); // the thread's notice stays
    expect(answer.text).toContain("*Reconnect Demo LinkedIn account*: open the sign-in page");
    const request = t.sandbox.stats.posts.filter((post) => post.route === "POST /api/v1/hosted/accounts/link").at(-1)!.json;
    expect(request).toMatchObject({ type: "reconnect", reconnect_account: ACCOUNT, api_url: t.sandbox.url });
    expect(request).not.toHaveProperty("providers");

    // Three quarters of an hour pass before the user signs in (the link lasts an hour): nothing is sent meanwhile.
    await drive(t, async () => false, { until: new Date(t.clock.nowMs() + 45 * 60_000) });
    expect(await sent()).toBe(1);

    const url = buttons(answer.blocks).find((button) => button.action_id === ACCOUNT_ACTIONS.openLink)!.url!;
    const visit = await signInThroughWizard(url, { outcome: "success" });
    expect(visit.page.html).toContain("Reconnect Demo LinkedIn account");
    expect(visit.answer.status).toBe(303);
    expect(t.sandbox.hostedAuth.notifications).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ status: "RECONNECTED", account_id: ACCOUNT }), outcome: 200 }),
    ]);

    await eventually(async () => (await accountStatus(accountId)) === "active");
    await drive(t, async () => (await sent()) === 3);
    await eventually(() => t.slack.messages(CHANNEL).some((message) => message.text?.includes("works again; sending resumes")));
    await eventually(() =>
      t.slack.callsTo("chat.postEphemeral").some((call) => call.ok && String(call.args.text).includes("*Demo LinkedIn account* is signed in again")),
    );
    expect(t.slack.messages(CHANNEL).some((message) => message.text === `:arrows_counterclockwise: <@${ALICE}> reconnected the LinkedIn account *Demo LinkedIn account*.`)).toBe(true);
    await eventually(async () => (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
  });

  it("with no webhook at all, the callback's own check resumes the account at once, not half an hour later", async () => {
    for (const hook of await t.app.ctx.unipile.listWebhooks()) await t.app.ctx.unipile.deleteWebhook(hook.id);
    const { accountId, sentBefore } = await runningCampaign(["dora-1st-silent", "eli-1st-silent"]);
    t.sandbox.faults.disconnect(ACCOUNT);
    await drive(t, async () => (await accountStatus(accountId)) === "unavailable");

    const answer = await clickReconnect(accountId);
    const url = buttons(answer.blocks).find((button) => button.action_id === ACCOUNT_ACTIONS.openLink)!.url!;
    const frozenAt = t.clock.nowMs();
    expect((await signInThroughWizard(url, { outcome: "success" })).answer.status).toBe(303);
    // The clock stands still: only the check the callback queued for now can notice it.
    await eventually(async () => (await accountStatus(accountId)) === "active");
    expect(t.clock.nowMs()).toBe(frozenAt);
    await drive(t, async () => (await sent()) === sentBefore + 2);
  });
});
