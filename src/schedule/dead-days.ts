// Account-local days on which a kind of send can never fit again for one campaign: the
// account's cap for that kind is reached, or the campaign's window stays shut all day. Both
// only get worse while a plan fills up, so a dead day stays dead. When a backlog of follow-ups
// stretches weeks past their due dates, this lets each of them jump the whole stretch at once
// (union-find over days) instead of visiting every full day and weekend on the way.
import type { AccountLedger, SendKind } from "./ledger.js";
import { type DayNumber, localDayStartMs } from "./local-time.js";
import type { WindowCalendar } from "./window-calendar.js";

export class DeadDays {
  private readonly nextCandidate = new Map<DayNumber, DayNumber>();

  constructor(
    private readonly ledger: AccountLedger,
    private readonly calendar: WindowCalendar,
    private readonly kind: SendKind,
  ) {}

  /** The first account-local day from `day` on that might still take a send. */
  firstLiveDay(day: DayNumber): DayNumber {
    let candidate = this.root(day);
    while (this.isDead(candidate)) {
      this.nextCandidate.set(candidate, candidate + 1);
      candidate = this.root(candidate + 1);
    }
    return candidate;
  }

  private isDead(day: DayNumber): boolean {
    if (this.ledger.capReasonOn(this.kind, day)) return true;
    const timeZone = this.ledger.timeZone;
    return this.calendar.nextOpen(localDayStartMs(timeZone, day)).at >= localDayStartMs(timeZone, day + 1);
  }

  private root(day: DayNumber): DayNumber {
    let root = day;
    for (let next = this.nextCandidate.get(root); next !== undefined; next = this.nextCandidate.get(root))
      root = next;
    for (let node = day; node !== root; ) {
      const next = this.nextCandidate.get(node)!;
      this.nextCandidate.set(node, root);
      node = next;
    }
    return root;
  }
}
