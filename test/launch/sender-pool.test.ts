// assignByCapacity, the connector pool's split of new prospects over its accounts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignByCapacity, type SenderLoad } from "../../src/launch/sender-pool.js";

const count = (ids: string[], id: string) => ids.filter((x) => x === id).length;

describe("assignByCapacity", () => {
  it("splits by capacity: 20 and 10 a day take 8 and 4 of 12", () => {
    const ids = assignByCapacity([{ accountId: "a", dailyCapacity: 20, queued: 0 }, { accountId: "b", dailyCapacity: 10, queued: 0 }], 12);
    expect([count(ids, "a"), count(ids, "b")]).toEqual([8, 4]);
  });

  it("counts what is already queued: a busy account gets fewer", () => {
    const ids = assignByCapacity([{ accountId: "a", dailyCapacity: 10, queued: 10 }, { accountId: "b", dailyCapacity: 10, queued: 0 }], 20);
    expect([count(ids, "a"), count(ids, "b")]).toEqual([5, 15]);
  });

  it("gives nothing to an account whose invitations are stopped (brake), unless none has capacity", () => {
    const stopped = assignByCapacity([{ accountId: "a", dailyCapacity: 0, queued: 0 }, { accountId: "b", dailyCapacity: 5, queued: 9 }], 4);
    expect(stopped).toEqual(["b", "b", "b", "b"]);
    const none = assignByCapacity([{ accountId: "a", dailyCapacity: 0, queued: 2 }, { accountId: "b", dailyCapacity: 0, queued: 0 }], 3);
    expect(none).toEqual(["b", "b", "a"]);
  });

  it("property: every prospect assigned once to an account with capacity, and no account could have cleared sooner", () => {
    const loads = fc.uniqueArray(
      fc.record({ accountId: fc.constantFrom("a", "b", "c", "d", "e"), dailyCapacity: fc.integer({ min: 0, max: 40 }), queued: fc.integer({ min: 0, max: 200 }) }),
      { minLength: 1, maxLength: 5, selector: (load) => load.accountId },
    );
    fc.assert(
      fc.property(loads, fc.integer({ min: 0, max: 300 }), (given: SenderLoad[], n) => {
        const ids = assignByCapacity(given, n);
        expect(ids).toHaveLength(n);
        const withCapacity = given.filter((load) => load.dailyCapacity > 0);
        if (withCapacity.length === 0) return;
        for (const id of ids) expect(withCapacity.map((load) => load.accountId)).toContain(id);
        // Greedy on (queued + 1) / capacity: an account that took any is, at the end, no further
        // behind (in days of its own capacity) than any other account would be with one more.
        const final = new Map(withCapacity.map((load) => [load.accountId, load.queued + count(ids, load.accountId)]));
        for (const i of withCapacity) {
          if (count(ids, i.accountId) === 0) continue;
          for (const j of withCapacity) {
            expect(final.get(i.accountId)! / i.dailyCapacity).toBeLessThanOrEqual((final.get(j.accountId)! + 1) / j.dailyCapacity + 1e-12);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
