// Cloning a campaign end to end (issue 16, acceptance 2), over signed requests, the strict fake
// Slack and real PostgreSQL: the copy is a draft with the same settings, messages (variants and
// every other template key) and options; with the checkbox, it gets the prospects the original
// has not contacted, except people still active in a campaign of the workspace (the original
// included: one active campaign per person), opted out or on the do-not-contact list, and the
// thread says how many were left out and why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { announceCampaign } from "../../src/slack/notices.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { DEFAULT_USER_ID } from "../support/fake-slack.js";
import { reload, settled, threadOf } from "../campaigns/fixtures.js";

let t: TestApp;
let original: Campaign;
let other: Campaign;

beforeAll(async () => {
  t = await startTestApp();
  const { campaign } = await draftCampaign(t.db.sql, {
    teamId: t.slack.teamId,
    name: "Original",
    templates: {
      connection_request: "Hi {first_name}",
      follow_up_messages: ["FU1", "FU2"],
      follow_up_delays: [2, 4],
      variants: [["Hello {first_name}", "Hey {first_name}"], [], ["FU2 b"]],
    },
    window: { start: "08:30", end: "16:00", days: [1, 2, 3], holidayCountry: "DE" },
    timeZone: "Europe/Berlin",
    prospects: ["contacted", "fresh-1", "elsewhere", "opted", "listed", "fresh-2"].map((identifier) => ({ identifier, company: "Acme" })),
  });
  await t.db.sql`
    update campaigns set auto_optimise = true, variant_min_sample = 50, notify_owner_on_interested = false,
      message_templates = message_templates || '{"future_option": {"kept": true}}'::jsonb
    where id = ${campaign.id}`;
  await announceCampaign(t.db.sql, t.app.ctx, await reload(t, campaign.id));
  original = await eventually(async () => {
    const row = await reload(t, campaign.id);
    return row.slack_thread_ts ? row : null;
  });
  // Someone the original has contacted, someone opted out, someone on the do-not-contact list.
  await t.db.sql`update campaign_prospects set status = 'messaging', contacted_at = '2026-11-20T10:00:00Z' where campaign_id = ${original.id} and public_identifier = 'contacted'`;
  await t.db.sql`update campaign_prospects set status = 'opted_out' where campaign_id = ${original.id} and public_identifier = 'opted'`;
  await t.db.sql`
    insert into do_not_contact (workspace_id, kind, key, original, added_at, source)
    values (${original.workspace_id}, 'profile', 'listed', 'https://www.linkedin.com/in/listed', now(), 'command')`;
  await settled(t);
});
afterAll(() => t.stop());

