// Planning in slices: the same plan as planning in one go, with the event loop free between
// slices (a plan of 100,000 prospects runs in the process that acknowledges Slack).
import { describe, expect, it, vi } from "vitest";
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

  it("shares one slice among computations running at once", async () => {
    // A virtual clock: each step of work takes 2 ms of it, nothing else does.
    let now = 1_000_000;
    const clock = vi.spyOn(performance, "now").mockImplementation(() => now);
    let steps = 0;
    function* work(): Generator<void, void, void> {
      for (let step = 0; step < 30; step++) {
        now += 2;
        steps += 1;
        yield;
      }
    }
    // How many steps ran between two turns of the event loop, at most.
    let most = 0;
    let seen = 0;
    let done = false;
    const tick = () => {
      most = Math.max(most, steps - seen);
      seen = steps;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    try {
      await Promise.all([runInSlices(work()), runInSlices(work()), runInSlices(work())]);
    } finally {
      done = true;
      clock.mockRestore();
    }
    // One 5 ms slice holds 3 steps of 2 ms; the other two computations then take one step each
    // before they see the slice is used up. Separate slices would allow 3 steps each, 9 a turn.
    expect(most).toBeLessThanOrEqual(5);
    expect(steps).toBe(90);
  });
});
