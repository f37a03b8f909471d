// What one LinkedIn account has sent or is planned to send, across all its campaigns, and the
// rules that follow from it: caps per account-local day and rolling week, and spacing. The
// planner and the claim-time gate both ask this ledger, so plan and delivery cannot disagree.
import { type DailyCaps, effectiveCaps } from "./caps.js";
import { type DayNumber, localDayOf, localDayStartMs, MINUTE_MS } from "./local-time.js";
import type { MoveReason } from "./reasons.js";
import type { AccountRules } from "./rules.js";
import { firstIndexNotBelow, TimeIndex } from "./time-index.js";

export type StepKind = "invitation" | "first_message" | "follow_up";
export type SendKind = "invitation" | "message";

export interface PastSend {
  at: Date;
  kind: SendKind;
  isFirstTouch: boolean; // a first message or a connection request
}

export function sendKindOf(step: StepKind): SendKind {
  return step === "invitation" ? "invitation" : "message";
}

export function isFirstTouch(step: StepKind): boolean {
  return step !== "follow_up";
}

/** A rule that forbids sending at some instant, and the earliest instant it could allow. */
export interface Block {
  reason: MoveReason;
  until: number;
}

export class AccountLedger {
  private readonly messagesByDay = new Map<DayNumber, number>();
  private readonly invitationsByDay = new Map<DayNumber, number>();
  private readonly sends = new TimeIndex();
  private readonly firstTouches = new TimeIndex();
  private readonly sendGapMs: number;
  private readonly firstTouchGapMs: number;
  // Only with a ramp or a brake: caps then vary by day (caps.ts). Sorted sending days of the
  // ramp (database, history and plan), so "how many came before this day" is a binary search.
  private readonly variableCaps: boolean;
  private readonly rampDays: DayNumber[] = [];

  constructor(
    private readonly rules: AccountRules,
    history: readonly PastSend[],
  ) {
    this.sendGapMs = rules.followUpMinGapMinutes * MINUTE_MS;
    this.firstTouchGapMs = rules.minGapMinutes * MINUTE_MS;
    this.variableCaps = Boolean(rules.warmUp) || (rules.brakes?.length ?? 0) > 0;
    for (const day of rules.warmUp?.sendingDays ?? []) this.addRampDay(day);
    for (const send of history) this.record(send.at.getTime(), send.kind, send.isFirstTouch);
  }

  record(atMs: number, kind: SendKind, firstTouch: boolean): void {
    const counts = kind === "invitation" ? this.invitationsByDay : this.messagesByDay;
    const day = localDayOf(this.rules.timeZone, atMs);
    counts.set(day, (counts.get(day) ?? 0) + 1);
    if (this.rules.warmUp) this.addRampDay(day);
    this.sends.add(atMs);
    if (firstTouch) this.firstTouches.add(atMs);
  }

  get timeZone(): string {
    return this.rules.timeZone;
  }

  /** The daily or weekly cap that a send of `kind` at `atMs` would break, if any. */
  capBlock(kind: SendKind, atMs: number): Block | null {
    const day = localDayOf(this.rules.timeZone, atMs);
    const reason = this.capReasonOn(kind, day);
    return reason ? { reason, until: localDayStartMs(this.rules.timeZone, day + 1) } : null;
  }

  /** The caps on an account-local day: configured, lowered by the ramp and brakes (caps.ts). */
  capsOn(day: DayNumber): DailyCaps {
    if (!this.variableCaps) {
      return { messages: this.rules.dailyMessageCap, invitations: this.rules.dailyInvitationCap, warmUpDay: null, brakes: [] };
    }
    return effectiveCaps(this.rules, day, this.rampDaysBefore(day));
  }

  /** What the account has sent or is planned to send on an account-local day. */
  countOn(kind: SendKind, day: DayNumber): number {
    return ((kind === "invitation" ? this.invitationsByDay : this.messagesByDay).get(day) ?? 0);
  }

