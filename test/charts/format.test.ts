// The pure helpers behind the charts' text and the analytics' median: examples and properties.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { median } from "../../src/analytics/campaign-stats.js";
import { count, percent } from "../../src/charts/render.js";

describe("percent", () => {
  it("examples: one decimal below 10%, whole above, a dash without a base", () => {
    expect(percent(37, 1200)).toBe("3.1%");
    expect(percent(143, 1200)).toBe("12%");
    expect(percent(0, 5)).toBe("0%");
    expect(percent(5, 5)).toBe("100%");
    expect(percent(1, 0)).toBe("–");
  });

  it("property: the number shown is within rounding of the true share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), (whole, seed) => {
        const part = seed % (whole + 1);
        const shown = Number.parseFloat(percent(part, whole));
        const exact = (part / whole) * 100;
        expect(Math.abs(shown - exact)).toBeLessThanOrEqual(exact < 10 ? 0.05 + 1e-9 : 0.5 + 1e-9);
      }),
    );
  });
});

describe("count", () => {
  it("groups thousands with commas", () => {
    expect(count(1234567)).toBe("1,234,567");
    expect(count(12)).toBe("12");
  });
});

describe("median", () => {
  it("examples", () => {
    expect(median([])).toBeNull();
    expect(median([0.667, 24, 80, 93.25, 247.5])).toBe(80);
    expect(median([1, 2])).toBe(1.5);
  });

  it("property: at least half the values are ≤ it and at least half are ≥ it (to its rounding)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }),
        (values) => {
          const sorted = [...values].sort((a, b) => a - b);
          const m = median(sorted)!;
          expect(sorted.filter((v) => v <= m + 0.05).length * 2).toBeGreaterThanOrEqual(sorted.length);
          expect(sorted.filter((v) => v >= m - 0.05).length * 2).toBeGreaterThanOrEqual(sorted.length);
        },
      ),
    );
  });
});
