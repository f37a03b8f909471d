// Editing a campaign (issue 16): what its form starts from, which changes its status allows, and
// what changed, as words for the thread and rows for campaign_edits. A draft can change
// anything; a launched campaign (active or paused) keeps its type, account(s) and number of
// steps, because its prospects were checked for that type from those accounts and each has one
// queued row per step. Pure: the database side is in edit-replan.ts and the listeners.
import { resolveFollowUpDelays } from "../schedule/index.js";
import { VARIANT_LETTERS } from "../variants/index.js";
import { type CampaignFormValues, checkCampaignForm } from "./campaign-form.js";
import type { Campaign, MessageTemplates, NewCampaign } from "./campaigns.js";

/**
 * A campaign's editable settings: what creating it takes, apart from who and where; `accountId`
 * may be an unlinked Unipile account's option value until the save links it.
 */
export type CampaignSettings = Omit<NewCampaign, "workspaceId" | "createdBy" | "moreAccountIds"> & { moreAccountIds: string[] };

/** Why auto-optimise cannot change once launched, said in the Edit form. */
export const AUTO_OPTIMISE_FIXED = "fixed once launched: assignments already made never change";

export interface Change {
  field: string;
  before: string;
  after: string;
}

/** Why this campaign cannot be edited now, or null. */
export function editRefusal(campaign: Pick<Campaign, "status">): string | null {
  switch (campaign.status) {
    case "launching":
      return "it is being launched; edit it once the launch has finished";
    case "completed":
    case "cancelled":
      return `it is ${campaign.status}; clone it to start again with the same settings`;
    default:
      return null;
  }
}

/** Active or paused: its queue exists, so type, account(s) and steps are fixed. */
export const isLaunched = (campaign: Pick<Campaign, "status">) => campaign.status === "active" || campaign.status === "paused";

const hhmm = (time: string) => time.slice(0, 5);

export function settingsOf(campaign: Campaign, pool: readonly string[]): CampaignSettings {
  return {
    name: campaign.name,
    campaignType: campaign.campaign_type,
    accountId: campaign.account_id,
    moreAccountIds: pool.filter((id) => id !== campaign.account_id),
    templates: campaign.message_templates,
    timeZone: campaign.time_zone,
    windowStart: hhmm(campaign.window_start),
    windowEnd: hhmm(campaign.window_end),
    sendingDays: [...campaign.sending_days].map(Number).sort(),
    holidayCountry: campaign.holiday_country,
    autoOptimise: campaign.auto_optimise,
  };
}

/** The form's starting values (keys as new-campaign-modal.ts reads `initial`). */
export function formInitialOf(settings: CampaignSettings, options: { variantsNext?: boolean } = {}): Record<string, string | undefined> {
  const templates = settings.templates;
  return {
    name: settings.name,
    type: settings.campaignType,
    account: settings.accountId ?? undefined,
    more_accounts: settings.moreAccountIds.join(","),
    first_message: templates.connection_request,
    ...Object.fromEntries(templates.follow_up_messages.map((text, i) => [`follow_up_${i + 1}`, text])),
    delays: templates.follow_up_delays.join(", "),
    time_zone: settings.timeZone,
    window_start: settings.windowStart,
    window_end: settings.windowEnd,
    days: settings.sendingDays.join(","),
    skip_holidays: settings.holidayCountry ? "yes" : "no",
    holiday_country: settings.holidayCountry ?? "",
    // "Write variants next" starts unticked; auto-optimise shows the campaign's setting.
    variants_options: [options.variantsNext ? "variants" : "", settings.autoOptimise ? "auto_optimise" : ""].filter(Boolean).join(","),
  };
}

export type EditCheck =
  | { ok: true; settings: CampaignSettings; warnings: string[] }
  | { ok: false; errors: Record<string, string> }
  /** A submission the form could not have produced (a launched campaign's type, account or steps). */
  | { ok: false; refused: string };

/**
 * Checks an Edit form submission with the New-campaign form's rules. For a launched campaign the
 * form has no type or account field and one field per existing follow-up; a submission that
 * carries another type, account or number of follow-ups anyway is refused as a whole.
 */
export function checkEdit(
  current: CampaignSettings,
  launched: boolean,
  form: CampaignFormValues,
  options: { knownFields: string[]; nameTaken: boolean; noteWarningAccepted: boolean },
): EditCheck {
  const steps = form.followUps.filter((text) => text !== "").length;
  if (launched) {
    const fixed: string[] = [];
    if (form.type !== null && form.type !== current.campaignType) fixed.push("type");
    if (form.account !== null && form.account !== current.accountId) fixed.push("LinkedIn account");
    const pool = new Set(current.moreAccountIds);
    if ((form.moreAccounts ?? []).some((id) => !pool.has(id) && id !== current.accountId)) fixed.push("sender pool");
    if (steps !== current.templates.follow_up_messages.length) fixed.push("number of follow-ups");
    if (fixed.length > 0) {
      return {
        ok: false,
        refused: `The ${fixed.join(", ")} of a launched campaign cannot change: its prospects were checked for this type from this account, and each one's queued messages (one per step) were planned from them. Nothing was saved.`,
      };
    }
    // The launched form shows auto-optimise as text: only a crafted submission carries the option.
    if ((form.variantsOptions ?? []).includes("auto_optimise") && !current.autoOptimise) {
      return { ok: false, refused: `Auto-optimise is ${AUTO_OPTIMISE_FIXED}. Nothing was saved.` };
    }
  }
  const check = checkCampaignForm(
    // The form of a launched campaign has no type or account field to show an error on.
    launched ? { ...form, type: current.campaignType, account: current.accountId ?? "none", moreAccounts: current.moreAccountIds } : form,
    options,
  );
  if (!check.ok) return check;
  const valid = check.value;
  return {
    ok: true,
    warnings: check.warnings,
    settings: {
      name: valid.name,
      campaignType: valid.type,
      accountId: valid.account,
      moreAccountIds: valid.moreAccounts,
      // Keys the form does not show (the variants of issue 16's A/B/n part) are kept as they are.
      templates: { ...current.templates, ...valid.templates },
      timeZone: valid.timeZone,
      windowStart: valid.windowStart,
      windowEnd: valid.windowEnd,
      sendingDays: valid.days.map(Number),
      holidayCountry: valid.holidayCountry,
      autoOptimise: launched ? (current.autoOptimise ?? false) : valid.autoOptimise,
    },
  };
}

