// When a campaign's sending window is open, day by day, in the campaign's own time zone.
//
// On each local day the window is the stretch from the first moment the clock shows `start`
// to the first moment it shows `end`. Local times that do not exist (spring forward) are never
// sent at: a window opening at 02:30 on that day opens when the clock jumps to 03:00. Local times
// that happen twice (fall back) are open only the first time, so the repeated hour is not
// counted twice: a window of 01:00–02:00 on that day lasts one real hour, not two.
import { publicHolidayOn } from "./holidays.js";
import {
  type DayNumber,
  firstInstantAtWallTime,
  firstInstantWithOffset,
  isoDateOfDay,
  isoWeekdayOfDay,
  localDayOf,
  offsetMs,
} from "./local-time.js";
import { addReason, describeWeekdays, type MoveReason } from "./reasons.js";

export interface ParsedWindow {
  timeZone: string;
  startMinute: number;
  endMinute: number;
  days: readonly number[];
  holidayCountry: string | null;
  hours: string; // "09:00–17:00 America/New_York"
}

export interface Interval {
  open: number;
  close: number;
}

interface DayOpening {
  intervals: Interval[];
  closedBy: MoveReason | null;
}

// A window that never opens within this many days is a configuration error, not a plan.
const SEARCH_LIMIT_DAYS = 2 * 366;
const DAY_CACHE_LIMIT = 20_000;
const NONE: readonly MoveReason[] = Object.freeze([]);

export class WindowCalendar {
  private readonly days = new Map<DayNumber, DayOpening>();
  private readonly sendingDays: Set<number>;
  private readonly skippedDays: MoveReason;
  private readonly outsideHours: MoveReason;

  constructor(private readonly window: ParsedWindow) {
    this.sendingDays = new Set(window.days);
    const skipped = [1, 2, 3, 4, 5, 6, 7].filter((day) => !this.sendingDays.has(day));
    this.skippedDays = { kind: "weekday_skipped", days: describeWeekdays(skipped) };
    this.outsideHours = { kind: "outside_hours", window: window.hours };
  }

  contains(instantMs: number): boolean {
    const opening = this.day(localDayOf(this.window.timeZone, instantMs));
    return opening.intervals.some(({ open, close }) => open <= instantMs && instantMs < close);
  }

  /** The earliest open instant at or after `fromMs`, with what kept the window shut until then. */
  nextOpen(fromMs: number): { at: number; reasons: readonly MoveReason[] } {
    const firstDay = localDayOf(this.window.timeZone, fromMs);
    // Most candidates are already inside: answer those without allocating (planner hot path).
    const today = this.day(firstDay);
    const inside = today.intervals.some(({ open, close }) => open <= fromMs && fromMs < close);
    if (inside) return { at: fromMs, reasons: NONE };
    const reasons: MoveReason[] = [];
    for (let day = firstDay; day < firstDay + SEARCH_LIMIT_DAYS; day++) {
      const opening = this.day(day);
      if (opening.closedBy) {
        addReason(reasons, opening.closedBy);
        continue;
      }
      for (const { open, close } of opening.intervals) {
        if (fromMs >= close) continue;
        if (fromMs < open && day === firstDay) addReason(reasons, this.outsideHours);
        return { at: Math.max(fromMs, open), reasons };
      }
      addReason(reasons, this.outsideHours);
    }
    throw new Error(`the sending window ${this.window.hours} does not open within ${SEARCH_LIMIT_DAYS} days`);
  }

  day(day: DayNumber): DayOpening {
    let opening = this.days.get(day);
    if (!opening) {
      if (this.days.size >= DAY_CACHE_LIMIT) this.days.clear();
      opening = this.computeDay(day);
      this.days.set(day, opening);
    }
    return opening;
  }

  private computeDay(day: DayNumber): DayOpening {
    const { timeZone, startMinute, endMinute, holidayCountry } = this.window;
    if (!this.sendingDays.has(isoWeekdayOfDay(day))) return { intervals: [], closedBy: this.skippedDays };
    if (holidayCountry) {
      const date = isoDateOfDay(day);
      const name = publicHolidayOn(holidayCountry, date);
      if (name) return { intervals: [], closedBy: { kind: "holiday", name, country: holidayCountry, date } };
    }
    const open = firstInstantAtWallTime(timeZone, day, startMinute);
    const close = firstInstantAtWallTime(timeZone, day, endMinute);
    const intervals = withoutRepeatedTimes(timeZone, { open, close }).filter(
      (part) => part.open < part.close,
    );
    return { intervals, closedBy: intervals.length === 0 ? this.outsideHours : null };
  }
}

/** Cuts out the second pass through local times that the clock shows twice (fall back). */
function withoutRepeatedTimes(timeZone: string, { open, close }: Interval): Interval[] {
  if (close <= open) return [];
  const offsetAtOpen = offsetMs(timeZone, open);
  const offsetAtClose = offsetMs(timeZone, close - 1);
  if (offsetAtClose >= offsetAtOpen) return [{ open, close }];
  const transition = firstInstantWithOffset(timeZone, open, close - 1, offsetAtClose);
  const repeatedUntil = transition + (offsetAtOpen - offsetAtClose);
  return [
    { open, close: transition },
    { open: Math.max(repeatedUntil, open), close },
  ];
}
