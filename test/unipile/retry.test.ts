// Backoff arithmetic and Retry-After parsing, without any waiting.
import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelayMs } from "../../src/unipile/retry.js";

const policy = { maxRetries: 5, minDelayMs: 100, maxDelayMs: 1_000 };

describe("retryDelayMs", () => {
  it("doubles per retry, with jitter between half and the full step, capped", () => {
    expect(retryDelayMs(policy, 0, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 0, undefined, () => 0.999)).toBe(100);
    expect(retryDelayMs(policy, 2, undefined, () => 0.999)).toBe(400);
    expect(retryDelayMs(policy, 8, undefined, () => 0.999)).toBe(1_000);
  });

  it("waits at least what Retry-After asks, and gives up when it asks for more than the cap", () => {
    expect(retryDelayMs(policy, 0, 700, () => 0)).toBe(700);
    expect(retryDelayMs(policy, 0, 5_000, () => 0)).toBeUndefined();
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2025-03-03T09:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter("Mon, 03 Mar 2025 09:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Mon, 03 Mar 2025 08:00:00 GMT", now)).toBe(0);
  });

  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