const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const SHORT_TEXT = 60;
const short = (text: string) => (text.length > SHORT_TEXT ? `${text.slice(0, SHORT_TEXT - 1)}…` : text);

/** Every difference, in the order of the form; texts shortened. Values are outside text: escape them when shown. */
export function changesBetween(before: CampaignSettings, after: CampaignSettings): Change[] {
  const changes: Change[] = [];
  const add = (field: string, a: string, b: string) => {
    if (a !== b) changes.push({ field, before: a, after: b });
  };
  add("name", before.name, after.name);
  add("type", before.campaignType, after.campaignType);
  add("account", before.accountId ?? "", after.accountId ?? "");
  add("sender pool", [...before.moreAccountIds].sort().join(","), [...after.moreAccountIds].sort().join(","));
  // A text changed beyond its shortened form still shows as changed.
  const addText = (field: string, a: string, b: string) => {
    if (a === b) return;
    const after = short(b) === short(a) ? `${short(b)} (edited)` : short(b);
    changes.push({ field, before: a ? short(a) : "(none)", after: b ? after : "(none)" });
  };
  addText(before.campaignType === "connector" ? "connection note" : "first message", before.templates.connection_request, after.templates.connection_request);
  const count = Math.max(before.templates.follow_up_messages.length, after.templates.follow_up_messages.length);
  for (let i = 0; i < count; i++) {
    addText(`follow-up ${i + 1}`, before.templates.follow_up_messages[i] ?? "", after.templates.follow_up_messages[i] ?? "");
  }
  add("delays (days)", before.templates.follow_up_delays.join(", "), after.templates.follow_up_delays.join(", "));
  add("time zone", before.timeZone, after.timeZone);
  add("sending hours", `${before.windowStart}–${before.windowEnd}`, `${after.windowStart}–${after.windowEnd}`);
  const days = (list: number[]) => list.map((day) => DAY_NAMES[day - 1]).join(" ");
  add("sending days", days(before.sendingDays), days(after.sendingDays));
  add("public holidays skipped", before.holidayCountry ?? "none", after.holidayCountry ?? "none");
  const onOff = (value: boolean | undefined) => (value ? "on" : "off");
  add("auto-optimise", onOff(before.autoOptimise), onOff(after.autoOptimise));
  // Texts B–D of each step (the Variants step of the form; A is the step's usual text, above).
  const steps = Math.max(before.templates.variants?.length ?? 0, after.templates.variants?.length ?? 0);
  for (let step = 0; step < steps; step++) {
    const stepLabel = step === 0 ? (before.campaignType === "connector" ? "connection note" : "first message") : `follow-up ${step}`;
    VARIANT_LETTERS.slice(1).forEach((letter, i) => {
      addText(`${stepLabel} variant ${letter}`, before.templates.variants?.[step]?.[i] ?? "", after.templates.variants?.[step]?.[i] ?? "");
    });
  }
  return changes;
}

/** Fields whose change moves queued messages: the delays and the schedule. */
const PLANNING_FIELDS = new Set(["delays (days)", "time zone", "sending hours", "sending days", "public holidays skipped"]);
export const changesPlanning = (changes: readonly Change[]) => changes.some((change) => PLANNING_FIELDS.has(change.field));

/** The delay of each follow-up (index n − 1 for follow-up n), as the queue rows hold them. */
export function stepDelaysOf(templates: MessageTemplates): number[] {
  // send_queue.delay_days is numeric(6, 2): the planner gets what the rows will hold.
  return resolveFollowUpDelays(templates.follow_up_delays, templates.follow_up_messages.length).delays.map(
    (days) => Math.round(days * 100) / 100,
  );
}

/** The campaign as it would be after the edit (for planning it before anything is written). */
export function editedCampaign(campaign: Campaign, settings: CampaignSettings): Campaign {
  return {
    ...campaign,
    name: settings.name,
    campaign_type: settings.campaignType,
    message_templates: settings.templates,
    time_zone: settings.timeZone,
    window_start: settings.windowStart,
    window_end: settings.windowEnd,
    sending_days: settings.sendingDays,
    holiday_country: settings.holidayCountry,
    auto_optimise: settings.autoOptimise ?? campaign.auto_optimise,
  };
}
