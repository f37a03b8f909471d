// The warm-up part of an account's settings modal (issue 15): whether the account warms up as
// a new one, and its ramp (start and daily step per action). Both are section accessories (a
// checkbox and a select of ramps), read from the submission's state like the inputs above
// them; choosing in them only needs an acknowledgement (src/actions/accounts.ts). The ramp
// itself is src/schedule/caps.ts. A newly linked account warms up for `warm_up_days` (14)
// days; ticked "new", it warms up until it reaches its caps.
import type { types } from "@slack/bolt";

import { localDayOf } from "../schedule/local-time.js";
import type { LinkedAccount } from "./accounts.js";
import type { Queryable } from "../db/queryable.js";

export const WARM_UP_BLOCK = "warm_up_new";
export const WARM_UP_RAMP_BLOCK = "warm_up_ramp";
export const WARM_UP_ACTIONS = { marked: "warm_up_marked", ramp: "warm_up_ramp" } as const;
export const WARM_UP_OPTION = "warm_up";

export interface Ramp {
  startInvitations: number;
  startMessages: number;
  stepInvitations: number;
  stepMessages: number;
}

/** The ramps offered; the standard one is issue 15's default. */
export const RAMPS: ReadonlyArray<{ value: string; label: string; ramp: Ramp }> = [
  { value: "gentle", label: "Gentle", ramp: { startInvitations: 3, startMessages: 5, stepInvitations: 1, stepMessages: 2 } },
  { value: "standard", label: "Standard", ramp: { startInvitations: 5, startMessages: 10, stepInvitations: 2, stepMessages: 3 } },
  { value: "brisk", label: "Brisk", ramp: { startInvitations: 8, startMessages: 15, stepInvitations: 3, stepMessages: 5 } },
];

const describeRamp = (label: string, ramp: Ramp) =>
  `${label}: ${ramp.startInvitations} inv. / ${ramp.startMessages} msg., +${ramp.stepInvitations} / +${ramp.stepMessages} a day`;

function rampOf(account: LinkedAccount): Ramp {
  return {
    startInvitations: account.warm_up_start_invitations ?? 5,
    startMessages: account.warm_up_start_messages ?? 10,
    stepInvitations: account.warm_up_step_invitations ?? 2,
    stepMessages: account.warm_up_step_messages ?? 3,
  };
}

const sameRamp = (a: Ramp, b: Ramp) =>
  a.startInvitations === b.startInvitations && a.startMessages === b.startMessages &&
  a.stepInvitations === b.stepInvitations && a.stepMessages === b.stepMessages;

/** Whether the ramp applies today (marked new, or linked within its warm-up days). */
export function warmingUpNow(account: LinkedAccount, now: Date): boolean {
  if (!account.warm_up_from) return false;
  if (account.warm_up_marked) return true;
  const from = localDayOf(account.time_zone, account.warm_up_from.getTime());
  return localDayOf(account.time_zone, now.getTime()) < from + (account.warm_up_days ?? 14);
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: { type: "plain_text", text }, value };
}

export function warmUpBlocks(account: LinkedAccount, now: Date): types.SectionBlock[] {
  const box = option("New account: warm up", WARM_UP_OPTION);
  const current = rampOf(account);
  const options = RAMPS.map((entry) => option(describeRamp(entry.label, entry.ramp), entry.value));
  const known = RAMPS.find((entry) => sameRamp(entry.ramp, current));
  // A ramp set otherwise (in the database) is kept unless another is chosen.
  const custom = known ? null : option(describeRamp("Current", current), "current");
  if (custom) options.push(custom);
  const initial = known ? options[RAMPS.indexOf(known)]! : custom!;
  return [
    {
      type: "section",
      block_id: WARM_UP_BLOCK,
      text: {
        type: "mrkdwn",
        text: `*Warm-up*\nA new account starts low and rises each day it sends, up to the caps above. Newly linked accounts warm up for ${account.warm_up_days ?? 14} days.`,
      },
      accessory: {
        type: "checkboxes",
        action_id: WARM_UP_ACTIONS.marked,
        options: [box],
        ...(warmingUpNow(account, now) ? { initial_options: [box] } : {}),
      },
    },
    {
      type: "section",
      block_id: WARM_UP_RAMP_BLOCK,
      text: { type: "mrkdwn", text: "*Ramp* (first day, then more each sending day)" },
      accessory: { type: "static_select", action_id: WARM_UP_ACTIONS.ramp, options, initial_option: initial },
    },
  ];
}

export interface WarmUpChanges {
  /** Ticked or not; undefined when the form did not carry the box (an older form). */
  marked?: boolean;
  /** The ramp chosen; undefined to keep the current one. */
  ramp?: Ramp;
}

type StateValues = Record<string, Record<string, { selected_options?: Array<{ value: string }> | null; selected_option?: { value: string } | null }>>;

/** The warm-up choices of a submitted settings modal. */
export function warmUpChanges(values: StateValues): WarmUpChanges {
  const changes: WarmUpChanges = {};
  const box = values[WARM_UP_BLOCK]?.[WARM_UP_ACTIONS.marked];
  if (box) changes.marked = (box.selected_options ?? []).some((selected) => selected.value === WARM_UP_OPTION);
  const chosen = values[WARM_UP_RAMP_BLOCK]?.[WARM_UP_ACTIONS.ramp]?.selected_option?.value;
  const ramp = RAMPS.find((entry) => entry.value === chosen)?.ramp;
  if (ramp) changes.ramp = ramp;
  return changes;
}

/**
 * Saves the warm-up: ticking the box on an account not warming up starts its ramp now (marked
 * new: until it reaches its caps); unticking ends it. Only in the account's workspace.
 */
export async function saveWarmUp(
  sql: Queryable,
  workspaceId: string,
  account: LinkedAccount,
  changes: WarmUpChanges,
  now: Date,
): Promise<void> {
  let from = account.warm_up_from ?? null;
  let marked = account.warm_up_marked ?? false;
  if (changes.marked === true && !warmingUpNow(account, now)) {
    from = now;
    marked = true;
  } else if (changes.marked === false) {
    from = null;
    marked = false;
  }
  const ramp = changes.ramp ?? rampOf(account);
  await sql`
    update workspace_accounts set
      warm_up_from = ${from}, warm_up_marked = ${marked},
      warm_up_start_invitations = ${ramp.startInvitations}, warm_up_start_messages = ${ramp.startMessages},
      warm_up_step_invitations = ${ramp.stepInvitations}, warm_up_step_messages = ${ramp.stepMessages},
      updated_at = now()
    where id = ${account.id} and workspace_id = ${workspaceId} and unlinked_at is null`;
}
