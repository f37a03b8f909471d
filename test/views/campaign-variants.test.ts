// Issue 16, the form (acceptance 6): the New-campaign modal's variants option leads to the
// Variants step, which holds 4 variants on each of a campaign's 6 steps within Slack's limits as
// the strict fake Slack checks them (the driver refuses an ack Slack would refuse), refuses what
// is over them, checks placeholders and the note's length per variant on the variant's own field,
// and saves the texts (and auto-optimise) on the draft.
import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { variantsModal } from "../../src/slack/blocks/variants-modal.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";
import { SLACK_RULES } from "../support/slack-rules.js";
import { ensureWorkspace } from "../../src/workspaces.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.slack.addUser({ id: DEFAULT_USER_ID, tz: "America/New_York", real_name: "Alice" });
  // A linked account: always offered, however slowly Unipile lists its own on a loaded machine.
  const workspaceId = await ensureWorkspace(t.db.sql, t.slack.teamId);
  await t.db.sql`insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
                 values (${workspaceId}, 'sandbox-linkedin-1', 'Demo LinkedIn account', 'America/New_York')`;
});
afterAll(() => t.stop());

const FOLLOW_UPS = ["Follow-up one, {first_name}", "Two", "Three", "Four", "Five"];
const text = (value: string | null) => ({ value: { type: "plain_text_input", value } });

async function openNewCampaign(): Promise<{ id: string; account: string }> {
  const opened = t.slack.callsTo("views.open").length;
  await t.driver.command("new");
  const call = await eventually(() => t.slack.callsTo("views.open")[opened]);
  const view = t.slack.views().filter((candidate) => candidate.callback_id === "new_campaign").at(-1)!;
  const blocks = (call.args.view as { blocks: Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }> }).blocks;
  return { id: view.id, account: blocks.find((block) => block.block_id === "account")!.element!.options![0]!.value };
}

function newCampaignState(account: string, options: string[]) {
  return {
    values: {
      name: text("Variant test"),
      type: { value: { type: "radio_buttons", selected_option: { value: "connector" } } },
      account: { value: { type: "static_select", selected_option: { value: account, text: { type: "plain_text", text: "x" } } } },
      first_message: text("Hi {first_name}, A"),
      ...Object.fromEntries(FOLLOW_UPS.map((message, i) => [`follow_up_${i + 1}`, text(message)])),
      delays: text("3"),
      variants_options: { value: { type: "checkboxes", selected_options: options.map((value) => ({ value })) } },
      time_zone: text("America/New_York"),
      window_start: { value: { type: "timepicker", selected_time: "09:00" } },
      window_end: { value: { type: "timepicker", selected_time: "17:00" } },
      days: { value: { type: "checkboxes", selected_options: ["1", "2", "3", "4", "5"].map((value) => ({ value })) } },
      holidays: { value: { type: "checkboxes", selected_options: [] } },
      holiday_country: text(""),
      csv: { value: { type: "file_input", files: [] } },
    },
  };
}

/** Every variant B–D of every step: `texts(step, letter)`, null for empty. */
function variantsState(texts: (step: number, letter: string) => string | null) {
  const values: Record<string, unknown> = {};
  for (let step = 0; step < 6; step++) for (const letter of ["B", "C", "D"]) values[`variant_${step}_${letter}`] = text(texts(step, letter));
  return { values: values as Record<string, Record<string, unknown>> };
}

interface VariantsView {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ type: string; block_id?: string }>;
}

