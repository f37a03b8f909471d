// The New-campaign form: its fields, and the rules a submission must meet. Errors are keyed by
// the block they belong to, so Slack shows each next to its field.
import { MAX_FOLLOW_UPS } from "../db/enums.js";
import { characterCount, validateTemplate } from "../templates/template.js";
import { countryForTimeZone, isHolidayCountry, parseDelayList, windowProblems } from "../schedule/index.js";
import { cleanText } from "../safe-text.js";
import type { MessageTemplates, NewCampaign } from "./campaigns.js";

export const NOTE_LIMIT = 300;
export const FREE_ACCOUNT_NOTE_LIMIT = 200;

export interface CampaignFormValues {
  name: string;
  type: "messenger" | "connector" | null;
  account: string | null;
  /** Further accounts of a sender pool (option values), possibly none. */
  moreAccounts?: string[];
  firstMessage: string;
  followUps: string[];
  delays: string;
  timeZone: string;
  windowStart: string | null;
  windowEnd: string | null;
  days: number[];
  skipHolidays: boolean;
  holidayCountry: string;
  fileIds: string[];
  /** Ticked options of the variants block: write variants next, auto-optimise (issue 16). */
  variantsOptions?: string[];
}

export interface ValidCampaignForm {
  name: string;
  type: "messenger" | "connector";
  account: string;
  /** Further accounts of a sender pool, without the first; empty for one account. */
  moreAccounts: string[];
  templates: MessageTemplates;
  timeZone: string;
  windowStart: string;
  windowEnd: string;
  days: number[];
  holidayCountry: string | null;
  fileId: string | null;
  /** Open the Variants step after creating the draft. */
  variantsNext: boolean;
  /** Auto-optimise the variants' split (off by default). */
  autoOptimise: boolean;
}

/** The campaign a valid form creates, whoever submitted it (the New-campaign modal or the API). */
export function newCampaignFrom(
  valid: ValidCampaignForm,
  by: { workspaceId: string; accountId: string; moreAccountIds?: string[]; createdBy: string },
): NewCampaign {
  return {
    workspaceId: by.workspaceId,
    name: valid.name,
    campaignType: valid.type,
    accountId: by.accountId,
    moreAccountIds: by.moreAccountIds ?? [],
    templates: valid.templates,
    timeZone: valid.timeZone,
    windowStart: valid.windowStart,
    windowEnd: valid.windowEnd,
    sendingDays: valid.days,
    holidayCountry: valid.holidayCountry,
    autoOptimise: valid.autoOptimise,
    createdBy: by.createdBy,
  };
}

export type FormCheck =
  | { ok: true; value: ValidCampaignForm; warnings: string[] }
  | { ok: false; errors: Record<string, string> };

type StateValues = Record<string, Record<string, Record<string, unknown>>>;

// Typed text is outside text: a NUL or a lone surrogate would make PostgreSQL refuse the whole
// write (campaign name, messages), so each value is cleaned where it is read.
const text = (values: StateValues, block: string): string => {
  const action = values[block]?.value as { value?: unknown } | undefined;
  return typeof action?.value === "string" ? cleanText(action.value).trim() : "";
};

/** Reads `view.state.values` of the New-campaign modal. */
export function readCampaignForm(values: StateValues): CampaignFormValues {
  // Option values are ours, but a submission is outside input all the same.
  const selected = (block: string) => {
    const value = (values[block]?.value as { selected_option?: { value?: unknown } | null })?.selected_option?.value;
    return typeof value === "string" ? cleanText(value) : null;
  };
  const checked = (block: string) =>
    ((values[block]?.value as { selected_options?: Array<{ value?: unknown }> })?.selected_options ?? []).map((option) =>
      typeof option.value === "string" ? cleanText(option.value) : "",
    );
  const time = (block: string) => (values[block]?.value as { selected_time?: string | null })?.selected_time ?? null;
  const files = (values.csv?.value as { files?: Array<{ id: string }> } | undefined)?.files ?? [];
  return {
    name: text(values, "name"),
    type: selected("type") as CampaignFormValues["type"],
    account: selected("account"),
    moreAccounts: checked("more_accounts").filter((value) => value !== ""),
    firstMessage: text(values, "first_message"),
    followUps: Array.from({ length: MAX_FOLLOW_UPS }, (_, i) => text(values, `follow_up_${i + 1}`)),
    delays: text(values, "delays"),
    timeZone: text(values, "time_zone"),
    windowStart: time("window_start"),
    windowEnd: time("window_end"),
    days: checked("days").map(Number),
    skipHolidays: checked("holidays").includes("skip"),
    holidayCountry: text(values, "holiday_country").toUpperCase(),
    fileIds: files.map((file) => file.id),
    variantsOptions: checked("variants_options"),
  };
}

