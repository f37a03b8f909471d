// The Beta functions behind the exact probabilities, against closed forms that need no special
// function: Γ(n) = (n−1)! for whole n, I_x(1, b) = 1 − (1−x)^b, I_x(a, 1) = x^a, I_½(a, a) = ½,
// and for whole a, b the binomial identity I_x(a, b) = P(Binomial(a+b−1, x) ≥ a).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaQuantile, logBeta, logGamma, regularisedIncompleteBeta as I } from "../../src/variants/beta.js";

const logFactorial = (n: number) => {
  let sum = 0;
  for (let k = 2; k <= n; k++) sum += Math.log(k);
  return sum;
};

const relativeError = (actual: number, expected: number) =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);

// P(Binomial(n, x) ≥ k), summing the terms in log space.
function binomialUpperTail(n: number, x: number, k: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) {
    sum += Math.exp(
      logFactorial(n) - logFactorial(j) - logFactorial(n - j) + j * Math.log(x) + (n - j) * Math.log1p(-x),
    );
  }
  return sum;
}

describe("logGamma", () => {
  it("equals ln((n−1)!) for whole n", () => {
    for (const n of [1, 2, 3, 10, 31, 302, 5000, 100_002]) {
      const exact = logFactorial(n - 1);
      expect(Math.abs(logGamma(n) - exact)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(exact)));
    }
  });

  it("gives Γ(½) = √π", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 13);
  });
});

describe("regularisedIncompleteBeta", () => {
  it("matches the closed forms for a = 1, b = 1 and symmetric parameters", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        (x, n) => {
          // Relative: ln Γ of large arguments carries ~1e-15 relative error, ~1e-12 in the prefactor.
          expect(relativeError(I(x, 1, n), -Math.expm1(n * Math.log1p(-x)))).toBeLessThan(1e-10);
          expect(relativeError(I(x, n, 1), Math.exp(n * Math.log(x)))).toBeLessThan(1e-10);
          // ln B(n, n) is about 1.4 n, so its 1e-15 relative error becomes ~1e-12 in the prefactor.
          expect(I(0.5, n, n)).toBeCloseTo(0.5, 10);
        },
      ),
    );
  });

  it("equals the binomial tail for whole parameters, including counts in the hundreds", () => {
    for (const [a, b] of [
      [31, 271],
      [46, 256],
      [2, 3],
      [150, 151],
      [1, 400],
    ] as const) {
      for (const x of [0.01, 0.05, 0.1, 0.1265, 0.15, 0.3, 0.5, 0.9]) {
        expect(I(x, a, b)).toBeCloseTo(binomialUpperTail(a + b - 1, x, a), 11);
      }
    }
  });

  it("stays within [0, 1], rises with x and converges for 100,000 sends", () => {
    let previous = 0;
    for (let k = 0; k <= 400; k++) {
      const x = 0.1 + (0.04 * k) / 400;
      const value = I(x, 12_001, 88_001);
      expect(value).toBeGreaterThanOrEqual(previous);
      expect(value).toBeLessThanOrEqual(1);
      previous = value;
    }
    expect(I(0.12, 12_001, 88_001)).toBeCloseTo(0.5, 1);
  });

  it("refuses parameters that are not positive", () => {
    expect(() => I(0.5, 0, 1)).toThrow("Beta parameters must be positive; got a=0, b=1.");
  });
});

describe("betaQuantile", () => {
  it("inverts the distribution function", () => {
    for (const [a, b] of [
      [1, 1],
      [1, 301],
      [31, 271],
      [12_001, 88_001],
    ] as const) {
      for (const p of [1e-15, 1e-6, 0.025, 0.5, 0.975, 1 - 1e-6]) {
        const x = betaQuantile(p, a, b);
        expect(Math.abs(I(x, a, b) - p)).toBeLessThan(Math.max(1e-12, p * 1e-6));
      }
    }
  });
});
