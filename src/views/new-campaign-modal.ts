// Block Kit for the New-campaign modal. Block ids are the keys campaign-form.ts reads and the
// keys validation errors are returned under.
import { mrkdwnWithin, plainText } from "../slack/text.js";
import { MAX_FOLLOW_UPS } from "../db/enums.js";
import { AUTO_OPTIMISE_FIXED } from "../campaigns/campaign-edit.js";

export const NEW_CAMPAIGN_CALLBACK = "new_campaign";

export interface AccountChoice {
  value: string;
  label: string;
}

export interface ModalDefaults {
  timeZone: string;
  holidayCountry: string | null;
  accounts: AccountChoice[];
  /** Shown above the first message after a submission whose note is over 200 characters. */
  warning?: string;
  privateMetadata: string;
  /**
   * Values to keep when the modal is rebuilt (after a warning), or an edited campaign's: by block
   * id, plus `more_accounts` and `days` (comma-separated values) and `skip_holidays` ("no").
   */
  initial?: Record<string, string | undefined>;
  /** The form of an existing campaign (issue 16, src/campaigns/campaign-edit.ts). */
  edit?: {
    callbackId: string;
    /** Once launched: type, account and the number of follow-ups are shown, not asked. */
    launched: { typeLabel: string; accountLabel: string; followUps: number; hasVariants: boolean; autoOptimise: boolean } | null;
  };
}

/** Why a launched campaign's type, account and steps stay as they are, said in its Edit form. */
export const FIXED_ONCE_LAUNCHED =
  "Fixed once launched: its prospects were checked for this type from this account, and each one's " +
  "queued messages (one per step) were planned from them.";

