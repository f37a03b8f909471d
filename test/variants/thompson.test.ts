// Issue 16, acceptance 5 as a pure simulation, and the rules of auto-optimise one by one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VARIANT_LETTERS, type VariantLetter } from "../../src/variants/letters.js";
import { randomFor } from "../../src/variants/prng.js";
import { type ArmState, assignmentShares, nextVariant } from "../../src/variants/thompson.js";

interface Simulation {
  letters: VariantLetter[];
  how: string[];
  arms: ArmState[];
}

// 1,500 prospects arrive one by one. Each is assigned by nextVariant from the counts so far, the
// message is sent at once, and the person answers (or not) with a probability that depends only on
// the variant; their answer becomes known `replyDelay` prospects later (replies take days while
// new prospects keep coming). Whether person n would reply is fixed by the world's seed, apart
// from the assignment's seed.
function simulate(seed: string, replyRates: number[], prospects = 1500, replyDelay = 60): Simulation {
  const arms: ArmState[] = replyRates.map((_, i) => ({
    letter: VARIANT_LETTERS[i]!,
    assigned: 0,
    sends: 0,
    replies: 0,
  }));
  const letters: VariantLetter[] = [];
  const how: string[] = [];
  const pending: Array<{ at: number; arm: ArmState }> = [];
  for (let n = 0; n < prospects; n++) {
    while (pending.length > 0 && pending[0]!.at <= n) pending.shift()!.arm.replies += 1;
    const decision = nextVariant({ seed, arms });
    const arm = arms.find((a) => a.letter === decision.letter)!;
    arm.assigned += 1;
    arm.sends += 1;
    letters.push(decision.letter);
    how.push(decision.how);
    const person = randomFor(`world:${seed}:person-${n}`)();
    if (person < replyRates[arms.indexOf(arm)]!) pending.push({ at: n + replyDelay, arm });
  }
  return { letters, how, arms };
}

const share = (letters: VariantLetter[], letter: VariantLetter) =>
  letters.filter((l) => l === letter).length / letters.length;

describe("auto-optimise simulation (5 %, 10 %, 15 % reply rates, 1,500 prospects)", () => {
  const seeds = Array.from({ length: 10 }, (_, i) => `campaign-${i}:step-0`);

  it("gives the best variant the majority of later assignments and keeps every variant at 10 % or more", () => {
    for (const seed of seeds) {
      const { letters, how } = simulate(seed, [0.05, 0.1, 0.15]);
      const firstAdaptive = how.indexOf("thompson");
      expect(firstAdaptive).toBeGreaterThanOrEqual(90); // 3 × 30 sends first, balanced
      expect(how.slice(0, firstAdaptive).every((h) => h === "balanced" || h === "floor")).toBe(true);
      const later = letters.slice(750);
      expect(share(later, "C")).toBeGreaterThan(0.5);
      for (const letter of ["A", "B", "C"] as const) {
        expect(share(letters, letter)).toBeGreaterThanOrEqual(0.1);
        // Every stretch of 100 assignments after the balanced phase holds at least 10 of each.
        for (let start = firstAdaptive; start + 100 <= letters.length; start += 50) {
          expect(letters.slice(start, start + 100).filter((l) => l === letter).length).toBeGreaterThanOrEqual(
            10,
          );
        }
      }
    }
  });

  it("reproduces the same sequence with the same seed, and another with another seed", () => {
    const first = simulate("campaign-42:step-1", [0.05, 0.1, 0.15]);
    const again = simulate("campaign-42:step-1", [0.05, 0.1, 0.15]);
    expect(again.letters).toEqual(first.letters);
    expect(again.arms).toEqual(first.arms);
    const other = simulate("campaign-43:step-1", [0.05, 0.1, 0.15]);
    expect(other.letters).not.toEqual(first.letters);
  });

  it("stays near even when the variants are equally good (it does not invent a winner)", () => {
    // With equal 10 % rates Thompson keeps hedging: no variant takes 60 % of the later assignments.
    for (const seed of seeds.slice(0, 5)) {
      const { letters } = simulate(seed, [0.1, 0.1, 0.1]);
      for (const letter of ["A", "B", "C"] as const)
        expect(share(letters.slice(750), letter)).toBeLessThan(0.6);
    }
  });
});

const armsArb = fc
  .array(
    fc.integer({ min: 30, max: 400 }).chain((sends) =>
      fc.record({
        sends: fc.constant(sends),
        replies: fc.integer({ min: 0, max: sends }),
        unsent: fc.integer({ min: 0, max: 50 }),
      }),
    ),
    { minLength: 2, maxLength: 4 },
  )
  .map((rows) =>
    rows.map(({ sends, replies, unsent }, i) => ({
      letter: VARIANT_LETTERS[i]!,
      assigned: sends + unsent,
      sends,
      replies,
    })),
  );

