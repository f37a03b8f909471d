// One computation for everyone asking the same question at about the same time, and never an
// answer computed before its question was asked.
import { afterEach, describe, expect, it, vi } from "vitest";
import { sharedAnswer } from "../../src/answers/shared-answer.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** A computation the test finishes by hand, recording when it started. */
function controllable() {
  const started: number[] = [];
  const finishers: Array<(value: string) => void> = [];
  const compute = () => {
    started.push(Date.now());
    return new Promise<string>((resolve) => finishers.push(resolve));
  };
  return { started, finishers, compute };
}

describe("sharedAnswer", () => {
  it("questions asked while a computation runs share the one that starts after it, not one each", async () => {
    let now = 1_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const { started, finishers, compute } = controllable();
    const first = sharedAnswer("k1", now, compute);
    now += 10;
    const later = [sharedAnswer("k1", now, compute), sharedAnswer("k1", now + 1, compute), sharedAnswer("k1", now + 2, compute)];
    now += 10;
    expect(started).toEqual([1_000]);
    finishers[0]!("computed at 1000");
    expect(await first).toBe("computed at 1000");
    await vi.waitFor(() => expect(started).toHaveLength(2));
    // The second computation started after every later question was asked.
    expect(started[1]).toBeGreaterThanOrEqual(1_012);
    finishers[1]!("computed at 1020");
    expect(await Promise.all(later)).toEqual(["computed at 1020", "computed at 1020", "computed at 1020"]);
    expect(started).toHaveLength(2);
  });

  it("a question asked before a computation started takes its answer; a failure is not shared", async () => {
    let now = 5_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const { started, finishers, compute } = controllable();
    const early = sharedAnswer("k2", 4_000, compute);
    const alsoEarly = sharedAnswer("k2", 4_500, compute);
    finishers[0]!("answer");
    expect(await Promise.all([early, alsoEarly])).toEqual(["answer", "answer"]);
    expect(started).toHaveLength(1);

    now = 6_000;
    const failing = sharedAnswer("k2", now, () => Promise.reject(new Error("database down")));
    await expect(failing).rejects.toThrow("database down");
    now = 6_001;
    const retried = sharedAnswer("k2", 5_999, compute);
    finishers[1]!("fresh");
    expect(await retried).toBe("fresh");
  });
});
