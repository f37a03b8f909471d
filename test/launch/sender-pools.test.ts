// Sender pools end to end (issue 15, acceptance 4): the real worker, the Unipile sandbox with
// several LinkedIn accounts, the fake Slack, and virtual time. Each prospect is sent to by one
// pool account for its whole sequence: messenger by connection, connector by capacity.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";
import { reassignPoolProspects } from "../../src/delivery/pool-reassign.js";
import { statusText } from "../../src/commands/status.js";
import { unlinkAccount } from "../../src/accounts/accounts.js";
import { answerText } from "../campaigns/fixtures.js";

const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
const NOT_CONNECTED = "Not connected (SECOND_DEGREE) - messenger campaigns require existing connection";
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  for (const id of ["sandbox-linkedin-2", "sandbox-linkedin-3"]) t.sandbox.world.addAccount({ id, name: id });
});
afterAll(() => t.stop());

/** Adds workspace accounts (sandbox ids) to the campaign's pool after its first account; returns their ids. */
async function addToPool(
  campaignId: string,
  unipileIds: string[],
  caps: { daily_invitation_cap?: number } = {},
): Promise<string[]> {
  const [campaign] = await t.db.sql<
    { workspace_id: string }[]
  >`select workspace_id from campaigns where id = ${campaignId}`;
  const ids: string[] = [];
  for (const [index, unipileId] of unipileIds.entries()) {
    const [row] = await t.db.sql<{ id: string }[]>`
      insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
      values (${campaign!.workspace_id}, ${unipileId}, ${`Pool ${unipileId}`}, 'America/New_York')
      on conflict (unipile_account_id) do update set updated_at = now() returning id`;
    if (caps.daily_invitation_cap) {
      await t.db
        .sql`update workspace_accounts set daily_invitation_cap = ${caps.daily_invitation_cap} where id = ${row!.id}`;
    }
    await t.db
      .sql`insert into campaign_accounts (campaign_id, account_id, position) values (${campaignId}, ${row!.id}, ${index + 1})`;
    ids.push(row!.id);
  }
  return ids;
}

