// The health brake's rules as pure functions: which brakes the facts call for, and when.
import { describe, expect, it } from "vitest";
import { type BrakeThresholds, brakesWanted, type HealthFacts, limitBrakeUntil } from "../../src/accounts/health-brake.js";

const DAY = 86_400_000;
const NOW = new Date("2026-11-30T14:00:00Z");
const DEFAULTS: BrakeThresholds = {
  minAcceptance: 0.2,
  minInvitations: 50,
  maxPending: 500,
  withdrawAfterDays: 14,
  withdrawalsPerDay: 10,
  limitSignals: 2,
};
const facts = (overrides: Partial<HealthFacts>): HealthFacts => ({ judged: 0, accepted: 0, pending: 0, limitSignals: [], ...overrides });
const kinds = (wanted: ReturnType<typeof brakesWanted>) => wanted.map((brake) => brake.kind);
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

describe("brakesWanted", () => {
  it("low acceptance: below 20 % over at least 50 invitations, not over 49, not at 20 %", () => {
    expect(kinds(brakesWanted(facts({ judged: 50, accepted: 9 }), DEFAULTS, NOW, new Set()))).toEqual(["low_acceptance"]);
    expect(kinds(brakesWanted(facts({ judged: 49, accepted: 0 }), DEFAULTS, NOW, new Set()))).toEqual([]);
    expect(kinds(brakesWanted(facts({ judged: 50, accepted: 10 }), DEFAULTS, NOW, new Set()))).toEqual([]);
    const [brake] = brakesWanted(facts({ judged: 60, accepted: 6 }), DEFAULTS, NOW, new Set());
    expect(brake).toEqual({
      kind: "low_acceptance",
      reason: "only 6 of its last 60 invitations were accepted (10 %, below 20 %): its invitation cap is halved until acceptance is back to 20 %",
      until: null,
    });
  });

  it("pending: on above 500, held down to 450, with an estimated end from the withdrawal pace", () => {
    expect(kinds(brakesWanted(facts({ pending: 500 }), DEFAULTS, NOW, new Set()))).toEqual([]);
    const [on] = brakesWanted(facts({ pending: 501 }), DEFAULTS, NOW, new Set());
    expect(on!.kind).toBe("pending_invitations");
    // 501 - 450 + 1 = 52 to withdraw at 10 a day: 6 days.
    expect(on!.until).toEqual(new Date(NOW.getTime() + 6 * DAY));
    expect(on!.reason).toContain("until fewer than 450 are pending (about 6 days)");
    expect(kinds(brakesWanted(facts({ pending: 450 }), DEFAULTS, NOW, new Set(["pending_invitations"])))).toEqual(["pending_invitations"]);
    expect(kinds(brakesWanted(facts({ pending: 449 }), DEFAULTS, NOW, new Set(["pending_invitations"])))).toEqual([]);
    expect(kinds(brakesWanted(facts({ pending: 480 }), DEFAULTS, NOW, new Set()))).toEqual([]);
  });

  it("limit signals: two within 7 days halve every cap until 7 days after the second", () => {
    expect(kinds(brakesWanted(facts({ limitSignals: [daysAgo(1)] }), DEFAULTS, NOW, new Set()))).toEqual([]);
    const [brake] = brakesWanted(facts({ limitSignals: [daysAgo(3), daysAgo(1)] }), DEFAULTS, NOW, new Set());
    expect(brake).toMatchObject({ kind: "limit_signals", until: new Date(NOW.getTime() + 6 * DAY) });
    expect(brake!.reason).toBe("LinkedIn signalled a limit 2 times within 7 days: every cap is halved until Sun 6 Dec 14:00 UTC");
    // Eight days apart: no two within 7 days.
    expect(kinds(brakesWanted(facts({ limitSignals: [daysAgo(9), daysAgo(1)] }), DEFAULTS, NOW, new Set()))).toEqual([]);
    // Two within 7 days, but the second more than 7 days ago: over.
    expect(kinds(brakesWanted(facts({ limitSignals: [daysAgo(10), daysAgo(8)] }), DEFAULTS, NOW, new Set()))).toEqual([]);
  });

  it("all three at once", () => {
    const wanted = brakesWanted(facts({ judged: 100, accepted: 5, pending: 600, limitSignals: [daysAgo(2), daysAgo(1)] }), DEFAULTS, NOW, new Set());
    expect(kinds(wanted)).toEqual(["low_acceptance", "pending_invitations", "limit_signals"]);
  });
});

describe("limitBrakeUntil", () => {
  it("takes the latest signal completing the count within 7 days, in any order", () => {
    expect(limitBrakeUntil([daysAgo(1), daysAgo(20), daysAgo(5)], 2)).toEqual(new Date(daysAgo(1).getTime() + 7 * DAY));
    expect(limitBrakeUntil([daysAgo(1), daysAgo(5)], 3)).toBeNull();
    expect(limitBrakeUntil([], 1)).toBeNull();
    expect(limitBrakeUntil([daysAgo(2)], 1)).toEqual(new Date(daysAgo(2).getTime() + 7 * DAY));
  });
});
