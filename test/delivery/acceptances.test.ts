// Connector campaigns: an accepted invitation (the new_relation webhook, or the poll when no
// webhook comes) makes follow_up_1 due its delay after the acceptance, inside the window; an
// invitation never accepted is withdrawn after 21 days. The real worker, the sandbox, the fake
// Slack and virtual time.
import { DateTime } from "luxon";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { markAccepted } from "../../src/delivery/acceptances.js";
import { nextPollAt } from "../../src/delivery/schedules.js";
import { windowOf } from "../../src/planning/rules.js";
import { isInsideWindow, nextAllowedInstant } from "../../src/schedule/index.js";
import type { Scenario } from "../../src/unipile/sandbox/index.js";
import { WEBHOOK_SECRET_HEADER } from "../../src/webhooks/intake.js";
import { eventually, startTestApp, type TestApp, WEBHOOK_SECRET } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const DAY = 86_400_000;
let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const person = (identifier: string, acceptAfterHours: number | null) => ({
  identifier,
  degree: "SECOND_DEGREE" as const,
  acceptAfterHours,
  replyAfterHours: null,
});

interface ProspectState {
  id: string;
  status: string;
  status_reason: string | null;
  provider_id: string;
  connection_accepted_at: Date | null;
}

async function prospect(app: TestApp, identifier: string): Promise<ProspectState> {
  const [row] = await app.db.sql<ProspectState[]>`
    select id, status, status_reason, provider_id, connection_accepted_at from campaign_prospects where public_identifier = ${identifier}`;
  return row!;
}

async function queue(app: TestApp, prospectId: string) {
  return app.db.sql<{ step: number; status: string; scheduled_for: Date; sent_at: Date | null; unipile_invitation_id: string | null }[]>`
    select step, status, scheduled_for, sent_at, unipile_invitation_id from send_queue where prospect_id = ${prospectId} order by step`;
}

