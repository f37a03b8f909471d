// Plans every remaining send of one LinkedIn account, across all its campaigns. Pure: the
// current time, the history and the randomness are arguments, so a plan can be recomputed
// whenever reality differs (resume, cooldown, another campaign launched on the account).
//
// Greedy, in priority order:
//   1. running conversations (their next step is a follow-up), earliest due first;
//   2. new prospects, round-robin between campaigns so they share first-touch capacity.
// Each prospect's steps are placed one after another, each at the earliest slot the window,
// caps and spacing allow, so a follow-up always takes its day's capacity before any new
// prospect placed after it.
import { DeadDays } from "./dead-days.js";
import { PlanBeyondHorizonError } from "./horizon.js";
import { runInSlices, runToEnd } from "./in-slices.js";
import {
  AccountLedger,
  isFirstTouch,
  type PastSend,
  type SendKind,
  type StepKind,
  sendKindOf,
} from "./ledger.js";
import { DAY_MS, MINUTE_MS } from "./local-time.js";
import type { MoveReason } from "./reasons.js";
import { type AccountRules, accountRulesProblems } from "./rules.js";
import { findSlot } from "./slot.js";
import type { WindowCalendar } from "./window-calendar.js";
import { calendarOf, type SendingWindow } from "./window.js";

export type { PastSend, StepKind } from "./ledger.js";

export interface PlanStep {
  rowId: string;
  kind: StepKind;
  delayDays: number; // for a follow-up: days after the previous step was (or will be) sent
  notBefore?: Date; // earliest allowed, e.g. acceptance + delay
}

export interface ProspectSequence {
  campaignId: string;
  prospectKey: string;
  steps: PlanStep[]; // the remaining steps, in order
  previousSentAt?: Date; // when the step before steps[0] was really sent
}

export interface PlanInput {
  now: Date;
  account: AccountRules;
  history: PastSend[];
  campaigns: Array<{ id: string; window: SendingWindow }>;
  sequences: ProspectSequence[];
  random: () => number;
  /** When set, a plan with a first touch (first message, invitation) after this is refused with PlanBeyondHorizonError. */
  horizon?: Date;
}

export interface PlannedSend {
  rowId: string;
  campaignId: string;
  prospectKey: string;
  kind: StepKind;
  at: Date;
  reasons: MoveReason[];
}

export function planAccount(input: PlanInput): PlannedSend[] {
  return runToEnd(planningSteps(input));
}

/** The same plan, computed in slices that leave the event loop free (see in-slices.ts). */
export function planAccountInSlices(input: PlanInput): Promise<PlannedSend[]> {
  return runInSlices(planningSteps(input));
}

