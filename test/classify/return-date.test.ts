// returnDateIn: the date an out-of-office reply says its author is back, in the four languages and
// the usual formats, as the start of that local day; year-less dates roll forward; total.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { returnDateIn } from "../../src/classify/return-date.js";

const ZONE = "Europe/Paris";
const NOW = new Date("2026-11-30T10:00:00Z"); // a Monday
const day = (iso: string, zone = ZONE) => DateTime.fromISO(iso, { zone }).startOf("day").toJSDate();

describe("returnDateIn", () => {
  it.each([
    ["back on 12 January", "2027-01-12"],
    ["I will be back on January 12th.", "2027-01-12"],
    ["Out of office until Jan 12", "2027-01-12"],
    ["de retour le 12 janvier", "2027-01-12"],
    ["Je serai de retour le 12/01.", "2027-01-12"],
    ["zurück am 12.01.", "2027-01-12"],
    ["Ich bin ab dem 5. März wieder erreichbar.", "2027-03-05"],
    ["Abwesend bis 6.1.", "2027-01-06"],
    ["de vuelta el 12 de enero", "2027-01-12"],
    ["Estaré de vuelta el 7 de enero de 2027.", "2027-01-07"],
    ["OOO until 2027-01-08.", "2027-01-08"],
    ["Out of the office until 13/01", "2027-01-13"],
    ["back on 12/01/2027", "2027-01-12"],
    ["zurück am 12.01.27", "2027-01-12"],
    ["ZURÜCK AM 12.01.", "2027-01-12"],
    ["de retour le 12 janvier", "2027-01-12"],
    ["DE RETOUR LE 12 JANVIER", "2027-01-12"],
    ["I'm back 1/13", "2027-01-13"], // cannot be day-first: month first
  ])("%j → %s", (text, expected) => {
    expect(returnDateIn(text, NOW, ZONE)).toEqual(day(expected));
  });

  it("prefers the return date over the other dates of the reply", () => {
    const text = "I'm away from 22 December until 5 January, back in the office on 6 January.";
    expect(returnDateIn(text, NOW, ZONE)).toEqual(day("2027-01-06"));
    expect(returnDateIn("Absent du 22 décembre au 4 janvier. De retour le lundi 5 janvier 2027.", NOW, ZONE)).toEqual(
      day("2027-01-05"),
    );
    expect(returnDateIn("Ich bin im Urlaub vom 22.12. bis 4.1. und danach wieder da.", NOW, ZONE)).toEqual(day("2027-01-04"));
    expect(returnDateIn("Ausente del 22 de diciembre al 6 de enero.", NOW, ZONE)).toEqual(day("2027-01-06"));
  });

  it("reads a range's end: 'du 3 au 12 janvier', 'vom 3. bis 12. Januar', 'January 3 - 12'", () => {
    expect(returnDateIn("en congés du 3 au 12 janvier", NOW, ZONE)).toEqual(day("2027-01-12"));
    expect(returnDateIn("Urlaub vom 3. bis 12. Januar", NOW, ZONE)).toEqual(day("2027-01-12"));
    expect(returnDateIn("away January 3 - 12", NOW, ZONE)).toEqual(day("2027-01-12"));
  });

  it("rolls a year-less date that has passed to next year, and keeps today as today", () => {
    expect(returnDateIn("back on 29 November", NOW, ZONE)).toEqual(day("2027-11-29"));
    expect(returnDateIn("back on 30 November", NOW, ZONE)).toEqual(day("2026-11-30"));
    expect(returnDateIn("back on 1 December", NOW, ZONE)).toEqual(day("2026-12-01"));
  });

  it("gives the start of the local day in the time zone asked for", () => {
    expect(returnDateIn("back on 12 January", NOW, "America/New_York")?.toISOString()).toBe("2027-01-12T05:00:00.000Z");
    expect(returnDateIn("back on 12 January", NOW, "Asia/Tokyo")?.toISOString()).toBe("2027-01-11T15:00:00.000Z");
    // "Today" is the local date: at 23:30 UTC on 30 November it is already 1 December in Tokyo.
    const lateNow = new Date("2026-11-30T23:30:00Z");
    expect(returnDateIn("back on 30 November", lateNow, "Asia/Tokyo")).toEqual(day("2027-11-30", "Asia/Tokyo"));
  });

  it("reads a weekday only after a return word", () => {
    expect(returnDateIn("Back on Monday.", NOW, ZONE)).toEqual(day("2026-12-07"));
    expect(returnDateIn("de retour jeudi", NOW, ZONE)).toEqual(day("2026-12-03"));
    expect(returnDateIn("Let's talk on Monday", NOW, ZONE)).toBeNull();
  });

  it("finds nothing where there is no date", () => {
    for (const text of [
      "",
      "I am out of the office with limited access to email.",
      "Call me at 9.30 tomorrow",
      "We grew 1.5x last year",
      "Version 2.3 is out",
      "back on 31 February",
      "zurück am 32.01.",
    ]) {
      expect(returnDateIn(text, NOW, ZONE), text).toBeNull();
    }
  });

  it("ignores dates in the quoted previous message", () => {
    const text = "Thanks, I'm away this week.\n\nOn Tue, 3 Nov 2026 Sam wrote:\n> Are you free on 12 January?";
    expect(returnDateIn(text, NOW, ZONE)).toBeNull();
  });

  it("gives null for an unknown time zone or an invalid now", () => {
    expect(returnDateIn("back on 12 January", NOW, "Mars/Olympus")).toBeNull();
    expect(returnDateIn("back on 12 January", new Date(Number.NaN), ZONE)).toBeNull();
  });

  it("is total: any text gives null or the start of a local day, never a throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01") }), (text, now) => {
        const result = returnDateIn(text, now, ZONE);
        if (result === null) return;
        const local = DateTime.fromJSDate(result, { zone: ZONE });
        expect(local.toFormat("HH:mm:ss.SSS")).toBe("00:00:00.000");
      }),
      { numRuns: 300 },
    );
  });

  it("rolls any year-less 'back on D Month' to a date within the coming year, never before today", () => {
    const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 11 }),
        fc.date({ min: new Date("2020-01-01"), max: new Date("2090-01-01"), noInvalidDate: true }),
        (d, m, now) => {
          const result = returnDateIn(`I will be back on ${d} ${months[m]}.`, now, ZONE);
          expect(result).not.toBeNull();
          const local = DateTime.fromJSDate(result!, { zone: ZONE });
          const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf("day");
          expect(local.day).toBe(d);
          expect(local.month).toBe(m + 1);
          expect(local >= today).toBe(true);
          expect(local < today.plus({ years: 1 })).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