async function cloneThrough(reference: string, input: { name?: string; withProspects: boolean }): Promise<Campaign> {
  const opened = t.slack.callsTo("views.open").length;
  await t.driver.command(`clone ${reference}`);
  await eventually(() => t.slack.callsTo("views.open")[opened]);
  const view = t.slack.views().filter((candidate) => candidate.callback_id === "clone_campaign").at(-1)!;
  const suggested = (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find((block) => block.block_id === "name")!.element!.initial_value!;
  const name = input.name ?? suggested;
  const response = await t.driver.viewSubmission({
    id: view.id,
    callback_id: "clone_campaign",
    private_metadata: view.private_metadata,
    state: {
      values: {
        name: { value: { type: "plain_text_input", value: name } },
        prospects: { value: { type: "checkboxes", selected_options: input.withProspects ? [{ value: "uncontacted" }] : [] } },
      },
    },
  });
  expect(response.body).toBe("");
  const [row] = await t.db.sql<Campaign[]>`select * from campaigns where workspace_id = ${original.workspace_id} and name = ${name}`;
  await settled(t);
  return reload(t, row!.id);
}

const prospectsOf = async (campaign: Campaign) =>
  (await t.db.sql<{ public_identifier: string; status: string }[]>`
    select public_identifier, status from campaign_prospects where campaign_id = ${campaign.id} order by source_row`).map(
    (row) => `${row.public_identifier}:${row.status}`,
  );

describe("/sam clone", () => {
  it("without prospects: a draft with the same settings, messages and options, told in both threads", async () => {
    const copy = await cloneThrough(`c${original.handle}`, { withProspects: false });
    expect(copy).toMatchObject({
      name: "Copy of Original",
      status: "draft",
      campaign_type: original.campaign_type,
      account_id: original.account_id,
      time_zone: "Europe/Berlin",
      window_start: "08:30:00",
      window_end: "16:00:00",
      sending_days: [1, 2, 3],
      holiday_country: "DE",
      auto_optimise: true,
      variant_min_sample: 50,
      notify_owner_on_interested: false,
      message_templates: original.message_templates,
    });
    expect(copy.message_templates).toMatchObject({ variants: [["Hello {first_name}", "Hey {first_name}"], [], ["FU2 b"]], future_option: { kept: true } });
    expect(await prospectsOf(copy)).toEqual([]);
    expect(threadOf(t, copy).map((message) => message.text)).toEqual([
      `<@${DEFAULT_USER_ID}> cloned *Original* (c${original.handle}) into this draft.`,
    ]);
    expect(threadOf(t, original).at(-1)!.text).toBe(`<@${DEFAULT_USER_ID}> cloned this campaign into *Copy of Original* (c${copy.handle}).`);
  });

  it("with prospects while the original still works on them: nobody is in two active campaigns, and the thread says so", async () => {
    const copy = await cloneThrough(`c${original.handle}`, { name: "Copy while active", withProspects: true });
    expect(await prospectsOf(copy)).toEqual([]);
    const text = threadOf(t, copy).at(-1)!.text!;
    expect(text).toContain("0 prospect(s) not contacted by the original were copied.");
    expect(text).toContain(`1 already contacted by c${original.handle}`);
    expect(text).toContain(`3 still active in c${original.handle} “Original”: a person is in one active campaign at a time`);
    expect(text).toContain("2 opted out or on the do-not-contact list.");
  });

  it("with prospects once the original is over: the uncontacted are copied, except those active elsewhere, opted out or listed", async () => {
    const { campaign } = await draftCampaign(t.db.sql, { teamId: t.slack.teamId, name: "Other campaign", prospects: [] });
    other = campaign;
    await t.db.sql`
      update campaign_prospects set status = 'cancelled', status_reason = 'campaign cancelled'
      where campaign_id = ${original.id} and status not in ('messaging', 'opted_out')`;
    await t.db.sql`update campaigns set status = 'cancelled' where id = ${original.id}`;
    await t.db.sql`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier)
      values (${other.id}, ${other.workspace_id}, 'Else', 'Where', 'https://www.linkedin.com/in/elsewhere/', 'elsewhere')`;
    const copy = await cloneThrough(`c${original.handle}`, { name: "Copy after cancel", withProspects: true });
    expect(await prospectsOf(copy)).toEqual(["fresh-1:pending", "fresh-2:pending"]);
    const text = threadOf(t, copy).at(-1)!.text!;
    expect(text).toContain("2 prospect(s) not contacted by the original were copied.");
    expect(text).toContain(`1 still active in c${other.handle} “Other campaign”`);
    expect(text).toContain("2 opted out or on the do-not-contact list.");
  });

  it("a taken name goes back on the field, and another workspace cannot clone this one", async () => {
    const opened = t.slack.callsTo("views.open").length;
    await t.driver.command(`clone c${original.handle}`);
    await eventually(() => t.slack.callsTo("views.open")[opened]);
    const view = t.slack.views().filter((candidate) => candidate.callback_id === "clone_campaign").at(-1)!;
    const values = (name: string) => ({ values: { name: { value: { type: "plain_text_input", value: name } }, prospects: { value: { type: "checkboxes", selected_options: [] } } } });
    const taken = await t.driver.viewSubmission({ id: view.id, callback_id: "clone_campaign", private_metadata: view.private_metadata, state: values("other CAMPAIGN") });
    expect(taken.json).toEqual({ response_action: "errors", errors: { name: "A campaign named “other CAMPAIGN” already exists in this workspace." } });

    const count = (await t.db.sql`select 1 from campaigns`).length;
    const foreign = await t.driver.viewSubmission(
      { callback_id: "clone_campaign", private_metadata: JSON.stringify({ campaignId: original.id }), state: values("Stolen copy") },
      { teamId: "T0WSBRAVO01", userId: "U0BOB000001" },
    );
    expect(JSON.stringify(foreign.json)).toContain("This campaign is not in this workspace.");
    expect(await t.db.sql`select 1 from campaigns`).toHaveLength(count);
  });
});
