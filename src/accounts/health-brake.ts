// The health brake (issue 15): an account that LinkedIn may be about to restrict runs slower,
// from data we already have. Three rules, thresholds in the config (defaults here):
//   - low acceptance: of its last 100 invitations of the last 30 days (each judged once it is
//     3 days old), fewer than 20 % accepted, over at least 50 → invitation cap halved until
//     the rate is back to 20 %;
//   - too many pending: more than 500 invitations pending → invitations stop, and the oldest
//     pending for more than 14 days are withdrawn, at most 10 a day, one per evaluation (hourly
//     while the brake holds), oldest first; it lifts below 90 % of the limit (450), so that one
//     withdrawal does not lift it and the next invitation apply it again;
//   - limit signals: 2 LinkedIn limit signals (429s, provider limit errors, recorded in
//     account_limit_signals by outcome.ts) within 7 days → every cap halved until 7 days after
//     the last of them.
// Each brake is a row of account_brakes; applying and lifting each posts one notice in the
// workspace's SAM_CHANNEL, in the transaction that changes it, and re-plans the account. The
// caps themselves are lowered in one place: src/schedule/caps.ts.
import { DateTime } from "luxon";
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { markNotAccepted } from "../delivery/acceptances.js";
import { markAccountUnavailable } from "../delivery/account-health.js";
import { armAccount } from "../delivery/arm.js";
import { replanAccount } from "../planning/account-plan.js";
import type { BrakeRow } from "../planning/account-safety.js";
import type { AccountRow } from "../planning/rules.js";
import type { BrakeKind } from "../schedule/index.js";
import { notify } from "../slack/outbox.js";
import { refreshHomes } from "../slack/notices.js";
import { escapeMrkdwn } from "../slack/text.js";
import { isUnipileError } from "../unipile/index.js";
import type { PendingInvitation } from "../unipile/types.js";
import { DAY_MS } from "../schedule/local-time.js";

const HOUR_MS = 3_600_000;
/** An invitation younger than this is not judged yet: nobody accepts within minutes. */
export const JUDGE_AFTER_DAYS = 3;
const ACCEPTANCE_WINDOW_DAYS = 30;
const ACCEPTANCE_SAMPLE = 100;
export const LIMIT_SIGNAL_DAYS = 7;
/** The pending brake lifts below this share of its limit. */
export const PENDING_LIFT_SHARE = 0.9;
/** Pages of sent invitations read to find one to withdraw whose id we do not have. */
const MAX_INVITATION_PAGES = 20;

export interface BrakeThresholds {
  minAcceptance: number;
  minInvitations: number;
  maxPending: number;
  withdrawAfterDays: number;
  withdrawalsPerDay: number;
  limitSignals: number;
}

export function thresholdsOf(config: AppContext["config"]): BrakeThresholds {
  return {
    minAcceptance: config.BRAKE_MIN_ACCEPTANCE,
    minInvitations: config.BRAKE_MIN_INVITATIONS,
    maxPending: config.BRAKE_MAX_PENDING,
    withdrawAfterDays: config.BRAKE_WITHDRAW_AFTER_DAYS,
    withdrawalsPerDay: config.BRAKE_WITHDRAWALS_PER_DAY,
    limitSignals: config.BRAKE_LIMIT_SIGNALS,
  };
}

/** What the account's data says, as of `now`. */
export interface HealthFacts {
  /** Invitations judged (last 100 of 30 days, at least 3 days old) and how many were accepted. */
  judged: number;
  accepted: number;
  /** Invitations sent and neither accepted, withdrawn nor declined. */
  pending: number;
  /** Limit signals of the last 14 days, any order. */
  limitSignals: Date[];
}

export interface WantedBrake {
  kind: BrakeKind;
  reason: string;
  until: Date | null;
}

/**
 * The brakes the facts call for (pure). `open` are those in force now: the pending brake holds
 * until pending falls below PENDING_LIFT_SHARE of the limit.
 */