describe("sender pools", () => {
  // First: it reads the plan's days as of the suite's start (Monday 09:00), before others move the clock.
  it("/sam preview of a pool draft plans each account's share (by today's capacity) under that account's own caps", async () => {
    const people = Array.from({ length: 9 }, (_, i) => `pv${i}-2nd-ignores-silent`);
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Pool preview",
      type: "connector",
      window: ALWAYS,
      templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
      account: { daily_invitation_cap: 6, weekly_invitation_cap: 100 },
      prospects: people.map((identifier) => ({ identifier })),
    });
    await addToPool(campaign.id, ["sandbox-linkedin-3"], { daily_invitation_cap: 3 });
    const queued = await t.db.sql<{ account_id: string; n: number }[]>`
      select a.unipile_account_id as account_id, count(*)::int as n from send_queue q join workspace_accounts a on a.id = q.account_id
      where q.message_type = 'connection_request' and q.status in ('pending', 'waiting', 'sending')
        and a.unipile_account_id in ('sandbox-linkedin-1', 'sandbox-linkedin-3') group by 1`;
    // Nothing else waits on either account here, so the 9 split 6 : 3 like their caps.
    expect(queued).toEqual([]);
    const text = await answerText(t, `preview c${campaign.handle}`);
    expect(text).toContain("*Preview of Pool preview* (9 sends,");
    expect(text).toMatch(
      /shared by today's capacity over the pool's 2 accounts \(.+: 6, Pool sandbox-linkedin-3: 3\)/,
    );
    // Both accounts send on the first day, each within its own cap (one account alone: 6, then 3).
    expect(text).toContain("Next 14 days: Mon 30 Nov: 9, Tue 1 Dec: 0,");
    // A single-account draft's preview does not mention a pool.
    const { campaign: single } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Single preview",
      type: "connector",
      window: ALWAYS,
      templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
      prospects: [{ identifier: "pw-2nd-ignores-silent" }],
    });
    expect(await answerText(t, `preview c${single.handle}`)).not.toContain("pool");
  });
  it("messenger over 3 accounts: every message goes from the account the prospect is connected to; the unconnected are skipped with the reason", async () => {
    const owners: Record<string, string> = {
      "pa-2nd-silent": "sandbox-linkedin-1",
      "pb-2nd-silent": "sandbox-linkedin-1",
      "pc-2nd-silent": "sandbox-linkedin-2",
      "pd-2nd-silent": "sandbox-linkedin-3",
      "pe-2nd-silent": "sandbox-linkedin-3",
      "pf-2nd-silent": "sandbox-linkedin-2",
    };
    const strangers = ["px-2nd-silent", "py-2nd-silent"];
    for (const [identifier, account] of Object.entries(owners)) {
      t.sandbox.world.connect(account, identifier, new Date("2026-01-01T00:00:00Z"));
    }
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Pool messenger",
      window: ALWAYS,
      templates: {
        connection_request: "Hi {first_name}!",
        follow_up_messages: ["Follow-up"],
        follow_up_delays: [1],
      },
      prospects: [...Object.keys(owners), ...strangers].map((identifier) => ({
        identifier,
        firstName: identifier.slice(0, 2),
      })),
    });
    await addToPool(campaign.id, ["sandbox-linkedin-2", "sandbox-linkedin-3"]);
    const before = t.sandbox.stats.deliveries.length;
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(
      async () =>
        (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active",
    );
    await drive(t, async () => {
      const [row] = await t.db
        .sql`select count(*)::int as n from send_queue where campaign_id = ${campaign.id} and status = 'sent'`;
      return row!.n === 12;
    });

    const prospects = await t.db.sql<
      {
        public_identifier: string;
        provider_id: string | null;
        status: string;
        status_reason: string | null;
        sender: string | null;
      }[]
    >`
      select p.public_identifier, p.provider_id, p.status, p.status_reason, a.unipile_account_id as sender
      from campaign_prospects p left join workspace_accounts a on a.id = p.account_id where p.campaign_id = ${campaign.id}`;
    const byProvider = new Map(
      prospects.map((prospect) => [prospect.provider_id, prospect.public_identifier]),
    );
    const deliveries = t.sandbox.stats.deliveries
      .slice(before)
      .filter((delivery) => delivery.kind === "message");
    expect(deliveries).toHaveLength(12);
    // Every message of every connected prospect from its own account (2 each).
    const sentFrom = new Map<string, string[]>();
    for (const delivery of deliveries) {
      const identifier = byProvider.get(delivery.recipientProviderId)!;
      sentFrom.set(identifier, [...(sentFrom.get(identifier) ?? []), delivery.accountId]);
    }
    for (const [identifier, account] of Object.entries(owners))
      expect(sentFrom.get(identifier)).toEqual([account, account]);
    for (const prospect of prospects.filter((p) => p.public_identifier in owners))
      expect(prospect.sender).toBe(owners[prospect.public_identifier]);
    // The send_queue rows carry the same account as their prospect.
    const [mismatch] = await t.db.sql`
      select count(*)::int as n from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.campaign_id = ${campaign.id} and q.account_id is distinct from p.account_id`;
    expect(mismatch!.n).toBe(0);
    for (const identifier of strangers) {
      const prospect = prospects.find((p) => p.public_identifier === identifier)!;
      expect(prospect).toMatchObject({ status: "skipped", status_reason: NOT_CONNECTED });
      expect(sentFrom.has(identifier)).toBe(false);
    }
    // /sam status: each sender's progress.
    const [fresh] = await t.db.sql`select * from campaigns where id = ${campaign.id}`;
    const status = await statusText(t.app.ctx, fresh as never);
    expect(status).toContain("*Senders* (3)");
    expect(status).toContain("• Demo LinkedIn account: sent 4 · queued 0");
    expect(status).toContain("• Pool sandbox-linkedin-2: sent 4 · queued 0");
    expect(status).toContain("• Pool sandbox-linkedin-3: sent 4 · queued 0");
  });

  it("connector over 2 accounts: balances new prospects by each account's capacity, never to an account already connected", async () => {
    const people = Array.from({ length: 12 }, (_, i) => `cq${i}-2nd-ignores-silent`);
    const known = "cz-2nd-ignores-silent";
    t.sandbox.world.connect("sandbox-linkedin-2", known, new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Pool connector",
      type: "connector",
      window: ALWAYS,
      templates: {
        connection_request: "Hi {first_name}, let's connect",
        follow_up_messages: [],
        follow_up_delays: [],
      },
      account: { daily_invitation_cap: 20, weekly_invitation_cap: 100 },
      prospects: [...people, known].map((identifier) => ({ identifier })),
    });
    const [second] = await addToPool(campaign.id, ["sandbox-linkedin-2"], { daily_invitation_cap: 10 });
    const before = t.sandbox.stats.deliveries.length;
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(
      async () =>
        (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active",
    );

    const assigned = await t.db.sql<{ sender: string; n: number }[]>`
      select a.unipile_account_id as sender, count(*)::int as n from campaign_prospects p
      join workspace_accounts a on a.id = p.account_id
      where p.campaign_id = ${campaign.id} and p.status <> 'skipped' group by 1 order by 1`;
    // 20 and 10 invitations a day: 8 and 4 of 12 (any status: the worker may have invited some already).
    expect(assigned).toEqual([
      { sender: "sandbox-linkedin-1", n: 8 },
      { sender: "sandbox-linkedin-2", n: 4 },
    ]);
    const [skipped] = await t.db
      .sql`select status, status_reason from campaign_prospects where campaign_id = ${campaign.id} and public_identifier = ${known}`;
    expect(skipped).toMatchObject({
      status: "skipped",
      status_reason: "Already connected - use a messenger campaign",
    });
    expect(second).toBeTruthy();

    await drive(t, async () => {
      const [row] = await t.db
        .sql`select count(*)::int as n from send_queue where campaign_id = ${campaign.id} and status = 'sent'`;
      return row!.n === 12;
    });
    const invitations = t.sandbox.stats.deliveries
      .slice(before)
      .filter((delivery) => delivery.kind === "invitation");
    const perAccount = new Map<string, number>();
    for (const invitation of invitations)
      perAccount.set(invitation.accountId, (perAccount.get(invitation.accountId) ?? 0) + 1);
    expect(Object.fromEntries(perAccount)).toEqual({ "sandbox-linkedin-1": 8, "sandbox-linkedin-2": 4 });
  });

  it("a disconnected pool account: its untouched prospects move once after 48 h, the touched one waits for it", async () => {
    const HOUR = 3_600_000;
    const people = ["ra-2nd-silent", "rb-2nd-silent", "rc-2nd-silent"];
    for (const account of ["sandbox-linkedin-1", "sandbox-linkedin-2", "sandbox-linkedin-3"]) {
      for (const identifier of people)
        t.sandbox.world.connect(account, identifier, new Date("2026-01-01T00:00:00Z"));
    }
    await t.db.sql`update workspace_accounts set relations_synced_at = null`;
    const { campaign, accountId: first } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Pool failover",
      window: ALWAYS,
      templates: {
        connection_request: "Hi {first_name}!",
        follow_up_messages: ["Follow-up"],
        follow_up_delays: [1],
      },
      // First messages 10 hours apart: only the first prospect is touched before the account goes.
      account: { min_gap_minutes: 600 },
      prospects: people.map((identifier) => ({ identifier, firstName: identifier.slice(0, 2) })),
    });
    const [second, third] = await addToPool(campaign.id, ["sandbox-linkedin-2", "sandbox-linkedin-3"]);
    const before = t.sandbox.stats.deliveries.length;
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(
      async () =>
        (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active",
    );
    const senders = async () =>
      Object.fromEntries(
        (
          await t.db.sql<{ public_identifier: string; account_id: string; reassigned_at: Date | null }[]>`
          select public_identifier, account_id, reassigned_at from campaign_prospects where campaign_id = ${campaign.id}`
        ).map((row) => [
          row.public_identifier,
          { account: row.account_id, moved: row.reassigned_at !== null },
        ]),
      );
    // Connected to all three: each goes to the pool's first account.
    expect(Object.values(await senders()).map((entry) => entry.account)).toEqual([first, first, first]);
    const sentCount = async () =>
      (
        await t.db
          .sql`select count(*)::int as n from send_queue where campaign_id = ${campaign.id} and status = 'sent'`
      )[0]!.n as number;
    await drive(t, async () => (await sentCount()) === 1);
    const [touched] = await t.db.sql<{ public_identifier: string }[]>`
      select p.public_identifier from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.campaign_id = ${campaign.id} and q.status = 'sent'`;

    // The second account cannot send for five days: the prospects moved to it stay untouched there.
    await t.db
      .sql`update workspace_accounts set cooldown_until = ${new Date(t.clock.nowMs() + 5 * 24 * HOUR)} where id = ${second!}`;
    t.sandbox.faults.disconnect("sandbox-linkedin-1");
    await eventually(
      async () =>
        (await t.db.sql`select status from workspace_accounts where id = ${first}`)[0]!.status ===
        "unavailable",
    );
    const downAt = t.clock.nowMs();
    await drive(t, async () => Object.values(await senders()).some((entry) => entry.moved), {
      until: new Date(downAt + 47 * HOUR),
    });
    expect(Object.values(await senders()).some((entry) => entry.moved)).toBe(false);
    await drive(t, async () => Object.values(await senders()).filter((entry) => entry.moved).length === 2, {
      maxStepMs: HOUR,
    });
    expect(t.clock.nowMs() - downAt).toBeGreaterThanOrEqual(48 * HOUR);
    const afterMove = await senders();
    expect(afterMove[touched!.public_identifier]).toEqual({ account: first, moved: false });
    for (const identifier of people.filter((p) => p !== touched!.public_identifier)) {
      expect(afterMove[identifier]).toEqual({ account: second, moved: true });
    }
    const [rowsOff] = await t.db.sql`
      select count(*)::int as n from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.campaign_id = ${campaign.id} and q.account_id is distinct from p.account_id`;
    expect(rowsOff!.n).toBe(0);

    // The second account goes too: the moved prospects do not move again, whatever the wait.
    t.sandbox.faults.disconnect("sandbox-linkedin-2");
    await eventually(
      async () =>
        (await t.db.sql`select status from workspace_accounts where id = ${second!}`)[0]!.status ===
        "unavailable",
    );
    await drive(t, async () => false, { until: new Date(t.clock.nowMs() + 50 * HOUR), maxStepMs: 6 * HOUR });
    expect(await reassignPoolProspects(t.app.ctx, second!)).toBe(0);
    expect(await senders()).toEqual(afterMove);
    expect(third).toBeTruthy();

    // Both back: each prospect's whole sequence from its own account.
    t.sandbox.faults.reconnect("sandbox-linkedin-1");
    t.sandbox.faults.reconnect("sandbox-linkedin-2");
    await drive(t, async () => (await sentCount()) === 6);
    const ours = t.sandbox.stats.deliveries.slice(before).filter((delivery) => delivery.kind === "message");
    const providers = new Map(
      (
        await t.db.sql<{ provider_id: string; public_identifier: string }[]>`
        select provider_id, public_identifier from campaign_prospects where campaign_id = ${campaign.id}`
      ).map((row) => [row.provider_id, row.public_identifier]),
    );
    const from = (identifier: string) =>
      ours.filter((d) => providers.get(d.recipientProviderId) === identifier).map((d) => d.accountId);
    expect(from(touched!.public_identifier)).toEqual(["sandbox-linkedin-1", "sandbox-linkedin-1"]);
    for (const identifier of people.filter((p) => p !== touched!.public_identifier)) {
      expect(from(identifier)).toEqual(["sandbox-linkedin-2", "sandbox-linkedin-2"]);
    }
  });

  it("an account of a live pool campaign cannot be unlinked (the campaign is named), like a single account", async () => {
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Pool unlink",
      prospects: [],
    });
    const [third] = await addToPool(campaign.id, ["sandbox-linkedin-3"]);
    await t.db.sql`update campaigns set status = 'paused' where id = ${campaign.id}`;
    const result = await unlinkAccount(t.db.sql, campaign.workspace_id, third!);
    expect(result.outcome).toBe("in_use");
    expect(result.outcome === "in_use" && result.campaigns.map((c) => c.name)).toContain("Pool unlink");
  });

  it("a pool account Unipile reports disconnected at launch: not launched, the account named, nothing queued", async () => {
    t.sandbox.world.connect("sandbox-linkedin-1", "rz-2nd-silent", new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Pool refused",
      window: ALWAYS,
      threadTs: "1700000000.000100",
      prospects: [{ identifier: "rz-2nd-silent" }],
    });
    await addToPool(campaign.id, ["sandbox-linkedin-3"]);
    t.sandbox.faults.disconnect("sandbox-linkedin-3");
    await t.driver.command(`launch c${campaign.handle}`);
    const refusal = await eventually(() =>
      t.slack
        .messages()
        .find(
          (message) =>
            message.text?.includes("*Pool sandbox-linkedin-3*") && message.text.includes("Reconnect it"),
        ),
    );
    expect(refusal.text).toContain(":warning:");
    await eventually(
      async () =>
        (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "draft",
    );
    expect(await t.db.sql`select 1 from send_queue where campaign_id = ${campaign.id}`).toHaveLength(0);
    t.sandbox.faults.reconnect("sandbox-linkedin-3");
  });

  it("an account in a pool and in a campaign of its own: its daily cap holds across both", async () => {
    const mine = ["sa-2nd-silent", "sb-2nd-silent", "sc-2nd-silent"];
    const pooled = ["sd-2nd-silent", "se-2nd-silent", "sf-2nd-silent"];
    for (const identifier of [...mine, ...pooled])
      t.sandbox.world.connect("sandbox-linkedin-2", identifier, new Date("2026-01-01T00:00:00Z"));
    await t.db.sql`update workspace_accounts set relations_synced_at = null`;
    const single = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Own campaign of the second account",
      unipileAccountId: "sandbox-linkedin-2",
      window: ALWAYS,
      templates: { follow_up_messages: [], follow_up_delays: [] },
      account: { daily_message_cap: 2, time_zone: "America/New_York" },
      prospects: mine.map((identifier) => ({ identifier })),
    });
    const pool = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Pool sharing the second account",
      window: ALWAYS,
      templates: { follow_up_messages: [], follow_up_delays: [] },
      prospects: pooled.map((identifier) => ({ identifier })),
    });
    await addToPool(pool.campaign.id, ["sandbox-linkedin-2"]);
    const since = t.clock.now();
    for (const { campaign } of [single, pool]) {
      await t.driver.command(`launch c${campaign.handle}`);
      await eventually(
        async () =>
          (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active",
      );
    }
    const ids = [single.campaign.id, pool.campaign.id];
    await drive(t, async () => {
      const [row] = await t.db
        .sql`select count(*)::int as n from send_queue where campaign_id = any(${ids}::uuid[]) and status = 'sent'`;
      return row!.n === 6;
    });
    const perDay = await t.db.sql<{ day: string; n: number }[]>`
      select to_char(sent_at at time zone 'America/New_York', 'YYYY-MM-DD') as day, count(*)::int as n from send_queue
      where account_id = ${single.accountId} and status = 'sent' and sent_at >= ${since} group by 1 order by 1`;
    // Every send of the account counts (an earlier test's too): never more than 2 a day.
    expect(perDay.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThanOrEqual(6);
    expect(perDay.length).toBeGreaterThanOrEqual(3);
    for (const row of perDay) expect(row.n).toBeLessThanOrEqual(2);
    // The pool's prospects all went to the second account, the one they are connected to.
    const [elsewhere] = await t.db.sql`
      select count(*)::int as n from send_queue where campaign_id = ${pool.campaign.id} and account_id <> ${single.accountId}`;
    expect(elsewhere!.n).toBe(0);
  });

  it("/sam settings pool-wait sets the wait, refusing what is not a whole number of hours from 1 to 8760", async () => {
    expect(JSON.stringify(await t.driver.command("settings"))).toContain("pool-wait: 48 hours");
    expect(JSON.stringify(await t.driver.command("settings pool-wait 0"))).toContain(
      "one whole number of hours from 1 to 8760, not `0`",
    );
    expect(JSON.stringify(await t.driver.command("settings pool-wait 72"))).toContain(
      "unavailable for 72 hours",
    );
    const [row] = await t.db
      .sql`select pool_reassign_after_hours from workspaces where slack_team_id = ${t.slack.teamId}`;
    expect(row!.pool_reassign_after_hours).toBe(72);
  });
});
