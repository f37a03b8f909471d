// Seeded Gamma and Beta draws, for Thompson sampling and for the Monte Carlo cross-check of the
// exact probabilities.
//
// Gamma(shape, 1): Marsaglia & Tsang, "A simple method for generating gamma variables", ACM
// Transactions on Mathematical Software 26(3), 2000, pp. 363–372: for shape ≥ 1, with
// d = shape − 1/3 and c = 1/√(9d), draw a standard normal x, set v = (1 + cx)³ and accept d·v when
// v > 0 and u < 1 − 0.0331 x⁴ (the squeeze) or ln u < x²/2 + d(1 − v + ln v). For shape < 1 the
// paper's boost: Gamma(shape) = Gamma(shape + 1) · u^(1/shape).
// Normal: Box–Muller (1958), one of the pair per call, so a draw consumes a fixed pattern of the
// stream and the same seed always gives the same sequence.
// Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) independent.
import type { Random } from "./prng.js";

export function standardNormal(random: Random): number {
  const u1 = 1 - random(); // in (0, 1]: the logarithm stays finite
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function gammaDraw(shape: number, random: Random): number {
  if (!(shape > 0)) throw new RangeError(`Gamma shape must be positive; got ${shape}.`);
  if (shape < 1) return gammaDraw(shape + 1, random) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function betaDraw(a: number, b: number, random: Random): number {
  const x = gammaDraw(a, random);
  const y = gammaDraw(b, random);
  return x / (x + y);
}
