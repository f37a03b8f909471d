import { describe, expect, it } from "vitest";
import { describeReason, effectiveCaps, halved, planAccount, WARM_UP_DEFAULTS, type WarmUp } from "../../src/schedule/index.js";
import { DAY, EVERY_DAY, newProspect, officeHours, rules, seededRandom } from "./builders.js";
import { localDate } from "./oracle.js";

const CONFIGURED = { dailyMessageCap: 20, dailyInvitationCap: 20 };
const warmUp = (overrides: Partial<WarmUp> = {}): WarmUp => ({
  fromDay: 100,
  untilDay: null,
  ...WARM_UP_DEFAULTS,
  sendingDays: [],
  ...overrides,
});

describe("effectiveCaps", () => {
  it("is the configured caps without a ramp or a brake", () => {
    expect(effectiveCaps(CONFIGURED, 5, 0)).toEqual({ messages: 20, invitations: 20, warmUpDay: null, brakes: [] });
  });

  it("ramps 5/10 on the first sending day, +2/+3 on each later one, up to the configured caps", () => {
    const settings = { ...CONFIGURED, warmUp: warmUp() };
    const series = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((before) => effectiveCaps(settings, 120, before));
    expect(series.map((caps) => caps.invitations)).toEqual([5, 7, 9, 11, 13, 15, 17, 19, 20]);
    expect(series.map((caps) => caps.messages)).toEqual([10, 13, 16, 19, 20, 20, 20, 20, 20]);
    expect(series.map((caps) => caps.warmUpDay)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, null]);
  });

  it("applies the ramp only on its days", () => {
    const settings = { ...CONFIGURED, warmUp: warmUp({ fromDay: 100, untilDay: 114 }) };
    expect(effectiveCaps(settings, 99, 0).messages).toBe(20);
    expect(effectiveCaps(settings, 100, 0).messages).toBe(10);
    expect(effectiveCaps(settings, 113, 0).messages).toBe(10);
    expect(effectiveCaps(settings, 114, 0).messages).toBe(20);
  });

  it("halves invitations at low acceptance, stops them with too many pending, halves both after limit signals", () => {
    const on = (kind: "low_acceptance" | "pending_invitations" | "limit_signals") => ({
      ...CONFIGURED,
      brakes: [{ kind, fromDay: 10, untilDay: 17 }],
    });
    expect(effectiveCaps(on("low_acceptance"), 10, 0)).toMatchObject({ messages: 20, invitations: 10 });
    expect(effectiveCaps(on("pending_invitations"), 12, 0)).toMatchObject({ messages: 20, invitations: 0 });
    expect(effectiveCaps(on("limit_signals"), 16, 0)).toMatchObject({ messages: 10, invitations: 10 });
    expect(effectiveCaps(on("limit_signals"), 17, 0)).toMatchObject({ messages: 20, invitations: 20 });
    expect(effectiveCaps(on("limit_signals"), 9, 0)).toMatchObject({ messages: 20, invitations: 20 });
  });

  it("combines a ramp with brakes: ramp first, then each brake kind once", () => {
    const settings = {
      ...CONFIGURED,
      warmUp: warmUp(),
      brakes: [
        { kind: "low_acceptance" as const, fromDay: 100, untilDay: null },
        { kind: "limit_signals" as const, fromDay: 100, untilDay: 107 },
        { kind: "limit_signals" as const, fromDay: 101, untilDay: 108 },
      ],
    };
    // Day 4 of the ramp: 11 invitations, 19 messages → limit halves both (5, 9) → acceptance halves invitations (2).
    expect(effectiveCaps(settings, 103, 3)).toEqual({
      messages: 9,
      invitations: 2,
      warmUpDay: 4,
      brakes: ["low_acceptance", "limit_signals"],
    });
  });

  it("halves down to 1 at the least, and 0 stays 0", () => {
    expect([0, 1, 2, 3, 9, 20].map(halved)).toEqual([0, 1, 1, 1, 4, 10]);
  });
});

describe("the planner with a warm-up ramp", () => {
  it("plans a new account's first messages per account-local day exactly along the ramp", () => {
    const now = new Date("2026-12-01T05:00:00Z"); // a Tuesday, before the window opens in New York
    const fromDay = Math.floor((now.getTime() - 5 * 3_600_000) / DAY);
    const planned = planAccount({
      now,
      account: rules({ minGapMinutes: 5, jitterFraction: 0, followUpMinGapMinutes: 1, warmUp: warmUp({ fromDay }) }),
      history: [],
      campaigns: [{ id: "c", window: officeHours({ days: EVERY_DAY }) }],
      sequences: Array.from({ length: 120 }, (_, index) => newProspect("c", `p${index}`)),
      random: seededRandom(1),
    });
    const perDay = new Map<string, number>();
    for (const send of planned) {
      const date = localDate("America/New_York", send.at);
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    expect([...perDay.values()].slice(0, 8)).toEqual([10, 13, 16, 19, 20, 20, 20, 2]);
    // Day 2's first send was moved by the ramp's cap of day 1, and says so.
    const secondDay = planned[10]!;
    expect(secondDay.reasons.map(describeReason)).toContain("daily cap 10 reached (warming up)");
  });

  it("counts only sending days: days with no send (weekends here) do not raise the ramp", () => {
    const now = new Date("2026-12-04T05:00:00Z"); // a Friday
    const fromDay = Math.floor((now.getTime() - 5 * 3_600_000) / DAY);
    const planned = planAccount({
      now,
      account: rules({ minGapMinutes: 5, jitterFraction: 0, followUpMinGapMinutes: 1, warmUp: warmUp({ fromDay }) }),
      history: [],
      campaigns: [{ id: "c", window: officeHours() }],
      sequences: Array.from({ length: 30 }, (_, index) => newProspect("c", `p${index}`)),
      random: seededRandom(2),
    });
    const perDay = new Map<string, number>();
    for (const send of planned) {
      const date = localDate("America/New_York", send.at);
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    expect([...perDay]).toEqual([
      ["2026-12-04", 10],
      ["2026-12-07", 13],
      ["2026-12-08", 7],
    ]);
  });

  it("continues the ramp from the sending days already in the database", () => {
    const now = new Date("2026-12-01T05:00:00Z");
    const today = Math.floor((now.getTime() - 5 * 3_600_000) / DAY);
    const planned = planAccount({
      now,
      account: rules({
        minGapMinutes: 5,
        jitterFraction: 0,
        followUpMinGapMinutes: 1,
        warmUp: warmUp({ fromDay: today - 30, sendingDays: [today - 30, today - 20, today - 12] }),
      }),
      history: [],
      campaigns: [{ id: "c", window: officeHours({ days: EVERY_DAY }) }],
      sequences: Array.from({ length: 40 }, (_, index) => newProspect("c", `p${index}`)),
      random: seededRandom(3),
    });
    const first = localDate("America/New_York", planned[0]!.at);
    expect(planned.filter((send) => localDate("America/New_York", send.at) === first)).toHaveLength(19);
  });
});
