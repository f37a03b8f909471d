// The scheduling rules of SAM Campaigns: pure functions of their arguments (no clock, no I/O).
export { type PlanPreview, type PreviewOptions, previewPlan, previewPlanInSlices } from "./preview.js";
export {
  DEFAULT_DELAY_DAYS,
  MAX_DELAY_DAYS,
  MIN_DELAY_DAYS,
  parseDelayList,
  resolveFollowUpDelays,
} from "./delays.js";
export { checkSendGate, type SendGateInput, type SendGateResult } from "./gate.js";
export { horizonFrom, isPlanBeyondHorizon, PLAN_HORIZON_DAYS, PlanBeyondHorizonError } from "./horizon.js";
export { countryForTimeZone, isHolidayCountry, publicHolidayOn } from "./holidays.js";
export type { PastSend, SendKind, StepKind } from "./ledger.js";
export { localDayBounds, rollingWeekStart } from "./local-time.js";
export {
  type PlanInput,
  type PlannedSend,
  type PlanStep,
  type ProspectSequence,
  planAccount,
  planAccountInSlices,
} from "./plan.js";
export { describeReason, describeWeekdays, type MoveReason } from "./reasons.js";
export { type AccountRules, accountRulesProblems, DEFAULT_ACCOUNT_RULES } from "./rules.js";
export {
  describeWindowHours,
  isInsideWindow,
  nextAllowedInstant,
  parseLocalTime,
  type SendingWindow,
  windowProblems,
} from "./window.js";
export {
  type BrakeKind,
  type CapBrake,
  type CapSettings,
  type DailyCaps,
  effectiveCaps,
  halved,
  rampCap,
  WARM_UP_DEFAULTS,
  type WarmUp,
  warmUpFinished,
} from "./caps.js";
export { AccountLedger } from "./ledger.js";
