// Keeps the app's Unipile webhooks registered: a check at start (awaited), again every 15
// minutes while all is well (a webhook deleted in the dashboard comes back), and with backoff
// while it fails. The last result is kept in memory for /healthz, which must never call Unipile
// itself. Checks run one at a time across processes (an advisory lock held for the check), so
// two processes starting together cannot both find a webhook missing and both create it.
// Intervals are real time: they pace calls to a live service, not a campaign.
import { wallClock } from "../clock.js";
import type { AppContext } from "../context.js";
import { isUnipileError } from "../unipile/errors.js";
import { registerWebhooks, webhookUrl } from "./register.js";
import { type CheckResult, recordCheck } from "./registration-record.js";

export type WebhookState = "registered" | "failed" | "disabled" | "checking" | "unmanaged";

export interface WebhookStatus {
  state: WebhookState;
  /** When the last check ended (real time); null before the first. */
  checkedAt: Date | null;
  /** Why it is not registered: an error type and status, never a message body or secret. */
  error: string | null;
}

export interface WebhookKeeper {
  status(): WebhookStatus;
  /** Runs a check now (tests, and the first one at start). */
  check(): Promise<WebhookStatus>;
  stop(): Promise<void>;
}

export interface KeeperTimings {
  recheckMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
}

export const DEFAULT_KEEPER_TIMINGS: KeeperTimings = { recheckMs: 15 * 60_000, firstRetryMs: 30_000, maxRetryMs: 15 * 60_000 };

/** pg_advisory_xact_lock key of the registration check (any constant unique in this app). */
const REGISTRATION_LOCK = 724_611_213;

/** When the app has no URL Unipile can reach: the operator registers the webhook (README). */
export function unmanagedWebhook(): WebhookKeeper {
  const status: WebhookStatus = { state: "unmanaged", checkedAt: null, error: null };
  return { status: () => status, check: async () => status, stop: async () => {} };
}

export function keepWebhookRegistered(
  ctx: AppContext,
  target: { baseUrl: string; secret: string },
  timings: KeeperTimings = DEFAULT_KEEPER_TIMINGS,
): WebhookKeeper {
  let status: WebhookStatus = { state: "checking", checkedAt: null, error: null };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<WebhookStatus | null> | null = null;
  let retryMs = timings.firstRetryMs;
  let stopped = false;

  const schedule = (healthy: boolean) => {
    if (stopped) return;
    clearTimeout(timer);
    const delay = healthy ? timings.recheckMs : retryMs;
    retryMs = healthy ? timings.firstRetryMs : Math.min(retryMs * 2, timings.maxRetryMs);
    timer = setTimeout(() => void check(), delay);
    timer.unref();
  };

  /** The check's finding, or null when the database failed and nothing could be checked. */
  async function checkOnce(): Promise<WebhookStatus | null> {
    try {
      return await ctx.sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${REGISTRATION_LOCK})`;
        const { found, result } = await register();
        await recordCheck(tx, ctx, webhookUrl(target.baseUrl), result);
        return found;
      });
    } catch (error) {
      ctx.log.warn("the Unipile webhook check could not run; trying again later", {
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }

  async function register(): Promise<{ found: WebhookStatus; result: CheckResult }> {
    try {
      const outcome = await registerWebhooks(ctx.unipile, target.baseUrl, target.secret, ctx.log);
      if (outcome.disabled.length === 0) return { found: finding("registered", null), result: { ok: true } };
      const reason = `it is disabled in Unipile (${outcome.disabled.join(", ")}); enable it in the Unipile dashboard`;
      return { found: finding("disabled", "disabled"), result: { ok: false, reason } };
    } catch (error) {
      ctx.log.warn("could not register the Unipile webhook; replies and acceptances are found by polling meanwhile", {
        error: error instanceof Error ? error.message : String(error),
      });
      // A UnipileError's message holds the route, status, type and Unipile's title: no secret.
      const reason = isUnipileError(error) ? error.message : "an unexpected error (see the log)";
      return { found: finding("failed", errorKind(error)), result: { ok: false, reason } };
    }
  }

  async function check(): Promise<WebhookStatus> {
    running ??= checkOnce().finally(() => {
      running = null;
    });
    // The database failed: what the last check found still stands.
    const latest = await running;
    if (latest) status = latest;
    schedule(latest?.state === "registered" || latest?.state === "disabled");
    return status;
  }

  return {
    status: () => status,
    check,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

function finding(state: WebhookState, error: string | null): WebhookStatus {
  return { state, checkedAt: wallClock(), error };
}

/** For /healthz, which anyone may read: the error's type and status only. */
function errorKind(error: unknown): string {
  if (isUnipileError(error)) return error.status === undefined ? error.type : `${error.status} ${error.type}`;
  return "unexpected_error";
}