const MAX_ACCOUNT_OPTIONS = 100;
const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function textInput(block: string, label: string, options: { multiline?: boolean; optional?: boolean; hint?: string; placeholder?: string; initial?: string; max?: number }) {
  return {
    type: "input",
    block_id: block,
    optional: options.optional ?? false,
    label: plain(label),
    ...(options.hint ? { hint: plain(options.hint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: "value",
      multiline: options.multiline ?? false,
      ...(options.max ? { max_length: options.max } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
      ...(options.initial ? { initial_value: options.initial } : {}),
    },
  };
}

export function newCampaignModal(defaults: ModalDefaults) {
  const initial = defaults.initial ?? {};
  // A static select holds at most 100 options of at most 75 characters (Block Kit reference).
  const accountOptions = defaults.accounts
    .slice(0, MAX_ACCOUNT_OPTIONS)
    .map((account) => ({ text: plain(plainText(account.label, 75)), value: account.value }));
  const blocks: unknown[] = [
    textInput("name", "Campaign name", { placeholder: "Q4 Product Update - Existing Connections", initial: initial.name, max: 80 }),
  ];
  const launched = defaults.edit?.launched ?? null;
  const listed = (key: string) => new Set((initial[key] ?? "").split(",").filter(Boolean));
  const initialAccount = accountOptions.find((option) => option.value === initial.account);
  const initialPool = accountOptions.filter((option) => listed("more_accounts").has(option.value));
  if (launched) {
    blocks.push({
      type: "section",
      block_id: "fixed",
      text: {
        type: "mrkdwn",
        text: mrkdwnWithin(
          `*Type:* ${launched.typeLabel}\n*LinkedIn account:* ${launched.accountLabel}\n` +
            `*Follow-ups:* ${launched.followUps}\n_${FIXED_ONCE_LAUNCHED}_`,
          3000,
        ),
      },
    });
  } else blocks.push(
    {
      type: "input",
      block_id: "type",
      label: plain("Type"),
      element: {
        type: "radio_buttons",
        action_id: "value",
        ...(initial.type ? { initial_option: typeOption(initial.type) } : {}),
        options: [typeOption("connector"), typeOption("messenger")],
      },
    },
    accountOptions.length > 0
      ? {
          type: "input",
          block_id: "account",
          label: plain("LinkedIn account"),
          element: {
            type: "static_select",
            action_id: "value",
            options: accountOptions,
            ...(initialAccount ? { initial_option: initialAccount } : accountOptions.length === 1 ? { initial_option: accountOptions[0] } : {}),
          },
        }
      : {
          type: "section",
          block_id: "account",
          text: { type: "mrkdwn", text: ":warning: No LinkedIn account is available. Connect one with `/sam accounts` → *Connect a LinkedIn account*." },
        },
  );
  // A sender pool: further accounts, optional, offered only when there is more than one. The
  // first account stays a single select (one account is the common case).
  if (accountOptions.length > 1 && !launched) {
    blocks.push({
      type: "input",
      block_id: "more_accounts",
      optional: true,
      label: plain("More LinkedIn accounts (sender pool)"),
      hint: plain("Optional. Each prospect is sent to by one account for the whole sequence: messenger by connection, connector by each account's capacity."),
      element: {
        type: "multi_static_select",
        action_id: "value",
        placeholder: plain("Send from these accounts too"),
        options: accountOptions,
        ...(initialPool.length > 0 ? { initial_options: initialPool } : {}),
      },
    });
  }
  if (defaults.warning) {
    blocks.push({ type: "context", block_id: "note_warning", elements: [{ type: "mrkdwn", text: `:warning: ${defaults.warning}` }] });
  }
  blocks.push(
    textInput("first_message", "First message", {
      multiline: true,
      max: 3000,
      initial: initial.first_message,
      hint: "Connector: this is the connection-request note, at most 300 characters (free accounts: 200). Placeholders: {first_name}, {last_name}, {company_name}, {title}, any CSV column, or {first_name|there} with a fallback.",
    }),
  );
  for (let n = 1; n <= (launched ? launched.followUps : MAX_FOLLOW_UPS); n++) {
    blocks.push(
      textInput(`follow_up_${n}`, `Follow-up ${n}`, {
        multiline: true,
        optional: !launched,
        max: 3000,
        initial: initial[`follow_up_${n}`],
        hint: n === 1 && !launched ? "Sent only if the prospect has not replied. Leave empty for fewer follow-ups." : undefined,
      }),
    );
  }
  blocks.push(
    textInput("delays", "Follow-up delays (days)", {
      optional: true,
      initial: initial.delays ?? "3, 5, 7",
      hint: "Days after the previous message was actually sent (connector: follow-up 1 counts from acceptance). Missing delays repeat the last.",
    }),
    ...(launched ? launchedVariantsBlocks(launched) : [variantsOptions(initial.variants_options, VARIANT_OPTIONS)]),
    { type: "header", text: plain("Schedule") },
    textInput("time_zone", "Time zone", { initial: initial.time_zone ?? defaults.timeZone, hint: "IANA name, e.g. America/New_York" }),
    {
      type: "input",
      block_id: "window_start",
      label: plain("Sending hours start"),
      element: { type: "timepicker", action_id: "value", initial_time: initial.window_start ?? "09:00" },
    },
    {
      type: "input",
      block_id: "window_end",
      label: plain("Sending hours end"),
      element: { type: "timepicker", action_id: "value", initial_time: initial.window_end ?? "17:00" },
    },
    {
      type: "input",
      block_id: "days",
      label: plain("Sending days"),
      element: {
        type: "checkboxes",
        action_id: "value",
        options: DAYS.map((day, i) => ({ text: plain(day), value: String(i + 1) })),
        initial_options: DAYS.map((day, i) => ({ text: plain(day), value: String(i + 1) })).filter((option) =>
          initial.days ? listed("days").has(option.value) : Number(option.value) <= 5,
        ),
      },
    },
    {
      type: "input",
      block_id: "holidays",
      optional: true,
      label: plain("Public holidays"),
      element: {
        type: "checkboxes",
        action_id: "value",
        options: [{ text: plain("Skip public holidays"), value: "skip" }],
        ...(initial.skip_holidays === "no" ? {} : { initial_options: [{ text: plain("Skip public holidays"), value: "skip" }] }),
      },
    },
    textInput("holiday_country", "Holiday country", {
      optional: true,
      initial: initial.holiday_country ?? defaults.holidayCountry ?? undefined,
      max: 2,
      hint: "Two-letter country code (US, DE, IN, AU…); taken from the time zone when left empty.",
    }),
  );
  // Prospects of an existing campaign come through Upload prospects or its thread.
  if (!defaults.edit) blocks.push(
    {
      type: "input",
      block_id: "csv",
      optional: true,
      label: plain("Prospects (CSV)"),
      hint: plain("Columns: first_name, last_name, linkedin_url (required), company_name, title, and any others for placeholders."),
      element: { type: "file_input", action_id: "value", filetypes: ["csv"], max_files: 1 },
    },
  );
  return {
    type: "modal" as const,
    callback_id: defaults.edit?.callbackId ?? NEW_CAMPAIGN_CALLBACK,
    private_metadata: defaults.privateMetadata,
    title: plain(defaults.edit ? "Edit campaign" : "New campaign"),
    submit: plain(defaults.edit ? "Save" : "Create"),
    close: plain("Cancel"),
    blocks,
  };
}

// A/B/n variants (issue 16): written in a second step (src/slack/blocks/variants-modal.ts), so the
// form itself only asks whether; auto-optimise is off unless ticked.
const VARIANT_OPTIONS = [
  { text: plain("Write variants of the messages next (A/B/n test)"), value: "variants" },
  {
    text: plain("Auto-optimise the split"),
    value: "auto_optimise",
    description: plain("After 30 sends each, more prospects get the version with more replies."),
  },
];

type CheckboxOption = { text: ReturnType<typeof plain>; value: string; description?: ReturnType<typeof plain> };

function variantsOptions(initial: string | undefined, options: readonly CheckboxOption[]) {
  const chosen = options.filter((option) => (initial ?? "").split(",").includes(option.value));
  return {
    type: "input",
    block_id: "variants_options",
    optional: true,
    label: plain("Message variants"),
    element: {
      type: "checkboxes",
      action_id: "value",
      options,
      ...(chosen.length > 0 ? { initial_options: chosen } : {}),
    },
  };
}

/**
 * A launched campaign's variants: auto-optimise shown, not asked (assignments already made never
 * change), and the Variants step offered only for texts of letters it has (the split was dealt).
 */
function launchedVariantsBlocks(launched: { hasVariants: boolean; autoOptimise: boolean }) {
  const fixed = {
    type: "context",
    block_id: "variants_fixed",
    elements: [
      {
        type: "mrkdwn",
        text:
          `*Auto-optimise:* ${launched.autoOptimise ? "on" : "off"}, ${AUTO_OPTIMISE_FIXED}.` +
          (launched.hasVariants ? "" : " *Variants:* none; they cannot be added once launched (the split was dealt at launch)."),
      },
    ],
  };
  if (!launched.hasVariants) return [fixed];
  const change = [{ text: plain("Change the texts of the message variants next"), value: "variants" }];
  return [variantsOptions(undefined, change), fixed];
}

function typeOption(type: string) {
  return type === "connector"
    ? {
        text: plain("Connector"),
        value: "connector",
        description: plain("Invites first, follows up once accepted (2nd/3rd degree)."), // Slack: 75 characters at most
      }
    : {
        text: plain("Messenger"),
        value: "messenger",
        description: plain("Messages people already connected to the account (1st degree)."),
      };
}