describe("the Variants step of the New-campaign form", () => {
  let variantsView: VariantsView;
  let campaign: Campaign;

  it("opens after the draft is created, with 4 variants on each of 6 steps within Slack's limits", async () => {
    const modal = await openNewCampaign();
    const newView = t.slack.views().find((view) => view.id === modal.id)!;
    expect(newView.blocks.length).toBeLessThanOrEqual(SLACK_RULES.viewBlocks.max);
    // The driver checks the ack with the fake Slack's rules and throws on anything Slack refuses.
    const response = await t.driver.viewSubmission({
      id: modal.id,
      callback_id: "new_campaign",
      private_metadata: newView.private_metadata,
      state: newCampaignState(modal.account, ["variants", "auto_optimise"]),
    });
    const answer = response.json as { response_action: string; view: VariantsView };
    expect(answer.response_action).toBe("update");
    variantsView = answer.view;
    expect(variantsView.callback_id).toBe("campaign_variants");
    // 1 introduction + per step (A shown, B, C, D as inputs) for 6 steps.
    expect(variantsView.blocks).toHaveLength(1 + 6 * 4);
    expect(variantsView.blocks.filter((block) => block.type === "input")).toHaveLength(18);
    const [created] = await t.db.sql<Campaign[]>`select * from campaigns where name = 'Variant test'`;
    campaign = created!;
    expect(campaign).toMatchObject({ status: "draft", auto_optimise: true, campaign_type: "connector" });
  });

  it("refuses a bad variant on its own field: unknown placeholder, a note over 300 characters, a letter skipped", async () => {
    const response = await t.driver.viewSubmission({
      id: "V0VARIANTS1",
      ...variantsView,
      state: variantsState((step, letter) => {
        if (step === 0 && letter === "B") return `Hello {first_name}, ${"x".repeat(300)}`;
        if (step === 2 && letter === "B") return "Hi {favourite_color}";
        if (step === 3 && letter === "C") return "C without B";
        return null;
      }),
    });
    const answer = response.json as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe("errors");
    expect(Object.keys(answer.errors).sort()).toEqual(["variant_0_B", "variant_2_B", "variant_3_C"]);
    expect(answer.errors.variant_0_B).toMatch(/at most 300 characters/);
    expect(answer.errors.variant_2_B).toMatch(/Unknown placeholder \{favourite_color\}/);
    expect(answer.errors.variant_3_C).toMatch(/Fill variant B first/);
    const [unchanged] = await t.db.sql<Campaign[]>`select * from campaigns where id = ${campaign.id}`;
    expect(unchanged!.message_templates.variants).toBeUndefined();
  });

  it("saves 4 variants on every step, and says so in the thread", async () => {
    const typed = (step: number, letter: string) => `Step ${step} variant ${letter}, {first_name|there}`;
    const response = await t.driver.viewSubmission({ id: "V0VARIANTS2", ...variantsView, state: variantsState(typed) });
    expect(response.body).toBe("");
    const [saved] = await t.db.sql<Campaign[]>`select * from campaigns where id = ${campaign.id}`;
    expect(saved!.message_templates.variants).toEqual(
      Array.from({ length: 6 }, (_, step) => ["B", "C", "D"].map((letter) => typed(step, letter))),
    );
    expect(saved!.message_templates.follow_up_messages).toEqual(FOLLOW_UPS);
    const notice = await eventually(() =>
      t.slack.messages(DEFAULT_CHANNEL_ID).find((message) => message.text?.includes("Message variants:")),
    );
    expect(notice.text).toContain("Connection note A–D; Follow-up 1 A–D");
    expect(notice.text).toContain("auto-optimised");
  });

  it("leaves a launched campaign's variants alone", async () => {
    await t.db.sql`update campaigns set status = 'active' where id = ${campaign.id}`;
    const response = await t.driver.viewSubmission({ id: "V0VARIANTS3", ...variantsView, state: variantsState(() => null) });
    // Once launched its letters stay (the Edit form's Variants step changes only their texts).
    expect((response.json as { errors: Record<string, string> }).errors.variant_0_B).toMatch(/cannot be removed once launched/);
    await t.db.sql`update campaigns set status = 'cancelled' where id = ${campaign.id}`;
    const cancelled = await t.driver.viewSubmission({ id: "V0VARIANTS4", ...variantsView, state: variantsState(() => null) });
    expect((cancelled.json as { errors: Record<string, string> }).errors.variant_0_B).toMatch(/only on a draft, active or paused campaign/);
    const [kept] = await t.db.sql<Campaign[]>`select * from campaigns where id = ${campaign.id}`;
    expect(kept!.message_templates.variants).toHaveLength(6);
  });
});

describe("the fake Slack holds the Variants step to Slack's limits", () => {
  const client = () =>
    new WebClient(t.slack.token, { slackApiUrl: t.slack.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  const longest = "x".repeat(3000);
  const templates = (followUps: number) => ({
    connection_request: longest,
    follow_up_messages: Array.from({ length: followUps }, () => longest),
    follow_up_delays: [3],
    variants: Array.from({ length: 1 + followUps }, () => [longest, longest, longest]),
  });
  const modal = (followUps: number) =>
    variantsModal({
      campaignName: "N".repeat(80),
      campaignType: "connector",
      templates: templates(followUps),
      metadata: { campaignId: "00000000-0000-0000-0000-000000000000", knownFields: Array.from({ length: 400 }, (_, i) => `column_${i}`) },
    });

  it("accepts the largest campaign the form allows: 6 steps × 4 variants of 3,000 characters, 400 custom columns", async () => {
    const opened = await client().views.open({ trigger_id: t.slack.triggerId(), view: modal(5) });
    expect(opened.ok).toBe(true);
    expect(opened.view?.blocks).toHaveLength(25);
  });

  it("refuses a form past the modal's 100 blocks (what 25 follow-ups would need)", async () => {
    const refused = await client()
      .views.open({ trigger_id: t.slack.triggerId(), view: modal(25) })
      .catch((error: { code?: string; data?: { error?: string } }) => error);
    expect((refused as { code?: string }).code).toBe(ErrorCode.PlatformError);
    expect((refused as { data?: { error?: string } }).data?.error).toBe("invalid_arguments");
  });
});
