// The pure rule of how long an out-of-office reply holds the next follow-up: examples, and
// properties over any date and time zone.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { oneBusinessDayAfter, outOfOfficeWait } from "../../src/conversations/out-of-office.js";

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();

describe("outOfOfficeWait", () => {
  const now = at("2026-11-30T15:00", "Europe/Paris");
  it.each([
    ["Tuesday → Wednesday", "2027-01-12", "2027-01-13"],
    ["Thursday → Friday", "2027-01-14", "2027-01-15"],
    ["Friday → Monday", "2027-01-15", "2027-01-18"],
    ["Saturday → Monday", "2027-01-16", "2027-01-18"],
    ["Sunday → Monday", "2027-01-17", "2027-01-18"],
  ])("back on a %s", (_name, back, expected) => {
    const wait = outOfOfficeWait(at(`${back}T00:00`, "Europe/Paris"), now, "Europe/Paris");
    expect(wait.notBefore).toEqual(at(`${expected}T00:00`, "Europe/Paris"));
    expect(wait.returnDate).toEqual(at(`${back}T00:00`, "Europe/Paris"));
  });

  it("without a date, or with one already past (a stale auto-reply), waits 7 days from now", () => {
    expect(outOfOfficeWait(null, now, "Europe/Paris")).toEqual({
      notBefore: new Date(now.getTime() + 7 * 86_400_000),
      returnDate: null,
    });
    const past = at("2026-11-20T00:00", "Europe/Paris");
    expect(outOfOfficeWait(past, now, "Europe/Paris").notBefore).toEqual(
      new Date(now.getTime() + 7 * 86_400_000),
    );
  });

  it("back today: from the next business day", () => {
    const today = at("2026-11-30T00:00", "Europe/Paris");
    expect(outOfOfficeWait(today, now, "Europe/Paris").notBefore).toEqual(
      at("2026-12-01T00:00", "Europe/Paris"),
    );
  });

  it("a DST change in between keeps local midnight", () => {
    // Europe/Paris goes to summer time on Sunday 28 March 2027.
    expect(oneBusinessDayAfter(at("2027-03-26T00:00", "Europe/Paris"), "Europe/Paris")).toEqual(
      at("2027-03-29T00:00", "Europe/Paris"),
    );
  });
});

describe("oneBusinessDayAfter, properties", () => {
  const zones = fc.constantFrom(
    "UTC",
    "Europe/Paris",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/Argentina/Buenos_Aires",
  );
  const instants = fc.date({
    min: new Date("2020-01-01T00:00:00Z"),
    max: new Date("2035-12-31T00:00:00Z"),
    noInvalidDate: true,
  });

  it("is a local midnight on Monday to Friday, strictly after the return day, at most 3 days after it", () => {
    fc.assert(
      fc.property(instants, zones, (returnDate, zone) => {
        const result = DateTime.fromJSDate(oneBusinessDayAfter(returnDate, zone), { zone });
        const returnDay = DateTime.fromJSDate(returnDate, { zone }).startOf("day");
        expect(result.toMillis()).toBe(result.startOf("day").toMillis());
        expect(result.weekday).toBeLessThanOrEqual(5);
        const days = Math.round(result.diff(returnDay, "days").days);
        expect(days).toBeGreaterThanOrEqual(1);
        expect(days).toBeLessThanOrEqual(3);
        // No business day is skipped in between.
        for (let d = 1; d < days; d++) expect(returnDay.plus({ days: d }).weekday).toBeGreaterThan(5);
      }),
    );
  });

  it("the wait is never before now, and a future return date always gives a later notBefore than the date itself", () => {
    fc.assert(
      fc.property(instants, instants, zones, (returnDate, now, zone) => {
        const wait = outOfOfficeWait(returnDate, now, zone);
        expect(wait.notBefore.getTime()).toBeGreaterThanOrEqual(now.getTime());
        if (wait.returnDate) expect(wait.notBefore.getTime()).toBeGreaterThan(returnDate.getTime());
        else expect(wait.notBefore.getTime()).toBe(now.getTime() + 7 * 86_400_000);
      }),
    );
  });
});