  /**
   * The cap already reached on an account-local day for `kind`; once reached it stays reached
   * while a plan fills up (a ramp's caps only rise as earlier days get sends).
   */
  capReasonOn(kind: SendKind, day: DayNumber): MoveReason | null {
    const caps = this.capsOn(day);
    // A brake is named before the ramp when both lower the cap: it is the news.
    const lowered = (configured: number, cap: number): "brake" | "warm-up" | undefined =>
      cap >= configured ? undefined : caps.brakes.length > 0 ? "brake" : "warm-up";
    if (kind === "message") {
      const cap = caps.messages;
      if ((this.messagesByDay.get(day) ?? 0) < cap) return null;
      const why = lowered(this.rules.dailyMessageCap, cap);
      return why ? { kind: "daily_cap", cap, counts: "messages", lowered: why } : { kind: "daily_cap", cap, counts: "messages" };
    }
    const dailyCap = caps.invitations;
    if ((this.invitationsByDay.get(day) ?? 0) >= dailyCap) {
      const why = lowered(this.rules.dailyInvitationCap, dailyCap);
      return why
        ? { kind: "daily_cap", cap: dailyCap, counts: "invitations", lowered: why }
        : { kind: "daily_cap", cap: dailyCap, counts: "invitations" };
    }
    return this.weekWouldOverflow(day) ? { kind: "weekly_cap", cap: this.rules.weeklyInvitationCap } : null;
  }

  private addRampDay(day: DayNumber): void {
    const warmUp = this.rules.warmUp;
    if (!warmUp || day < warmUp.fromDay) return;
    const index = firstIndexNotBelow(this.rampDays, day);
    if (this.rampDays[index] !== day) this.rampDays.splice(index, 0, day);
  }

  /** Sending days of the ramp strictly before `day`. */
  private rampDaysBefore(day: DayNumber): number {
    return firstIndexNotBelow(this.rampDays, day);
  }

  /** Whether one more invitation on `day` would overfill any 7-day stretch containing it. */
  private weekWouldOverflow(day: DayNumber): boolean {
    const counts = Array.from({ length: 13 }, (_, index) => this.invitationsByDay.get(day - 6 + index) ?? 0);
    let inWeek = counts.slice(0, 7).reduce((sum, count) => sum + count, 0);
    for (let weekEnd = 6; weekEnd < 13; weekEnd++) {
      if (weekEnd > 6) inWeek += counts[weekEnd]! - counts[weekEnd - 7]!;
      if (inWeek + 1 > this.rules.weeklyInvitationCap) return true;
    }
    return false;
  }

  /**
   * The spacing rule a send at `atMs` would break: any two sends at least the account gap
   * apart, and first touches at least the first-touch gap plus this send's jitter after the
   * previous one (and the plain gap before the next one).
   */
  spacingBlock(atMs: number, firstTouch: boolean, jitterMs: number): Block | null {
    // The wider first-touch spacing first, so it is the reason given when both apply.
    if (firstTouch && this.firstTouchGapMs > 0) {
      const spacing = this.firstTouchGapMs + jitterMs;
      const near = this.firstTouches.latestBetween(atMs - spacing, atMs + this.firstTouchGapMs);
      if (near !== undefined) {
        return {
          reason: { kind: "first_touch_spacing", minutes: this.rules.minGapMinutes },
          // Later than `atMs` whatever the rounding: the search must move on.
          until: Math.max(near + spacing, atMs + 1),
        };
      }
    }
    if (this.sendGapMs > 0) {
      const near = this.sends.latestBetween(atMs - this.sendGapMs, atMs + this.sendGapMs);
      if (near !== undefined) {
        return {
          reason: { kind: "send_gap", minutes: this.rules.followUpMinGapMinutes },
          until: Math.max(near + this.sendGapMs, atMs + 1),
        };
      }
    }
    return null;
  }
}
