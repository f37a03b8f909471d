// Issue 16, acceptance 3 (the pure half): 1,000 prospects × 3 variants → balanced within one,
// deterministic per seed; and the split is neither the list order nor the previous step's split.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignVariants, countByVariant, stepSeed } from "../../src/variants/assign.js";
import { VARIANT_LETTERS, type VariantLetter } from "../../src/variants/letters.js";

const ids = (n: number, prefix = "p") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

// Pearson's chi-square statistic of a contingency table (rows × columns of counts).
function chiSquare(table: number[][]): number {
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = table[0]!.map((_, j) => table.reduce((a, row) => a + row[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  let chi = 0;
  table.forEach((row, i) => {
    row.forEach((observed, j) => {
      const expected = (rowSums[i]! * colSums[j]!) / total;
      chi += (observed - expected) ** 2 / expected;
    });
  });
  return chi;
}

const lettersArb = fc.integer({ min: 2, max: 4 }).map((k) => VARIANT_LETTERS.slice(0, k));

describe("assignVariants", () => {
  it("splits 1,000 prospects over 3 variants within one of each other, the same way for the same seed", () => {
    const prospects = ids(1000);
    const seed = stepSeed("campaign-1", 0);
    const first = assignVariants(prospects, ["A", "B", "C"], seed);
    const counts = Object.values(countByVariant(first, ["A", "B", "C"]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect([...assignVariants(prospects, ["A", "B", "C"], seed)]).toEqual([...first]);
    // Another seed gives another split (not just relabelled counts).
    const other = assignVariants(prospects, ["A", "B", "C"], stepSeed("campaign-2", 0));
    const same = prospects.filter((id) => other.get(id) === first.get(id)).length;
    expect(same).toBeGreaterThan(250);
    expect(same).toBeLessThan(420);
  });

  it("is balanced within one, assigns every prospect exactly once, for any n and 2–4 letters (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), lettersArb, fc.string(), (n, letters, seed) => {
        const prospects = ids(n);
        const assignment = assignVariants(prospects, letters, seed);
        expect([...assignment.keys()]).toEqual(prospects);
        for (const letter of assignment.values()) expect(letters).toContain(letter);
        const counts = Object.values(countByVariant(assignment, letters));
        expect(counts).toHaveLength(letters.length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("gives the same split for the same seed and input (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { maxLength: 60 }),
        lettersArb,
        fc.string(),
        (list, letters, seed) => {
          expect([...assignVariants(list, letters, seed)]).toEqual([...assignVariants(list, letters, seed)]);
        },
      ),
    );
  });

  it("does not follow the list order: the first half of a list is not mostly one variant", () => {
    // 3,000 prospects, 3 variants: a table of (first half, second half) × variant. Under a split
    // independent of position, Pearson's chi-square has 2 degrees of freedom; 13.82 is its 99.9 %
    // point. A round-robin or block split in list order would give 0 or thousands respectively,
    // so the test also checks the blocks: no run of 30 consecutive rows with a single variant.
    for (const campaign of ["c-1", "c-2", "c-3"]) {
      const prospects = ids(3000);
      const assignment = assignVariants(prospects, ["A", "B", "C"], stepSeed(campaign, 0));
      const table = [0, 1].map((half) =>
        (["A", "B", "C"] as VariantLetter[]).map(
          (letter) =>
            prospects.slice(half * 1500, half * 1500 + 1500).filter((id) => assignment.get(id) === letter)
              .length,
        ),
      );
      expect(chiSquare(table)).toBeLessThan(13.82);
      const letters = prospects.map((id) => assignment.get(id));
      const roundRobin = letters.every((letter, i) => i < 3 || letter === letters[i - 3]);
      expect(roundRobin).toBe(false);
      let longestRun = 1;
      let run = 1;
      for (let i = 1; i < letters.length; i++) {
        run = letters[i] === letters[i - 1] ? run + 1 : 1;
        longestRun = Math.max(longestRun, run);
      }
      expect(longestRun).toBeLessThan(30);
    }
  });

  it("gives each step its own split, independent of the previous step's", () => {
    // Step 0 × step 1 contingency table over 3,000 prospects; 4 degrees of freedom, 99.9 % point 18.47.
    // The same stream for both steps would put everything on the diagonal (chi-square ≈ 6,000).
    const prospects = ids(3000);
    const letters: VariantLetter[] = ["A", "B", "C"];
    const step0 = assignVariants(prospects, letters, stepSeed("campaign-9", 0));
    const step1 = assignVariants(prospects, letters, stepSeed("campaign-9", 1));
    const table = letters.map((a) =>
      letters.map((b) => prospects.filter((id) => step0.get(id) === a && step1.get(id) === b).length),
    );
    expect(chiSquare(table)).toBeLessThan(18.47);
  });

  it("does not always give the extra prospect of an uneven split to A", () => {
    const extras = new Set<VariantLetter>();
    for (let campaign = 0; campaign < 40; campaign++) {
      const counts = countByVariant(assignVariants(ids(4), ["A", "B", "C"], stepSeed(`c${campaign}`, 0)), [
        "A",
        "B",
        "C",
      ]);
      for (const letter of ["A", "B", "C"] as const) if (counts[letter] === 2) extras.add(letter);
    }
    expect([...extras].sort()).toEqual(["A", "B", "C"]);
  });

  it("refuses bad input with a message naming it", () => {
    expect(() => assignVariants(["a"], ["A"], "s")).toThrow("A step has 2 to 4 variants; got 1.");
    expect(() => assignVariants(["a"], ["A", "B", "C", "D", "A"], "s")).toThrow("got 5");
    expect(() => assignVariants(["a"], ["A", "E"], "s")).toThrow(
      'Variant letter "E" is not one of A, B, C, D.',
    );
    expect(() => assignVariants(["a"], ["A", "A"], "s")).toThrow("Variant A is listed twice.");
    expect(() => assignVariants(["a", "b", "a"], ["A", "B"], "s")).toThrow("Prospect a is listed twice");
    expect(() => stepSeed("c", -1)).toThrow("Step must be a whole number from 0; got -1.");
  });
});

describe("assignVariants after an earlier run (a launch's continuation)", () => {
  it("keeps the totals within one when the earlier counts were within one", () => {
    const letters = ["A", "B", "C"] as const;
    for (const [earlier, more] of [
      [{ A: 4, B: 3, C: 4 }, 1],
      [{ A: 4, B: 3, C: 4 }, 2],
      [{ A: 5, B: 5, C: 4 }, 7],
      [{ A: 0, B: 0, C: 0 }, 10],
    ] as const) {
      const ids = Array.from({ length: more }, (_, i) => `late-${i}`);
      const split = assignVariants(ids, letters, "continuation-seed", earlier);
      const totals = letters.map((letter) => earlier[letter] + [...split.values()].filter((l) => l === letter).length);
      expect(Math.max(...totals) - Math.min(...totals), JSON.stringify({ earlier, more, totals })).toBeLessThanOrEqual(1);
    }
  });
});
