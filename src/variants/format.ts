// How the variants' numbers are written for people: one place, so the table and the verdict agree.

/** A rate as "12.5 %"; "–" when there is nothing to divide by. */
export function formatRate(rate: number | null): string {
  return rate === null ? "–" : `${(rate * 100).toFixed(1)} %`;
}

/**
 * A probability as a whole percentage, never "0 %" or "100 %": with a finite sample neither is true,
 * so the extremes read "< 1 %" and "> 99 %".
 */
export function formatProbability(p: number): string {
  if (p < 0.01) return "< 1 %";
  if (p > 0.99) return "> 99 %";
  return `${Math.min(99, Math.max(1, Math.round(p * 100)))} %`;
}
