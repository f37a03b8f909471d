// The Beta distribution's density and distribution function, for the exact "probability best".
//
// logGamma: Lanczos approximation with g = 7 and the nine coefficients published by Paul Godfrey
// (the set used by Wikipedia's "Lanczos approximation" article), relative error about 1e-15 for
// x ≥ 0.5; smaller x by the reflection formula. Only x ≥ 1 occurs here (Beta(1 + r, 1 + s − r)).
//
// regularisedIncompleteBeta: I_x(a, b) by the continued fraction of Numerical Recipes in C, 2nd
// ed. (Press et al. 1992), §6.4, eq. 6.4.5 and routine `betacf`, evaluated with the modified Lentz
// method (§5.2); the prefactor x^a (1−x)^b / (a B(a, b)) is computed in log space so that large
// counts (a, b in the tens of thousands) neither overflow nor underflow. As in NR, the fraction is
// used directly for x < (a+1)/(a+b+2), where it converges fast, and through the symmetry
// I_x(a, b) = 1 − I_{1−x}(b, a) otherwise. NR stops after 100 iterations; the number needed grows
// like √max(a, b), so the limit here is far higher, and not converging is an error, never a guess.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln of the Beta(a, b) density at x in (0, 1). */
export function betaLogDensity(x: number, a: number, b: number): number {
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b);
}

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

// NR's betacf: the continued fraction for I_x(a, b), modified Lentz.
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return h;
  }
  throw new Error(`The incomplete beta fraction did not converge for x=${x}, a=${a}, b=${b}.`);
}

/** I_x(a, b): the Beta(a, b) distribution function at x. */
export function regularisedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`Beta parameters must be positive; got a=${a}, b=${b}.`);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The x with I_x(a, b) = p, by bisection (the function is monotone; 200 halvings reach 1e-16). */
export function betaQuantile(p: number, a: number, b: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 200 && high - low > 1e-16; i++) {
    const middle = (low + high) / 2;
    if (regularisedIncompleteBeta(middle, a, b) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
