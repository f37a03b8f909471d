// Block Kit for the Variants step of the New-campaign form (issue 16): per step, its usual text
// shown as variant A and three optional inputs for B, C and D. Why a second step and not more
// fields in the New-campaign modal: 5 follow-ups × 3 extra texts is 18 more inputs of up to 3,000
// characters in a form that is long already; as its own view the step has room (1 + 4 blocks per
// step: 25 blocks for 6 steps, under the modal's 100), and it knows the campaign's type and steps,
// so it offers only the steps the campaign has. It replaces the New-campaign view once the
// campaign exists (response_action "update"), so no view is stacked and the typed form is never
// carried in private_metadata (3,000 characters at most).
import type { KnownBlock, ModalView } from "@slack/types";
import type { MessageTemplates } from "../../campaigns/campaigns.js";
import { EXTRA_LETTERS, variantBlockId } from "../../campaigns/variants-form.js";
import { variantText } from "../../variants/index.js";
import { escapeMrkdwn, mrkdwnWithin, plainText } from "../text.js";

export const CAMPAIGN_VARIANTS_CALLBACK = "campaign_variants";

export interface VariantsModalMetadata {
  campaignId: string;
  /** The CSV's own columns, for placeholder checks (the import checks them again). */
  knownFields: string[];
}

export interface VariantsModalInput {
  campaignName: string;
  campaignType: "messenger" | "connector";
  templates: MessageTemplates;
  metadata: VariantsModalMetadata;
  /**
   * Active or paused (from the Edit form): the texts of its letters may change (read at send
   * time), but a letter cannot be added or removed, since the split was dealt at launch.
   */
  launched?: boolean;
}

/** Why a launched campaign's letters stay as they are, said on the fields and in errors. */
export const LETTERS_FIXED = "the split was dealt at launch";

const MAX_METADATA = 3000;
const SHOWN_TEXT = 600;

export const stepName = (step: number, campaignType: "messenger" | "connector") =>
  step === 0 ? (campaignType === "connector" ? "Connection note" : "First message") : `Follow-up ${step}`;

/** private_metadata within Slack's 3,000 characters: custom columns beyond that are left to the import's check. */
function metadataOf(metadata: VariantsModalMetadata): string {
  const fields = [...metadata.knownFields];
  let json = JSON.stringify({ ...metadata, knownFields: fields });
  while (json.length > MAX_METADATA && fields.length > 0) {
    fields.pop();
    json = JSON.stringify({ ...metadata, knownFields: fields });
  }
  return json;
}

export function variantsModal(input: VariantsModalInput): ModalView {
  const steps = 1 + input.templates.follow_up_messages.length;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      block_id: "variants_intro",
      text: {
        type: "mrkdwn",
        text: input.launched
          ? `*${mrkdwnWithin(escapeMrkdwn(input.campaignName), 200)}* is launched: each prospect keeps the version dealt to ` +
            "it, and texts are read at send time, so a changed text applies to every message not sent yet. Versions " +
            `cannot be added or removed now: ${LETTERS_FIXED}.`
          : `*${mrkdwnWithin(escapeMrkdwn(input.campaignName), 200)}* is saved as a draft. Optionally write up to three more ` +
            "versions of any message: each prospect gets one version per message, split evenly (or by replies, with " +
            "auto-optimise). Leave a version empty to skip it; *Skip* keeps one text per message.",
      },
    },
  ];
  for (let step = 0; step < steps; step++) {
    const name = stepName(step, input.campaignType);
    const current = input.templates.variants?.[step] ?? [];
    blocks.push({
      type: "context",
      block_id: `variant_${step}_A`,
      elements: [
        { type: "mrkdwn", text: `*${name}, variant A:* ${mrkdwnWithin(escapeMrkdwn(variantText(input.templates, step, "A")), SHOWN_TEXT)}` },
      ],
    });
    EXTRA_LETTERS.forEach((letter, i) => {
      const initial = current[i];
      const hint = input.launched && !initial
        ? `Cannot be added once launched: ${LETTERS_FIXED}.`
        : step === 0 && input.campaignType === "connector" && i === 0
          ? "A connection note: at most 300 characters (free LinkedIn accounts: 200)."
          : null;
      blocks.push({
        type: "input",
        block_id: variantBlockId(step, letter),
        // Once launched a letter that has prospects cannot be emptied.
        optional: !(input.launched && initial),
        label: { type: "plain_text", text: `${name}, variant ${letter}` },
        ...(hint ? { hint: { type: "plain_text", text: hint } } : {}),
        element: {
          type: "plain_text_input",
          action_id: "value",
          multiline: true,
          max_length: 3000,
          ...(initial ? { initial_value: plainText(initial, 3000) } : {}),
        },
      });
    });
  }
  return {
    type: "modal",
    callback_id: CAMPAIGN_VARIANTS_CALLBACK,
    private_metadata: metadataOf(input.metadata),
    title: { type: "plain_text", text: "Message variants" },
    submit: { type: "plain_text", text: "Save variants" },
    close: { type: "plain_text", text: input.launched ? "Cancel" : "Skip" },
    blocks,
  };
}
