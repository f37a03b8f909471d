// Errors our code did not foresee never reach a Slack thread as they are: the thread says in
// plain words what failed and quotes a reference id; the log line with that id holds the
// error's own text. Messages our code wrote for users on purpose are kept as they are. The
// worker is off: each job is run on its last try by hand, and what the app queued for the thread
// is read from the outbox (delivering the outbox is proven in test/slack/outbox.test.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { exportRows } from "../../src/commands/export.js";
import type { ClaimedRow, ProspectRow } from "../../src/delivery/claim.js";
import { recordFailure } from "../../src/delivery/outcome.js";
import { UserFacingError } from "../../src/internal-error.js";
import { importProspects } from "../../src/jobs/import-prospects.js";
import { launchCampaign } from "../../src/launch/launch-campaign.js";
import { captureLogs } from "../../src/log.js";
import { loadAccount } from "../../src/planning/account-plan.js";
import { UnipileError } from "../../src/unipile/errors.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { DEFAULT_USER_ID } from "../support/fake-slack.js";
import { reload } from "../campaigns/fixtures.js";

let t: TestApp;
let logs: string[] = [];
let restoreLogs = () => {};

beforeAll(async () => {
  t = await startTestApp({ worker: false });
});
afterAll(() => t?.stop());
afterEach(() => {
  restoreLogs();
  logs = [];
});

function captured(): void {
  restoreLogs = captureLogs(logs);
}

