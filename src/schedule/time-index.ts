// Instants of sends, kept sorted in one-day buckets so "is anything within 30 minutes of t?"
// stays cheap when a plan holds tens of thousands of sends placed out of time order.
import { DAY_MS } from "./local-time.js";

export class TimeIndex {
  private readonly buckets = new Map<number, number[]>();

  add(instantMs: number): void {
    const key = Math.floor(instantMs / DAY_MS);
    const bucket = this.buckets.get(key);
    if (!bucket) {
      this.buckets.set(key, [instantMs]);
      return;
    }
    bucket.splice(firstIndexNotBelow(bucket, instantMs), 0, instantMs);
  }

  /** The latest instant strictly between `low` and `high`, if there is one. */
  latestBetween(low: number, high: number): number | undefined {
    for (let key = Math.floor(high / DAY_MS); key >= Math.floor(low / DAY_MS); key--) {
      const bucket = this.buckets.get(key);
      if (!bucket) continue;
      const below = bucket[firstIndexNotBelow(bucket, high) - 1];
      if (below === undefined) continue;
      return below > low ? below : undefined;
    }
    return undefined;
  }
}

/** Binary search: the index of the first element of `sorted` (ascending) that is not below `value`. */
export function firstIndexNotBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
