// The Edit and Clone surfaces (issue 16) keep to Slack's Block Kit rules, as the fake Slack
// enforces them (test/support/slack-rules.ts), with extreme data: the longest names and texts,
// five follow-ups, more accounts than a select holds, every change at once.
import { describe, expect, it } from "vitest";
import { changesBetween, formInitialOf, settingsOf } from "../../src/campaigns/campaign-edit.js";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { cloneModal, editConfirmView, noticeModal } from "../../src/slack/blocks/campaign-edit.js";
import { newCampaignModal } from "../../src/views/new-campaign-modal.js";
import { checkView } from "../support/block-kit-check.js";
import { campaignRow } from "../support/campaign-row.js";

const LONG_NAME = "N<&>@channel".repeat(7).slice(0, 80);
const LONG_TEXT = "x".repeat(3000);

function campaign(status: Campaign["status"]): Campaign {
  return campaignRow({
    status,
    name: LONG_NAME,
    account_id: "acc-0",
    message_templates: { connection_request: LONG_TEXT, follow_up_messages: Array(5).fill(LONG_TEXT), follow_up_delays: [3, 5, 7, 9, 11] },
  });
}

const problems = (view: unknown) => checkView(view)?.messages ?? [];
const accounts = Array.from({ length: 150 }, (_, i) => ({ value: `acc-${i}`, label: `${"A".repeat(90)} ${i}` }));

describe("Edit and Clone surfaces", () => {
  it("the Edit form of a draft (every field filled, pool chosen) and of a launched campaign", () => {
    const settings = { ...settingsOf(campaign("draft"), ["acc-0", "acc-1", "acc-2"]) };
    const base = { timeZone: "UTC", holidayCountry: null, privateMetadata: JSON.stringify({ campaignId: campaign("draft").id }) };
    const draft = newCampaignModal({ ...base, accounts, initial: formInitialOf(settings), edit: { callbackId: "edit_campaign", launched: null } });
    expect(problems(draft)).toEqual([]);
    expect(draft.title.text).toBe("Edit campaign");
    const launched = newCampaignModal({
      ...base,
      accounts: [],
      initial: formInitialOf(settings),
      edit: {
        callbackId: "edit_campaign",
        launched: { typeLabel: "Connector", accountLabel: "A".repeat(5000), followUps: 5, hasVariants: true, autoOptimise: true },
      },
    });
    expect(problems(launched)).toEqual([]);
    const ids = (launched.blocks as Array<{ block_id?: string }>).map((block) => block.block_id);
    // Auto-optimise shown as fixed, the Variants step offered for texts only.
    expect(ids).toContain("variants_fixed");
    expect(ids).toContain("variants_options");
    expect(ids.filter((id) => id?.startsWith("follow_up_"))).toHaveLength(5);
    expect(ids).not.toContain("type");
    expect(ids).not.toContain("csv");
  });

  it("the confirmation with every change, the notice and the Clone modal", () => {
    const before = settingsOf(campaign("active"), ["acc-0"]);
    const after = {
      ...before,
      name: "M".repeat(80),
      templates: { connection_request: "y".repeat(3000), follow_up_messages: Array(5).fill("z".repeat(3000)), follow_up_delays: [1, 2, 3, 4, 5] },
      timeZone: "Europe/Berlin",
      windowStart: "08:00",
      windowEnd: "10:00",
      sendingDays: [1],
      holidayCountry: null,
    };
    const changes = changesBetween(before, after);
    expect(changes).toHaveLength(12);
    expect(problems(editConfirmView({ campaign: campaign("active"), changes, outcome: "9".repeat(4000), proposalId: "p" }))).toEqual([]);
    expect(problems(noticeModal("A very long heading that Slack would refuse", LONG_TEXT))).toEqual([]);
    expect(problems(cloneModal(campaign("completed"), `Copy of ${LONG_NAME}`))).toEqual([]);
  });
});
