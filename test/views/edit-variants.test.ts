// Issue 16: the Edit form and the Message variants step together, over signed requests, the
// strict fake Slack (the driver refuses an ack Slack would refuse, errors included), real
// PostgreSQL and the worker. A draft's auto-optimise is prefilled and saved by the edit, and
// "Write variants" turns the saved form into the Variants step with the current texts; once
// launched, the texts of existing letters change (recorded as an edit, told in the thread), a
// letter cannot be added or removed, and auto-optimise is shown fixed and refused if crafted; an
// edit confirmed first (it moves messages) opens the Variants step after the confirmation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { Clock } from "../../src/clock.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_USER_ID } from "../support/fake-slack.js";
import { newCampaignFormState } from "../support/new-campaign-form.js";
import { reload, settled, threadOf } from "../campaigns/fixtures.js";
import { announcedDraft, openEditForm } from "./edit-support.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new Clock(new Date("2026-11-28T15:00:00Z"), 0) });
});
afterAll(() => t.stop());

const text = (value: string | null) => ({ value: { type: "plain_text_input", value } });

interface Block {
  type: string;
  block_id?: string;
  optional?: boolean;
  hint?: { text: string };
  text?: { text: string };
  elements?: Array<{ text?: string }>;
  element?: { initial_value?: string; options?: Array<{ value: string }>; initial_options?: Array<{ value: string }> };
}
interface View {
  id: string;
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

/** The Edit form's state as Slack sends it for a messenger campaign with one follow-up; type and account only when given. */
function editState(input: { name: string; followUp: string; options: string[]; type?: string; account?: string; delays?: string }) {
  const { type, account, csv: _csv, ...values } = newCampaignFormState({
    name: input.name,
    account: input.account ?? "",
    followUps: [input.followUp],
    delays: input.delays ?? "3",
  }).values;
  return {
    values: {
      ...values,
      ...(input.type ? { type } : {}),
      ...(input.account ? { account } : {}),
      variants_options: { value: { type: "checkboxes", selected_options: input.options.map((value) => ({ value })) } },
    },
  };
}

/** The Variants step's state: `texts[step][i]` for B, C, D of 2 steps (null: empty). */
function variantsState(texts: Array<Array<string | null>>) {
  const values = Object.fromEntries(texts.flatMap((step, s) => ["B", "C", "D"].map((letter, i) => [`variant_${s}_${letter}`, text(step[i] ?? null)])));
  return { values: values as Record<string, Record<string, unknown>> };
}

const openEdit = (campaign: Campaign) => openEditForm<View>(t, `c${campaign.handle}`);

const submit = (view: Pick<View, "id" | "callback_id" | "private_metadata"> & { blocks?: Block[] }, values: unknown) =>
  t.driver.viewSubmission({ ...view, state: values as never } as never);

const edits = (campaignId: string) =>
  t.db.sql<{ changes: Array<{ field: string; before: string; after: string }>; applied_at: Date | null }[]>`
    select changes, applied_at from campaign_edits where campaign_id = ${campaignId} order by proposed_at, id`;

describe("editing a draft's variants", () => {
  it("prefills auto-optimise, saves it, and turns into the Variants step with the current texts", async () => {
    const { campaign, accountId } = await announcedDraft(t, {
      name: "Draft variants",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: ["FU"], follow_up_delays: [3], variants: [["Hey {first_name}"]] },
      prospects: ["draft-variants-1"],
    });
    const form = await openEdit(campaign);
    const options = form.blocks.find((block) => block.block_id === "variants_options")!;
    expect(options.element!.options!.map((option) => option.value)).toEqual(["variants", "auto_optimise"]);
    // Off on this campaign, and "write variants" unticked: nothing pre-ticked.
    expect(options.element!.initial_options).toBeUndefined();

    const response = await submit(form, editState({
      name: "Draft variants", type: "messenger", account: accountId, followUp: "FU", options: ["variants", "auto_optimise"],
    }));
    const answer = response.json as { response_action: string; view: View };
    expect(answer.response_action).toBe("update");
    expect(answer.view.callback_id).toBe("campaign_variants");
    const initial = (block: string) => answer.view.blocks.find((candidate) => candidate.block_id === block)?.element?.initial_value;
    expect(initial("variant_0_B")).toBe("Hey {first_name}");
    expect(initial("variant_0_C")).toBeUndefined();
    expect((await reload(t, campaign.id)).auto_optimise).toBe(true);
    const [record] = await edits(campaign.id);
    expect(record!.changes).toEqual([{ field: "auto-optimise", before: "off", after: "on" }]);

    // The Edit form opened again shows auto-optimise ticked, "write variants" not.
    const again = await openEdit(await reload(t, campaign.id));
    expect(again.blocks.find((block) => block.block_id === "variants_options")!.element!.initial_options!.map((option) => option.value)).toEqual([
      "auto_optimise",
    ]);

    const saved = await submit({ ...answer.view, id: "V0EDITVAR01" }, variantsState([["Hey {first_name}", "Howdy {first_name}"], ["FU, B"]]));
    expect(saved.body).toBe("");
    expect((await reload(t, campaign.id)).message_templates.variants).toEqual([["Hey {first_name}", "Howdy {first_name}"], ["FU, B"]]);
  });
});