/** The log entry written under a reference id. */
function logged(reference: string): { msg: string; level: string; error: { message: string; stack?: string } } {
  const lines = logs.filter((line) => line.includes(reference));
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

async function threadNotices(campaignId: string): Promise<string[]> {
  const rows = await t.db.sql<{ text: string }[]>`
    select payload->>'text' as text from slack_outbox
    where campaign_id = ${campaignId} and payload->'target'->>'kind' = 'campaign_thread' order by id`;
  return rows.map((row) => row.text);
}

const lastTry = { job: { attempts: 5, max_attempts: 5 } } as never;
const REFERENCE = /E-[0-9A-F]{8}/;

describe("an import that fails on its last try", () => {
  it("tells the thread a plain cause and a reference; the log holds the error under that reference", async () => {
    const { campaign } = await draftCampaign(t.db.sql, { teamId: "T0INTERR001", unipileAccountId: "acc-interr-1", prospects: [] });
    const file = t.slack.addFile({ name: "down.csv", content: "first_name,last_name,linkedin_url\nJane,Doe,https://www.linkedin.com/in/jane-doe\n" });
    t.slack.fail("files.info", { status: 500 });
    captured();
    await expect(
      importProspects({ campaignId: campaign.id, fileId: file.id, requestedBy: DEFAULT_USER_ID }, t.app.ctx, lastTry),
    ).rejects.toThrow();
    const [notice, ...others] = await threadNotices(campaign.id);
    expect(others).toEqual([]);
    const reference = REFERENCE.exec(notice ?? "")?.[0] ?? "no reference";
    expect(notice).toBe(
      `<@${DEFAULT_USER_ID}> the file ${file.id} could not be imported after 5 tries ` +
        `(an unexpected error; reference ${reference}). Nothing from it was stored; upload it again.`,
    );
    const entry = logged(reference);
    expect(entry).toMatchObject({ level: "error", msg: "import failed on its last try" });
    expect(entry.error.message.length).toBeGreaterThan(0);
    expect(notice).not.toContain(entry.error.message);
  });
});

describe("a launch that fails on its last try", () => {
  it("an internal error: back to draft, a plain cause and a reference in the thread, the error's text in the log", async () => {
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: "T0INTERR002",
      unipileAccountId: "sandbox-linkedin-1",
      prospects: [{ identifier: "some-one" }],
    });
    await t.db.sql`update campaigns set status = 'launching' where id = ${campaign.id}`;
    // A database error in the middle of the launch's transaction, raised by PostgreSQL itself.
    await t.db.sql.unsafe(`
      create function refuse_launch() returns trigger language plpgsql as $$
      begin
        if new.campaign_id = '${campaign.id}' then raise exception 'deadlock detected in relation "send_queue"'; end if;
        return new;
      end $$;
      create trigger refuse_launch before insert on send_queue for each row execute function refuse_launch();`);
    captured();
    await launchCampaign({ campaignId: campaign.id, requestedBy: DEFAULT_USER_ID }, t.app.ctx, lastTry).finally(() =>
      t.db.sql.unsafe("drop trigger refuse_launch on send_queue; drop function refuse_launch();"),
    );
    expect((await reload(t, campaign.id)).status).toBe("draft");
    const [notice, ...others] = await threadNotices(campaign.id);
    expect(others).toEqual([]);
    const reference = REFERENCE.exec(notice ?? "")?.[0] ?? "no reference";
    expect(notice).toBe(
      `:warning: The launch failed (an unexpected error; reference ${reference}). Nothing was sent; launch again when Unipile is reachable.`,
    );
    const entry = logged(reference);
    expect(entry).toMatchObject({ level: "error", msg: "launch failed on its last try" });
    expect(entry.error.message).toBe('deadlock detected in relation "send_queue"');
    expect(await t.db.sql`select count(*)::int as n from send_queue where campaign_id = ${campaign.id}`).toEqual([{ n: 0 }]);
  });

  it("Unipile down: the thread says so with its HTTP status, not the request path", async () => {
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: "T0INTERR003",
      // An account of this workspace alone: the app's own workspace holds sandbox-linkedin-1.
      unipileAccountId: "acc-interr-3",
      prospects: [{ identifier: "some-one" }],
    });
    await t.db.sql`update campaigns set status = 'launching' where id = ${campaign.id}`;
    // Every try of the client (three retries) gets the 503.
    t.sandbox.faults.failNext("GET /api/v1/accounts/:id", 4, 503);
    captured();
    await launchCampaign({ campaignId: campaign.id, requestedBy: DEFAULT_USER_ID }, t.app.ctx, lastTry);
    const [notice] = await threadNotices(campaign.id);
    const reference = REFERENCE.exec(notice ?? "")?.[0] ?? "no reference";
    expect(notice).toBe(
      `:warning: The launch failed (Unipile answered with an error (HTTP 503); reference ${reference}). ` +
        "Nothing was sent; launch again when Unipile is reachable.",
    );
    expect(logged(reference).error.message).toMatch(/^Unipile GET \/api\/v1\/accounts\/acc-interr-3 failed: 503/);
  });
});

