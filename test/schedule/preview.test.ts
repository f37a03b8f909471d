import { describe, expect, it } from "vitest";
import { planAccount, previewPlan, resolveFollowUpDelays } from "../../src/schedule/index.js";
import { newProspect, officeHours, rules } from "./builders.js";

// A messenger campaign in New York, Mon–Fri 09:00–17:00 with US holidays, launched on
// Wednesday 25 November 2026 at 15:00 EST with 30 prospects and 3 messages each (first message,
// follow-ups after 3 and 5 days), cap 20 messages a day, first messages 30 min apart, any two
// sends 5 min apart. random() = 0, so no jitter and every time below can be worked out by hand.
//
// Placement goes prospect by prospect (P1…P30), each prospect's steps one after another:
//
// Wed 25 Nov  P1–P4 first messages at 15:00, 15:30, 16:00, 16:30; 17:00 is closed.       → 4
//             Their follow-up 1 is due Sat 28 Nov (3 days later) → weekend → Mon 30 Nov
//             09:00, 09:05, 09:10, 09:15 (5-min gap); follow-up 2 due Sat 5 Dec → Mon 7 Dec
//             09:00–09:15 the same way.
// Thu 26 Nov  Thanksgiving: nothing.                                                       → 0
// Fri 27 Nov  P5–P20 first messages at 09:00, 09:30 … 16:30 (16 half-hours; cap not hit).   → 16
//             Follow-up 1 is due Mon 30 Nov at the same clock time: P5's 09:00 is taken by
//             P1–P4, so 09:20; P6–P20 fit at 09:30 … 16:30. Follow-up 2 is due Sat 5 Dec →
//             Mon 7 Dec, packed 5 min apart after P1–P4: P5 09:20 … P20 10:35.
// Sat/Sun     weekend.                                                                     → 0
// Mon 30 Nov  20 follow-ups (P1–P20): the daily cap of 20 is reached, so no first message.  → 20
// Tue 1 Dec   P21–P30 first messages at 09:00 … 13:30 (pushed by the full Monday).         → 10
// Fri 4 Dec   their follow-up 1, 3 days later, 09:00 … 13:30.                              → 10
// Mon 7 Dec   follow-up 2 of P1–P20 (see above).                                           → 20
// Wed 9 Dec   follow-up 2 of P21–P30, 5 days after Fri 4 Dec: 09:00 … 13:30, the last at
//             13:30 EST = 18:30 UTC. Outside the 14 days shown (25 Nov – 8 Dec).
//
// Rules that moved sends (a send counts once per rule; a first message searched from where the
// campaign's previous one went inherits what moved that one):
//   30 min spacing:   P2–P30 first messages                                             = 29
//   outside hours:    P5–P30 first messages (P5 after 17:00 Wed, P21 after 17:00 Fri)   = 26
//   Thanksgiving:     P5–P30 first messages (all pushed past Thu 26 Nov)                = 26
//   Sat–Sun:          P21–P30 first messages 10 + P1–P4 follow-up 1 (due Sat) 4
//                     + P1–P20 follow-up 2 (due Sat/Sun 5 Dec) 20                       = 34
//   5 min gap:        follow-up 1 of P2–P5 (09:05–09:20 Mon) 4 + follow-up 2 of P2–P20 19 = 23
//   daily cap 20:     P21–P30 first messages (Mon 30 Nov was full)                      = 10
describe("previewPlan", () => {
  const now = new Date("2026-11-25T20:00:00Z"); // Wed 15:00 EST
  const { delays, notes } = resolveFollowUpDelays([3, 5, 7], 2);
  const planned = planAccount({
    now,
    account: rules({ dailyMessageCap: 20, minGapMinutes: 30, followUpMinGapMinutes: 5 }),
    history: [],
    campaigns: [{ id: "launch", window: officeHours({ holidayCountry: "US" }) }],
    sequences: Array.from({ length: 30 }, (_, index) => newProspect("launch", `P${index + 1}`, delays)),
    random: () => 0,
  });
  const preview = previewPlan(planned, { now, days: 14, timeZone: "America/New_York", notes });

  it("says when the first message goes and when the last follow-up is expected", () => {
    expect(preview.firstSendAt?.toISOString()).toBe("2026-11-25T20:00:00.000Z");
    expect(preview.lastFollowUpAt?.toISOString()).toBe("2026-12-09T18:30:00.000Z");
  });

  it("counts the sends of each of the next 14 local days", () => {
    expect(preview.perDay).toEqual([
      { date: "2026-11-25", count: 4 },
      { date: "2026-11-26", count: 0 },
      { date: "2026-11-27", count: 16 },
      { date: "2026-11-28", count: 0 },
      { date: "2026-11-29", count: 0 },
      { date: "2026-11-30", count: 20 },
      { date: "2026-12-01", count: 10 },
      { date: "2026-12-02", count: 0 },
      { date: "2026-12-03", count: 0 },
      { date: "2026-12-04", count: 10 },
      { date: "2026-12-05", count: 0 },
      { date: "2026-12-06", count: 0 },
      { date: "2026-12-07", count: 20 },
      { date: "2026-12-08", count: 0 },
    ]);
  });

  it("lists which rules moved how many sends", () => {
    expect(preview.moved).toEqual([
      { text: "Sat–Sun skipped", count: 34 },
      { text: "30 min spacing between new prospects", count: 29 },
      { text: "outside 09:00–17:00 America/New_York", count: 26 },
      { text: "Thanksgiving Day (US) skipped", count: 26 },
      { text: "5 min gap between sends", count: 23 },
      { text: "daily cap 20 reached", count: 10 },
    ]);
  });

  it("sums it up for people, with the delay notes", () => {
    expect(preview.text).toBe(
      [
        "90 sends planned (times in America/New_York)",
        "First send: Wed 25 Nov 2026 15:00",
        "Next 14 days: Wed 25 Nov: 4, Thu 26 Nov: 0, Fri 27 Nov: 16, Sat 28 Nov: 0, Sun 29 Nov: 0, " +
          "Mon 30 Nov: 20, Tue 1 Dec: 10, Wed 2 Dec: 0, Thu 3 Dec: 0, Fri 4 Dec: 10, Sat 5 Dec: 0, " +
          "Sun 6 Dec: 0, Mon 7 Dec: 20, Tue 8 Dec: 0",
        "Last follow-up: Wed 9 Dec 2026 13:30",
        "Moved: Sat–Sun skipped (34), 30 min spacing between new prospects (29), " +
          "outside 09:00–17:00 America/New_York (26), Thanksgiving Day (US) skipped (26), " +
          "5 min gap between sends (23), daily cap 20 reached (10)",
        "Note: 3 delays given for 2 follow-ups: the last (7 days) is ignored",
      ].join("\n"),
    );
  });

  it("spot-checks individual sends from the reasoning above", () => {
    const at = (rowId: string) => planned.find((send) => send.rowId === rowId)?.at.toISOString();
    expect(at("P5#2")).toBe("2026-11-30T14:20:00.000Z"); // Mon 09:20 EST
    expect(at("P20#3")).toBe("2026-12-07T15:35:00.000Z"); // Mon 10:35 EST
    expect(at("P21#1")).toBe("2026-12-01T14:00:00.000Z"); // Tue 09:00 EST
  });

  it("handles an empty plan", () => {
    const empty = previewPlan([], { now, timeZone: "America/New_York" });
    expect(empty.firstSendAt).toBeNull();
    expect(empty.lastFollowUpAt).toBeNull();
    expect(empty.perDay).toHaveLength(14);
    expect(empty.text).toContain("First send: none");
  });
});
