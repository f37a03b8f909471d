// When and how long to wait before repeating a call. Only idempotent calls are ever repeated;
// the decision to resend a POST belongs to the job layer, which knows what was already done.
// Delays are real time: they pace the transport, not the campaign.
import type { UnipileError } from "./errors.js";
import { CLIENT_CODES } from "./errors.js";

export interface RetryPolicy {
  maxRetries: number;
  minDelayMs: number;
  /** Longest single wait; a Retry-After beyond it ends the retries and is left to the caller. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, minDelayMs: 250, maxDelayMs: 10_000 };

export function isRetryable(error: UnipileError): boolean {
  if (error.type === CLIENT_CODES.badResponse || error.type === CLIENT_CODES.invalidArgument) return false;
  return error.failureClass === "retry_later" || error.failureClass === "ambiguous";
}

/** Exponential backoff with jitter, never shorter than what Retry-After asks for. */
export function retryDelayMs(
  policy: RetryPolicy,
  retryNumber: number,
  retryAfterMs?: number,
  random = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retryNumber);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(Math.round(jittered), retryAfterMs ?? 0);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
