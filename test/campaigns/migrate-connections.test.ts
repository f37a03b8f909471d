// `/sam import <messenger> from <connector>`: the specification's migration from connector to
// messenger. Only prospects that are `connected` with a known acceptance move; their remaining
// connector follow-ups are cancelled and they leave the connector campaign, so that nobody is
// active in both. Everyone else stays exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { ackText, makeCampaign, settled, threadOf } from "./fixtures.js";

const TEAM = "T0MIGRATE01";
const ME = "<@U0ALICE0001>";
let t: TestApp;
let accountId: string;
let connector: Campaign;
let messenger: Campaign;
let otherConnector: Campaign;

interface Person {
  slug: string;
  status: string;
  acceptedAt?: string;
  queue: Array<[type: string, status: string]>;
}

async function addPeople(campaign: Campaign, people: Person[]) {
  for (const person of people) {
    const [row] = await t.db.sql<{ id: string }[]>`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                      provider_id, company_name, custom_fields, connection_degree, status,
                                      connection_accepted_at, chat_id)
      values (${campaign.id}, ${campaign.workspace_id}, 'First', ${person.slug}, ${`https://www.linkedin.com/in/${person.slug}/`},
              ${person.slug}, ${`ACoAA${person.slug.replace(/-/g, "")}`}, 'Acme', ${t.db.sql.json({ team: "blue" })},
              'SECOND_DEGREE', ${person.status}, ${person.acceptedAt ?? null}, ${person.acceptedAt ? `chat-${person.slug}` : null})
      returning id`;
    for (const [type, status] of person.queue) {
      await t.db.sql`
        insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at)
        values (${campaign.id}, ${row!.id}, ${accountId}, ${type}, ${type === "connection_request" ? 0 : Number(type.slice(-1))},
                '2026-12-02T15:00:00Z', ${status}, ${status === "sent" ? "2026-11-18T15:00:00Z" : null})`;
    }
  }
}

async function people(campaign: Campaign) {
  return t.db.sql<{ slug: string; status: string; status_reason: string | null }[]>`
    select last_name as slug, status, status_reason from campaign_prospects where campaign_id = ${campaign.id} order by last_name`;
}

async function queueOf(campaign: Campaign) {
  const rows = await t.db.sql<{ slug: string; message_type: string; status: string }[]>`
    select p.last_name as slug, q.message_type, q.status from send_queue q join campaign_prospects p on p.id = q.prospect_id
    where q.campaign_id = ${campaign.id} order by p.last_name, q.message_type`;
  return rows.map((row) => [row.slug, row.message_type, row.status]);
}

beforeAll(async () => {
  t = await startTestApp();
  const workspaceId = await ensureWorkspace(t.db.sql, TEAM);
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
    values (${workspaceId}, 'acc-migrate', 'Migrate LinkedIn', 'America/New_York') returning id`;
  accountId = account!.id;
  connector = await makeCampaign(t, { teamId: TEAM, name: "Q4 Connector", type: "connector", status: "active", accountId });
  messenger = await makeCampaign(t, { teamId: TEAM, name: "Q4 Messenger", type: "messenger", accountId });
  otherConnector = await makeCampaign(t, { teamId: TEAM, name: "Other Connector", type: "connector", status: "active", accountId });
  await makeCampaign(t, { teamId: TEAM, name: "Closed Messenger", type: "messenger", status: "cancelled", accountId });
  await addPeople(connector, [
    {
      slug: "accepted-one",
      status: "connected",
      acceptedAt: "2026-11-20T10:00:00Z",
      queue: [["connection_request", "sent"], ["follow_up_1", "pending"], ["follow_up_2", "waiting"]],
    },
    {
      slug: "accepted-two",
      status: "connected",
      acceptedAt: "2026-11-21T10:00:00Z",
      queue: [["connection_request", "sent"], ["follow_up_1", "pending"]],
    },
    // Connected but the acceptance time is unknown: the specification's query leaves them.
    { slug: "no-acceptance", status: "connected", queue: [["connection_request", "sent"], ["follow_up_1", "waiting"]] },
    { slug: "invited", status: "connection_request_sent", queue: [["connection_request", "sent"], ["follow_up_1", "waiting"]] },
    {
      slug: "in-follow-ups",
      status: "messaging",
      acceptedAt: "2026-11-19T10:00:00Z",
      queue: [["connection_request", "sent"], ["follow_up_1", "sent"], ["follow_up_2", "pending"]],
    },
  ]);
  await addPeople(otherConnector, [
    { slug: "other-accepted", status: "connected", acceptedAt: "2026-11-22T10:00:00Z", queue: [["follow_up_1", "pending"]] },
  ]);
  await settled(t);
});
afterAll(() => t?.stop());

