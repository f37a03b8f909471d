// An edit of a campaign too large to re-plan within Slack's 3 seconds (issue 16): the
// confirmation says so instead of a preview, the save writes the new delays and settings, and
// the campaign-resumed job re-plans its pending rows after the commit, into the new window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { MAX_PREVIEW_ROWS } from "../../src/campaigns/edit-replan.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { reload } from "../campaigns/fixtures.js";
import { windowViolation } from "../schedule/oracle.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new Clock(new Date("2026-11-28T15:00:00Z"), 0) });
});
afterAll(() => t.stop());

describe("editing a large active campaign", () => {
  it("confirms without a preview and re-plans after the save, off Slack's clock", async () => {
    const people = Math.ceil(MAX_PREVIEW_ROWS / 3) + 10;
    const { campaign, accountId } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      name: "Large",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: ["FU1", "FU2"], follow_up_delays: [3, 5] },
      prospects: [],
      account: { daily_message_cap: 500, min_gap_minutes: 0, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
    });
    // The queue as a launch leaves it, written in bulk: three rows per prospect, far ahead.
    await t.db.sql`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, status, source_row)
      select ${campaign.id}, ${campaign.workspace_id}, 'P', 'L', 'https://www.linkedin.com/in/large-' || n || '/', 'large-' || n, 'connected', n
      from generate_series(1, ${people}) as n`;
    await t.db.sql`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, delay_days)
      select p.campaign_id, p.id, ${accountId}, 'direct_message_' || (s + 1), s, '2027-03-01T15:00:00Z'::timestamptz + s * interval '3 days', case s when 1 then 3 when 2 then 5 else 0 end
      from campaign_prospects p, generate_series(0, 2) as s where p.campaign_id = ${campaign.id}`;
    await t.db.sql`update campaigns set status = 'active' where id = ${campaign.id}`;

    const opened = t.slack.callsTo("views.open").length;
    await t.driver.command(`edit c${campaign.handle}`);
    await eventually(() => t.slack.callsTo("views.open")[opened]);
    const view = t.slack.views().filter((candidate) => candidate.callback_id === "edit_campaign").at(-1)!;
    const text = (value: string) => ({ value: { type: "plain_text_input", value } });
    const values = {
      name: text("Large"),
      first_message: text("Hi {first_name}"),
      follow_up_1: text("FU1"),
      follow_up_2: text("FU2"),
      delays: text("1, 2"),
      time_zone: text("America/New_York"),
      window_start: { value: { type: "timepicker", selected_time: "10:00" } },
      window_end: { value: { type: "timepicker", selected_time: "12:00" } },
      days: { value: { type: "checkboxes", selected_options: ["1", "2", "3", "4", "5"].map((value) => ({ value })) } },
      holidays: { value: { type: "checkboxes", selected_options: [{ value: "skip" }] } },
      holiday_country: text("US"),
    };
    const response = await t.driver.viewSubmission({ id: view.id, callback_id: "edit_campaign", private_metadata: view.private_metadata, state: { values } });
    const answer = response.json as { view: { private_metadata: string; blocks: Array<{ block_id?: string; text?: { text: string } }> } };
    expect(answer.view.blocks.find((block) => block.block_id === "replan")!.text!.text).toBe(
      `Its ${people * 3} queued message(s) will be re-planned with the new settings right after saving (too many to plan within Slack's 3 seconds).`,
    );
    const confirmed = await t.driver.viewSubmission({ id: view.id, callback_id: "edit_campaign_confirm", private_metadata: answer.view.private_metadata, state: { values: {} } });
    expect(confirmed.body).toBe("");
    const [delays] = await t.db.sql`
      select count(*) filter (where step = 1 and delay_days = 1)::int as one, count(*) filter (where step = 2 and delay_days = 2)::int as two
      from send_queue where campaign_id = ${campaign.id}`;
    expect(delays).toEqual({ one: people, two: people });
    expect((await reload(t, campaign.id)).window_start).toBe("10:00:00");
    // The job re-plans every pending row into the new window.
    const window = { timeZone: "America/New_York", start: "10:00", end: "12:00", days: [1, 2, 3, 4, 5], holidayCountry: "US" };
    await eventually(async () => {
      const rows = await t.db.sql<{ scheduled_for: Date }[]>`select scheduled_for from send_queue where campaign_id = ${campaign.id}`;
      return rows.every((row) => windowViolation(window, row.scheduled_for) === null);
    }, 150_000);
  }, 240_000);
});
