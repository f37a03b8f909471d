// The settings modal of one linked account. Its private_metadata carries the account's row id
// and where to answer after saving; the row id is checked against the submitter's workspace again
// on save, so metadata is never trusted to grant access.
import type { types } from "@slack/bolt";
import { z } from "zod";
import { escapeMrkdwn, mrkdwnWithin } from "../slack/text.js";
import type { LinkedAccount } from "./accounts.js";
import { currentValue, INPUT_ACTION, NUMERIC_FIELDS, TIME_ZONE_BLOCK } from "./settings.js";
import { warmUpBlocks } from "./warm-up-settings.js";

export const SETTINGS_CALLBACK_ID = "account_settings";

const metadataSchema = z.object({
  accountId: z.string().min(1),
  /** The response_url of the list the modal was opened from, to refresh it after saving. */
  responseUrl: z.string().url().optional(),
  channelId: z.string().optional(),
});

export type SettingsMetadata = z.infer<typeof metadataSchema>;

export function parseSettingsMetadata(text: string): SettingsMetadata | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function settingsModal(account: LinkedAccount, metadata: SettingsMetadata, now: Date = new Date()): types.ModalView {
  const numberInputs: types.InputBlock[] = NUMERIC_FIELDS.map((field) => ({
    type: "input",
    block_id: field.key,
    label: plain(field.label),
    hint: plain(field.hint),
    element: {
      type: "number_input",
      action_id: INPUT_ACTION,
      is_decimal_allowed: false,
      min_value: String(field.min),
      max_value: String(field.max),
      // Slack refuses to open a number input whose initial value is out of its bounds.
      initial_value: String(Math.min(field.max, Math.max(field.min, currentValue(account, field.key)))),
    },
  }));
  const timeZoneInput: types.InputBlock = {
    type: "input",
    block_id: TIME_ZONE_BLOCK,
    label: plain("Time zone"),
    hint: plain(
      "IANA name, e.g. Europe/Paris or America/New_York: where the account's owner works. Daily caps start over at midnight there.",
    ),
    element: {
      type: "plain_text_input",
      action_id: INPUT_ACTION,
      initial_value: account.time_zone,
      max_length: 64,
    },
  };
  return {
    type: "modal",
    callback_id: SETTINGS_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plain("Account settings"),
    submit: plain("Save"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          // A section holds 3,000 characters; an account name may be longer.
          text: mrkdwnWithin(`*${escapeMrkdwn(account.name)}*\nThese limits hold across all of this account's campaigns.`, 3000),
        },
      },
      ...numberInputs,
      timeZoneInput,
      ...warmUpBlocks(account, now),
    ],
  };
}

/** A modal that replaces the form when there is nothing to save to. */
export function notLinkedModal(): types.ModalView {
  return {
    type: "modal",
    title: plain("Account settings"),
    close: plain("Close"),
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: "This account is not linked to this workspace, so nothing was saved." },
      },
    ],
  };
}

function plain(text: string): types.PlainTextElement {
  return { type: "plain_text", text };
}