describe("/sam import <messenger> from <connector>", () => {
  it("moves only connected prospects with a known acceptance, cancelling their connector follow-ups", async () => {
    const response = await t.driver.command("import Q4 Messenger from Q4 Connector", { teamId: TEAM });
    expect(response.json).toEqual({
      response_type: "ephemeral",
      text: "Added 2 accepted connection(s) from *Q4 Connector* to *Q4 Messenger*.",
    });

    const moved = await t.db.sql`
      select last_name, status, connection_degree, connection_accepted_at, provider_id, chat_id, company_name, custom_fields
      from campaign_prospects where campaign_id = ${messenger.id} order by last_name`;
    expect(moved).toEqual([
      {
        last_name: "accepted-one", status: "pending", connection_degree: "FIRST_DEGREE",
        connection_accepted_at: new Date("2026-11-20T10:00:00Z"), provider_id: "ACoAAacceptedone", chat_id: "chat-accepted-one",
        company_name: "Acme", custom_fields: { team: "blue" },
      },
      {
        last_name: "accepted-two", status: "pending", connection_degree: "FIRST_DEGREE",
        connection_accepted_at: new Date("2026-11-21T10:00:00Z"), provider_id: "ACoAAacceptedtwo", chat_id: "chat-accepted-two",
        company_name: "Acme", custom_fields: { team: "blue" },
      },
    ]);

    const reason = "moved to messenger campaign “Q4 Messenger” (c2)";
    expect(await people(connector)).toEqual([
      { slug: "accepted-one", status: "completed", status_reason: reason },
      { slug: "accepted-two", status: "completed", status_reason: reason },
      { slug: "in-follow-ups", status: "messaging", status_reason: null },
      { slug: "invited", status: "connection_request_sent", status_reason: null },
      { slug: "no-acceptance", status: "connected", status_reason: null },
    ]);
    expect(await queueOf(connector)).toEqual([
      ["accepted-one", "connection_request", "sent"],
      ["accepted-one", "follow_up_1", "cancelled"],
      ["accepted-one", "follow_up_2", "cancelled"],
      ["accepted-two", "connection_request", "sent"],
      ["accepted-two", "follow_up_1", "cancelled"],
      ["in-follow-ups", "connection_request", "sent"],
      ["in-follow-ups", "follow_up_1", "sent"],
      ["in-follow-ups", "follow_up_2", "pending"],
      ["invited", "connection_request", "sent"],
      ["invited", "follow_up_1", "waiting"],
      ["no-acceptance", "connection_request", "sent"],
      ["no-acceptance", "follow_up_1", "waiting"],
    ]);
    // Nobody is active in both campaigns.
    const both = await t.db.sql`
      select m.public_identifier from campaign_prospects m join campaign_prospects c using (public_identifier)
      where m.campaign_id = ${messenger.id} and c.campaign_id = ${connector.id}
        and c.status not in ('replied', 'completed', 'not_accepted', 'skipped', 'failed', 'opted_out', 'cancelled')`;
    expect(both).toEqual([]);
    // The other connector campaign was not touched.
    expect(await people(otherConnector)).toEqual([{ slug: "other-accepted", status: "connected", status_reason: null }]);

    // Both threads are told.
    await eventually(() => threadOf(t, messenger).length >= 1 && threadOf(t, connector).length >= 1);
    await settled(t);
    expect(threadOf(t, messenger).map((message) => message.text)).toEqual([
      `${ME} added 2 accepted connection(s) from *Q4 Connector* (c1).`,
    ]);
    expect(threadOf(t, connector).map((message) => message.text)).toEqual([
      "2 accepted connection(s) moved to the messenger campaign *Q4 Messenger* (c2); their follow-ups here are cancelled.",
    ]);
  });

  it("run again, it finds nobody left to move and changes nothing", async () => {
    const before = { connector: await people(connector), messenger: await people(messenger), queue: await queueOf(connector) };
    const response = await t.driver.command("import c2 from c1", { teamId: TEAM });
    expect(ackText(response)).toBe("*Q4 Connector* has no accepted connections to move.");
    expect({ connector: await people(connector), messenger: await people(messenger), queue: await queueOf(connector) }).toEqual(before);
    await settled(t);
    expect(threadOf(t, messenger)).toHaveLength(1);
  });

  it("by handle, from another connector campaign", async () => {
    expect(ackText(await t.driver.command("import c2 from c3", { teamId: TEAM }))).toBe(
      "Added 1 accepted connection(s) from *Other Connector* to *Q4 Messenger*.",
    );
    expect((await people(messenger)).map((row) => row.slug)).toEqual(["accepted-one", "accepted-two", "other-accepted"]);
  });

  it("a campaign whose name contains ' from ' is still found, as target or as source", async () => {
    const london = await makeCampaign(t, { teamId: TEAM, name: "Leads from London", type: "connector", status: "active", accountId });
    await addPeople(london, [
      { slug: "london-accepted", status: "connected", acceptedAt: "2026-11-23T10:00:00Z", queue: [["follow_up_1", "pending"]] },
    ]);
    expect(ackText(await t.driver.command("import Q4 Messenger from Leads from London", { teamId: TEAM }))).toBe(
      "Added 1 accepted connection(s) from *Leads from London* to *Q4 Messenger*.",
    );
    expect((await people(london)).map((row) => row.status)).toEqual(["completed"]);
    // Without a source, the whole text is the campaign: its upload modal opens.
    const opened = t.slack.callsTo("views.open").length;
    expect((await t.driver.command("import leads from london", { teamId: TEAM })).body).toBe("");
    const call = await eventually(() => t.slack.callsTo("views.open")[opened]);
    expect(JSON.parse(String((call.args.view as { private_metadata: string }).private_metadata))).toEqual({ campaignId: london.id });
  });

  it("refuses a connector target, a messenger source, an unknown source and a cancelled target", async () => {
    const before = { connector: await people(connector), messenger: await people(messenger) };
    expect(ackText(await t.driver.command("import Q4 Connector from Other Connector", { teamId: TEAM }))).toBe(
      "Only a messenger campaign can take the accepted connections of a connector campaign.",
    );
    expect(ackText(await t.driver.command("import Q4 Messenger from Q4 Messenger", { teamId: TEAM }))).toBe(
      "No connector campaign “Q4 Messenger” in this workspace.",
    );
    expect(ackText(await t.driver.command("import Q4 Messenger from Nowhere", { teamId: TEAM }))).toBe(
      "No connector campaign “Nowhere” in this workspace.",
    );
    expect(ackText(await t.driver.command("import Closed Messenger from Q4 Connector", { teamId: TEAM }))).toBe(
      "*Closed Messenger* is cancelled; prospects cannot be added.",
    );
    expect({ connector: await people(connector), messenger: await people(messenger) }).toEqual(before);
  });
});
