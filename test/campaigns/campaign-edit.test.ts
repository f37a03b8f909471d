// The pure rules of editing (src/campaigns/campaign-edit.ts): what a launched campaign may
// change, what is kept, and how changes are listed.
import { describe, expect, it } from "vitest";
import { type CampaignSettings, changesBetween, changesPlanning, checkEdit, formInitialOf, settingsOf, stepDelaysOf } from "../../src/campaigns/campaign-edit.js";
import type { CampaignFormValues } from "../../src/campaigns/campaign-form.js";
import { lettersChangedOnceLaunched } from "../../src/campaigns/variants-form.js";
import { campaignRow } from "../support/campaign-row.js";

const current: CampaignSettings = settingsOf(
  campaignRow({
    status: "active",
    campaign_type: "messenger",
    account_id: "acc-1",
    time_zone: "America/New_York",
    message_templates: { connection_request: "Hi {first_name}", follow_up_messages: ["FU1", "FU2"], follow_up_delays: [3, 5], variants: [["B"], [], ["FU2 b"]] },
  }),
  ["acc-1", "acc-2"],
);

function form(overrides: Partial<CampaignFormValues> = {}): CampaignFormValues {
  return {
    name: "Campaign",
    type: null,
    account: null,
    firstMessage: "Hi {first_name}",
    followUps: ["FU1", "FU2", "", "", ""],
    delays: "3, 5",
    timeZone: "America/New_York",
    windowStart: "09:00",
    windowEnd: "17:00",
    days: [1, 2, 3, 4, 5, 6, 7],
    skipHolidays: true,
    holidayCountry: "US",
    fileIds: [],
    ...overrides,
  };
}

const options = { knownFields: [], nameTaken: false, noteWarningAccepted: false };

describe("checkEdit", () => {
  it("a launched campaign's texts, delays and schedule change; its variants and pool stay", () => {
    const check = checkEdit(current, true, form({ followUps: ["FU1 fixed", "FU2", "", "", ""], delays: "1", windowStart: "10:00" }), options);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.settings).toMatchObject({
      campaignType: "messenger",
      accountId: "acc-1",
      moreAccountIds: ["acc-2"],
      windowStart: "10:00",
      templates: { follow_up_messages: ["FU1 fixed", "FU2"], follow_up_delays: [1], variants: [["B"], [], ["FU2 b"]] },
    });
    const changes = changesBetween(current, check.settings);
    expect(changes.map((change) => change.field)).toEqual(["follow-up 1", "delays (days)", "sending hours"]);
    expect(changesPlanning(changes)).toBe(true);
    expect(stepDelaysOf(check.settings.templates)).toEqual([1, 1]);
  });

  it("refuses another type, account, pool account or number of follow-ups once launched, and allows them in a draft", () => {
    for (const crafted of [
      form({ type: "connector" }),
      form({ account: "acc-9" }),
      form({ moreAccounts: ["acc-9"] }),
      form({ followUps: ["FU1", "", "", "", ""] }),
      form({ followUps: ["FU1", "FU2", "FU3", "", ""] }),
    ]) {
      const check = checkEdit(current, true, crafted, options);
      expect(check.ok).toBe(false);
      expect("refused" in check && check.refused).toMatch(/of a launched campaign cannot change/);
      const draft = checkEdit(current, false, { ...crafted, type: crafted.type ?? "messenger", account: crafted.account ?? "acc-1" }, options);
      expect(draft.ok).toBe(true);
    }
  });

  it("errors of the New-campaign rules come back by field", () => {
    const check = checkEdit(current, true, form({ firstMessage: "Hi {nope}", windowEnd: "08:00" }), options);
    expect(check).toMatchObject({ ok: false, errors: { first_message: expect.stringMatching(/Unknown placeholder/), window_end: "The end must be after the start." } });
  });
});

describe("changesBetween", () => {
  it("shortens texts, and marks a change past the shortened part as edited", () => {
    const long = "a".repeat(100);
    const after = { ...current, templates: { ...current.templates, connection_request: long }, name: "Renamed" };
    const edited = { ...after, templates: { ...after.templates, connection_request: `${long}!` } };
    expect(changesBetween(current, after)[1]).toEqual({ field: "first message", before: "Hi {first_name}", after: `${"a".repeat(59)}…` });
    expect(changesBetween(after, edited)).toEqual([{ field: "first message", before: `${"a".repeat(59)}…`, after: `${"a".repeat(59)}… (edited)` }]);
    expect(changesPlanning(changesBetween(current, after))).toBe(false);
  });

  it("the form's initial values read back as the same settings: no change", () => {
    const initial = formInitialOf(current);
    expect(initial).toMatchObject({ days: "1,2,3,4,5,6,7", skip_holidays: "yes", delays: "3, 5", more_accounts: "acc-2" });
    const check = checkEdit(current, true, form(), options);
    expect(check.ok && changesBetween(current, check.settings)).toEqual([]);
  });

  it("lists auto-optimise and each variant's text; planning is not touched by them", () => {
    const after = { ...current, autoOptimise: true, templates: { ...current.templates, variants: [["B2"], ["FU1 b"], ["FU2 b"]] } };
    const changes = changesBetween(current, after);
    expect(changes).toEqual([
      { field: "auto-optimise", before: "off", after: "on" },
      { field: "first message variant B", before: "B", after: "B2" },
      { field: "follow-up 1 variant B", before: "(none)", after: "FU1 b" },
    ]);
    expect(changesPlanning(changes)).toBe(false);
  });
});

describe("auto-optimise in the Edit form", () => {
  it("is prefilled from the campaign, saved on a draft, and a launched one's crafted change is refused", () => {
    expect(formInitialOf({ ...current, autoOptimise: true }).variants_options).toBe("auto_optimise");
    expect(formInitialOf(current, { variantsNext: true }).variants_options).toBe("variants");
    const draft = checkEdit(current, false, form({ type: "messenger", account: "acc-1", variantsOptions: ["auto_optimise"] }), options);
    expect(draft.ok && draft.settings.autoOptimise).toBe(true);
    const launched = checkEdit(current, true, form({ variantsOptions: ["auto_optimise"] }), options);
    expect(launched).toEqual({ ok: false, refused: "Auto-optimise is fixed once launched: assignments already made never change. Nothing was saved." });
    // Without the option (the launched form does not show it) the campaign's setting stays.
    const kept = checkEdit({ ...current, autoOptimise: true }, true, form({ variantsOptions: [] }), options);
    expect(kept.ok && kept.settings.autoOptimise).toBe(true);
  });
});

describe("a launched campaign's letters", () => {
  it("may not be added or removed; texts may change", () => {
    const variants = [["B"], [], ["FU2 b", "FU2 c"]];
    expect(lettersChangedOnceLaunched(variants, [["B2", "", ""], ["", "", ""], ["x", "y", ""]])).toEqual({});
    expect(lettersChangedOnceLaunched(variants, [["B", "C", ""], ["new", "", ""], ["FU2 b", "", ""]])).toEqual({
      variant_0_C: "Variant C cannot be added once launched: the split was dealt at launch.",
      variant_1_B: "Variant B cannot be added once launched: the split was dealt at launch.",
      variant_2_C: "Variant C cannot be removed once launched: the split was dealt at launch, and prospects hold this letter. Change its text instead.",
    });
  });
});
