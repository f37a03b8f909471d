// Planning in slices: the same plan as planning in one go, with the event loop free between
// slices (a plan of 100,000 prospects runs in the process that acknowledges Slack).
import { describe, expect, it } from "vitest";
import { planAccount, planAccountInSlices, type PlanInput } from "../../src/schedule/index.js";
import { runInSlices } from "../../src/schedule/in-slices.js";
import { newProspect, officeHours, rules, seededRandom } from "./builders.js";

function input(random: () => number): PlanInput {
  return {
    now: new Date("2026-11-24T14:00:00Z"),
    account: rules({ dailyMessageCap: 200, minGapMinutes: 2 }),
    history: [],
    campaigns: [
      { id: "A", window: officeHours() },
      { id: "B", window: officeHours({ days: [1, 3, 5] }) },
    ],
    sequences: Array.from({ length: 3000 }, (_, i) => newProspect(i % 3 === 0 ? "B" : "A", `p${i}`, [3, 5])),
    random,
  };
}

describe("planning in slices", () => {
  it("gives the plan planAccount gives", async () => {
    const together = planAccount(input(seededRandom(7)));
    const sliced = await planAccountInSlices(input(seededRandom(7)));
    expect(sliced).toEqual(together);
    expect(sliced).toHaveLength(9000);
  });

  it("lets other work run between slices", async () => {
    let otherWorkRan = false;
    setImmediate(() => {
      otherWorkRan = true;
    });
    function* busy(): Generator<void, boolean, void> {
      // Each step holds the thread for 2 ms; a slice is 5 ms, so the loop must pause.
      for (let step = 0; step < 10; step++) {
        const until = performance.now() + 2;
        while (performance.now() < until) {}
        yield;
      }
      return otherWorkRan;
    }
    expect(await runInSlices(busy())).toBe(true);
  });
});
