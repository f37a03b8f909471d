import { describe, expect, it } from "vitest";
import { localDayBounds, rollingWeekStart } from "../../src/schedule/index.js";

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const bounds = (timeZone: string, iso: string) => {
  const { start, end } = localDayBounds(timeZone, at(iso));
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    hours: (end.getTime() - start.getTime()) / HOUR,
  };
};

describe("localDayBounds: the account-local calendar day, as real instants", () => {
  it("is an ordinary 24-hour day in New York in winter", () => {
    expect(bounds("America/New_York", "2026-11-26T16:00:00Z")).toEqual({
      start: "2026-11-26T05:00:00.000Z",
      end: "2026-11-27T05:00:00.000Z",
      hours: 24,
    });
  });

  it("belongs to the local date, not the UTC one: 23:30 in New York is already tomorrow in UTC", () => {
    // Lesson 10: SAM took Friday 11 PM in California for Saturday.
    expect(bounds("America/New_York", "2026-11-28T04:30:00Z").start).toBe("2026-11-27T05:00:00.000Z");
  });

  it.each([
    // zone, an instant on the change day, local midnight → next local midnight, real hours
    ["America/New_York", "2026-03-08T12:00:00Z", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 23],
    ["America/New_York", "2026-11-01T12:00:00Z", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 25],
    ["Europe/Berlin", "2026-03-29T12:00:00Z", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z", 23],
    ["Europe/Berlin", "2026-10-25T12:00:00Z", "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z", 25],
    ["Australia/Sydney", "2026-04-05T00:00:00Z", "2026-04-04T13:00:00.000Z", "2026-04-05T14:00:00.000Z", 25],
    ["Australia/Sydney", "2026-10-04T00:00:00Z", "2026-10-03T14:00:00.000Z", "2026-10-04T13:00:00.000Z", 23],
    ["Asia/Kolkata", "2026-03-08T12:00:00Z", "2026-03-07T18:30:00.000Z", "2026-03-08T18:30:00.000Z", 24],
    ["Asia/Kolkata", "2026-11-01T12:00:00Z", "2026-10-31T18:30:00.000Z", "2026-11-01T18:30:00.000Z", 24],
  ])("in %s around %s the day has its real length", (timeZone, instant, start, end, hours) => {
    expect(bounds(timeZone, instant)).toEqual({ start, end, hours });
  });

  it("starts exactly at local midnight: the instant of midnight belongs to the new day", () => {
    expect(bounds("Europe/Berlin", "2026-10-24T22:00:00Z").start).toBe("2026-10-24T22:00:00.000Z");
    expect(bounds("Europe/Berlin", "2026-10-24T21:59:59.999Z").start).toBe("2026-10-23T22:00:00.000Z");
  });

  it("rejects an unknown zone loudly", () => {
    expect(() => localDayBounds("Mars/Olympus_Mons", at("2026-01-01T00:00:00Z"))).toThrow(
      /unknown time zone/,
    );
  });
});

describe("rollingWeekStart: the start of the local day six days earlier", () => {
  it("spans seven local days even across the fall-back change", () => {
    // Thursday 5 Nov 2026 10:00 EST → Friday 30 Oct 00:00 EDT (still summer time).
    expect(rollingWeekStart("America/New_York", at("2026-11-05T15:00:00Z")).toISOString()).toBe(
      "2026-10-30T04:00:00.000Z",
    );
  });

  it("uses the zone's calendar: early Monday in Kolkata is still Sunday in UTC", () => {
    // Monday 30 Nov 2026 03:00 IST = Sunday 29 Nov 21:30 UTC → Tuesday 24 Nov 00:00 IST.
    expect(rollingWeekStart("Asia/Kolkata", at("2026-11-29T21:30:00Z")).toISOString()).toBe(
      "2026-11-23T18:30:00.000Z",
    );
  });
});
