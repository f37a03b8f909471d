// From database rows to an account's ramp and brakes, as the scheduling rules want them
// (src/schedule/caps.ts computes the caps). Loaded wherever an account's rules are: the
// planner (account-plan.ts), the claim (src/delivery/claim.ts), /sam accounts and /sam status.

import {
  type AccountRules,
  type BrakeKind,
  type CapBrake,
  type DailyCaps,
  effectiveCaps,
  type WarmUp,
  warmUpFinished,
} from "../schedule/index.js";
import { DAY_MS, localDayOf } from "../schedule/local-time.js";
import { type AccountRow, rulesOf } from "./rules.js";
import type { Queryable } from "../db/queryable.js";

export interface BrakeRow {
  kind: BrakeKind;
  reason: string;
  started_at: Date;
  until: Date | null;
}

/** The ramp of the account's row, if it warms up, without its sending days. */
export function warmUpOf(account: AccountRow): Omit<WarmUp, "sendingDays"> | null {
  if (!account.warm_up_from) return null;
  const fromDay = localDayOf(account.time_zone, account.warm_up_from.getTime());
  return {
    fromDay,
    untilDay: account.warm_up_marked ? null : fromDay + (account.warm_up_days ?? 14),
    startInvitations: account.warm_up_start_invitations ?? 5,
    startMessages: account.warm_up_start_messages ?? 10,
    stepInvitations: account.warm_up_step_invitations ?? 2,
    stepMessages: account.warm_up_step_messages ?? 3,
  };
}

/** A brake row as days of the account's calendar: every day it touches, including the one it lifts on. */
export function capBrakeOf(timeZone: string, brake: Pick<BrakeRow, "kind" | "started_at" | "until">): CapBrake {
  return {
    kind: brake.kind,
    fromDay: localDayOf(timeZone, brake.started_at.getTime()),
    untilDay: brake.until ? localDayOf(timeZone, brake.until.getTime() - 1) + 1 : null,
  };
}

export async function openBrakes(sql: Queryable, accountId: string): Promise<BrakeRow[]> {
  return sql<BrakeRow[]>`
    select kind, reason, started_at, until from account_brakes
    where account_id = ${accountId} and lifted_at is null order by started_at`;
}

/** Account-local days since the ramp began on which the account sent something. */
async function sendingDaysSince(sql: Queryable, account: AccountRow, from: Date): Promise<number[]> {
  const rows = await sql<{ day: string }[]>`
    select distinct to_char(sent_at at time zone ${account.time_zone}, 'YYYY-MM-DD') as day from send_queue
    where account_id = ${account.id} and status = 'sent' and sent_at >= ${from}`;
  return rows.map((row) => Date.parse(`${row.day}T00:00:00Z`) / DAY_MS).sort((a, b) => a - b);
}

/** The account's rules with its ramp and brakes, as the planner and the claim use them. */
/** `brakes`: the account's open brakes when the caller read them already (the claim reads them with the account). */
export async function accountRulesNow(sql: Queryable, account: AccountRow, now: Date, brakes?: BrakeRow[]): Promise<AccountRules> {
  const rules = rulesOf(account);
  const ramp = warmUpOf(account);
  if (ramp) {
    const today = localDayOf(account.time_zone, now.getTime());
    if (ramp.untilDay === null || today < ramp.untilDay) {
      rules.warmUp = { ...ramp, sendingDays: await sendingDaysSince(sql, account, account.warm_up_from!) };
    }
  }
  const open = brakes ?? (await openBrakes(sql, account.id));
  if (open.length > 0) rules.brakes = open.map((brake) => capBrakeOf(account.time_zone, brake));
  return rules;
}

export interface AccountPace {
  today: DailyCaps;
  /** What the account sent today (account-local day). */
  sentToday: { messages: number; invitations: number };
  /** The ramp's sending days so far, and whether the ramp still lowers any cap. */
  warmingUp: boolean;
  brakes: BrakeRow[];
  configured: { messages: number; invitations: number };
}

/** Today's caps and counts of an account, for /sam accounts and /sam status. */
export async function accountPace(sql: Queryable, account: AccountRow, now: Date): Promise<AccountPace> {
  const rules = await accountRulesNow(sql, account, now);
  const today = localDayOf(account.time_zone, now.getTime());
  const before = (rules.warmUp?.sendingDays ?? []).filter((day) => day < today).length;
  const caps = effectiveCaps(rules, today, before);
  const [counts] = await sql<{ messages: number; invitations: number }[]>`
    select count(*) filter (where message_type <> 'connection_request')::int as messages,
           count(*) filter (where message_type = 'connection_request')::int as invitations
    from send_queue where account_id = ${account.id} and status = 'sent'
      and to_char(sent_at at time zone ${account.time_zone}, 'YYYY-MM-DD') = ${new Date(today * DAY_MS).toISOString().slice(0, 10)}
      and sent_at > ${new Date(now.getTime() - 2 * DAY_MS)}`;
  return {
    today: caps,
    sentToday: counts ?? { messages: 0, invitations: 0 },
    warmingUp: Boolean(rules.warmUp) && !warmUpFinished(rules, before),
    brakes: await openBrakes(sql, account.id),
    configured: { messages: account.daily_message_cap, invitations: account.daily_invitation_cap },
  };
}

const BRAKE_WORDS: Record<BrakeKind, string> = {
  low_acceptance: "invitations halved (low acceptance)",
  pending_invitations: "invitations stopped (too many pending)",
  limit_signals: "caps halved (LinkedIn limit signals)",
};

/** One line on the account's pace today, e.g. "warming up: day 4, 11 of 20 messages today". */
export function describePace(pace: AccountPace): string | null {
  const parts: string[] = [];
  const { today, sentToday } = pace;
  if (pace.warmingUp && today.warmUpDay !== null) {
    parts.push(
      `warming up: day ${today.warmUpDay}, ${sentToday.messages} of ${today.messages} messages and ${sentToday.invitations} of ${today.invitations} invitations today (rising to ${pace.configured.messages} and ${pace.configured.invitations})`,
    );
  }
  for (const brake of pace.brakes) parts.push(`health brake: ${BRAKE_WORDS[brake.kind]}`);
  return parts.length > 0 ? parts.join("; ") : null;
}
