import { describe, expect, it } from "vitest";
import {
  describeReason,
  describeWeekdays,
  isInsideWindow,
  nextAllowedInstant,
  type SendingWindow,
  windowProblems,
} from "../../src/schedule/index.js";

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const window = (overrides: Partial<SendingWindow>): SendingWindow => ({
  timeZone: "America/New_York",
  start: "09:00",
  end: "17:00",
  days: [1, 2, 3, 4, 5],
  holidayCountry: null,
  ...overrides,
});
const next = (w: SendingWindow, iso: string) => {
  const { at, reasons } = nextAllowedInstant(w, new Date(iso));
  return { at: at.toISOString(), reasons: reasons.map(describeReason) };
};
const inside = (w: SendingWindow, iso: string) => isInsideWindow(w, new Date(iso));

describe("hours and weekdays, in the campaign's zone", () => {
  const office = window({});

  it("keeps an instant that is already inside, with no reason", () => {
    expect(next(office, "2026-11-25T20:00:00Z")).toEqual({ at: "2026-11-25T20:00:00.000Z", reasons: [] });
  });

  it("treats the end as exclusive and the start as inclusive", () => {
    expect(inside(office, "2026-11-25T14:00:00Z")).toBe(true); // 09:00 EST
    expect(inside(office, "2026-11-25T21:59:59Z")).toBe(true);
    expect(inside(office, "2026-11-25T22:00:00Z")).toBe(false); // 17:00 EST
  });

  it("moves an early instant to the opening of the same day", () => {
    expect(next(office, "2026-11-24T12:00:00Z")).toEqual({
      at: "2026-11-24T14:00:00.000Z",
      reasons: ["outside 09:00–17:00 America/New_York"],
    });
  });

  it("moves Friday evening to Monday morning, saying the weekend was skipped", () => {
    expect(next(office, "2026-11-27T22:00:00Z")).toEqual({
      at: "2026-11-30T14:00:00.000Z",
      reasons: ["outside 09:00–17:00 America/New_York", "Sat–Sun skipped"],
    });
  });

  it("judges the weekday locally: Friday 23:30 in New York is not Saturday (lesson 10)", () => {
    const lateFriday = window({ start: "00:00", end: "24:00" });
    expect(inside(lateFriday, "2026-11-28T04:30:00Z")).toBe(true); // Fri 23:30 EST, Sat in UTC
    expect(inside(lateFriday, "2026-11-28T05:00:00Z")).toBe(false); // Sat 00:00 EST
  });

  it("allows 24:00 as the end of the day", () => {
    const evenings = window({ start: "18:00", end: "24:00", days: EVERY_DAY });
    expect(inside(evenings, "2026-11-26T04:59:00Z")).toBe(true); // 23:59 EST
    expect(next(evenings, "2026-11-26T05:00:00Z").at).toBe("2026-11-26T23:00:00.000Z"); // next 18:00
  });

  it("works in zones with a half-hour offset", () => {
    const kolkata = window({ timeZone: "Asia/Kolkata" });
    expect(next(kolkata, "2026-11-25T12:00:00Z").at).toBe("2026-11-26T03:30:00.000Z"); // Thu 09:00 IST
  });
});

