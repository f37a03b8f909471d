// The per-key token bucket: bursts of 50, then 10 a second, keys apart, Retry-After honest.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../src/api/rate-limit.js";

describe("TokenBuckets", () => {
  it("admits a burst of 50 at one instant, then refuses with Retry-After 1", () => {
    const buckets = new TokenBuckets();
    const answers = Array.from({ length: 51 }, () => buckets.take("k", 0));
    expect(answers.slice(0, 50).every((answer) => answer.ok)).toBe(true);
    expect(answers[50]).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take("other", 0).ok).toBe(true);
    expect(buckets.take("k", 100).ok).toBe(true); // 0.1 s refills one token
    expect(buckets.take("k", 100).ok).toBe(false);
  });

  it("never admits more than burst + rate × elapsed", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 300 }), (gaps) => {
        const buckets = new TokenBuckets({ burst: 50, perSecond: 10 });
        let now = 0;
        let admitted = 0;
        for (const gap of gaps) {
          now += gap;
          const answer = buckets.take("k", now);
          if (answer.ok) admitted++;
          else expect(answer.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          expect(admitted).toBeLessThanOrEqual(50 + (now / 1000) * 10 + 1e-9);
        }
      }),
    );
  });

  it("a refused client that waits Retry-After seconds is admitted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 51, max: 200 }), fc.integer({ min: 0, max: 10_000 }), (requests, start) => {
        const buckets = new TokenBuckets();
        let refusal: { ok: false; retryAfterSeconds: number } | null = null;
        for (let i = 0; i < requests && !refusal; i++) {
          const answer = buckets.take("k", start);
          if (!answer.ok) refusal = answer;
        }
        expect(refusal).not.toBeNull();
        expect(buckets.take("k", start + refusal!.retryAfterSeconds * 1000).ok).toBe(true);
      }),
    );
  });

  it("a clock moved backwards neither refills nor breaks the bucket", () => {
    const buckets = new TokenBuckets({ burst: 2, perSecond: 1 });
    expect(buckets.take("k", 10_000).ok).toBe(true);
    expect(buckets.take("k", 10_000).ok).toBe(true);
    expect(buckets.take("k", 5_000).ok).toBe(false);
    expect(buckets.take("k", 11_000).ok).toBe(true);
  });
});