export function brakesWanted(
  facts: HealthFacts,
  thresholds: BrakeThresholds,
  now: Date,
  open: ReadonlySet<BrakeKind>,
  timeZone = "UTC",
): WantedBrake[] {
  const wanted: WantedBrake[] = [];
  const rate = facts.judged > 0 ? facts.accepted / facts.judged : 1;
  if (facts.judged >= thresholds.minInvitations && rate < thresholds.minAcceptance) {
    wanted.push({
      kind: "low_acceptance",
      reason:
        `only ${facts.accepted} of its last ${facts.judged} invitations were accepted (${percent(rate)}, below ${percent(thresholds.minAcceptance)}): ` +
        `its invitation cap is halved until acceptance is back to ${percent(thresholds.minAcceptance)}`,
      until: null,
    });
  }
  const liftBelow = Math.floor(thresholds.maxPending * PENDING_LIFT_SHARE);
  if (facts.pending > thresholds.maxPending || (open.has("pending_invitations") && facts.pending >= liftBelow)) {
    const excess = facts.pending - liftBelow + 1;
    const days = Math.max(1, Math.ceil(excess / thresholds.withdrawalsPerDay));
    wanted.push({
      kind: "pending_invitations",
      reason:
        `${facts.pending} invitations are pending (the limit is ${thresholds.maxPending}): no new invitations; ` +
        `the oldest pending for over ${thresholds.withdrawAfterDays} days are withdrawn, ${thresholds.withdrawalsPerDay} a day, ` +
        `until fewer than ${liftBelow} are pending (about ${days} ${days === 1 ? "day" : "days"})`,
      until: new Date(now.getTime() + days * DAY_MS),
    });
  }
  const until = limitBrakeUntil(facts.limitSignals, thresholds.limitSignals);
  if (until && until > now) {
    wanted.push({
      kind: "limit_signals",
      reason:
        `LinkedIn signalled a limit ${thresholds.limitSignals === 1 ? "once" : `${thresholds.limitSignals} times`} within ${LIMIT_SIGNAL_DAYS} days: ` +
        `every cap is halved until ${formatInstant(until, timeZone)}`,
      until,
    });
  }
  return wanted;
}

/** The end of the limit brake: 7 days after the last signal that completes N signals within 7 days. */
export function limitBrakeUntil(signals: readonly Date[], needed: number): Date | null {
  const sorted = signals.map((signal) => signal.getTime()).sort((a, b) => a - b);
  for (let last = sorted.length - 1; last >= needed - 1; last--) {
    if (sorted[last]! - sorted[last - needed + 1]! <= LIMIT_SIGNAL_DAYS * DAY_MS) {
      return new Date(sorted[last]! + LIMIT_SIGNAL_DAYS * DAY_MS);
    }
  }
  return null;
}

const LIFTED: Record<BrakeKind, string> = {
  low_acceptance: "acceptance has recovered; its invitation cap is back",
  pending_invitations: "few enough invitations are pending; invitations resume",
  limit_signals: `no more LinkedIn limit signals for ${LIMIT_SIGNAL_DAYS} days; its caps are back`,
};

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function formatInstant(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at).setZone(timeZone).setLocale("en-GB").toFormat("ccc d LLL HH:mm ZZZZ");
}

export async function healthFacts(tx: TransactionSql, accountId: string, now: Date): Promise<HealthFacts> {
  const judgedBefore = new Date(now.getTime() - JUDGE_AFTER_DAYS * DAY_MS);
  const since = new Date(now.getTime() - ACCEPTANCE_WINDOW_DAYS * DAY_MS);
  const [acceptance] = await tx<{ judged: number; accepted: number }[]>`
    select count(*)::int as judged, count(*) filter (where accepted)::int as accepted from (
      select p.connection_accepted_at is not null as accepted
      from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.account_id = ${accountId} and q.status = 'sent' and q.message_type = 'connection_request'
        and q.sent_at > ${since} and q.sent_at <= ${judgedBefore}
      order by q.sent_at desc limit ${ACCEPTANCE_SAMPLE}
    ) recent`;
  const [pending] = await tx<{ n: number }[]>`
    select count(*)::int as n from campaign_prospects p
    join send_queue q on q.prospect_id = p.id and q.campaign_id = p.campaign_id and q.step = 0 and q.status = 'sent'
    where q.account_id = ${accountId} and q.message_type = 'connection_request'
      and p.status = 'connection_request_sent' and p.connection_accepted_at is null`;
  const signals = await tx<{ at: Date }[]>`
    select at from account_limit_signals where account_id = ${accountId} and at > ${new Date(now.getTime() - 2 * LIMIT_SIGNAL_DAYS * DAY_MS)} and at <= ${now}`;
  return {
    judged: acceptance?.judged ?? 0,
    accepted: acceptance?.accepted ?? 0,
    pending: pending?.n ?? 0,
    limitSignals: signals.map((signal) => signal.at),
  };
}

