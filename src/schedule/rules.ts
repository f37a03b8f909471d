// The pace one LinkedIn account is held to, whatever campaigns share it. Caps are counted per
// calendar day in the ACCOUNT's time zone (SAM counted per UTC day; lesson 12).
import type { CapBrake, WarmUp } from "./caps.js";
import { isKnownTimeZone } from "./local-time.js";

export interface AccountRules {
  timeZone: string; // IANA zone of the account (its owner's day), not of any campaign
  dailyMessageCap: number; // first messages and follow-ups, per account-local day
  dailyInvitationCap: number; // connection requests, per account-local day
  weeklyInvitationCap: number; // connection requests in any 7 consecutive account-local days
  minGapMinutes: number; // between two first touches (first message or connection request)
  jitterFraction: number; // random extra on that gap, up to this fraction of it
  followUpMinGapMinutes: number; // between any two sends of the account
  warmUp?: WarmUp | null; // a new account's ramp (caps.ts), lowering the daily caps
  brakes?: readonly CapBrake[]; // health brakes in force (caps.ts), lowering the daily caps
}

export const DEFAULT_ACCOUNT_RULES: Readonly<AccountRules> = Object.freeze({
  timeZone: "America/New_York",
  dailyMessageCap: 20,
  dailyInvitationCap: 20,
  weeklyInvitationCap: 100,
  minGapMinutes: 30,
  jitterFraction: 0.5,
  followUpMinGapMinutes: 5,
});

export function accountRulesProblems(rules: AccountRules): string[] {
  const problems: string[] = [];
  if (!isKnownTimeZone(rules.timeZone)) problems.push(`unknown time zone "${rules.timeZone}"`);
  for (const cap of ["dailyMessageCap", "dailyInvitationCap", "weeklyInvitationCap"] as const) {
    if (!Number.isInteger(rules[cap]) || rules[cap] < 1) problems.push(`${cap} must be a whole number ≥ 1`);
  }
  for (const gap of ["minGapMinutes", "followUpMinGapMinutes"] as const) {
    if (!Number.isFinite(rules[gap]) || rules[gap] < 0 || rules[gap] > 24 * 60) {
      problems.push(`${gap} must be between 0 and 1440`);
    }
  }
  const warmUp = rules.warmUp;
  if (warmUp) {
    for (const field of ["startInvitations", "startMessages"] as const) {
      if (!Number.isInteger(warmUp[field]) || warmUp[field] < 1) problems.push(`warmUp.${field} must be a whole number ≥ 1`);
    }
    for (const field of ["stepInvitations", "stepMessages"] as const) {
      if (!Number.isInteger(warmUp[field]) || warmUp[field] < 0) problems.push(`warmUp.${field} must be a whole number ≥ 0`);
    }
  }
  if (!(rules.jitterFraction >= 0 && rules.jitterFraction <= 1)) {
    problems.push("jitterFraction must be between 0 and 1");
  }
  return problems;
}
