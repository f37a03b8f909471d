// Per-key rate limit: a token bucket of 50 requests refilled at 10 per second, so a client may
// burst 50 requests and then keep 10 a second. Buckets live in this process's memory: with
// several app processes behind a balancer each allows its own 10/s (documented in the README);
// a restart forgets them, which only ever allows more. Time is the app clock, so tests drive it.
export interface RateLimitRule {
  burst: number;
  perSecond: number;
}

export const API_RATE_LIMIT: RateLimitRule = { burst: 50, perSecond: 10 };

export type Admission = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly rule: RateLimitRule = API_RATE_LIMIT, private readonly maxKeys = 100_000) {}

  /** Takes one token from `key`'s bucket at `nowMs`, or says how many whole seconds until one is there. */
  take(key: string, nowMs: number): Admission {
    const bucket = this.buckets.get(key) ?? { tokens: this.rule.burst, at: nowMs };
    // A clock moved backwards refills nothing and takes nothing away.
    const elapsed = Math.max(0, nowMs - bucket.at) / 1000;
    bucket.tokens = Math.min(this.rule.burst, bucket.tokens + elapsed * this.rule.perSecond);
    bucket.at = Math.max(bucket.at, nowMs);
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.rule.perSecond)) };
  }
}
