// When the delivery engine's background checks run: the acceptance poll of each account (a few
// times a day at random instants in the account's business hours), the account health check
// while an account is unavailable, each campaign's failure digest and daily summary. Every job
// has a key per account or campaign, so that arming twice still leaves one job; every time is
// virtual (the app clock).
import { DateTime } from "luxon";

import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import type { Queryable } from "../db/queryable.js";

type Ctx = Pick<AppContext, "clock">;

export const pollJobKey = (accountId: string) => `poll-acceptances:${accountId}`;
export const healthJobKey = (accountId: string) => `account-health:${accountId}`;
export const digestJobKey = (campaignId: string) => `digest:${campaignId}`;
export const dailySummaryJobKey = (campaignId: string) => `daily-summary:${campaignId}`;

/** Between two acceptance polls of an account: 3 to 6 hours, so 2–4 polls a business day. */
const POLL_GAP_MIN_MS = 3 * 3_600_000;
const POLL_GAP_SPREAD_MS = 3 * 3_600_000;
/** The account's business hours for polls, local time, Monday to Friday. */
const POLL_HOURS = { start: 8, end: 19 } as const;
/** While an account is unavailable, Unipile is asked about it this often. */
export const HEALTH_CHECK_EVERY_MS = 30 * 60_000;

/** True when a job with this key is waiting to run (not one already running). */
export async function jobWaiting(sql: Queryable, key: string): Promise<boolean> {
  const [row] = await sql`select 1 from graphile_worker._private_jobs where key = ${key} and locked_at is null`;
  return Boolean(row);
}

/**
 * The next acceptance poll after `now`: a random 3–6 hours later, moved into the account's
 * business hours (08:00–19:00 local, weekdays) at a random minute of the first two hours.
 */
export function nextPollAt(now: Date, timeZone: string, random: () => number = Math.random): Date {
  const zone = DateTime.now().setZone(timeZone).isValid ? timeZone : "UTC";
  const candidate = DateTime.fromMillis(now.getTime() + POLL_GAP_MIN_MS + random() * POLL_GAP_SPREAD_MS, { zone });
  const weekday = (day: DateTime) => day.weekday <= 5;
  if (weekday(candidate) && candidate.hour >= POLL_HOURS.start && candidate.hour < POLL_HOURS.end) {
    return candidate.toJSDate();
  }
  let day = candidate.hour < POLL_HOURS.start ? candidate.startOf("day") : candidate.startOf("day").plus({ days: 1 });
  while (!weekday(day)) day = day.plus({ days: 1 });
  const opens = day.set({ hour: POLL_HOURS.start, minute: 0, second: 0, millisecond: 0 });
  return new Date(opens.toMillis() + Math.floor(random() * 2 * 3_600_000));
}

/** Arms the account's acceptance poll unless one is already waiting. */
export async function ensureAcceptancePolling(sql: Queryable, ctx: Ctx, accountId: string): Promise<void> {
  if (await jobWaiting(sql, pollJobKey(accountId))) return;
  const [account] = await sql<{ time_zone: string }[]>`select time_zone from workspace_accounts where id = ${accountId}`;
  if (!account) return;
  await schedulePoll(sql, ctx, accountId, nextPollAt(ctx.clock.now(), account.time_zone));
}

export async function schedulePoll(sql: Queryable, ctx: Ctx, accountId: string, at: Date): Promise<void> {
  await enqueue(sql, "poll-acceptances", { accountId }, { runAt: at, jobKey: pollJobKey(accountId), maxAttempts: 3 }, ctx.clock);
}

export async function scheduleHealthCheck(sql: Queryable, ctx: Ctx, accountId: string, inMs = HEALTH_CHECK_EVERY_MS): Promise<void> {
  const runAt = new Date(ctx.clock.nowMs() + inMs);
  await enqueue(sql, "check-account-health", { accountId }, { runAt, jobKey: healthJobKey(accountId), maxAttempts: 3 }, ctx.clock);
}

/** The campaign's daily summary time after `now`: the end of its sending window, local time. */
export function nextDailySummaryAt(now: Date, timeZone: string, windowEnd: string): Date {
  const [hour, minute] = windowEnd.split(":").map(Number) as [number, number];
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let at = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (at.toMillis() <= now.getTime()) at = at.plus({ days: 1 }).set({ hour, minute });
  return at.toJSDate();
}

/**
 * Campaigns whose daily summary this process saw waiting, until that summary's time (virtual
 * ms). Nothing removes a waiting summary before it runs, so until then a send need not look
 * again; the job re-arms itself for the next day, and the first send after it looks once more.
 */
const summaryWaitingUntil = new Map<string, number>();

/** Arms the campaign's daily summary unless one is already waiting. */
export async function ensureDailySummary(
  sql: Queryable,
  ctx: Ctx,
  campaign: { id: string; time_zone: string; window_end: string },
): Promise<void> {
  if ((summaryWaitingUntil.get(campaign.id) ?? 0) > ctx.clock.nowMs()) return;
  if (await jobWaiting(sql, dailySummaryJobKey(campaign.id))) {
    const until = nextDailySummaryAt(ctx.clock.now(), campaign.time_zone, campaign.window_end).getTime();
    summaryWaitingUntil.set(campaign.id, until);
    return;
  }
  await scheduleDailySummary(sql, ctx, campaign);
}

export async function scheduleDailySummary(
  sql: Queryable,
  ctx: Ctx,
  campaign: { id: string; time_zone: string; window_end: string },
): Promise<void> {
  const runAt = nextDailySummaryAt(ctx.clock.now(), campaign.time_zone, campaign.window_end);
  await enqueue(
    sql,
    "daily-summary",
    { campaignId: campaign.id },
    { runAt, jobKey: dailySummaryJobKey(campaign.id), maxAttempts: 5 },
    ctx.clock,
  );
}
