// The pace settings of one LinkedIn account: their bounds, the help shown next to each, and
// the check of a submitted settings form. Bounds follow LinkedIn's practical limits
// (shared/reference/linkedin-outreach-landscape.md §2) and stay inside the table's CHECKs.
import { IANAZone } from "luxon";
import type { AccountSettings } from "./accounts.js";

export type NumericSetting =
  | Exclude<keyof AccountSettings, "time_zone" | "jitter_fraction">
  | "jitter_percent";

export interface NumericField {
  /** Also the modal's block id, so an error lands on its own input. */
  key: NumericSetting;
  label: string;
  min: number;
  max: number;
  hint: string;
}

export const NUMERIC_FIELDS: readonly NumericField[] = [
  {
    key: "daily_message_cap",
    label: "Messages per day",
    min: 1,
    max: 150,
    hint: "First messages and follow-ups together, per day in the account's time zone. LinkedIn publishes no cap; vendors advise about 100 a day at most.",
  },
  {
    key: "daily_invitation_cap",
    label: "Invitations per day",
    min: 1,
    max: 100,
    hint: "LinkedIn's weekly invitation limit is about 100–200, depending on the account's age and standing. Cautious tools send 15–25 a day.",
  },
  {
    key: "weekly_invitation_cap",
    label: "Invitations per week",
    min: 1,
    max: 200,
    hint: "Over any 7 days in a row. About 100 is the usual safe figure; past it LinkedIn may restrict the account for a week.",
  },
  {
    key: "daily_profile_view_budget",
    label: "Profile views per day",
    min: 1,
    max: 100,
    hint: "Every profile look-up counts. Unipile gives 80–100 a day; a Basic (free) account is safer at 50 or fewer.",
  },
  {
    key: "min_gap_minutes",
    label: "Minimum gap between first messages (minutes)",
    min: 1,
    max: 480,
    hint: "Between two first messages or invitations of this account, across all its campaigns.",
  },
  {
    key: "jitter_percent",
    label: "Jitter (%)",
    min: 0,
    max: 100,
    hint: "Each gap between first messages grows at random by up to this share: 50% turns 30 minutes into 30–45.",
  },
  {
    key: "follow_up_min_gap_minutes",
    label: "Minimum gap between any two sends (minutes)",
    min: 1,
    max: 480,
    hint: "Between any two messages of this account, follow-ups included.",
  },
];

export const TIME_ZONE_BLOCK = "time_zone";
/** Every input of the modal uses this action id; the block id says which setting it is. */
export const INPUT_ACTION = "value";

export type SettingsErrors = Partial<Record<NumericSetting | typeof TIME_ZONE_BLOCK, string>>;

export type SettingsCheck = { ok: true; settings: AccountSettings } | { ok: false; errors: SettingsErrors };

/** The raw text of each input, keyed by block id (what Slack's view.state.values holds). */
export type SubmittedValues = Partial<Record<string, string | null | undefined>>;

export function checkSettings(values: SubmittedValues): SettingsCheck {
  const errors: SettingsErrors = {};
  const numbers: Partial<Record<NumericSetting, number>> = {};
  for (const field of NUMERIC_FIELDS) {
    const text = (values[field.key] ?? "").trim();
    if (text === "") errors[field.key] = `Enter a whole number from ${field.min} to ${field.max}.`;
    else if (!/^-?\d+$/.test(text))
      errors[field.key] = `Enter a whole number (no decimals), from ${field.min} to ${field.max}.`;
    else {
      const value = Number(text);
      if (value < field.min || value > field.max) {
        errors[field.key] = `Must be between ${field.min} and ${field.max}.`;
      } else numbers[field.key] = value;
    }
  }
  const daily = numbers.daily_invitation_cap;
  const weekly = numbers.weekly_invitation_cap;
  if (daily !== undefined && weekly !== undefined && weekly < daily) {
    errors.weekly_invitation_cap = `At least the daily cap (${daily}), or the daily cap can never be reached.`;
  }
  const timeZone = canonicalTimeZone(values[TIME_ZONE_BLOCK] ?? "");
  if (!timeZone)
    errors[TIME_ZONE_BLOCK] =
      "Not a time zone name. Use an IANA name such as Europe/Paris or America/New_York.";

  if (Object.keys(errors).length > 0 || !timeZone) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      time_zone: timeZone,
      daily_message_cap: numbers.daily_message_cap!,
      daily_invitation_cap: numbers.daily_invitation_cap!,
      weekly_invitation_cap: numbers.weekly_invitation_cap!,
      daily_profile_view_budget: numbers.daily_profile_view_budget!,
      min_gap_minutes: numbers.min_gap_minutes!,
      jitter_fraction: numbers.jitter_percent! / 100,
      follow_up_min_gap_minutes: numbers.follow_up_min_gap_minutes!,
    },
  };
}

/** The zone's canonical IANA spelling ("europe/paris" → "Europe/Paris"), or null when unknown. */
export function canonicalTimeZone(input: string): string | null {
  const name = input.trim();
  if (!name || !IANAZone.isValidZone(name)) return null;
  return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
}

/** The value the modal shows for a setting. */
export function currentValue(settings: AccountSettings, key: NumericSetting): number {
  return key === "jitter_percent" ? Math.round(settings.jitter_fraction * 100) : settings[key];
}