describe("a send that fails unexpectedly", () => {
  async function sendingRow(teamId: string, identifier: string): Promise<{ row: ClaimedRow; campaign: Campaign }> {
    const { campaign, accountId } = await draftCampaign(t.db.sql, {
      teamId,
      unipileAccountId: `acc-${teamId}`,
      prospects: [{ identifier, firstName: "Ann", lastName: "Able" }],
    });
    await t.db.sql`update campaigns set status = 'active' where id = ${campaign.id}`;
    const [prospect] = await t.db.sql<ProspectRow[]>`select * from campaign_prospects where campaign_id = ${campaign.id}`;
    const [queued] = await t.db.sql<{ id: string }[]>`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, attempts, sent_text)
      values (${campaign.id}, ${prospect!.id}, ${accountId}, 'direct_message_1', 0, now(), 'sending', 8, 'Hi Ann')
      returning id`;
    const row: ClaimedRow = {
      id: queued!.id,
      campaign: await reload(t, campaign.id),
      account: (await loadAccount(t.db.sql, accountId))!,
      prospect: prospect!,
      messageType: "direct_message_1",
      step: 0,
      text: "Hi Ann",
      attempts: 8,
      previousSentAt: null,
      othersDue: false,
    };
    return { row, campaign };
  }

  it("on its last attempt: the thread, the prospect's reason and the export carry a reference, the log the error", async () => {
    const { row, campaign } = await sendingRow("T0INTERR004", "ann-able");
    captured();
    await recordFailure(t.app.ctx, row, new TypeError("Cannot read properties of null (reading 'write')"));
    const [stored] = await t.db.sql<{ status: string; error_message: string }[]>`select status, error_message from send_queue where id = ${row.id}`;
    const reference = REFERENCE.exec(stored!.error_message)?.[0] ?? "no reference";
    expect(stored).toEqual({ status: "failed", error_message: `an unexpected error; reference ${reference}` });
    expect(logged(reference)).toMatchObject({
      level: "error",
      msg: "send failed unexpectedly",
      error: { message: "Cannot read properties of null (reading 'write')" },
    });
    // The campaign has nothing left, so its completion summary carries the failure.
    const notices = (await threadNotices(campaign.id)).join("\n");
    expect(notices).toContain(`Ann Able — direct_message_1 failed after 8 attempts: an unexpected error; reference ${reference}`);
    expect(notices).not.toContain("Cannot read properties");
    const [prospect] = await t.db.sql<{ status_reason: string }[]>`select status_reason from campaign_prospects where id = ${row.prospect.id}`;
    expect(prospect!.status_reason).toBe(`direct_message_1 failed after 8 attempts: an unexpected error; reference ${reference}`);
    const exported = (await exportRows(t.db.sql, campaign.id)).flat().join("\n");
    expect(exported).not.toContain("Cannot read properties");
    expect(exported).toContain(reference);
  });

  it("Unipile's classified answer and our own words are kept as they are", async () => {
    const { row: refused } = await sendingRow("T0INTERR005", "bob-baker");
    await recordFailure(
      t.app.ctx,
      refused,
      new UnipileError({ type: "errors/invalid_parameters", status: 400, title: "Message too long", method: "POST", path: "/api/v1/chats", requestSent: true }),
    );
    const { row: lost } = await sendingRow("T0INTERR006", "cat-cole");
    await recordFailure(t.app.ctx, lost, new UserFacingError("the worker sending this message stopped before it arrived"));
    const messages = await t.db.sql<{ error_message: string }[]>`
      select error_message from send_queue where id in ${t.db.sql([refused.id, lost.id])} order by attempts, id`;
    expect(new Set(messages.map((m) => m.error_message))).toEqual(
      new Set(["errors/invalid_parameters: Message too long", "the worker sending this message stopped before it arrived"]),
    );
  });
});

describe("a slash command that fails unexpectedly", () => {
  it("is acknowledged with a plain sentence and a reference; the log holds the database's error", async () => {
    const { campaign } = await draftCampaign(t.db.sql, { teamId: "T0INTERR007", unipileAccountId: "acc-interr-7", prospects: [] });
    await t.db.sql.unsafe(`
      create function refuse_control() returns trigger language plpgsql as $$
      begin
        if new.id = '${campaign.id}' then raise exception 'could not serialize access due to concurrent update'; end if;
        return new;
      end $$;
      create trigger refuse_control before update on campaigns for each row execute function refuse_control();`);
    captured();
    const response = await t.driver
      .command(`launch c${campaign.handle}`, { teamId: "T0INTERR007" })
      .finally(() => t.db.sql.unsafe("drop trigger refuse_control on campaigns; drop function refuse_control();"));
    expect(response.status).toBe(200);
    const text = (response.json as { text?: string } | undefined)?.text ?? response.body;
    const reference = REFERENCE.exec(text)?.[0] ?? "no reference";
    expect(response.json).toEqual({
      response_type: "ephemeral",
      text: `\`/sam launch\` failed unexpectedly (reference ${reference}). Try again in a minute; if it keeps failing, give the reference to whoever runs the app.`,
    });
    expect(logged(reference)).toMatchObject({
      level: "error",
      msg: "slash command failed",
      command: "launch",
      error: { message: "could not serialize access due to concurrent update" },
    });
    expect((await reload(t, campaign.id)).status).toBe("draft");
  });
});
