// Block Kit for editing and cloning a campaign (issue 16), apart from the form itself (which is
// the New-campaign modal, src/views/new-campaign-modal.ts): the confirmation that shows what an
// edit moves before it is saved, a modal that says why nothing can be done, and the Clone modal.
import type { KnownBlock, ModalView } from "@slack/types";
import type { Change } from "../../campaigns/campaign-edit.js";
import { type Campaign, handleOf } from "../../campaigns/campaigns.js";
import { escapeMrkdwn, mrkdwnWithin, plainText } from "../text.js";

export const EDIT_CAMPAIGN_CALLBACK = "edit_campaign";
export const EDIT_CONFIRM_CALLBACK = "edit_campaign_confirm";
export const CLONE_CAMPAIGN_CALLBACK = "clone_campaign";

const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });

/** A modal's title holds at most 24 characters (Block Kit reference, view objects). */
const title = (text: string) => plain(plainText(text, 24));

/** A modal with a submit button: callback, metadata, title and button text, blocks. */
function submittableModal(callbackId: string, metadata: object, heading: string, submit: string, blocks: KnownBlock[]): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    private_metadata: JSON.stringify(metadata),
    title: title(heading),
    submit: plain(submit),
    close: plain("Cancel"),
    blocks,
  };
}

export function changeLines(changes: readonly Change[]): string {
  return changes
    .map((change) =>
      change.field === "account" || change.field === "sender pool"
        ? `• ${change.field} changed`
        : `• ${change.field}: “${escapeMrkdwn(change.before)}” → “${escapeMrkdwn(change.after)}”`,
    )
    .join("\n");
}

/** Shown after the Edit form of a launched campaign when delays or schedule change: what saving moves. */
export function editConfirmView(input: {
  campaign: Campaign;
  changes: readonly Change[];
  outcome: string;
  proposalId: string;
  /** Open the Message variants step once saved (ticked in the Edit form). */
  variantsNext?: boolean;
}): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: mrkdwnWithin(`*${escapeMrkdwn(input.campaign.name)}* (${handleOf(input.campaign)}) will change:\n${changeLines(input.changes)}`, 3000) },
    },
    { type: "section", block_id: "replan", text: { type: "mrkdwn", text: mrkdwnWithin(input.outcome, 3000) } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: "Sent messages stay as they are. Texts apply to every message not sent yet." }],
    },
  ];
  const metadata = input.variantsNext ? { proposalId: input.proposalId, variantsNext: true } : { proposalId: input.proposalId };
  return submittableModal(EDIT_CONFIRM_CALLBACK, metadata, "Save these changes?", "Save changes", blocks);
}

/** A modal that only says something (why a campaign cannot be edited, an edit refused). */
export function noticeModal(heading: string, text: string): ModalView {
  return {
    type: "modal",
    title: title(heading),
    close: plain("Close"),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: mrkdwnWithin(text, 3000) } }],
  };
}

export function cloneModal(campaign: Campaign, suggestedName: string): ModalView {
  return submittableModal(CLONE_CAMPAIGN_CALLBACK, { campaignId: campaign.id }, "Clone campaign", "Clone", [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: mrkdwnWithin(`A new draft with the settings and messages of *${escapeMrkdwn(campaign.name)}* (${handleOf(campaign)}).`, 3000),
      },
    },
    {
      type: "input",
      block_id: "name",
      label: plain("Name of the copy"),
      element: { type: "plain_text_input", action_id: "value", initial_value: plainText(suggestedName, 80), max_length: 80 },
    },
    {
      type: "input",
      block_id: "prospects",
      optional: true,
      label: plain("Prospects"),
      element: {
        type: "checkboxes",
        action_id: "value",
        options: [
          {
            text: plain("Add the prospects the original has not contacted"),
            value: "uncontacted",
            description: plain("Not those active in another campaign: one active campaign per person."),
          },
        ],
      },
    },
  ]);
}
