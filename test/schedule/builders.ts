// Small builders for schedule tests, so each test states only what it is about.
import {
  type AccountRules,
  DEFAULT_ACCOUNT_RULES,
  type ProspectSequence,
  type SendingWindow,
  type StepKind,
} from "../../src/schedule/index.js";

export const WEEKDAYS = [1, 2, 3, 4, 5];
export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export function officeHours(overrides: Partial<SendingWindow> = {}): SendingWindow {
  return {
    timeZone: "America/New_York",
    start: "09:00",
    end: "17:00",
    days: WEEKDAYS,
    holidayCountry: null,
    ...overrides,
  };
}

export function rules(overrides: Partial<AccountRules> = {}): AccountRules {
  return { ...DEFAULT_ACCOUNT_RULES, timeZone: "America/New_York", ...overrides };
}

/** A prospect whose whole sequence is still ahead: a first touch, then follow-ups. */
export function newProspect(
  campaignId: string,
  prospectKey: string,
  followUpDelays: number[] = [],
  firstTouch: StepKind = "first_message",
): ProspectSequence {
  return {
    campaignId,
    prospectKey,
    steps: [
      { rowId: `${prospectKey}#1`, kind: firstTouch, delayDays: 0 },
      ...followUpDelays.map((delayDays, index) => ({
        rowId: `${prospectKey}#${index + 2}`,
        kind: "follow_up" as const,
        delayDays,
      })),
    ],
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