export const brakeJobKey = (accountId: string) => `evaluate-brakes:${accountId}`;

/** Evaluates the account's brakes at `at` (default now), once per job key. */
export async function scheduleBrakeEvaluation(
  sql: AppContext["sql"] | TransactionSql,
  ctx: Pick<AppContext, "clock">,
  accountId: string,
  at?: Date,
): Promise<void> {
  await enqueue(sql, "evaluate-brakes", { accountId }, { runAt: at ?? ctx.clock.now(), jobKey: brakeJobKey(accountId), maxAttempts: 5 }, ctx.clock);
}

/** A limit signal of the account (a 429, a provider limit error), recorded for the brake. */
export async function recordLimitSignal(tx: TransactionSql, ctx: Pick<AppContext, "clock">, accountId: string, detail: string): Promise<void> {
  await tx`insert into account_limit_signals (account_id, at, detail) values (${accountId}, ${ctx.clock.now()}, ${detail.slice(0, 500)})`;
  await scheduleBrakeEvaluation(tx, ctx, accountId);
}

export interface Evaluation {
  applied: BrakeKind[];
  lifted: BrakeKind[];
  withdrawn: number;
}

/**
 * Applies and lifts the account's brakes from its data, posts each change once, re-plans when
 * anything changed, withdraws one stale invitation while the pending brake holds, and arms the
 * next evaluation while any brake is in force.
 */
export async function evaluateBrakes(ctx: AppContext, accountId: string): Promise<Evaluation> {
  const thresholds = thresholdsOf(ctx.config);
  const result = await ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    const [account] = await tx<AccountRow[]>`select * from workspace_accounts where id = ${accountId} for update`;
    if (!account || account.unlinked_at) return null;
    const open = await tx<(BrakeRow & { id: string })[]>`
      select id, kind, reason, started_at, until from account_brakes where account_id = ${accountId} and lifted_at is null`;
    const openKinds = new Set(open.map((brake) => brake.kind));
    const wanted = brakesWanted(await healthFacts(tx, accountId, now), thresholds, now, openKinds, account.time_zone);
    const applied: BrakeKind[] = [];
    const lifted: BrakeKind[] = [];
    let changed = false;
    for (const brake of wanted) {
      const current = open.find((row) => row.kind === brake.kind);
      if (current) {
        // Still wanted: its end may move (a new signal, the withdrawal estimate), without a new notice.
        // The claim reads it fresh; the plan follows at the next re-plan (launch, resume, lift).
        if ((current.until?.getTime() ?? null) !== (brake.until?.getTime() ?? null)) {
          await tx`update account_brakes set until = ${brake.until} where id = ${current.id}`;
        }
        continue;
      }
      const inserted = await tx`
        insert into account_brakes (account_id, kind, reason, started_at, until)
        values (${accountId}, ${brake.kind}, ${brake.reason}, ${now}, ${brake.until})
        on conflict (account_id, kind) where lifted_at is null do nothing returning id`;
      if (inserted.length === 0) continue;
      applied.push(brake.kind);
      changed = true;
      await notify(tx, ctx.clock, {
        workspaceId: account.workspace_id,
        target: { kind: "sam_channel" },
        text: `:octagonal_sign: Health brake on the LinkedIn account *${escapeMrkdwn(account.name)}*: ${escapeMrkdwn(brake.reason)}.`,
      });
    }
    for (const brake of open) {
      if (wanted.some((want) => want.kind === brake.kind)) continue;
      const updated = await tx`update account_brakes set lifted_at = ${now} where id = ${brake.id} and lifted_at is null returning id`;
      if (updated.length === 0) continue;
      lifted.push(brake.kind);
      changed = true;
      await notify(tx, ctx.clock, {
        workspaceId: account.workspace_id,
        target: { kind: "sam_channel" },
        text: `:white_check_mark: Health brake lifted on the LinkedIn account *${escapeMrkdwn(account.name)}*: ${LIFTED[brake.kind]}.`,
      });
    }
    if (changed) {
      await replanAccount(tx, account, now);
      await armAccount(tx, ctx.clock, accountId);
      await refreshHomes(tx, ctx, account.workspace_id);
    }
    // The next look: the limit brake's end, hourly while the pending brake withdraws, and every
    // 6 hours while any brake holds (acceptances and withdrawals change the facts).
    if (wanted.length > 0) {
      let next = now.getTime() + 6 * HOUR_MS;
      for (const brake of wanted) {
        if (brake.kind === "pending_invitations") next = Math.min(next, now.getTime() + HOUR_MS);
        if (brake.kind === "limit_signals" && brake.until) next = Math.min(next, brake.until.getTime());
      }
      await scheduleBrakeEvaluation(tx, ctx, accountId, new Date(next));
    }
    return { applied, lifted, pendingBrake: wanted.some((brake) => brake.kind === "pending_invitations"), account };
  });
  if (!result) return { applied: [], lifted: [], withdrawn: 0 };
  const withdrawn = result.pendingBrake ? await withdrawOldestPending(ctx, result.account, thresholds) : 0;
  return { applied: result.applied, lifted: result.lifted, withdrawn };
}

