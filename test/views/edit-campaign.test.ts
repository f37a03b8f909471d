// Editing a campaign end to end (issue 16, acceptance 1), over signed requests, the strict fake
// Slack, the Unipile sandbox, real PostgreSQL and the worker: a draft changes anything; an
// active campaign's delays and schedule are confirmed with what moves, and saving moves exactly
// that, with the planner's rules holding on every pending row and sent rows untouched; type,
// account and steps cannot change once launched, even through a crafted submission; another
// workspace's campaign cannot be edited.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { Clock } from "../../src/clock.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { DEFAULT_USER_ID } from "../support/fake-slack.js";
import { reload, settled, threadOf } from "../campaigns/fixtures.js";
import { localDate, windowViolation } from "../schedule/oracle.js";
import { announcedCampaign, announcedDraft, EDIT_ACCOUNT, openEditForm } from "./edit-support.js";

let t: TestApp;
// Saturday 28 November 2026, 10:00 in New York: nothing is due before Monday, so the plan
// shown and the plan saved are made at the same virtual moment.
beforeAll(async () => {
  t = await startTestApp({ clock: new Clock(new Date("2026-11-28T15:00:00Z"), 0) });
});
afterAll(() => t.stop());

interface EditInput {
  name: string;
  type?: string;
  account?: string;
  first: string;
  followUps: string[];
  delays: string;
  timeZone?: string;
  start: string;
  end: string;
  days: string[];
  holidays?: string;
}

/** state.values as Slack sends them; type and account only when the form has them (or a crafted payload adds them). */
function state(input: EditInput) {
  const text = (value: string | undefined) => ({ value: { type: "plain_text_input", value: value ?? null } });
  return {
    values: {
      name: text(input.name),
      ...(input.type ? { type: { value: { type: "radio_buttons", selected_option: { value: input.type } } } } : {}),
      ...(input.account
        ? { account: { value: { type: "static_select", selected_option: { value: input.account, text: { type: "plain_text", text: "x" } } } } }
        : {}),
      first_message: text(input.first),
      ...Object.fromEntries(input.followUps.map((value, i) => [`follow_up_${i + 1}`, text(value)])),
      delays: text(input.delays),
      time_zone: text(input.timeZone ?? "America/New_York"),
      window_start: { value: { type: "timepicker", selected_time: input.start } },
      window_end: { value: { type: "timepicker", selected_time: input.end } },
      days: { value: { type: "checkboxes", selected_options: input.days.map((value) => ({ value })) } },
      holidays: { value: { type: "checkboxes", selected_options: input.holidays ? [{ value: "skip" }] : [] } },
      holiday_country: text(input.holidays ?? ""),
    },
  };
}

interface OpenedView {
  id: string;
  private_metadata: string;
  blocks: Array<{ type: string; block_id?: string; optional?: boolean; text?: { text: string }; element?: { initial_value?: string } }>;
}

const openEdit = (reference: string) => openEditForm<OpenedView>(t, reference);

async function submit(view: { id: string; private_metadata: string }, callbackId: string, values: unknown) {
  return t.driver.viewSubmission({ id: view.id, callback_id: callbackId, private_metadata: view.private_metadata, state: values as never });
}

const announced = (campaign: Campaign) => announcedCampaign(t, campaign);

const ACCOUNT = EDIT_ACCOUNT;

