// A campaign's sending window: local hours, weekdays and public holidays in the campaign's time
// zone. All arithmetic happens in that zone (SAM mixed UTC and local time; lesson 10).
import { isHolidayCountry } from "./holidays.js";
import { isKnownTimeZone } from "./local-time.js";
import type { MoveReason } from "./reasons.js";
import { WindowCalendar } from "./window-calendar.js";

export interface SendingWindow {
  timeZone: string; // IANA, e.g. "America/New_York"
  start: string; // "09:00", local
  end: string; // "17:00", after start; "24:00" means midnight at the end of the day
  days: number[]; // ISO weekdays: 1 = Monday … 7 = Sunday
  holidayCountry: string | null; // ISO 3166 alpha-2 ("US"); public holidays only
}

/** "09:00" → 540 minutes past midnight; "24:00" → 1440; anything else → null. */
export function parseLocalTime(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** What is wrong with a window, in words a Slack user can act on; empty when it is usable. */
export function windowProblems(window: SendingWindow): string[] {
  const problems: string[] = [];
  if (!isKnownTimeZone(window.timeZone)) problems.push(`unknown time zone "${window.timeZone}"`);
  const start = parseLocalTime(window.start);
  const end = parseLocalTime(window.end);
  if (start === null || start === 24 * 60) problems.push(`start "${window.start}" is not a time like 09:00`);
  if (end === null) problems.push(`end "${window.end}" is not a time like 17:00 (24:00 allowed)`);
  if (start !== null && end !== null && end <= start) {
    problems.push(`end ${window.end} must be after start ${window.start}`);
  }
  if (window.days.length === 0) problems.push("no sending days");
  const badDays = window.days.filter((day) => !Number.isInteger(day) || day < 1 || day > 7);
  if (badDays.length > 0) problems.push(`days must be ISO weekdays 1–7, not ${badDays.join(", ")}`);
  if (window.holidayCountry !== null && !isHolidayCountry(window.holidayCountry)) {
    problems.push(`no public-holiday data for country "${window.holidayCountry}"`);
  }
  return problems;
}

export function describeWindowHours(window: SendingWindow): string {
  return `${window.start}–${window.end} ${window.timeZone}`;
}

const calendars = new Map<string, WindowCalendar>();
const CALENDAR_CACHE_LIMIT = 1_000;

/** The (cached) day-by-day calendar of a window; throws when the window is not usable. */
export function calendarOf(window: SendingWindow): WindowCalendar {
  const key = JSON.stringify([
    window.timeZone,
    window.start,
    window.end,
    [...window.days].sort(),
    window.holidayCountry,
  ]);
  let calendar = calendars.get(key);
  if (!calendar) {
    const problems = windowProblems(window);
    if (problems.length > 0) throw new RangeError(`invalid sending window: ${problems.join("; ")}`);
    if (calendars.size >= CALENDAR_CACHE_LIMIT) calendars.clear();
    calendar = new WindowCalendar({
      timeZone: window.timeZone,
      startMinute: parseLocalTime(window.start)!,
      endMinute: parseLocalTime(window.end)!,
      days: [...window.days],
      holidayCountry: window.holidayCountry,
      hours: describeWindowHours(window),
    });
    calendars.set(key, calendar);
  }
  return calendar;
}

export function isInsideWindow(window: SendingWindow, instant: Date): boolean {
  return calendarOf(window).contains(instant.getTime());
}

/** The earliest instant at or after `from` inside the window, and what moved it there. */
export function nextAllowedInstant(window: SendingWindow, from: Date): { at: Date; reasons: MoveReason[] } {
  const { at, reasons } = calendarOf(window).nextOpen(from.getTime());
  return { at: new Date(at), reasons: [...reasons] };
}
