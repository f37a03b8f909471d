// One LinkedIn account's figures for `/sam stats`: what it sent on each of its last days against
// that day's caps (src/schedule/caps.ts effectiveCaps, the one place caps are combined: the
// warm-up ramp as it stood that day and every brake in force that day, lifted ones included),
// its invitations' acceptance rate over 30 days, and the invitations still pending. The account
// is looked up within the workspace, so another workspace's account id finds nothing.

import { capBrakeOf, warmUpOf } from "../planning/account-safety.js";
import type { AccountRow } from "../planning/rules.js";
import { type CapBrake, type CapSettings, effectiveCaps } from "../schedule/caps.js";
import { DAY_MS, isoDateOfDay, localDayOf, localDayStartMs } from "../schedule/local-time.js";
import type { Queryable } from "../db/queryable.js";

export interface AccountDay {
  /** yyyy-mm-dd, account-local. */
  date: string;
  messages: number;
  invitations: number;
  messageCap: number;
  invitationCap: number;
}

export interface AccountStats {
  accountId: string;
  name: string;
  timeZone: string;
  status: string;
  cooldownUntil: Date | null;
  /** Oldest first, ending with today (account-local). */
  days: AccountDay[];
  /** Invitations sent in the last 30 days, and how many of their prospects have accepted. */
  acceptance: { invitations: number; accepted: number; rate: number | null };
  /** Invitations sent and neither accepted nor given up on (prospect still connection_request_sent). */
  pendingInvitations: number;
}

export async function accountStats(
  sql: Queryable,
  workspaceId: string,
  accountId: string,
  now: Date,
  dayCount = 14,
): Promise<AccountStats | null> {
  const [account] = await sql<AccountRow[]>`
    select * from workspace_accounts where id = ${accountId} and workspace_id = ${workspaceId}`;
  if (!account) return null;
  const zone = account.time_zone;
  const today = localDayOf(zone, now.getTime());
  const firstDay = today - dayCount + 1;
  const from = new Date(localDayStartMs(zone, firstDay));
  const ramp = warmUpOf(account);
  const rampFrom = ramp ? new Date(Math.min(account.warm_up_from!.getTime(), from.getTime())) : from;

  const [sent, brakes, acceptance, pending, rampDays] = await Promise.all([
    sql<{ day: string; messages: number; invitations: number }[]>`
      select to_char(sent_at at time zone ${zone}, 'YYYY-MM-DD') as day,
             count(*) filter (where message_type <> 'connection_request')::int as messages,
             count(*) filter (where message_type = 'connection_request')::int as invitations
      from send_queue where account_id = ${account.id} and status = 'sent' and sent_at >= ${from} and sent_at <= ${now}
      group by 1`,
    sql<{ kind: CapBrake["kind"]; started_at: Date; until: Date | null; lifted_at: Date | null }[]>`
      select kind, started_at, until, lifted_at from account_brakes
      where account_id = ${account.id} and started_at <= ${now} and (lifted_at is null or lifted_at >= ${from})`,
    sql<{ invitations: number; accepted: number }[]>`
      select count(*)::int as invitations, count(p.connection_accepted_at)::int as accepted
      from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.account_id = ${account.id} and q.status = 'sent' and q.message_type = 'connection_request'
        and q.sent_at > ${new Date(now.getTime() - 30 * DAY_MS)} and q.sent_at <= ${now}`,
    sql<{ pending: number }[]>`
      select count(*)::int as pending
      from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.account_id = ${account.id} and q.status = 'sent' and q.message_type = 'connection_request'
        and p.status = 'connection_request_sent' and p.connection_accepted_at is null`,
    ramp
      ? sql<{ day: string }[]>`
          select distinct to_char(sent_at at time zone ${zone}, 'YYYY-MM-DD') as day from send_queue
          where account_id = ${account.id} and status = 'sent' and sent_at >= ${rampFrom} and sent_at <= ${now}`
      : Promise.resolve([] as { day: string }[]),
  ]);

  // A lifted brake applied until the day it was lifted (as capBrakeOf counts the day it lifts on).
  const capBrakes = brakes.map((brake) => {
    const end =
      brake.lifted_at && (!brake.until || brake.lifted_at < brake.until) ? brake.lifted_at : brake.until;
    return capBrakeOf(zone, { kind: brake.kind, started_at: brake.started_at, until: end });
  });
  const sendingDays = rampDays
    .map((row) => Date.parse(`${row.day}T00:00:00Z`) / DAY_MS)
    .filter((day) => ramp === null || day >= ramp.fromDay);
  const settings: CapSettings = {
    dailyMessageCap: account.daily_message_cap,
    dailyInvitationCap: account.daily_invitation_cap,
    warmUp: ramp ? { ...ramp, sendingDays } : null,
    brakes: capBrakes,
  };
  const byDay = new Map(sent.map((row) => [row.day, row]));
  const days: AccountDay[] = [];
  for (let day = firstDay; day <= today; day++) {
    const date = isoDateOfDay(day);
    const caps = effectiveCaps(settings, day, sendingDays.filter((d) => d < day).length);
    days.push({
      date,
      messages: byDay.get(date)?.messages ?? 0,
      invitations: byDay.get(date)?.invitations ?? 0,
      messageCap: caps.messages,
      invitationCap: caps.invitations,
    });
  }
  const { invitations, accepted } = acceptance[0]!;
  return {
    accountId: account.id,
    name: account.name,
    timeZone: zone,
    status: account.status,
    cooldownUntil: account.cooldown_until,
    days,
    acceptance: {
      invitations,
      accepted,
      rate: invitations > 0 ? Math.round((accepted / invitations) * 1000) / 1000 : null,
    },
    pendingInvitations: pending[0]!.pending,
  };
}