describe("nextVariant", () => {
  it("is balanced while any variant has fewer than 30 sends: the fewest assigned goes next", () => {
    const arms: ArmState[] = [
      { letter: "A", assigned: 40, sends: 40, replies: 10 },
      { letter: "B", assigned: 35, sends: 29, replies: 0 },
      { letter: "C", assigned: 35, sends: 35, replies: 0 },
    ];
    const picks = new Set<VariantLetter>();
    for (let i = 0; i < 20; i++) {
      const decision = nextVariant({ seed: `s${i}`, arms });
      expect(decision.how).toBe("balanced");
      picks.add(decision.letter);
    }
    // Ties between B and C go either way, by the seed; A, with more, never.
    expect([...picks].sort()).toEqual(["B", "C"]);
  });

  it("gives every variant at least its floor in any run of decisions, whatever the counts (property)", () => {
    fc.assert(
      fc.property(armsArb, fc.string(), (arms, seed) => {
        // 200 decisions on the same counts (the worst case for the floor: the counts never let
        // a behind variant catch up); each of k variants gets ≥ 10 % of them, up to one slot.
        const state = arms.map((arm) => ({ ...arm }));
        const got = new Map<VariantLetter, number>(arms.map((arm) => [arm.letter, 0]));
        for (let i = 0; i < 200; i++) {
          const { letter } = nextVariant({ seed, arms: state });
          got.set(letter, got.get(letter)! + 1);
          state.find((arm) => arm.letter === letter)!.assigned += 1; // assigned, not yet sent
        }
        for (const count of got.values()) expect(count).toBeGreaterThanOrEqual(19);
      }),
      { numRuns: 40 },
    );
  });

  it("follows the expected shares floor + (1 − k·floor) · P(best)", () => {
    const arms: ArmState[] = [
      { letter: "A", assigned: 100, sends: 100, replies: 8 },
      { letter: "B", assigned: 100, sends: 100, replies: 12 },
      { letter: "C", assigned: 100, sends: 100, replies: 11 },
    ];
    const expected = assignmentShares({ arms });
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 8);
    // 20,000 decisions on the same counts; `assigned` moves the slot so each decision uses a new stream.
    const got = new Map<VariantLetter, number>([
      ["A", 0],
      ["B", 0],
      ["C", 0],
    ]);
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const state = arms.map((arm, j) => (j === 0 ? { ...arm, assigned: arm.assigned + i } : arm));
      const { letter } = nextVariant({ seed: "shares", arms: state });
      got.set(letter, got.get(letter)! + 1);
    }
    for (const [letter, count] of got) {
      const p = expected.get(letter)!;
      expect(Math.abs(count / draws - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws) + 0.002);
    }
    expect(
      assignmentShares({ arms: arms.map((arm) => ({ ...arm, sends: 20, replies: 1, assigned: 20 })) }),
    ).toEqual(
      new Map([
        ["A", 1 / 3],
        ["B", 1 / 3],
        ["C", 1 / 3],
      ]),
    );
  });

  it("decides from its input alone and does not change it (earlier assignments are the caller's)", () => {
    fc.assert(
      fc.property(armsArb, fc.string(), (arms, seed) => {
        const frozen = Object.freeze(arms.map((arm) => Object.freeze({ ...arm })));
        expect(nextVariant({ seed, arms: frozen })).toEqual(
          nextVariant({ seed, arms: structuredClone(arms) }),
        );
        expect(frozen).toEqual(arms);
      }),
      { numRuns: 50 },
    );
  });

  it("refuses impossible state with a message naming it", () => {
    const ok: ArmState = { letter: "B", assigned: 1, sends: 1, replies: 0 };
    expect(() =>
      nextVariant({ seed: "s", arms: [{ letter: "A", assigned: 3, sends: 5, replies: 0 }, ok] }),
    ).toThrow("Variant A: assigned must be a whole number at least its 5 sends; got 3.");
    expect(() => nextVariant({ seed: "s", arms: [{ ...ok, letter: "A" }, ok], floor: 0.6 })).toThrow(
      "floor must be from 0 to 1/2 for 2 variants; got 0.6.",
    );
    expect(() => nextVariant({ seed: "s", arms: [{ ...ok, letter: "A" }, ok], minSends: -1 })).toThrow(
      "minSends must be a whole number from 0; got -1.",
    );
  });
});
