// The do-not-contact list enforced through the real path: the app over HTTP with the fake Slack,
// the real worker and the Unipile sandbox, virtual time driven step by step. A person or company
// on the list is skipped at import with the reason, not queued at launch, and cancelled at claim
// time when the entry came after launch: zero sends to them in the sandbox. Another workspace's
// list never applies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { addProspectToDoNotContact } from "../../src/do-not-contact/add-prospect.js";
import { DNC_REASON } from "../../src/do-not-contact/list.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";
import { fileShareEvent } from "../support/file-share.js";
import { ackText, makeCampaign, settled, threadOf } from "../campaigns/fixtures.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.stop());

const WINDOW = { start: "10:00", end: "17:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
const TEMPLATES = { connection_request: "Hi {first_name}!", follow_up_messages: ["Second", "Third"], follow_up_delays: [1, 1] };
const PACE = { min_gap_minutes: 10, follow_up_min_gap_minutes: 0, jitter_fraction: 0, daily_message_cap: 100 };

async function status(campaignId: string): Promise<string> {
  return (await t.db.sql<{ status: string }[]>`select status from campaigns where id = ${campaignId}`)[0]!.status;
}

async function providerIdOf(campaignId: string, identifier: string): Promise<string> {
  const [row] = await t.db.sql<{ provider_id: string }[]>`
    select provider_id from campaign_prospects where campaign_id = ${campaignId} and public_identifier = ${identifier}`;
  return row!.provider_id;
}

/** Nothing is sent from the account for the next two hours (it wakes by itself then): the test adds its entries meanwhile. */
async function holdAccount(accountId: string) {
  await t.db.sql`update workspace_accounts set cooldown_until = ${new Date(t.clock.nowMs() + 2 * 3_600_000)} where id = ${accountId}`;
}

const sendsTo = (providerId: string) => t.sandbox.stats.deliveries.filter((delivery) => delivery.recipientProviderId === providerId).length;

async function prospectsOf(campaignId: string) {
  return t.db.sql<{ public_identifier: string; status: string; status_reason: string | null; sent: number; cancelled: number }[]>`
    select p.public_identifier, p.status, p.status_reason,
           count(q.id) filter (where q.status = 'sent')::int as sent,
           count(q.id) filter (where q.status = 'cancelled')::int as cancelled
    from campaign_prospects p left join send_queue q on q.prospect_id = p.id
    where p.campaign_id = ${campaignId} group by p.id order by p.public_identifier`;
}

describe("an entry added after launch", () => {
  it("cancels the person's and the company's rows at claim time: nothing is ever sent to them; another workspace's list does not apply", async () => {
    const people = ["ana-1st-silent", "bo-1st-silent", "cy-1st-silent", "di-1st-silent"];
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign, accountId } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Claim-time list",
      window: WINDOW,
      templates: TEMPLATES,
      account: PACE,
      prospects: [
        { identifier: "ana-1st-silent", firstName: "Ana", company: "Acme, Inc." },
        { identifier: "bo-1st-silent", firstName: "Bo", company: "Bo's Bakery" },
        { identifier: "cy-1st-silent", firstName: "Cy", company: "ACME" },
        { identifier: "di-1st-silent", firstName: "Di", company: "Zeta" },
      ],
    });
    await holdAccount(accountId);
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await status(campaign.id)) === "active");
    expect(t.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message")).toHaveLength(0);

    // Entries written straight to the table, as a concurrent add whose own cancellation had not
    // reached these rows: the claim is what stops them. A company by name, a person by profile.
    const [{ id: workspaceId }] = (await t.db.sql`select workspace_id as id from campaigns where id = ${campaign.id}`) as unknown as [{ id: string }];
    await t.db.sql`
      insert into do_not_contact (workspace_id, kind, key, original, added_by, added_at, source)
      values (${workspaceId}, 'company', 'acme', 'acme inc', 'U0ALICE0001', ${t.clock.now()}, 'command'),
             (${workspaceId}, 'profile', 'di-1st-silent', 'https://www.linkedin.com/in/di-1st-silent/', 'U0ALICE0001', ${t.clock.now()}, 'command')`;
    // Bo is on another workspace's list only.
    const other = await t.driver.command("dnc add https://www.linkedin.com/in/bo-1st-silent/", { teamId: "T0DNCOTHER1" });
    expect(ackText(other)).toBe("Added the person https://www.linkedin.com/in/bo-1st-silent/ to the do-not-contact list. No pending message was addressed to it.");

    await drive(t, async () => (await status(campaign.id)) === "completed");

    expect(await prospectsOf(campaign.id)).toEqual([
      { public_identifier: "ana-1st-silent", status: "opted_out", status_reason: DNC_REASON, sent: 0, cancelled: 3 },
      { public_identifier: "bo-1st-silent", status: "messaging", status_reason: null, sent: 3, cancelled: 0 },
      { public_identifier: "cy-1st-silent", status: "opted_out", status_reason: DNC_REASON, sent: 0, cancelled: 3 },
      { public_identifier: "di-1st-silent", status: "opted_out", status_reason: DNC_REASON, sent: 0, cancelled: 3 },
    ]);
    for (const listed of ["ana-1st-silent", "cy-1st-silent", "di-1st-silent"]) expect(sendsTo(await providerIdOf(campaign.id, listed))).toBe(0);
    expect(sendsTo(await providerIdOf(campaign.id, "bo-1st-silent"))).toBe(3);
  });
});