describe("editing a draft", () => {
  it("opens the form filled with the campaign's values and saves any change, recorded and told in the thread", async () => {
    const { campaign, accountId } = await announcedDraft(t, {
      name: "Draft to edit",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: ["FU one"], follow_up_delays: [4], variants: [["Hey {first_name}"]] },
      prospects: ["draft-edit-1"],
    });
    const view = await openEdit(`c${campaign.handle}`);
    const initial = (block: string) => view.blocks.find((b) => b.block_id === block)?.element?.initial_value;
    expect(initial("name")).toBe("Draft to edit");
    expect(initial("first_message")).toBe("Hi {first_name}");
    expect(initial("follow_up_1")).toBe("FU one");
    expect(initial("delays")).toBe("4");
    expect(view.blocks.map((b) => b.block_id)).toContain("type");
    expect(view.blocks.map((b) => b.block_id)).not.toContain("csv");

    const response = await submit(view, "edit_campaign", state({
      name: "Draft renamed",
      type: "connector",
      account: accountId,
      first: "Hello {first_name}, shall we connect?",
      followUps: ["New FU one", "FU two", "FU three"],
      delays: "2, 3",
      timeZone: "Europe/Berlin",
      start: "08:00",
      end: "11:30",
      days: ["1", "3", "5"],
    }));
    expect(response.status).toBe(200);
    expect(response.body).toBe("");
    const saved = await reload(t, campaign.id);
    expect(saved).toMatchObject({
      name: "Draft renamed",
      campaign_type: "connector",
      account_id: accountId,
      status: "draft",
      time_zone: "Europe/Berlin",
      window_start: "08:00:00",
      window_end: "11:30:00",
      sending_days: [1, 3, 5],
      holiday_country: null,
      message_templates: {
        connection_request: "Hello {first_name}, shall we connect?",
        follow_up_messages: ["New FU one", "FU two", "FU three"],
        follow_up_delays: [2, 3],
        // The variants the form does not show are kept.
        variants: [["Hey {first_name}"]],
      },
    });
    const [edit] = await t.db.sql`select edited_by, changes, applied_at from campaign_edits where campaign_id = ${campaign.id}`;
    expect(edit!.edited_by).toBe(DEFAULT_USER_ID);
    expect(edit!.applied_at).not.toBeNull();
    expect((edit!.changes as Array<{ field: string }>).map((change) => change.field)).toEqual([
      "name", "type", "first message", "follow-up 1", "follow-up 2", "follow-up 3", "delays (days)", "time zone",
      "sending hours", "sending days", "public holidays skipped",
    ]);
    await settled(t);
    const notice = threadOf(t, campaign).at(-1)!.text!;
    expect(notice).toContain(`<@${DEFAULT_USER_ID}> edited the campaign: name “Draft to edit” → “Draft renamed”`);
    expect(notice).toContain("delays (days) “4” → “2, 3”");
  });

  it("a field error goes back on its field and nothing is saved", async () => {
    const { campaign, accountId } = await draftCampaign(t.db.sql, { teamId: t.slack.teamId, name: "Draft errors", prospects: [], account: ACCOUNT });
    const view = await openEdit(`c${campaign.handle}`);
    const response = await submit(view, "edit_campaign", state({
      name: "Draft errors", type: "messenger", account: accountId, first: "Hi {unknown_field}", followUps: [], delays: "x", start: "09:00", end: "17:00", days: ["1"],
    }));
    const errors = (response.json as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(["delays", "first_message"]);
    expect(errors.first_message).toMatch(/Unknown placeholder \{unknown_field\}/);
    expect(errors.delays).toMatch(/not a number of days/);
    expect((await reload(t, campaign.id)).updated_at).toEqual(campaign.updated_at);
    expect(await t.db.sql`select 1 from campaign_edits where campaign_id = ${campaign.id}`).toHaveLength(0);
  });
});

