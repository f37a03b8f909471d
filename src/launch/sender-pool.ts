// Sender pools: which account of a campaign's pool sends to each prospect. Chosen once, at
// launch, and kept for the whole sequence (the conversation is tied to that account's chat).
//  - Messenger: an account the prospect is connected to (1st degree), from each account's synced
//    relations; the first such account in pool order. Prospects in no account's relations are
//    looked up in turn by the pool's accounts (spreading the profile-view budgets); a look-up that
//    finds a 1st-degree connection assigns that account, any other answer skips the prospect with
//    the single-account reason.
//  - Connector: never an account already connected to the person (then "Already connected");
//    otherwise balanced by each account's remaining capacity: today's invitation cap after ramp
//    and brakes (effectiveCaps, through accountPace) against the invitations already queued on it.

import type { Queryable } from "../db/queryable.js";

export interface SenderLoad {
  accountId: string;
  /** Invitations a day the account may send now (after ramp and brakes). */
  dailyCapacity: number;
  /** Invitations already waiting on the account (every campaign). */
  queued: number;
}

/**
 * Assigns `count` new prospects: each to the account that would clear its queue soonest, i.e.
 * the smallest (queued + 1) / capacity, ties to pool order. Accounts with no capacity get none
 * unless no account has any (then by smallest queue: the plan then tells the user it is too long).
 * So shares follow capacity: 20 and 10 a day split new prospects 2 : 1.
 */
export function assignByCapacity(loads: readonly SenderLoad[], count: number): string[] {
  const state = loads.map((load) => ({ ...load }));
  const anyCapacity = state.some((load) => load.dailyCapacity > 0);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let best: (typeof state)[number] | null = null;
    let bestScore = Infinity;
    for (const load of state) {
      const score = anyCapacity ? (load.dailyCapacity > 0 ? (load.queued + 1) / load.dailyCapacity : Infinity) : load.queued;
      if (score < bestScore) {
        best = load;
        bestScore = score;
      }
    }
    if (!best) break;
    best.queued += 1;
    out.push(best.accountId);
  }
  return out;
}

/** For each identifier, the pool accounts (in the order given) that have it among their synced 1st-degree relations. */
export async function poolRelations(
  sql: Queryable,
  accountIds: readonly string[],
  identifiers: readonly string[],
): Promise<Map<string, Array<{ accountId: string; providerId: string }>>> {
  const found = new Map<string, Array<{ accountId: string; providerId: string }>>();
  if (identifiers.length === 0 || accountIds.length === 0) return found;
  const rows = await sql<{ public_identifier: string; account_id: string; provider_id: string }[]>`
    select r.public_identifier, r.account_id, r.provider_id
    from unnest(${sql.array([...identifiers])}::text[]) as u(public_identifier)
    join account_relations r on r.public_identifier = u.public_identifier
      and r.account_id = any(${sql.array([...accountIds])}::uuid[])`;
  const order = new Map(accountIds.map((id, index) => [id, index]));
  for (const row of rows) {
    const list = found.get(row.public_identifier) ?? [];
    list.push({ accountId: row.account_id, providerId: row.provider_id });
    found.set(row.public_identifier, list);
  }
  for (const list of found.values()) list.sort((a, b) => order.get(a.accountId)! - order.get(b.accountId)!);
  return found;
}

/** Invitations queued and not yet sent on each account, across all its campaigns. */
export async function queuedInvitations(sql: Queryable, accountIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await sql<{ account_id: string; n: number }[]>`
    select account_id, count(*)::int as n from send_queue
    where account_id = any(${sql.array([...accountIds])}::uuid[]) and message_type = 'connection_request'
      and status in ('pending', 'waiting', 'sending')
    group by account_id`;
  return new Map(rows.map((row) => [row.account_id, row.n]));
}
