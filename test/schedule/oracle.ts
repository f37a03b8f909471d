// Independent checks for the property tests: written straight on luxon and date-holidays, not
// on the module's own local-time code, so a shared mistake cannot hide itself.
import Holidays from "date-holidays";
import { DateTime } from "luxon";
import type { SendingWindow } from "../../src/schedule/index.js";

const HOUR = 3_600_000;
const publicDates = new Map<string, Set<string>>();

export function isPublicHoliday(country: string, isoDate: string): boolean {
  const key = `${country}:${isoDate.slice(0, 4)}`;
  let dates = publicDates.get(key);
  if (!dates) {
    const holidays = new Holidays(country).getHolidays(Number(isoDate.slice(0, 4)));
    dates = new Set(
      holidays.filter((holiday) => holiday.type === "public").map((holiday) => holiday.date.slice(0, 10)),
    );
    publicDates.set(key, dates);
  }
  return dates.has(isoDate);
}

const minutesOf = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** Whether the local clock already showed this time earlier the same night (fall back). */
function isSecondPass(timeZone: string, instant: number): boolean {
  const offsetNow = DateTime.fromMillis(instant, { zone: timeZone }).offset;
  const offsetBefore = DateTime.fromMillis(instant - 6 * HOUR, { zone: timeZone }).offset;
  if (offsetBefore <= offsetNow) return false;
  const twin = instant - (offsetBefore - offsetNow) * 60_000;
  return DateTime.fromMillis(twin, { zone: timeZone }).offset === offsetBefore;
}

/** Why an instant is not a moment the window allows, or null when it is. */
export function windowViolation(window: SendingWindow, at: Date): string | null {
  const local = DateTime.fromJSDate(at, { zone: window.timeZone });
  const date = local.toISODate()!;
  if (!window.days.includes(local.weekday)) return `${date} is weekday ${local.weekday}`;
  if (window.holidayCountry && isPublicHoliday(window.holidayCountry, date)) return `${date} is a holiday`;
  const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  if (minute < minutesOf(window.start) || minute >= minutesOf(window.end)) {
    return `${local.toISO()} is outside hours`;
  }
  if (isSecondPass(window.timeZone, at.getTime())) return `${local.toISO()} is the repeated hour`;
  return null;
}

export function localDate(timeZone: string, at: Date): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}

export function shiftDate(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: "UTC" }).plus({ days }).toISODate()!;
}