describe("editing an active campaign's variants", () => {
  let campaign: Campaign;
  const people = Array.from({ length: 6 }, (_, i) => `active-variants-${i + 1}`);

  beforeAll(async () => {
    for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign: draft } = await announcedDraft(t, {
      name: "Active variants",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: ["FU"], follow_up_delays: [3], variants: [["Hey {first_name}"], []] },
      prospects: people,
    });
    await t.driver.command(`launch c${draft.handle}`);
    campaign = await eventually(async () => {
      const row = await reload(t, draft.id);
      return row.status === "active" ? row : null;
    });
    await settled(t);
  });

  it("shows auto-optimise as fixed, with the reason, and offers the Variants step for texts only", async () => {
    const form = await openEdit(campaign);
    const fixed = form.blocks.find((block) => block.block_id === "variants_fixed")!;
    expect(fixed.elements![0]!.text).toBe("*Auto-optimise:* off, fixed once launched: assignments already made never change.");
    const options = form.blocks.find((block) => block.block_id === "variants_options")!;
    expect(options.element!.options!.map((option) => option.value)).toEqual(["variants"]);
  });

  it("changes the text of an existing letter: saved, recorded as an edit and summarised in the thread", async () => {
    const letters = await t.db.sql<{ variant: string }[]>`select variant from send_queue where campaign_id = ${campaign.id} and step = 0 order by id`;
    expect(new Set(letters.map((row) => row.variant))).toEqual(new Set(["A", "B"]));
    const form = await openEdit(campaign);
    // Nothing else changed: the Variants step opens at once, in its launched form.
    const response = await submit(form, editState({ name: "Active variants", followUp: "FU", options: ["variants"] }));
    const answer = response.json as { response_action: string; view: View };
    expect(answer.response_action).toBe("update");
    expect(answer.view.callback_id).toBe("campaign_variants");
    expect(answer.view.blocks[0]!.text!.text).toMatch(/is launched: .* cannot be added or removed now: the split was dealt at launch\./);
    const block = (id: string) => answer.view.blocks.find((candidate) => candidate.block_id === id)!;
    expect(block("variant_0_B")).toMatchObject({ optional: false, element: { initial_value: "Hey {first_name}" } });
    expect(block("variant_0_C").hint!.text).toBe("Cannot be added once launched: the split was dealt at launch.");

    const saved = await submit({ ...answer.view, id: "V0EDITVAR02" }, variantsState([["Hey there {first_name}"], []]));
    expect(saved.body).toBe("");
    const after = await reload(t, campaign.id);
    expect(after.message_templates.variants).toEqual([["Hey there {first_name}"], []]);
    expect(after.status).toBe("active");
    // The letters dealt at launch are untouched.
    expect(await t.db.sql`select variant from send_queue where campaign_id = ${campaign.id} and step = 0 order by id`).toEqual(letters);
    const records = await edits(campaign.id);
    expect(records.at(-1)).toMatchObject({
      changes: [{ field: "first message variant B", before: "Hey {first_name}", after: "Hey there {first_name}" }],
      applied_at: expect.any(Date),
    });
    await settled(t);
    expect(threadOf(t, campaign).at(-1)!.text).toBe(
      `<@${DEFAULT_USER_ID}> edited the campaign: first message variant B “Hey {first_name}” → “Hey there {first_name}”.`,
    );
    campaign = after;
  });

  it("refuses adding or removing a letter, on its field, and saves nothing", async () => {
    const form = await openEdit(campaign);
    const answer = (await submit(form, editState({ name: "Active variants", followUp: "FU", options: ["variants"] })))
      .json as { view: View };
    const recorded = (await edits(campaign.id)).length;
    const added = await submit({ ...answer.view, id: "V0EDITVAR03" }, variantsState([["Hey there {first_name}", "A new C"], ["A new B"]]));
    const errors = (added.json as { response_action: string; errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(["variant_0_C", "variant_1_B"]);
    expect(errors.variant_0_C).toBe("Variant C cannot be added once launched: the split was dealt at launch.");
    const removed = await submit({ ...answer.view, id: "V0EDITVAR04" }, variantsState([[null], []]));
    expect((removed.json as { errors: Record<string, string> }).errors.variant_0_B).toMatch(/^Variant B cannot be removed once launched/);
    const after = await reload(t, campaign.id);
    expect(after.message_templates.variants).toEqual([["Hey there {first_name}"], []]);
    expect(after.updated_at).toEqual(campaign.updated_at);
    expect(await edits(campaign.id)).toHaveLength(recorded);
  });

  it("refuses a crafted auto-optimise change as a whole", async () => {
    const form = await openEdit(campaign);
    const recorded = (await edits(campaign.id)).length;
    const response = await submit(form, editState({ name: "Active variants", followUp: "FU", options: ["auto_optimise"] }));
    const answer = response.json as { response_action: string; view: View };
    expect(answer.response_action).toBe("update");
    expect(answer.view.blocks[0]!.text!.text).toBe("Auto-optimise is fixed once launched: assignments already made never change. Nothing was saved.");
    const after = await reload(t, campaign.id);
    expect(after).toMatchObject({ auto_optimise: false, updated_at: campaign.updated_at });
    expect(await edits(campaign.id)).toHaveLength(recorded);
  });

  it("a change that moves messages is confirmed first, and the confirmation then opens the Variants step", async () => {
    const form = await openEdit(campaign);
    const response = await submit(form, editState({ name: "Active variants", followUp: "FU", options: ["variants"], delays: "4" }));
    const confirm = (response.json as { response_action: string; view: View }).view;
    expect(confirm.callback_id).toBe("edit_campaign_confirm");
    const confirmed = await submit({ ...confirm, id: form.id }, { values: {} });
    const answer = confirmed.json as { response_action: string; view: View };
    expect(answer.response_action).toBe("update");
    expect(answer.view.callback_id).toBe("campaign_variants");
    expect(answer.view.blocks.find((block) => block.block_id === "variant_0_B")!.element!.initial_value).toBe("Hey there {first_name}");
    expect((await reload(t, campaign.id)).message_templates.follow_up_delays).toEqual([4]);
  });
});