describe("public holidays from date-holidays", () => {
  it("skips Thanksgiving for a US campaign and names it", () => {
    const us = window({ holidayCountry: "US" });
    // Wednesday 25 Nov 17:30 EST → Thursday is Thanksgiving → Friday 27 Nov 09:00 EST.
    const moved = nextAllowedInstant(us, new Date("2026-11-25T22:30:00Z"));
    expect(moved.at.toISOString()).toBe("2026-11-27T14:00:00.000Z");
    expect(moved.reasons).toEqual([
      { kind: "outside_hours", window: "09:00–17:00 America/New_York" },
      { kind: "holiday", name: "Thanksgiving Day", country: "US", date: "2026-11-26" },
    ]);
    expect(moved.reasons.map(describeReason)).toEqual([
      "outside 09:00–17:00 America/New_York",
      "Thanksgiving Day (US) skipped",
    ]);
  });

  it("does not skip a holiday when no country is set", () => {
    expect(inside(window({}), "2026-11-26T15:00:00Z")).toBe(true);
  });

  it("uses the campaign's country, not the US for everyone (lesson 11)", () => {
    const berlin = window({ timeZone: "Europe/Berlin", holidayCountry: "DE" });
    expect(inside(berlin, "2026-11-26T10:00:00Z")).toBe(true); // Thanksgiving is a working day in Germany
    // Thu 24 Dec 17:00 CET → Fri 25 Dec Christmas → weekend → Mon 28 Dec 09:00 CET.
    expect(next(berlin, "2026-12-24T16:00:00Z")).toEqual({
      at: "2026-12-28T08:00:00.000Z",
      reasons: ["outside 09:00–17:00 Europe/Berlin", "Christmas Day (DE) skipped", "Sat–Sun skipped"],
    });
  });

  it("knows holidays of any year, not a list that runs out (lesson 11)", () => {
    // Thanksgiving 2031 is Thursday 27 November (November 2031 starts on a Saturday).
    const us = window({ holidayCountry: "US" });
    expect(inside(us, "2031-11-27T15:00:00Z")).toBe(false);
    expect(inside(us, "2031-11-26T15:00:00Z")).toBe(true);
  });

  it("applies Indian and Australian holidays on their local dates", () => {
    // Gandhi Jayanti, Friday 2 Oct 2026; Australia Day, Monday 26 Jan 2026.
    expect(inside(window({ timeZone: "Asia/Kolkata", holidayCountry: "IN" }), "2026-10-02T05:00:00Z")).toBe(
      false,
    );
    expect(inside(window({ timeZone: "Asia/Kolkata", holidayCountry: "IN" }), "2026-10-01T05:00:00Z")).toBe(
      true,
    );
    expect(
      inside(window({ timeZone: "Australia/Sydney", holidayCountry: "AU" }), "2026-01-25T23:00:00Z"),
    ).toBe(false);
    expect(
      inside(window({ timeZone: "Australia/Sydney", holidayCountry: "AU" }), "2026-01-26T23:00:00Z"),
    ).toBe(true);
  });
});