export const brakeWithdrawnReason = (days: number) =>
  `Invitation withdrawn by the health brake (too many pending; not accepted after ${days} days)`;

interface StaleInvitation {
  id: string;
  provider_id: string | null;
  public_identifier: string;
  invitation_id: string | null;
}

/**
 * Withdraws the account's oldest invitation pending longer than the threshold, if the day's
 * pace allows (at most `withdrawalsPerDay` in any 24 hours). Reuses the 21-day withdrawal's
 * Unipile call (DELETE /users/invite/sent/{id}) and its bookkeeping (markNotAccepted).
 */
export async function withdrawOldestPending(ctx: AppContext, account: AccountRow, thresholds: BrakeThresholds): Promise<number> {
  const now = ctx.clock.now();
  const [done] = await ctx.sql<{ n: number }[]>`
    select count(*)::int as n from brake_withdrawals where account_id = ${account.id} and at > ${new Date(now.getTime() - DAY_MS)}`;
  if ((done?.n ?? 0) >= thresholds.withdrawalsPerDay || account.status !== "active") return 0;
  const [oldest] = await ctx.sql<StaleInvitation[]>`
    select p.id, p.provider_id, p.public_identifier, p.invitation_id
    from campaign_prospects p
    join campaigns c on c.id = p.campaign_id and c.workspace_id = ${account.workspace_id}
    join send_queue q on q.prospect_id = p.id and q.campaign_id = p.campaign_id and q.step = 0 and q.status = 'sent'
    where q.account_id = ${account.id} and q.message_type = 'connection_request'
      and p.status = 'connection_request_sent' and p.connection_accepted_at is null
      and q.sent_at < ${new Date(now.getTime() - thresholds.withdrawAfterDays * DAY_MS)}
    order by q.sent_at, p.id limit 1`;
  if (!oldest) return 0;
  try {
    const invitationId = oldest.invitation_id ?? (await findInvitation(ctx, account, oldest))?.invitationId;
    if (invitationId) await ctx.unipile.cancelInvitation(account.unipile_account_id, invitationId);
  } catch (error) {
    if (!isUnipileError(error)) throw error;
    if (error.failureClass === "account_unavailable") {
      await ctx.sql.begin((tx) => markAccountUnavailable(tx, ctx, account.id, `${error.type}${error.title ? `: ${error.title}` : ""}`));
      return 0;
    }
    // Gone already (404): nothing left to withdraw. Anything else: the next evaluation tries again.
    if (error.failureClass !== "recipient_unreachable") {
      ctx.log.warn("could not withdraw a pending invitation for the health brake; trying again later", { prospect: oldest.id, error: error.message });
      return 0;
    }
  }
  await ctx.sql.begin(async (tx) => {
    await markNotAccepted(tx, ctx, oldest.id, brakeWithdrawnReason(thresholds.withdrawAfterDays));
    await tx`insert into brake_withdrawals (account_id, prospect_id, at) values (${account.id}, ${oldest.id}, ${now})`;
  });
  return 1;
}

async function findInvitation(ctx: AppContext, account: AccountRow, prospect: StaleInvitation): Promise<PendingInvitation | null> {
  let cursor: string | null | undefined;
  for (let pages = 0; pages < MAX_INVITATION_PAGES; pages++) {
    const page = await ctx.unipile.listSentInvitations(account.unipile_account_id, cursor ? { cursor } : {});
    const found = page.items.find(
      (item) =>
        (prospect.provider_id !== null && item.providerId === prospect.provider_id) ||
        (item.publicIdentifier !== null && item.publicIdentifier.toLowerCase() === prospect.public_identifier.toLowerCase()),
    );
    if (found) return found;
    cursor = page.cursor;
    if (!cursor) return null;
  }
  return null;
}