describe("at launch", () => {
  it("listed people and companies are not queued, and the launch result counts them", async () => {
    const people = ["el-1st-silent", "fu-1st-silent", "gi-1st-silent"];
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    expect(ackText(await t.driver.command("dnc add linkedin.com/in/EL-1st-silent"))).toMatch(/^Added the person/);
    expect(ackText(await t.driver.command("dnc add Initech GmbH"))).toBe(
      "Added the company *Initech GmbH* to the do-not-contact list. No pending message was addressed to it.",
    );
    const { campaign } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Launch-time list",
      window: WINDOW,
      templates: TEMPLATES,
      account: PACE,
      prospects: [
        { identifier: "el-1st-silent", firstName: "El" },
        { identifier: "fu-1st-silent", firstName: "Fu", company: "initech" },
        { identifier: "gi-1st-silent", firstName: "Gi", company: "Initrode" },
      ],
    });
    const viewsBefore = t.sandbox.stats.calls["GET /api/v1/users/{identifier}" as never] ?? 0;
    await t.driver.command(`launch c${campaign.handle}`);
    await eventually(async () => (await status(campaign.id)) === "active");
    const [stored] = await t.db.sql<Campaign[]>`select * from campaigns where id = ${campaign.id}`;
    expect(stored!.launch_result).toMatchObject({ queued: 1, skipped: 2, skippedByReason: { [DNC_REASON]: 2 } });
    // Gi is queued: "connected", or already "messaging" if the worker sent her first message meanwhile.
    const rows = (await prospectsOf(campaign.id)).map((row) => [row.public_identifier, row.status, row.status_reason]);
    expect(rows.slice(0, 2)).toEqual([
      ["el-1st-silent", "skipped", DNC_REASON],
      ["fu-1st-silent", "skipped", DNC_REASON],
    ]);
    expect(rows[2]).toEqual(["gi-1st-silent", expect.stringMatching(/^(connected|messaging)$/), null]);
    expect(t.sandbox.stats.calls["GET /api/v1/users/{identifier}" as never] ?? 0).toBe(viewsBefore);
    await drive(t, async () => (await status(campaign.id)) === "completed");
    expect(sendsTo(await providerIdOf(campaign.id, "gi-1st-silent"))).toBe(3);
  });
});

describe("at import", () => {
  it("rows of listed people and companies are skipped with the reason in the report", async () => {
    const teamId = "T0DNCIMPORT";
    const campaign = await makeCampaign(t, { teamId, name: "Import with a list" });
    expect(ackText(await t.driver.command("dnc add https://www.linkedin.com/in/jane-doe", { teamId }))).toMatch(/^Added the person/);
    expect(ackText(await t.driver.command("dnc add https://www.linkedin.com/company/globex", { teamId }))).toMatch(/^Added the company page/);
    expect(ackText(await t.driver.command("dnc add Hooli Ltd.", { teamId }))).toMatch(/^Added the company/);
    // The same entries in the driver's workspace change nothing here, and this one's nothing there.
    const file = t.slack.addFile({
      name: "people.csv",
      content: [
        "first_name,last_name,linkedin_url,company,company_linkedin_url",
        "Jane,Doe,https://uk.linkedin.com/in/Jane-Doe/,Umbrella,",
        "John,Smith,https://www.linkedin.com/in/john-smith,Something,https://www.linkedin.com/company/globex/about",
        "Mary,Major,https://www.linkedin.com/in/mary-major,HOOLI,",
        "Pat,Minor,https://www.linkedin.com/in/pat-minor,Hooli Labs,",
      ].join("\n"),
    });
    const response = await t.driver.event(
      fileShareEvent({ threadTs: campaign.slack_thread_ts, file, ts: "1764240000.900001" }),
      { teamId },
    );
    expect(response.status).toBe(200);
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      [
        "*Imported 1 prospect(s)* from people.csv (4 data rows).",
        "• duplicates: 0",
        `• skipped: 3 (${DNC_REASON})`,
        "• invalid: 0",
        "",
        "*First 3 of 3 rows not imported:*",
        `• row 2 (skipped): ${DNC_REASON}`,
        `• row 3 (skipped): ${DNC_REASON}`,
        `• row 4 (skipped): ${DNC_REASON}`,
      ].join("\n"),
    ]);
    const stored = await t.db.sql`select public_identifier from campaign_prospects where campaign_id = ${campaign.id}`;
    expect(stored).toEqual([{ public_identifier: "pat-minor" }]);
  });
});