/** The plan as a generator that pauses after each prospect's sequence. */
function* planningSteps(input: PlanInput): Generator<void, PlannedSend[], void> {
  const problems = accountRulesProblems(input.account);
  if (problems.length > 0) throw new RangeError(`invalid account rules: ${problems.join("; ")}`);
  const calendars = new Map(input.campaigns.map((campaign) => [campaign.id, calendarOf(campaign.window)]));
  const placer = new SequencePlacer(input, calendars);
  for (const sequence of placementOrder(input, calendars)) {
    if (!placer.place(sequence)) {
      const total = input.sequences.reduce((sum, each) => sum + each.steps.length, 0);
      const horizonDays = Math.round((input.horizon!.getTime() - input.now.getTime()) / DAY_MS);
      throw new PlanBeyondHorizonError(placer.planned.length, total, horizonDays);
    }
    yield;
  }
  yield;
  return placer.planned.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function placementOrder(
  input: PlanInput,
  calendars: ReadonlyMap<string, WindowCalendar>,
): ProspectSequence[] {
  const running: ProspectSequence[] = [];
  const freshByCampaign = new Map<string, ProspectSequence[]>(
    input.campaigns.map((campaign) => [campaign.id, []]),
  );
  for (const sequence of input.sequences) {
    if (!calendars.has(sequence.campaignId)) {
      throw new RangeError(
        `sequence of ${sequence.prospectKey} names unknown campaign ${sequence.campaignId}`,
      );
    }
    const first = sequence.steps[0];
    if (!first) continue;
    if (isFirstTouch(first.kind)) freshByCampaign.get(sequence.campaignId)!.push(sequence);
    else running.push(sequence);
  }
  const now = input.now.getTime();
  const dueOf = (sequence: ProspectSequence) =>
    earliestFor(sequence.steps[0]!, sequence.previousSentAt?.getTime(), now);
  running.sort((a, b) => dueOf(a) - dueOf(b));
  return [...running, ...roundRobin([...freshByCampaign.values()])];
}

/** A1, B1, C1, A2, B2, … : no campaign's new prospects wait for all of another's. */
function roundRobin<T>(queues: readonly T[][]): T[] {
  const longest = Math.max(0, ...queues.map((queue) => queue.length));
  const out: T[] = [];
  for (let index = 0; index < longest; index++) {
    for (const queue of queues) {
      const item = queue[index];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

/** The earliest a step may go by its own timing: now, its delay after the previous step, notBefore. */
function earliestFor(step: PlanStep, previousAt: number | undefined, now: number): number {
  let earliest = now;
  if (previousAt !== undefined) earliest = Math.max(earliest, previousAt + step.delayDays * DAY_MS);
  if (step.notBefore) earliest = Math.max(earliest, step.notBefore.getTime());
  return earliest;
}

class SequencePlacer {
  readonly planned: PlannedSend[] = [];
  private readonly ledger: AccountLedger;
  // Capacity only shrinks while planning, so a campaign's next first touch can never fit
  // before its previous one (give or take jitter): searching from there keeps planning
  // linear instead of rescanning every full day for every prospect.
  private readonly lastFirstTouch = new Map<string, { at: number; reasons: MoveReason[] }>();
  private readonly deadDays = new Map<string, DeadDays>();

  constructor(
    private readonly input: PlanInput,
    private readonly calendars: ReadonlyMap<string, WindowCalendar>,
  ) {
    this.ledger = new AccountLedger(input.account, input.history);
  }

  /** Places every step of the sequence; false (nothing placed) when its first touch falls past the horizon. */
  place(sequence: ProspectSequence): boolean {
    const { account, now, random } = this.input;
    const limitMs = this.input.horizon?.getTime();
    const placed: PlannedSend[] = [];
    let previousAt = sequence.previousSentAt?.getTime();
    for (const step of sequence.steps) {
      const firstTouch = isFirstTouch(step.kind);
      let earliestMs = earliestFor(step, previousAt, now.getTime());
      let knownReasons: MoveReason[] = [];
      const hintKey = `${sequence.campaignId}\u0000${step.kind}`;
      const hint = firstTouch ? this.lastFirstTouch.get(hintKey) : undefined;
      if (hint && hint.at > earliestMs) {
        earliestMs = hint.at;
        knownReasons = hint.reasons;
      }
      // Whole milliseconds: a fractional jitter made times fractional, and the spacing search's
      // arithmetic on them could come back to the same instant for ever (findSlot).
      const jitterMs = firstTouch ? Math.round(random() * account.jitterFraction * account.minGapMinutes * MINUTE_MS) : 0;
      const kind = sendKindOf(step.kind);
      const slot = findSlot({
        earliestMs,
        calendar: this.calendars.get(sequence.campaignId)!,
        ledger: this.ledger,
        kind,
        isFirstTouch: firstTouch,
        jitterMs,
        knownReasons,
        deadDays: this.deadDaysFor(sequence.campaignId, kind),
        // Only first touches are held to the horizon: they are what the pace pushes back, while a
        // follow-up's own delays (up to a year each) are the campaign's choice.
        limitMs: firstTouch ? limitMs : undefined,
      });
      // The plan is refused as a whole, so the ledger need not be rolled back.
      if (firstTouch && limitMs !== undefined && slot.at > limitMs) return false;
      this.ledger.record(slot.at, kind, firstTouch);
      if (firstTouch) this.lastFirstTouch.set(hintKey, slot);
      placed.push({
        rowId: step.rowId,
        campaignId: sequence.campaignId,
        prospectKey: sequence.prospectKey,
        kind: step.kind,
        at: new Date(slot.at),
        reasons: slot.reasons,
      });
      previousAt = slot.at;
    }
    this.planned.push(...placed);
    return true;
  }

  private deadDaysFor(campaignId: string, kind: SendKind): DeadDays {
    const key = `${campaignId}\u0000${kind}`;
    let deadDays = this.deadDays.get(key);
    if (!deadDays) {
      deadDays = new DeadDays(this.ledger, this.calendars.get(campaignId)!, kind);
      this.deadDays.set(key, deadDays);
    }
    return deadDays;
  }
}
