import { DAY_MS } from "./local-time.js";
// How far ahead a plan may reach: every prospect's first touch (first message or invitation) must
// fit before the horizon; follow-ups come after by their own delays. A launch that cannot reach
// every prospect by then is refused rather than planned: a plan of several years is no outreach
// plan (people change jobs, the account's caps change), and searching decades ahead made the
// planner give up with a bare "no slot found" after minutes of work, which the launch then
// retried for nothing.
export const PLAN_HORIZON_DAYS = 365;

export function horizonFrom(now: Date, days = PLAN_HORIZON_DAYS): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/** A plan that does not fit before its horizon; what fitted tells the pace. */
export class PlanBeyondHorizonError extends Error {
  constructor(
    /** Sends placed before the horizon when the plan stopped. */
    readonly placed: number,
    /** Sends the whole plan has to place. */
    readonly total: number,
    readonly horizonDays: number,
  ) {
    super(`the plan does not fit within ${horizonDays} days: ${placed} of ${total} sends placed`);
    this.name = "PlanBeyondHorizonError";
  }

  /** About how many years the whole plan would take at the pace that filled the horizon; null when nothing fitted. */
  get yearsNeeded(): number | null {
    if (this.placed === 0) return null;
    return (this.total / this.placed) * (this.horizonDays / 365);
  }
}

export function isPlanBeyondHorizon(error: unknown): error is PlanBeyondHorizonError {
  return error instanceof PlanBeyondHorizonError;
}