describe("daylight-saving changes", () => {
  // Every test below is on a Sunday, so the windows include every day.
  const w = (timeZone: string, start: string, end: string) =>
    window({ timeZone, start, end, days: EVERY_DAY });

  describe("spring forward: never at a local time that does not exist", () => {
    it.each([
      // zone, window, from (just before), expected opening = the moment the clock jumps
      ["America/New_York", "2026-03-08T06:30:00Z", "2026-03-08T07:00:00.000Z"], // 01:30 EST → 03:00 EDT
      ["Europe/Berlin", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00.000Z"], // 01:30 CET → 03:00 CEST
      ["Australia/Sydney", "2026-10-03T15:30:00Z", "2026-10-03T16:00:00.000Z"], // 01:30 AEST → 03:00 AEDT
    ])("in %s a window opening at 02:30 opens when the clock jumps to 03:00", (timeZone, from, opening) => {
      const straddling = w(timeZone, "02:30", "17:00");
      expect(next(straddling, from).at).toBe(opening);
      expect(inside(straddling, new Date(new Date(opening).getTime() - 1).toISOString())).toBe(false);
    });

    it("skips a window that lies wholly in the missing hour, to the next day", () => {
      // New York, Sunday 8 March 2026: 02:00–03:00 does not exist → Monday 02:00 EDT.
      expect(next(w("America/New_York", "02:00", "03:00"), "2026-03-08T05:00:00Z")).toEqual({
        at: "2026-03-09T06:00:00.000Z",
        reasons: ["outside 02:00–03:00 America/New_York"],
      });
      // Sydney, Sunday 4 October 2026 → Monday 5 October 02:00 AEDT.
      expect(next(w("Australia/Sydney", "02:00", "03:00"), "2026-10-03T14:00:00Z").at).toBe(
        "2026-10-04T15:00:00.000Z",
      );
    });

    it("closes a window ending in the missing hour when the clock jumps", () => {
      const night = w("America/New_York", "01:00", "02:30");
      expect(inside(night, "2026-03-08T06:59:00Z")).toBe(true); // 01:59 EST
      expect(inside(night, "2026-03-08T07:00:00Z")).toBe(false); // 03:00 EDT
    });
  });

  describe("fall back: the repeated hour is not a second window", () => {
    it("a 01:00–02:00 window in New York lasts one real hour", () => {
      const night = w("America/New_York", "01:00", "02:00");
      expect(inside(night, "2026-11-01T05:00:00Z")).toBe(true); // 01:00 EDT
      expect(inside(night, "2026-11-01T05:59:00Z")).toBe(true); // 01:59 EDT
      expect(inside(night, "2026-11-01T06:00:00Z")).toBe(false); // 01:00 EST, the second time
      expect(next(night, "2026-11-01T06:30:00Z").at).toBe("2026-11-02T06:00:00.000Z"); // Monday 01:00 EST
    });

    it("a window straddling the change keeps each local minute once", () => {
      // 01:30–02:30 on 1 Nov: 01:30–01:59 EDT, then (01:00–01:59 EST repeats) 02:00–02:29 EST.
      const night = w("America/New_York", "01:30", "02:30");
      expect(inside(night, "2026-11-01T05:45:00Z")).toBe(true); // 01:45 EDT
      expect(inside(night, "2026-11-01T06:45:00Z")).toBe(false); // 01:45 EST again
      expect(next(night, "2026-11-01T06:15:00Z").at).toBe("2026-11-01T07:00:00.000Z"); // 02:00 EST
      expect(inside(night, "2026-11-01T07:29:00Z")).toBe(true);
      expect(inside(night, "2026-11-01T07:30:00Z")).toBe(false);
    });

    it.each([
      // Berlin 25 Oct: 02:00–03:00 happens twice (CEST 00:00Z–01:00Z, then CET 01:00Z–02:00Z).
      ["Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:00:00.000Z"],
      // Sydney 5 Apr: 02:00–03:00 happens twice (AEDT 15:00Z–16:00Z, then AEST 16:00Z–17:00Z).
      ["Australia/Sydney", "2026-04-04T15:30:00Z", "2026-04-04T16:30:00Z", "2026-04-05T16:00:00.000Z"],
    ])(
      "in %s a 02:00–03:00 window opens only on the first pass",
      (timeZone, firstPass, secondPass, nextDay) => {
        const night = w(timeZone, "02:00", "03:00");
        expect(inside(night, firstPass)).toBe(true);
        expect(inside(night, secondPass)).toBe(false);
        expect(next(night, secondPass).at).toBe(nextDay);
      },
    );

    it("an all-day window skips the repeated hour too", () => {
      const allDay = w("America/New_York", "00:00", "24:00");
      expect(inside(allDay, "2026-11-01T05:59:00Z")).toBe(true);
      expect(next(allDay, "2026-11-01T06:10:00Z").at).toBe("2026-11-01T07:00:00.000Z");
    });
  });

  it("Kolkata has no change: 02:00–03:00 is an ordinary hour on both dates", () => {
    const night = w("Asia/Kolkata", "02:00", "03:00");
    expect(next(night, "2026-03-07T20:00:00Z").at).toBe("2026-03-07T20:30:00.000Z");
    expect(inside(night, "2026-03-07T21:29:00Z")).toBe(true);
    expect(next(night, "2026-10-31T20:00:00Z").at).toBe("2026-10-31T20:30:00.000Z");
    expect(inside(night, "2026-10-31T21:30:00Z")).toBe(false);
  });

  it("an office-hours window is simply shorter or longer in UTC after the change", () => {
    // Monday after spring forward: 09:00 EDT = 13:00Z; the Friday before: 09:00 EST = 14:00Z.
    expect(next(window({}), "2026-03-06T22:00:00Z").at).toBe("2026-03-09T13:00:00.000Z");
  });
});

describe("window validation", () => {
  it("accepts a usable window", () => {
    expect(windowProblems(window({ end: "24:00", holidayCountry: "US" }))).toEqual([]);
  });

  it("explains every problem", () => {
    expect(
      windowProblems({
        timeZone: "Nowhere/City",
        start: "9am",
        end: "08:00",
        days: [],
        holidayCountry: "XX",
      }),
    ).toEqual([
      'unknown time zone "Nowhere/City"',
      'start "9am" is not a time like 09:00',
      "no sending days",
      'no public-holiday data for country "XX"',
    ]);
    expect(windowProblems(window({ start: "17:00", end: "09:00", days: [0, 8] }))).toEqual([
      "end 09:00 must be after start 17:00",
      "days must be ISO weekdays 1–7, not 0, 8",
    ]);
    expect(windowProblems(window({ start: "24:00", end: "24:00" }))).toContain(
      'start "24:00" is not a time like 09:00',
    );
  });

  it("refuses to compute with an invalid window", () => {
    expect(() => isInsideWindow(window({ end: "08:00" }), new Date())).toThrow(/invalid sending window/);
  });
});

describe("describeWeekdays", () => {
  it.each([
    [[6, 7], "Sat–Sun"],
    [[5, 6], "Fri–Sat"],
    [[3], "Wed"],
    [[1, 3, 7], "Wed, Sun–Mon"],
    [[1, 2, 3, 4, 5, 6, 7], "Mon–Sun"],
    [[2, 4, 6], "Tue, Thu, Sat"],
  ])("%j → %s", (days, text) => {
    expect(describeWeekdays(days)).toBe(text);
  });
});
