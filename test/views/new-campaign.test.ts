// `/sam new` and the New-campaign modal end to end, over signed requests and the fake Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.slack.addUser({ id: DEFAULT_USER_ID, tz: "America/New_York", real_name: "Alice" });
});
afterAll(() => t.stop());

interface FormInput {
  name?: string;
  type?: "messenger" | "connector" | null;
  account?: string | null;
  first?: string;
  followUps?: string[];
  delays?: string;
  timeZone?: string;
  start?: string | null;
  end?: string | null;
  days?: string[];
  skipHolidays?: boolean;
  country?: string;
  fileId?: string;
}

function state(input: FormInput) {
  const text = (value: string | undefined) => ({ value: { type: "plain_text_input", value: value ?? null } });
  const select = (value: string | null | undefined) => ({
    value: { type: "static_select", selected_option: value ? { value, text: { type: "plain_text", text: value } } : null },
  });
  const followUps = input.followUps ?? [];
  return {
    values: {
      name: text(input.name ?? "Q4 Product Update"),
      type: { value: { type: "radio_buttons", selected_option: input.type === null ? null : { value: input.type ?? "messenger" } } },
      account: select(input.account === undefined ? accountChoice : input.account),
      first_message: text(input.first ?? "Hi {first_name}, hope you're doing well at {company_name|your company}"),
      ...Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`follow_up_${n}`, text(followUps[n - 1])])),
      delays: text(input.delays ?? "3, 5"),
      time_zone: text(input.timeZone ?? "America/New_York"),
      window_start: { value: { type: "timepicker", selected_time: input.start === undefined ? "09:00" : input.start } },
      window_end: { value: { type: "timepicker", selected_time: input.end === undefined ? "17:00" : input.end } },
      days: { value: { type: "checkboxes", selected_options: (input.days ?? ["1", "2", "3", "4", "5"]).map((value) => ({ value })) } },
      holidays: { value: { type: "checkboxes", selected_options: input.skipHolidays === false ? [] : [{ value: "skip" }] } },
      holiday_country: text(input.country ?? "US"),
      csv: { value: { type: "file_input", files: input.fileId ? [{ id: input.fileId }] : [] } },
    },
  };
}

let accountChoice = "";
let modal: { id: string; private_metadata: string };

async function openModal() {
  const opened = t.slack.callsTo("views.open").length;
  const response = await t.driver.command("new");
  expect(response.status).toBe(200);
  const call = await eventually(() => t.slack.callsTo("views.open")[opened]);
  // The newest New-campaign modal: App Home views published meanwhile are in the same list.
  const view = t.slack.views().filter((candidate) => candidate.callback_id === "new_campaign").at(-1)!;
  const args = call.args.view as { blocks: Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }> };
  accountChoice = args.blocks.find((block) => block.block_id === "account")!.element!.options![0]!.value;
  return view as unknown as { id: string; private_metadata: string };
}

async function submit(input: FormInput, options: { viewId?: string; retryNum?: number } = {}) {
  return t.driver.viewSubmission(
    {
      id: options.viewId ?? modal.id,
      callback_id: "new_campaign",
      private_metadata: modal.private_metadata,
      state: state(input),
    },
    options.retryNum ? { retryNum: options.retryNum } : {},
  );
}

const CSV = [
  "First Name,Last Name,LinkedIn URL,Company,Job Title,Favourite Color",
  "John,Smith,https://linkedin.com/in/johnsmith123,Acme Corp,CEO,blue",
  "Jane,Doe,https://www.linkedin.com/in/janedoe456/,Tech Inc,CTO,green",
  "Zoë,Ólafsdóttir,http://uk.linkedin.com/in/zoe-olafs?trk=x,Nordic AB,VP,red",
  "Bad,Row,https://www.linkedin.com/sales/lead/ACwAA123,X,Y,z",
].join("\r\n");