/** The longest campaign name; command arguments are bounded by it. */
export const MAX_NAME_LENGTH = 80;

/**
 * Checks a submission. `knownFields` are the placeholders a CSV can fill (the standard ones plus
 * the custom columns of an attached file); `noteWarningAccepted` is true once the user has seen
 * the 200-character warning and submitted again.
 */
export function checkCampaignForm(
  form: CampaignFormValues,
  options: { knownFields: string[]; nameTaken: boolean; noteWarningAccepted: boolean },
): FormCheck {
  const errors: Record<string, string> = {};
  const warnings: string[] = [];
  if (!form.name) errors.name = "Give the campaign a name.";
  else if (form.name.length > MAX_NAME_LENGTH) errors.name = "Keep the name under 80 characters.";
  else if (/^c\d+$/i.test(form.name)) errors.name = "Names like c12 are reserved for campaign handles.";
  else if (options.nameTaken) errors.name = `A campaign named “${form.name}” already exists in this workspace.`;
  if (!form.type) errors.type = "Choose Connector or Messenger.";
  if (!form.account) errors.account = "Choose the LinkedIn account to send from (link one with /sam accounts).";

  const messages: Array<[string, string]> = [["first_message", form.firstMessage]];
  form.followUps.forEach((message, i) => {
    if (message) messages.push([`follow_up_${i + 1}`, message]);
  });
  for (const [block, message] of messages) {
    const problems = validateTemplate(message, options.knownFields);
    if (problems.length > 0) errors[block] = problems[0]!;
  }
  if (!errors.first_message && form.type === "connector") {
    const length = characterCount(form.firstMessage);
    if (length > NOTE_LIMIT) {
      errors.first_message = `A connection-request note can have at most ${NOTE_LIMIT} characters (this one has ${length}).`;
    } else if (length > FREE_ACCOUNT_NOTE_LIMIT && !options.noteWarningAccepted) {
      warnings.push(
        `The note has ${length} characters: free LinkedIn accounts are limited to ${FREE_ACCOUNT_NOTE_LIMIT}. Submit again to keep it.`,
      );
    }
  }
  // Follow-ups must be filled in order: a gap would be a silently skipped message.
  const lastFilled = form.followUps.findLastIndex((message) => message !== "");
  const gap = lastFilled > 0 ? form.followUps.slice(0, lastFilled).indexOf("") : -1;
  if (gap >= 0) errors[`follow_up_${gap + 1}`] = "Fill the follow-ups in order, without gaps.";

  const followUps = form.followUps.filter((message) => message !== "");
  const delays = form.delays === "" ? [] : parseDelayList(form.delays);
  if (typeof delays === "string") errors.delays = `Delays must be positive numbers of days, e.g. 3, 5, 7: ${delays}.`;

  const window = {
    timeZone: form.timeZone,
    start: form.windowStart ?? "",
    end: form.windowEnd ?? "",
    days: form.days,
    holidayCountry: null,
  };
  for (const problem of windowProblems(window)) {
    if (problem.startsWith("unknown time zone")) errors.time_zone = "Use an IANA time zone such as America/New_York.";
    else if (problem.startsWith("start")) errors.window_start = "Pick a start time.";
    else if (problem.startsWith("end ") && problem.includes("after")) errors.window_end = "The end must be after the start.";
    else if (problem.startsWith("end")) errors.window_end = "Pick an end time.";
    else if (problem.includes("sending days") || problem.includes("days")) errors.days = "Pick at least one sending day.";
  }
  let holidayCountry: string | null = null;
  if (form.skipHolidays) {
    holidayCountry = form.holidayCountry || countryForTimeZone(form.timeZone);
    if (!holidayCountry) errors.holiday_country = "Give the country whose public holidays to skip (e.g. US, DE).";
    else if (!isHolidayCountry(holidayCountry)) errors.holiday_country = `No public-holiday data for “${holidayCountry}”.`;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    warnings,
    value: {
      name: form.name,
      type: form.type!,
      account: form.account!,
      moreAccounts: [...new Set(form.moreAccounts ?? [])].filter((value) => value !== form.account),
      templates: {
        connection_request: form.firstMessage,
        follow_up_messages: followUps,
        follow_up_delays: delays as number[],
      },
      timeZone: form.timeZone,
      windowStart: form.windowStart!,
      windowEnd: form.windowEnd!,
      days: [...new Set(form.days)].sort(),
      holidayCountry,
      fileId: form.fileIds[0] ?? null,
      variantsNext: (form.variantsOptions ?? []).includes("variants"),
      autoOptimise: (form.variantsOptions ?? []).includes("auto_optimise"),
    },
  };
}
