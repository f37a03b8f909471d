// The planning horizon: every first touch must fit before it; follow-ups are not held to it.
import { describe, expect, it } from "vitest";
import { PlanBeyondHorizonError, planAccount, type PlanInput } from "../../src/schedule/index.js";
import { newProspect, officeHours, rules } from "./builders.js";

// Tuesday 24 November 2026, 09:00 in New York.
const NOW = new Date("2026-11-24T14:00:00Z");
const DAY_MS = 86_400_000;

function input(overrides: Partial<PlanInput>): PlanInput {
  return {
    now: NOW,
    account: rules({ dailyMessageCap: 1 }),
    history: [],
    campaigns: [{ id: "A", window: officeHours() }],
    sequences: [],
    random: () => 0,
    ...overrides,
  };
}

describe("planAccount with a horizon", () => {
  it("refuses a plan whose first messages do not fit, saying how much did", () => {
    // One message a day: 10 prospects in 7 days cannot all get their first message.
    const sequences = Array.from({ length: 10 }, (_, i) => newProspect("A", `p${i}`));
    const attempt = () => planAccount(input({ sequences, horizon: new Date(NOW.getTime() + 7 * DAY_MS) }));
    expect(attempt).toThrow(PlanBeyondHorizonError);
    try {
      attempt();
    } catch (error) {
      const refused = error as PlanBeyondHorizonError;
      // A week of weekdays at one a day: some fit, the rest are what the estimate scales by.
      expect(refused.total).toBe(10);
      expect(refused.placed).toBeGreaterThan(0);
      expect(refused.placed).toBeLessThan(10);
      expect(refused.horizonDays).toBe(7);
    }
  });

  it("plans the same sequences without a horizon, as before", () => {
    const sequences = Array.from({ length: 10 }, (_, i) => newProspect("A", `p${i}`));
    expect(planAccount(input({ sequences }))).toHaveLength(10);
  });

  it("does not hold a follow-up's own long delay to the horizon", () => {
    const planned = planAccount(
      input({ sequences: [newProspect("A", "p1", [300, 200])], horizon: new Date(NOW.getTime() + 365 * DAY_MS) }),
    );
    expect(planned).toHaveLength(3);
    expect(planned.at(-1)!.at.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 500 * DAY_MS);
  });
});
