// The caps one LinkedIn account is held to on one account-local day: its configured caps,
// lowered by its warm-up ramp and its health brakes. The ONE place they are combined: the
// planner, the claim-time gate (both through AccountLedger), `/sam accounts` and `/sam status`
// all ask effectiveCaps, so what is planned, what is sent and what is shown cannot disagree.
import type { DayNumber } from "./local-time.js";

/** A new account's ramp: it starts low and rises by a step on each of its sending days. */
export interface WarmUp {
  /** The account-local day the ramp counts from (the link, or when the account was marked new). */
  fromDay: DayNumber;
  /** The first day the ramp no longer applies (null: until the ramp reaches the configured caps). */
  untilDay: DayNumber | null;
  startInvitations: number;
  startMessages: number;
  stepInvitations: number;
  stepMessages: number;
  /**
   * Account-local days before the planner's history on which the account sent something since
   * `fromDay` (from the database). The ledger adds the days of its history and of the plan.
   */
  sendingDays: readonly DayNumber[];
}

export type BrakeKind = "low_acceptance" | "pending_invitations" | "limit_signals";

/** A health brake in force on the account-local days [fromDay, untilDay). */
export interface CapBrake {
  kind: BrakeKind;
  fromDay: DayNumber;
  /** Exclusive; null: until the brake is lifted by a later evaluation. */
  untilDay: DayNumber | null;
}

export interface CapSettings {
  dailyMessageCap: number;
  dailyInvitationCap: number;
  warmUp?: WarmUp | null;
  brakes?: readonly CapBrake[];
}

export interface DailyCaps {
  messages: number;
  invitations: number;
  /** The ramp's day number (1 = its first sending day) when the ramp lowers a cap that day. */
  warmUpDay: number | null;
  /** Brakes in force that day. */
  brakes: BrakeKind[];
}

/** Half a cap, rounded down, but never below 1: a halved cap slows an account, it does not stop it. */
export function halved(cap: number): number {
  return cap <= 0 ? 0 : Math.max(1, Math.floor(cap / 2));
}

/** The ramp's value on its `rampDay`-th sending day (1-based), capped by the configured cap. */
export function rampCap(start: number, step: number, rampDay: number, configured: number): number {
  return Math.min(configured, start + step * Math.max(0, rampDay - 1));
}

/**
 * The caps on account-local `day`, given how many sending days of the ramp came before it.
 * Monotone: more sending days before `day` never lowers a cap, so a plan that fills earlier
 * days later can only make room, never break a cap already used.
 */
export function effectiveCaps(settings: CapSettings, day: DayNumber, sendingDaysBefore: number): DailyCaps {
  let messages = settings.dailyMessageCap;
  let invitations = settings.dailyInvitationCap;
  let warmUpDay: number | null = null;
  const warmUp = settings.warmUp;
  if (warmUp && day >= warmUp.fromDay && (warmUp.untilDay === null || day < warmUp.untilDay)) {
    const rampDay = sendingDaysBefore + 1;
    const rampMessages = rampCap(warmUp.startMessages, warmUp.stepMessages, rampDay, messages);
    const rampInvitations = rampCap(warmUp.startInvitations, warmUp.stepInvitations, rampDay, invitations);
    if (rampMessages < messages || rampInvitations < invitations) warmUpDay = rampDay;
    messages = rampMessages;
    invitations = rampInvitations;
  }
  const brakes: BrakeKind[] = [];
  for (const brake of settings.brakes ?? []) {
    if (day < brake.fromDay || (brake.untilDay !== null && day >= brake.untilDay)) continue;
    if (!brakes.includes(brake.kind)) brakes.push(brake.kind);
  }
  // Each kind applies once whatever the number of rows naming it; halving composes.
  if (brakes.includes("limit_signals")) {
    messages = halved(messages);
    invitations = halved(invitations);
  }
  if (brakes.includes("low_acceptance")) invitations = halved(invitations);
  if (brakes.includes("pending_invitations")) invitations = 0;
  return { messages, invitations, warmUpDay, brakes };
}

/** Whether the ramp can still lower a cap: false once it has reached both configured caps. */
export function warmUpFinished(settings: CapSettings, sendingDays: number): boolean {
  const warmUp = settings.warmUp;
  if (!warmUp) return true;
  return (
    rampCap(warmUp.startMessages, warmUp.stepMessages, sendingDays + 1, settings.dailyMessageCap) >=
      settings.dailyMessageCap &&
    rampCap(warmUp.startInvitations, warmUp.stepInvitations, sendingDays + 1, settings.dailyInvitationCap) >=
      settings.dailyInvitationCap
  );
}

/** Warm-up defaults (issue 15): 5 invitations and 10 messages on the first sending day, +2 and +3 a day. */
export const WARM_UP_DEFAULTS = Object.freeze({
  startInvitations: 5,
  startMessages: 10,
  stepInvitations: 2,
  stepMessages: 3,
});
