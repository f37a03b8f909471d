// Public holidays come from the date-holidays rules (any year, ~200 countries), never from
// hand-written lists: SAM's lists ran out after January 2026 and applied US holidays to everyone.
// The rules (about 10 MB and 0.3 s of import) are loaded on the first question, not with the app:
// /healthz and an idle process never need them. The callers' API stays synchronous (window and
// calendar code asks in loops), so the first use loads the package's CommonJS build through
// require, which Node allows synchronously where an ES import is not.
import { createRequire } from "node:module";
import type HolidaysClass from "date-holidays";
import { DAY_MS, dayOfIsoDate, isoDateOfDay } from "./local-time.js";

let loaded: typeof HolidaysClass | null = null;
let catalogueInstance: HolidaysClass | null = null;

/** The Holidays class; the CommonJS build exports it as module.exports itself. */
function holidaysClass(): typeof HolidaysClass {
  loaded ??= createRequire(import.meta.url)("date-holidays") as typeof HolidaysClass;
  return loaded;
}

function catalogue(): HolidaysClass {
  catalogueInstance ??= new (holidaysClass())();
  return catalogueInstance;
}

let supportedCountries: Set<string> | null = null;

export function isHolidayCountry(country: string): boolean {
  supportedCountries ??= new Set(Object.keys(catalogue().getCountries()));
  return supportedCountries.has(country);
}

const byCountryYear = new Map<string, Map<string, string>>();

/** The public holiday(s) on a local date ("2026-11-26") in a country, or null on a working day. */
export function publicHolidayOn(country: string, isoDate: string): string | null {
  const year = Number(isoDate.slice(0, 4));
  const key = `${country}:${year}`;
  let dates = byCountryYear.get(key);
  if (!dates) {
    dates = publicHolidaysOfYear(country, year);
    byCountryYear.set(key, dates);
  }
  return dates.get(isoDate) ?? null;
}

function publicHolidaysOfYear(country: string, year: number): Map<string, string> {
  if (!isHolidayCountry(country)) throw new RangeError(`no public-holiday data for country "${country}"`);
  const source = new (holidaysClass())(country, { types: ["public"] });
  const dates = new Map<string, string>();
  // A holiday of the previous year may run into this one.
  for (const holiday of [...source.getHolidays(year - 1, "en"), ...source.getHolidays(year, "en")]) {
    if (holiday.type !== "public") continue;
    // `date` is the local calendar date the holiday is observed on; partial days (a half-day
    // from noon, an eve from 18:00 the day before) still close that whole date.
    const firstDay = dayOfIsoDate(holiday.date.slice(0, 10));
    const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
    for (let day = firstDay; day < firstDay + length; day++) {
      const isoDate = isoDateOfDay(day);
      if (!isoDate.startsWith(String(year))) continue;
      const known = dates.get(isoDate);
      dates.set(isoDate, known && known !== holiday.name ? `${known} / ${holiday.name}` : holiday.name);
    }
  }
  return dates;
}

let countriesByZone: Map<string, Set<string>> | null = null;

/**
 * The country whose holidays obviously apply in a time zone: only when date-holidays lists the
 * zone for exactly one country (America/New_York → US). Shared zones (Europe/Rome is also San
 * Marino's and the Vatican's) and non-geographic ones (UTC) give null: the user must choose.
 */
export function countryForTimeZone(timeZone: string): string | null {
  if (!countriesByZone) {
    countriesByZone = new Map();
    const Catalogue = holidaysClass();
    for (const country of Object.keys(catalogue().getCountries())) {
      for (const zone of new Catalogue(country).getTimezones()) {
        const countries = countriesByZone.get(zone) ?? new Set<string>();
        countries.add(country);
        countriesByZone.set(zone, countries);
      }
    }
  }
  const countries = countriesByZone.get(timeZone);
  return countries?.size === 1 ? [...countries][0]! : null;
}