describe("editing an active campaign", () => {
  let campaign: Campaign;
  const people = Array.from({ length: 24 }, (_, i) => `active-edit-${i + 1}`);

  beforeAll(async () => {
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign: draft } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Active to edit",
      templates: { connection_request: "Hi {first_name}!", follow_up_messages: ["FU1", "FU2"], follow_up_delays: [3, 5] },
      window: { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5], holidayCountry: "US" },
      prospects: people.map((identifier) => ({ identifier })),
      account: ACCOUNT,
    });
    await announced(draft);
    await t.driver.command(`launch c${draft.handle}`);
    campaign = await eventually(async () => {
      const row = await reload(t, draft.id);
      return row.status === "active" ? row : null;
    });
    await settled(t);
    // Six first messages really went out on Friday (their rows as the send path leaves them):
    // their follow-ups count from those sends.
    await t.db.sql`
      update send_queue q set status = 'sent', sent_at = '2026-11-27T15:00:00Z'::timestamptz + (p.source_row * interval '11 minutes'),
        sent_text = 'Hi!', updated_at = now()
      from campaign_prospects p
      where p.id = q.prospect_id and q.campaign_id = ${campaign.id} and q.step = 0 and p.source_row <= 7`;
  });

  it("the form shows type, account and steps as fixed, with the reason, and one required field per follow-up", async () => {
    const view = await openEdit(`c${campaign.handle}`);
    const ids = view.blocks.map((block) => block.block_id);
    expect(ids).not.toContain("type");
    expect(ids).not.toContain("account");
    expect(ids).not.toContain("follow_up_3");
    expect(view.blocks.find((block) => block.block_id === "fixed")?.text?.text).toMatch(/Fixed once launched/);
    expect(view.blocks.filter((block) => block.block_id?.startsWith("follow_up_")).map((block) => block.optional)).toEqual([false, false]);
  });

  it("confirms what moves before saving, and saving moves exactly that, within the planner's rules", async () => {
    const view = await openEdit(`c${campaign.handle}`);
    const before = await t.db.sql<{ id: string; step: number; status: string; scheduled_for: Date; sent_at: Date | null; delay_days: string }[]>`
      select id, step, status, scheduled_for, sent_at, delay_days from send_queue where campaign_id = ${campaign.id} order by id`;
    expect(before.filter((row) => row.status === "sent")).toHaveLength(6);
    const edit = {
      name: "Active to edit",
      first: "Hi {first_name}!",
      followUps: ["FU1 with a fixed typo", "FU2"],
      delays: "1, 2",
      start: "10:00",
      end: "12:00",
      days: ["1", "2", "3", "4"],
      holidays: "US",
    };
    const response = await submit(view, "edit_campaign", state(edit));
    const answer = response.json as { response_action: string; view: { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; text?: { text: string } }> } };
    expect(answer.response_action).toBe("update");
    expect(answer.view.callback_id).toBe("edit_campaign_confirm");
    // Nothing is written before the confirmation.
    expect((await reload(t, campaign.id)).window_start).toBe("09:00:00");
    const shown = answer.view.blocks.find((block) => block.block_id === "replan")!.text!.text;
    const match = /^(\d+) of (\d+) queued message\(s\) move \((\d+) follow-up\(s\)\); first affected send (.+) \(America\/New_York\)\.$/.exec(shown);
    expect(match, shown).not.toBeNull();
    // The edit moves messages of this campaign (narrower hours, shorter delays).
    expect(Number(match![1])).toBeGreaterThan(10);
    const [, moved, pending, movedFollowUps, first] = match!;
    expect(Number(pending)).toBe(before.filter((row) => row.status === "pending" || row.status === "waiting").length);

    const confirmed = await submit({ id: view.id, private_metadata: answer.view.private_metadata }, "edit_campaign_confirm", { values: {} });
    expect(confirmed.body).toBe("");

    const after = await t.db.sql<{ id: string; prospect_id: string; step: number; status: string; scheduled_for: Date; sent_at: Date | null; delay_days: string }[]>`
      select id, prospect_id, step, status, scheduled_for, sent_at, delay_days from send_queue where campaign_id = ${campaign.id} order by id`;
    const beforeById = new Map(before.map((row) => [row.id, row]));
    // The diff shown equals what happened.
    const changed = after.filter((row) => row.scheduled_for.getTime() !== beforeById.get(row.id)!.scheduled_for.getTime());
    expect(changed).toHaveLength(Number(moved));
    expect(changed.filter((row) => row.step > 0)).toHaveLength(Number(movedFollowUps));
    const earliest = new Date(Math.min(...changed.map((row) => row.scheduled_for.getTime())));
    expect(DateTime.fromJSDate(earliest).setZone("America/New_York").toFormat("ccc d LLL HH:mm")).toBe(first);
    // Sent rows untouched.
    for (const row of after.filter((candidate) => candidate.status === "sent")) {
      expect(row).toMatchObject({ scheduled_for: beforeById.get(row.id)!.scheduled_for, sent_at: beforeById.get(row.id)!.sent_at, delay_days: beforeById.get(row.id)!.delay_days });
    }
    // The planner's rules hold on every pending row: window and days, order, delays from the
    // real previous send, spacing and the daily cap.
    const window = { timeZone: "America/New_York", start: "10:00", end: "12:00", days: [1, 2, 3, 4], holidayCountry: "US" };
    const pendingRows = after.filter((row) => row.status === "pending" || row.status === "waiting");
    for (const row of pendingRows) expect(windowViolation(window, row.scheduled_for)).toBeNull();
    for (const row of pendingRows.filter((candidate) => candidate.step > 0)) {
      expect(Number(row.delay_days)).toBe(row.step === 1 ? 1 : 2);
      const previous = after.find((candidate) => candidate.prospect_id === row.prospect_id && candidate.step === row.step - 1)!;
      const from = previous.sent_at ?? previous.scheduled_for;
      expect(row.scheduled_for.getTime()).toBeGreaterThanOrEqual(from.getTime() + Number(row.delay_days) * 86_400_000);
    }
    const sends = after.map((row) => ({ at: row.sent_at ?? row.scheduled_for, first: row.step === 0 })).sort((a, b) => a.at.getTime() - b.at.getTime());
    for (let i = 1; i < sends.length; i++) expect(sends[i]!.at.getTime() - sends[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(2 * 60_000);
    const firsts = sends.filter((send) => send.first);
    for (let i = 1; i < firsts.length; i++) expect(firsts[i]!.at.getTime() - firsts[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(10 * 60_000);
    const perDay = new Map<string, number>();
    for (const send of sends) perDay.set(localDate("America/New_York", send.at), (perDay.get(localDate("America/New_York", send.at)) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(40);

    const saved = await reload(t, campaign.id);
    expect(saved).toMatchObject({ status: "active", window_start: "10:00:00", window_end: "12:00:00", sending_days: [1, 2, 3, 4] });
    expect(saved.message_templates.follow_up_messages).toEqual(["FU1 with a fixed typo", "FU2"]);
    const [record] = await t.db.sql`select outcome, applied_at from campaign_edits where campaign_id = ${campaign.id} and applied_at is not null`;
    expect(record!.outcome).toMatchObject({ moved: Number(moved), movedFollowUps: Number(movedFollowUps) });
    await settled(t);
    const notice = threadOf(t, campaign).at(-1)!.text!;
    expect(notice).toContain("follow-up 1 “FU1” → “FU1 with a fixed typo”");
    expect(notice).toContain(`${moved} of ${pending} queued message(s) moved`);
    campaign = saved;
  });

  it("a confirmation submitted twice saves once", async () => {
    const [proposal] = await t.db.sql<{ id: string; view_id: string }[]>`
      select id, view_id from campaign_edits where campaign_id = ${campaign.id} and applied_at is not null`;
    const edits = (await t.db.sql`select 1 from campaign_edits where campaign_id = ${campaign.id}`).length;
    const again = await submit({ id: proposal!.view_id, private_metadata: JSON.stringify({ proposalId: proposal!.id }) }, "edit_campaign_confirm", { values: {} });
    expect(again.body).toBe("");
    expect((await reload(t, campaign.id)).updated_at).toEqual(campaign.updated_at);
    expect(await t.db.sql`select 1 from campaign_edits where campaign_id = ${campaign.id}`).toHaveLength(edits);
  });

  it("a crafted submission changing the type, the account or the number of steps is refused and changes nothing", async () => {
    const before = await t.db.sql`select id, scheduled_for, status from send_queue where campaign_id = ${campaign.id} order by id`;
    const edits = (await t.db.sql`select 1 from campaign_edits where campaign_id = ${campaign.id}`).length;
    const base = { name: "Active to edit", first: "Hi {first_name}!", followUps: ["FU1", "FU2"], delays: "1, 2", start: "10:00", end: "12:00", days: ["1", "2", "3", "4"], holidays: "US" };
    const [other] = await t.db.sql<{ id: string }[]>`
      insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
      values (${campaign.workspace_id}, 'another-account', 'Another', 'America/New_York') returning id`;
    for (const crafted of [
      { ...base, type: "connector" },
      { ...base, account: other!.id },
      { ...base, followUps: ["FU1", "FU2", "A third one"] },
      { ...base, followUps: ["FU1", ""] },
    ]) {
      const view = await openEdit(`c${campaign.handle}`);
      const response = await submit(view, "edit_campaign", state(crafted));
      const answer = response.json as { response_action: string; view: { blocks: Array<{ text?: { text: string } }> } };
      expect(answer.response_action).toBe("update");
      expect(answer.view.blocks[0]!.text!.text).toMatch(/of a launched campaign cannot change.*Nothing was saved\./);
    }
    const after = await reload(t, campaign.id);
    expect(after).toMatchObject({ campaign_type: "messenger", account_id: campaign.account_id, updated_at: campaign.updated_at });
    expect(after.message_templates.follow_up_messages).toHaveLength(2);
    expect(await t.db.sql`select id, scheduled_for, status from send_queue where campaign_id = ${campaign.id} order by id`).toEqual(before);
    expect(await t.db.sql`select 1 from campaign_edits where campaign_id = ${campaign.id}`).toHaveLength(edits);
  });

  it("a change of texts only is saved at once: nothing is re-planned, the thread is told", async () => {
    const before = await t.db.sql`select id, scheduled_for, delay_days from send_queue where campaign_id = ${campaign.id} order by id`;
    const view = await openEdit(`c${campaign.handle}`);
    const response = await submit(view, "edit_campaign", state({
      name: "Active to edit", first: "Hi {first_name}, <b>welcome</b> @channel", followUps: ["FU1 with a fixed typo", "FU2"], delays: "1, 2",
      start: "10:00", end: "12:00", days: ["1", "2", "3", "4"], holidays: "US",
    }));
    expect(response.body).toBe("");
    expect((await reload(t, campaign.id)).message_templates.connection_request).toBe("Hi {first_name}, <b>welcome</b> @channel");
    expect(await t.db.sql`select id, scheduled_for, delay_days from send_queue where campaign_id = ${campaign.id} order by id`).toEqual(before);
    await settled(t);
    // Typed text reaches the thread escaped.
    expect(threadOf(t, campaign).at(-1)!.text).toBe(
      `<@${DEFAULT_USER_ID}> edited the campaign: first message “Hi {first_name}!” → “Hi {first_name}, &lt;b&gt;welcome&lt;/b&gt; @\u2060channel”.`,
    );
    campaign = await reload(t, campaign.id);
  });

  it("a paused campaign's new delays are written to its queue and planned when it is resumed", async () => {
    await t.driver.command(`pause c${campaign.handle}`);
    campaign = await eventually(async () => {
      const row = await reload(t, campaign.id);
      return row.status === "paused" ? row : null;
    });
    const before = await t.db.sql<{ id: string; scheduled_for: Date }[]>`select id, scheduled_for from send_queue where campaign_id = ${campaign.id} order by id`;
    const view = await openEdit(`c${campaign.handle}`);
    const response = await submit(view, "edit_campaign", state({
      name: "Active to edit", first: "Hi {first_name}, <b>welcome</b> @channel", followUps: ["FU1 with a fixed typo", "FU2"], delays: "2, 6",
      start: "10:00", end: "12:00", days: ["1", "2", "3", "4"], holidays: "US",
    }));
    const answer = response.json as { view: { private_metadata: string; blocks: Array<{ block_id?: string; text?: { text: string } }> } };
    expect(answer.view.blocks.find((block) => block.block_id === "replan")!.text!.text).toMatch(
      /^The campaign is paused: its \d+ queued message\(s\) will be re-planned with these settings when it is resumed\.$/,
    );
    await submit({ id: view.id, private_metadata: answer.view.private_metadata }, "edit_campaign_confirm", { values: {} });
    const after = await t.db.sql<{ id: string; step: number; status: string; scheduled_for: Date; delay_days: string }[]>`
      select id, step, status, scheduled_for, delay_days from send_queue where campaign_id = ${campaign.id} order by id`;
    expect(after.map((row) => ({ id: row.id, scheduled_for: row.scheduled_for }))).toEqual(before);
    for (const row of after.filter((candidate) => candidate.step > 0 && candidate.status === "pending")) {
      expect(Number(row.delay_days)).toBe(row.step === 1 ? 2 : 6);
    }
    campaign = await reload(t, campaign.id);
  });

  it("the root message and App Home offer Edit, which opens the same form", async () => {
    await settled(t);
    const root = t.slack.messages(campaign.slack_channel_id!).find((message) => message.ts === campaign.slack_thread_ts)!;
    const buttons = (root.blocks as Array<{ block_id?: string; elements?: Array<{ action_id: string }> }>)
      .find((block) => block.block_id === "campaign_actions")!.elements!.map((element) => element.action_id);
    expect(buttons).toContain("campaign_edit");
    expect(buttons).toContain("campaign_clone");
    const opened = t.slack.callsTo("views.open").length;
    await t.driver.blockAction({ action_id: "campaign_edit", value: campaign.id }, { channelId: campaign.slack_channel_id!, message: { ts: campaign.slack_thread_ts! } });
    await eventually(() => t.slack.callsTo("views.open")[opened]);
    expect(t.slack.views().filter((view) => view.type === "modal").at(-1)!.callback_id).toBe("edit_campaign");

    const published = t.slack.callsTo("views.publish").length;
    await t.driver.event({ type: "app_home_opened", user: DEFAULT_USER_ID, tab: "home", channel: "D0ALICE" });
    const home = await eventually(() => t.slack.callsTo("views.publish").slice(published).at(-1));
    const blocks = (home.args.view as { blocks: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> }).blocks;
    const homeButtons = blocks.flatMap((block) => block.elements ?? []).filter((element) => element.value === campaign.id);
    expect(homeButtons.map((button) => button.action_id)).toContain("campaign_edit");
  });
});

describe("what cannot be edited", () => {
  it("a cancelled campaign says why, and another workspace's campaign is refused", async () => {
    const { campaign } = await draftCampaign(t.db.sql, { teamId: t.slack.teamId, name: "Cancelled one", prospects: [], account: ACCOUNT });
    await t.db.sql`update campaigns set status = 'cancelled' where id = ${campaign.id}`;
    const view = await openEdit(`c${campaign.handle}`);
    expect(JSON.stringify(view.blocks)).toContain("cannot be edited: it is cancelled; clone it to start again");

    const { campaign: draft } = await draftCampaign(t.db.sql, { teamId: t.slack.teamId, name: "Not yours", prospects: [], account: ACCOUNT });
    const foreign = await t.driver.viewSubmission(
      {
        callback_id: "edit_campaign",
        private_metadata: JSON.stringify({ campaignId: draft.id }),
        state: state({ name: "Stolen", type: "messenger", first: "Hi", followUps: [], delays: "", start: "09:00", end: "17:00", days: ["1"] }) as never,
      },
      { teamId: "T0WSBRAVO01", userId: "U0BOB000001" },
    );
    expect(JSON.stringify(foreign.json)).toContain("This campaign is not in this workspace.");
    const command = await t.driver.command(`edit c${draft.handle}`, { teamId: "T0WSBRAVO01", userId: "U0BOB000001" });
    expect((command.json as { text: string }).text).toMatch(/^No campaign “c\d+” in this workspace/);
    expect((await reload(t, draft.id)).name).toBe("Not yours");
    expect(await t.db.sql`select 1 from campaign_edits where campaign_id = ${draft.id}`).toHaveLength(0);
  });
});