describe("addProspectToDoNotContact in the engine", () => {
  it("stops the person in two campaigns on two accounts: zero sends to them afterwards, everyone else unaffected", async () => {
    t.sandbox.world.addAccount({ id: "sandbox-linkedin-dnc2", name: "Second account" });
    const people1 = ["hal-1st-silent", "ivy-1st-silent"];
    const people2 = ["jo-1st-silent", "kit-1st-silent"];
    for (const identifier of people1) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    for (const identifier of [...people2, "hal-1st-silent"]) t.sandbox.world.connect("sandbox-linkedin-dnc2", identifier, new Date("2026-01-01T00:00:00Z"));
    const one = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "First account campaign",
      window: WINDOW,
      templates: TEMPLATES,
      account: PACE,
      prospects: people1.map((identifier) => ({ identifier })),
    });
    const two = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      unipileAccountId: "sandbox-linkedin-dnc2",
      name: "Second account campaign",
      window: WINDOW,
      templates: TEMPLATES,
      account: PACE,
      prospects: people2.map((identifier) => ({ identifier })),
    });
    expect(one.accountId).not.toBe(two.accountId);
    await holdAccount(one.accountId);
    await holdAccount(two.accountId);
    for (const { campaign } of [one, two]) {
      await t.driver.command(`launch c${campaign.handle}`);
      await eventually(async () => (await status(campaign.id)) === "active");
    }
    // Hal is in the second campaign too, under the profile name he had before (one active
    // campaign per public identifier, so a second row is only possible under another one): the
    // same LinkedIn member, same provider id, queued like the others.
    const halProvider = await providerIdOf(one.campaign.id, "hal-1st-silent");
    const [workspace] = await t.db.sql<{ workspace_id: string }[]>`select workspace_id from campaigns where id = ${two.campaign.id}`;
    const [halAgain] = await t.db.sql<{ id: string }[]>`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, provider_id, status)
      values (${two.campaign.id}, ${workspace!.workspace_id}, 'Hal', 'Old', 'https://www.linkedin.com/in/hal-old-name/', 'hal-old-name', ${halProvider}, 'connected')
      returning id`;
    for (const step of [0, 1, 2]) {
      await t.db.sql`
        insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, delay_days)
        values (${two.campaign.id}, ${halAgain!.id}, ${two.accountId}, ${`direct_message_${step + 1}`}, ${step},
                ${new Date(t.clock.nowMs() + 3_600_000 + step * 86_400_000)}, ${step === 0 ? 0 : 1})`;
    }
    const [halInOne] = await t.db.sql<{ id: string }[]>`
      select id from campaign_prospects where campaign_id = ${one.campaign.id} and public_identifier = 'hal-1st-silent'`;

    const outcome = await t.db.sql.begin((tx) =>
      addProspectToDoNotContact(tx, t.app.ctx, { workspaceId: workspace!.workspace_id, prospectId: halInOne!.id, reason: "replied asking to stop", addedBy: null }),
    );
    expect(outcome).toMatchObject({ added: true, prospects: 2, rows: 6 });

    await drive(t, async () => (await status(one.campaign.id)) === "completed" && (await status(two.campaign.id)) === "completed");
    expect(sendsTo(halProvider)).toBe(0);
    for (const identifier of ["ivy-1st-silent"]) expect(sendsTo(await providerIdOf(one.campaign.id, identifier))).toBe(3);
    for (const identifier of people2) expect(sendsTo(await providerIdOf(two.campaign.id, identifier))).toBe(3);
  });
});