describe("/sam new", () => {
  it("opens the modal in the user's time zone with the sandbox account to choose", async () => {
    modal = await openModal();
    const view = modal as unknown as { blocks: Array<{ block_id?: string; element?: { initial_value?: string } }> };
    expect(view.blocks.find((block) => block.block_id === "time_zone")?.element?.initial_value).toBe("America/New_York");
    expect(accountChoice).toMatch(/sandbox/i);
  });

  it("creates the campaign with its CSV: stored, root message, import summary in its thread, App Home updated", async () => {
    await t.driver.event({ type: "app_home_opened", user: DEFAULT_USER_ID, tab: "home", channel: "D0ALICE", event_ts: "1.0" });
    await eventually(() => t.slack.callsTo("views.publish").length > 0);
    const file = t.slack.addFile({ name: "prospects.csv", content: CSV });
    const response = await submit({
      first: "Hi {first_name}, how is {favourite_color} treating you?",
      followUps: ["Following up, {first_name|there}", "A case study for {company_name}"],
      fileId: file.id,
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe("");

    const [campaign] = await eventually(async () => {
      const rows = await t.db.sql`select c.*, w.slack_team_id from campaigns c join workspaces w on w.id = c.workspace_id`;
      return rows.length === 1 ? rows : null;
    });
    expect(campaign).toMatchObject({
      name: "Q4 Product Update",
      campaign_type: "messenger",
      status: "draft",
      time_zone: "America/New_York",
      holiday_country: "US",
      sending_days: [1, 2, 3, 4, 5],
      slack_team_id: t.slack.teamId,
      message_templates: {
        connection_request: "Hi {first_name}, how is {favourite_color} treating you?",
        follow_up_messages: ["Following up, {first_name|there}", "A case study for {company_name}"],
        follow_up_delays: [3, 5],
      },
    });

    const summary = await eventually(() =>
      t.slack.messages(DEFAULT_CHANNEL_ID).find((message) => message.text?.startsWith("*Imported")),
    );
    const root = t.slack.messages(DEFAULT_CHANNEL_ID)[0]!;
    expect(root.text).toContain("Q4 Product Update");
    expect(summary.thread_ts).toBe(root.ts);
    expect(summary.text).toContain("*Imported 3 prospect(s)*");
    expect(summary.text).toContain("row 5 (invalid)");
    expect(summary.text).toMatch(/Sales Navigator/);

    const prospects = await t.db.sql`select first_name, public_identifier, custom_fields from campaign_prospects order by source_row`;
    expect(prospects.map((row) => row.public_identifier)).toEqual(["johnsmith123", "janedoe456", "zoe-olafs"]);
    expect(prospects[2]!.custom_fields).toEqual({ favourite_color: "red" });

    const home = await eventually(() =>
      t.slack.callsTo("views.publish").find((call) => JSON.stringify(call.args).includes("Q4 Product Update") && JSON.stringify(call.args).includes("3 prospects")),
    );
    expect(home.args.user_id).toBe(DEFAULT_USER_ID);
  });

  it("a view submission delivered twice creates one campaign", async () => {
    modal = await openModal();
    const first = await submit({ name: "Retried" });
    const again = await submit({ name: "Retried" }, { retryNum: 1 });
    expect([first.status, again.status]).toEqual([200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await t.db.sql`select id from campaigns where name = 'Retried'`;
    expect(rows).toHaveLength(1);
  });
});

describe("text PostgreSQL cannot store", () => {
  it("a NUL or a lone surrogate typed in the name and the messages is dropped and the campaign is created", async () => {
    modal = await openModal();
    const response = await submit({
      name: "Nul\u0000 campaign\uD800",
      first: "Hi {first_name}\u0000, hello",
      followUps: ["Following\u0000 up\uDC00"],
      delays: "3",
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe("");
    const [campaign] = await eventually(async () => {
      const rows = await t.db.sql`select name, message_templates from campaigns where name like 'Nul%'`;
      return rows.length === 1 ? rows : null;
    });
    expect(campaign).toEqual({
      name: "Nul campaign",
      message_templates: {
        connection_request: "Hi {first_name}, hello",
        follow_up_messages: ["Following up"],
        follow_up_delays: [3],
      },
    });
  });
});

describe("validation errors come back on their blocks", () => {
  const cases: Array<[string, FormInput, string, RegExp]> = [
    ["empty name", { name: "" }, "name", /name/i],
    ["duplicate name", { name: "q4 product update" }, "name", /already exists/],
    ["empty message", { first: "" }, "first_message", /empty/i],
    ["follow-up gap", { followUps: ["", "Second"] }, "follow_up_1", /in order/],
    ["unknown placeholder", { first: "Hi {frist_name}" }, "first_message", /Unknown placeholder \{frist_name\}/],
    ["note too long", { type: "connector", first: "x".repeat(301) }, "first_message", /at most 300/],
    ["delays not positive numbers", { delays: "3, -1" }, "delays", /positive numbers/],
    ["end not after start", { start: "17:00", end: "09:00" }, "window_end", /after the start/],
    ["no sending day", { days: [] }, "days", /at least one/],
    ["unknown time zone", { timeZone: "Mars/Olympus" }, "time_zone", /IANA/],
  ];
  it.each(cases)("%s", async (label, input, block, message) => {
    modal = await openModal();
    const response = await submit({ name: `Case ${label}`, ...input });
    expect(response.status).toBe(200);
    const body = response.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(Object.keys(body.errors)).toEqual([block]);
    expect(body.errors[block]).toMatch(message);
  });

  it("warns once about a note over 200 characters, then accepts it", async () => {
    modal = await openModal();
    const note = `Hi {first_name}, ${"n".repeat(200)}`;
    const first = await submit({ name: "Long note", type: "connector", first: note });
    const body = first.json as { response_action: string; view: { private_metadata: string; blocks: Array<{ block_id?: string }> } };
    expect(body.response_action).toBe("update");
    expect(body.view.blocks.some((block) => block.block_id === "note_warning")).toBe(true);
    modal = { id: modal.id, private_metadata: body.view.private_metadata };
    const second = await submit({ name: "Long note", type: "connector", first: note });
    expect(second.body).toBe("");
    await eventually(async () => (await t.db.sql`select 1 from campaigns where name = 'Long note'`).length === 1);
  });
});
