// Local calendar arithmetic for IANA time zones, done on plain millisecond instants.
// A "day number" counts calendar days since 1970-01-01 in some zone's own calendar; it is how
// the scheduler names "Thursday 26 November in New York" without ever going through UTC dates.
import { IANAZone } from "luxon";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 in a zone's local calendar. */
export type DayNumber = number;

// Asking Intl for an offset costs microseconds, and the planner asks tens of thousands of
// times. Offsets only change at transitions, so one answer per UTC day is kept whenever the
// offset is the same at both ends of that day (all days but a handful a year).
const MIXED = Number.NaN;
const offsetCaches = new Map<string, { zone: IANAZone; byUtcDay: Map<number, number> }>();

function zoneCache(timeZone: string) {
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`unknown time zone "${timeZone}"`);
    cache = { zone: IANAZone.create(timeZone), byUtcDay: new Map() };
    offsetCaches.set(timeZone, cache);
  }
  return cache;
}

export function isKnownTimeZone(timeZone: string): boolean {
  return offsetCaches.has(timeZone) || IANAZone.isValidZone(timeZone);
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function offsetMs(timeZone: string, instantMs: number): number {
  const cache = zoneCache(timeZone);
  const utcDay = Math.floor(instantMs / DAY_MS);
  let known = cache.byUtcDay.get(utcDay);
  if (known === undefined) {
    const atStart = cache.zone.offset(utcDay * DAY_MS);
    const atEnd = cache.zone.offset((utcDay + 1) * DAY_MS - 1);
    known = atStart === atEnd ? atStart * MINUTE_MS : MIXED;
    cache.byUtcDay.set(utcDay, known);
  }
  return Number.isNaN(known) ? cache.zone.offset(instantMs) * MINUTE_MS : known;
}

export function localDayOf(timeZone: string, instantMs: number): DayNumber {
  return Math.floor((instantMs + offsetMs(timeZone, instantMs)) / DAY_MS);
}

/** Minutes past local midnight shown by the zone's clock at an instant. */
export function localMinuteOfDay(timeZone: string, instantMs: number): number {
  const wall = instantMs + offsetMs(timeZone, instantMs);
  return Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / MINUTE_MS);
}

export function isoDateOfDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayOfIsoDate(isoDate: string): DayNumber {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDay(day: DayNumber): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * The first instant at which the zone's clock shows `minutes` past midnight of `day`, or a
 * later time of that day. When that local time does not exist (spring forward), this is the
 * moment the clock jumps past it; when it exists twice (fall back), the first of the two.
 */
export function firstInstantAtWallTime(timeZone: string, day: DayNumber, minutes: number): number {
  const wall = day * DAY_MS + minutes * MINUTE_MS;
  const before = offsetMs(timeZone, wall - DAY_MS);
  const after = offsetMs(timeZone, wall + DAY_MS);
  const valid = [wall - before, wall - after].filter(
    (instant) => offsetMs(timeZone, instant) === wall - instant,
  );
  if (valid.length > 0) return Math.min(...valid);
  if (after <= before) throw new Error(`cannot place ${minutes} min of day ${day} in ${timeZone}`);
  return firstInstantWithOffset(timeZone, wall - after, wall - before, after);
}

/** Binary search, to the minute, for the transition in (low, high] after which `offset` holds. */
export function firstInstantWithOffset(timeZone: string, low: number, high: number, offset: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMs(timeZone, mid) === offset) hi = mid;
    else lo = mid;
  }
  return hi;
}

const dayStarts = new Map<string, Map<DayNumber, number>>();

export function localDayStartMs(timeZone: string, day: DayNumber): number {
  let starts = dayStarts.get(timeZone);
  if (!starts) {
    starts = new Map();
    dayStarts.set(timeZone, starts);
  }
  let start = starts.get(day);
  if (start === undefined) {
    start = firstInstantAtWallTime(timeZone, day, 0);
    starts.set(day, start);
  }
  return start;
}

/** The local calendar day containing `instant`, as [start, end). */
export function localDayBounds(timeZone: string, instant: Date): { start: Date; end: Date } {
  const day = localDayOf(timeZone, instant.getTime());
  return {
    start: new Date(localDayStartMs(timeZone, day)),
    end: new Date(localDayStartMs(timeZone, day + 1)),
  };
}

/** Start of the rolling week that ends with the local day containing `instant` (7 local days). */
export function rollingWeekStart(timeZone: string, instant: Date): Date {
  return new Date(localDayStartMs(timeZone, localDayOf(timeZone, instant.getTime()) - 6));
}
