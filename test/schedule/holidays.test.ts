import { describe, expect, it } from "vitest";
import { countryForTimeZone, isHolidayCountry, publicHolidayOn } from "../../src/schedule/index.js";

describe("publicHolidayOn", () => {
  it.each([
    ["US", "2026-11-26", "Thanksgiving Day"],
    ["US", "2026-07-03", "Independence Day (substitute day)"], // 4 July 2026 is a Saturday
    ["DE", "2026-10-03", "National Holiday"], // Tag der Deutschen Einheit, named in English
    ["IN", "2026-01-26", "Republic Day"],
    ["AU", "2026-04-25", "Anzac Day"],
  ])("%s %s is %s", (country, date, name) => {
    expect(publicHolidayOn(country, date)).toBe(name);
  });

  it("returns null on working days", () => {
    expect(publicHolidayOn("US", "2026-11-27")).toBeNull(); // the day after Thanksgiving is not public
    expect(publicHolidayOn("DE", "2026-11-26")).toBeNull();
  });

  it("ignores holidays that are not public (observances, bank holidays)", () => {
    expect(publicHolidayOn("US", "2026-02-14")).toBeNull(); // Valentine's Day is an observance
    expect(publicHolidayOn("DE", "2026-12-24")).toBeNull(); // Christmas Eve is not a public holiday
  });

  it("fails loudly for a country it has no data for", () => {
    expect(isHolidayCountry("XX")).toBe(false);
    expect(() => publicHolidayOn("XX", "2026-01-01")).toThrow(/no public-holiday data/);
  });
});

describe("countryForTimeZone", () => {
  it.each([
    ["America/New_York", "US"],
    ["America/Los_Angeles", "US"],
    ["Europe/Berlin", "DE"],
    ["Asia/Kolkata", "IN"],
    ["Australia/Sydney", "AU"],
    ["Europe/London", "GB"],
  ])("%s → %s", (zone, country) => {
    expect(countryForTimeZone(zone)).toBe(country);
  });

  it.each([["UTC"], ["Etc/GMT+5"], ["Europe/Rome"], ["Nowhere/City"]])(
    "%s → null (not a country's zone, or shared by several)",
    (zone) => {
      expect(countryForTimeZone(zone)).toBeNull();
    },
  );
});
