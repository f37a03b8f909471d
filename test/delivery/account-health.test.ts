// An account Unipile cannot use pauses itself, its campaigns' threads say to reconnect it, and it
// resumes by itself when Unipile reports it healthy: through the account_status webhook, or,
// with no webhook at all, through the periodic health check. The real worker, the sandbox
// (faults.disconnect / reconnect), the fake Slack and virtual time.
import { afterEach, describe, expect, it } from "vitest";
import { applyAccountStatus, markAccountUnavailable } from "../../src/delivery/account-health.js";
import { HEALTH_CHECK_EVERY_MS } from "../../src/delivery/schedules.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign, launchedMessenger as launch } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const ACCOUNT = "sandbox-linkedin-1";
const PAUSED = "Reconnect the account in Unipile";
const RESUMED = "works again; sending resumes";
let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function sent(app: TestApp): Promise<number> {
  const [row] = await app.db.sql`select count(*)::int as n from send_queue where status = 'sent'`;
  return row!.n;
}

async function accountStatus(app: TestApp, accountId: string) {
  const [row] = await app.db.sql<{ status: string; status_reason: string | null }[]>`
    select status, status_reason from workspace_accounts where id = ${accountId}`;
  return row!;
}

const texts = (app: TestApp) => app.slack.messages().map((message) => message.text ?? "");
const count = (app: TestApp, part: string) => texts(app).filter((text) => text.includes(part)).length;

describe("account health", () => {
  it("a disconnected account pauses with one thread notice, sends nothing, and resumes on the RECONNECTED webhook", async () => {
    t = await startTestApp();
    const app = t;
    const { campaign, accountId } = await launch(app, ["ana-1st-silent", "ben-1st-silent", "cleo-1st-silent"]);
    await drive(app, async () => (await sent(app)) === 1);

    app.sandbox.faults.disconnect(ACCOUNT);
    await eventually(async () => (await accountStatus(app, accountId)).status === "unavailable");
    expect((await accountStatus(app, accountId)).status_reason).toMatch(/CREDENTIALS/);
    await eventually(() => count(app, PAUSED) === 1);
    expect(texts(app).find((text) => text.includes(PAUSED))).toContain("Sending is paused");

    // Six virtual hours while it is disconnected: nothing is sent, nobody fails, Unipile is asked now and then.
    const until = new Date(app.clock.nowMs() + 6 * 3_600_000);
    await drive(app, async () => false, { until });
    expect(await sent(app)).toBe(1);
    expect(await app.db.sql`select 1 from send_queue where status = 'failed'`).toHaveLength(0);
    expect(app.sandbox.stats.calls["GET /api/v1/accounts/:id"]).toBeGreaterThanOrEqual(6);
    expect(count(app, PAUSED)).toBe(1);

    app.sandbox.faults.reconnect(ACCOUNT);
    await eventually(async () => (await accountStatus(app, accountId)).status === "active");
    expect((await accountStatus(app, accountId)).status_reason).toBeNull();
    await drive(app, async () => (await sent(app)) === 3);
    await eventually(() => count(app, RESUMED) === 1);
    expect(count(app, PAUSED)).toBe(1);
    expect(app.sandbox.stats.deliveries.filter((d) => d.kind === "message")).toHaveLength(3);
    await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
  });

  it("with no webhook at all: a send refused with 401 pauses the account, and the health check resumes it within 30 minutes", async () => {
    t = await startTestApp();
    const app = t;
    for (const hook of await app.app.ctx.unipile.listWebhooks()) await app.app.ctx.unipile.deleteWebhook(hook.id);
    const { accountId } = await launch(app, ["dan-1st-silent", "eve-1st-silent"]);
    await drive(app, async () => (await sent(app)) === 1);

    app.sandbox.faults.disconnect(ACCOUNT);
    await drive(app, async () => (await accountStatus(app, accountId)).status === "unavailable");
    expect(await app.db.sql`select 1 from webhook_events`).toHaveLength(0);
    // The refused send is back in the queue, not failed.
    expect(await app.db.sql`select status, error_class from send_queue where status <> 'sent'`).toEqual([
      { status: "pending", error_class: "account_unavailable" },
    ]);
    await eventually(() => count(app, PAUSED) === 1);

    app.sandbox.faults.reconnect(ACCOUNT);
    const reconnectedAt = app.clock.nowMs();
    let activeAt = 0;
    await drive(app, async () => {
      if ((await accountStatus(app, accountId)).status !== "active") return false;
      activeAt = app.clock.nowMs();
      return true;
    });
    expect(activeAt - reconnectedAt).toBeLessThanOrEqual(HEALTH_CHECK_EVERY_MS);
    await drive(app, async () => (await sent(app)) === 2);
    await eventually(() => count(app, RESUMED) === 1);
  });

  it("an account_status event older than the last change is ignored; a repeated one changes nothing", async () => {
    t = await startTestApp({ worker: false });
    const app = t;
    const { accountId } = await draftCampaign(app.db.sql, { teamId: app.slack.teamId, prospects: [] });
    const ctx = app.app.ctx;
    const now = app.clock.now();
    await app.db.sql.begin((tx) => markAccountUnavailable(tx, ctx, accountId, "errors/disconnected_account"));
    await app.db.sql.begin((tx) => markAccountUnavailable(tx, ctx, accountId, "errors/disconnected_account again"));
    expect(await accountStatus(app, accountId)).toEqual({ status: "unavailable", status_reason: "errors/disconnected_account" });
    // An OK received before the account became unavailable arrives late: stale.
    await app.db.sql.begin((tx) =>
      applyAccountStatus(tx, ctx, { unipileAccountId: ACCOUNT, status: "OK", receivedAt: new Date(now.getTime() - 60_000) }),
    );
    expect((await accountStatus(app, accountId)).status).toBe("unavailable");
    // Statuses that mean nothing for sending (CONNECTING) are ignored; a fresh RECONNECTED resumes.
    await app.db.sql.begin((tx) => applyAccountStatus(tx, ctx, { unipileAccountId: ACCOUNT, status: "CONNECTING", receivedAt: now }));
    expect((await accountStatus(app, accountId)).status).toBe("unavailable");
    await app.db.sql.begin((tx) => applyAccountStatus(tx, ctx, { unipileAccountId: ACCOUNT, status: "RECONNECTED", receivedAt: now }));
    expect((await accountStatus(app, accountId)).status).toBe("active");
  });
});