async function launchConnector(app: TestApp, identifiers: string[]) {
  const { campaign } = await draftCampaign(app.db.sql, {
    teamId: app.slack.teamId,
    type: "connector",
    templates: { connection_request: "Hi {first_name}, let's connect", follow_up_messages: ["Thanks for connecting", "One more thing"], follow_up_delays: [3, 5] },
    prospects: identifiers.map((identifier, i) => ({ identifier, firstName: `P${i + 1}`, lastName: identifier })),
    account: { min_gap_minutes: 1, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
  });
  await app.driver.command(`launch c${campaign.handle}`);
  await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");
  return campaign;
}

const texts = (app: TestApp) => app.slack.messages().map((message) => message.text ?? "");

describe("acceptances", () => {
  it("connector end to end: accepted two days later → follow-ups after their delays; never accepted → withdrawn after 21 days", async () => {
    const scenario: Scenario = { profiles: [person("amy-2nd", 48), person("bob-2nd", null)] };
    t = await startTestApp({ scenario });
    const app = t;
    const campaign = await launchConnector(app, ["amy-2nd", "bob-2nd"]);
    const window = windowOf(campaign);

    // Whichever finds the acceptance first (the webhook or a poll), drive on until the webhook
    // has arrived too: a poll can come in the five minutes before it.
    await drive(
      app,
      async () =>
        (await prospect(app, "amy-2nd")).status === "connected" &&
        (await app.db.sql`select 1 from webhook_events where source = 'users'`).length > 0,
      { maxStepMs: 30 * 60_000 },
    );
    const amy = await prospect(app, "amy-2nd");
    const [invitation, first, second] = await queue(app, amy.id);
    // The new_relation webhook comes 5 virtual minutes after the acceptance (two days after the
    // invitation); the clock moves in steps of up to 30 minutes, so it is noticed within 35.
    expect(await app.db.sql`select 1 from webhook_events where source = 'users'`).not.toHaveLength(0);
    const acceptedAfter = amy.connection_accepted_at!.getTime() - invitation!.sent_at!.getTime();
    expect(acceptedAfter).toBeGreaterThanOrEqual(48 * 3_600_000);
    expect(acceptedAfter).toBeLessThanOrEqual(48 * 3_600_000 + 35 * 60_000);
    expect(first!.status).toBe("pending");
    expect(first!.scheduled_for).toEqual(nextAllowedInstant(window, new Date(amy.connection_accepted_at!.getTime() + 3 * DAY)).at);
    expect(isInsideWindow(window, first!.scheduled_for)).toBe(true);
    expect(second!.status).toBe("waiting");

    let withdrawnAt: Date | null = null;
    await drive(app, async () => {
      if ((await prospect(app, "bob-2nd")).status !== "not_accepted") return false;
      withdrawnAt = app.clock.now();
      return true;
    });
    const bob = await prospect(app, "bob-2nd");
    const bobRows = await queue(app, bob.id);
    expect(bob.status_reason).toBe("Invitation not accepted after 21 days; withdrawn");
    expect(withdrawnAt!.getTime() - bobRows[0]!.sent_at!.getTime()).toBeGreaterThanOrEqual(21 * DAY);
    // A poll a few times a business day: withdrawn within about three days of the deadline.
    expect(withdrawnAt!.getTime() - bobRows[0]!.sent_at!.getTime()).toBeLessThan(24 * DAY);
    expect(bobRows.map((row) => row.status)).toEqual(["sent", "cancelled", "cancelled"]);
    expect(app.sandbox.stats.calls["DELETE /api/v1/users/invite/sent/:id"]).toBe(1);
    expect(app.sandbox.world.invitation(bobRows[0]!.unipile_invitation_id!)!.status).toBe("WITHDRAWN");

    await drive(app, async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "completed");
    const [, f1, f2] = await queue(app, amy.id);
    expect(f1!.sent_at!.getTime()).toBeGreaterThanOrEqual(amy.connection_accepted_at!.getTime() + 3 * DAY);
    expect(f2!.sent_at!.getTime()).toBeGreaterThanOrEqual(f1!.sent_at!.getTime() + 5 * DAY);
    for (const row of [f1!, f2!]) expect(isInsideWindow(window, row.sent_at!)).toBe(true);
    const messages = app.sandbox.stats.deliveries.filter((d) => d.recipientProviderId === amy.provider_id);
    expect(messages.map((d) => d.kind)).toEqual(["invitation", "message", "message"]);
    const summary = await eventually(() => texts(app).find((text) => text.includes(":checkered_flag:")));
    expect(summary).toContain("Invitations not accepted (withdrawn): 1");
    // The withdrawal, the campaign's last event, is told with the summary rather than in a digest after it.
    expect(summary).toContain("Not reported yet:\n• P2 bob-2nd — invitation not accepted after 21 days; withdrawn.");
  });

  it("the poll finds an acceptance without any webhook, dated when Unipile says it happened; a late webhook changes nothing", async () => {
    // new_relation would come only after ~70 virtual days: the poll has to find it.
    const scenario: Scenario = { profiles: [person("cleo-2nd", 30)], webhooks: { newRelationDelayMinutes: 100_000 } };
    t = await startTestApp({ scenario });
    const app = t;
    const campaign = await launchConnector(app, ["cleo-2nd"]);
    await drive(app, async () => (await prospect(app, "cleo-2nd")).status === "connected");
    const cleo = await prospect(app, "cleo-2nd");
    const [invitation, first, second] = await queue(app, cleo.id);
    expect(await app.db.sql`select 1 from webhook_events where source = 'users'`).toHaveLength(0);
    expect(cleo.connection_accepted_at!.getTime() - invitation!.sent_at!.getTime()).toBe(30 * 3_600_000);
    expect(first!.status).toBe("pending");
    expect(first!.scheduled_for).toEqual(nextAllowedInstant(windowOf(campaign), new Date(cleo.connection_accepted_at!.getTime() + 3 * DAY)).at);
    expect(second!.status).toBe("waiting");

    // The webhook shows up after all: stored, processed, and the acceptance stays as it was.
    const response = await request(`${app.app.url}/unipile/webhook`, {
      method: "POST",
      headers: { [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      body: JSON.stringify({
        event: "new_relation",
        account_id: "sandbox-linkedin-1",
        account_type: "LINKEDIN",
        user_provider_id: cleo.provider_id,
        user_public_identifier: "cleo-2nd",
      }),
    });
    expect(response.statusCode).toBe(200);
    await eventually(async () => (await app.db.sql`select 1 from webhook_events where source = 'users' and processed_at is not null`).length === 1);
    await app.db.sql.begin((tx) => markAccepted(tx, app.app.ctx, cleo.id, app.clock.now()));
    expect((await prospect(app, "cleo-2nd")).connection_accepted_at).toEqual(cleo.connection_accepted_at);
    expect((await queue(app, cleo.id))[1]!.scheduled_for).toEqual(first!.scheduled_for);
  });

  it("polls fall on weekdays inside the account's business hours, a few hours apart", () => {
    let now = new Date("2026-12-04T20:00:00Z"); // a Friday, 15:00 in New York
    const seen: DateTime[] = [];
    for (let i = 0; i < 200; i++) {
      const next = nextPollAt(now, "America/New_York");
      expect(next.getTime() - now.getTime()).toBeGreaterThanOrEqual(3 * 3_600_000);
      const local = DateTime.fromJSDate(next, { zone: "America/New_York" });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour).toBeGreaterThanOrEqual(8);
      expect(local.hour).toBeLessThan(19);
      seen.push(local);
      now = next;
    }
    const perDay = new Map<string, number>();
    for (const local of seen) perDay.set(local.toISODate()!, (perDay.get(local.toISODate()!) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(4);
  });
});
