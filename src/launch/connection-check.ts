// Who each prospect is to the LinkedIn account. The synced relations answer most prospects with
// no profile view; only the rest are looked up, within the account's daily profile-view budget
// (LinkedIn counts every look-up). Look-ups beyond the budget wait for the next day.
import type { AppContext } from "../context.js";
import type { AccountRow } from "../planning/rules.js";
import { localDayBounds } from "../schedule/index.js";
import { isUnipileError, type UnipileError } from "../unipile/index.js";
import type { NetworkDistance } from "../unipile/types.js";

export interface ProspectToCheck {
  id: string;
  public_identifier: string;
  provider_id: string | null;
  connection_degree: string | null;
}

export type Connection =
  | { kind: "known"; providerId: string; degree: NetworkDistance; invitationPending: boolean }
  | { kind: "inaccessible"; detail: string }
  | { kind: "waiting" };

export interface CheckOutcome {
  results: Map<string, Connection>;
  profileViews: number;
  /** A failure that stops the whole launch (account disconnected or rate limited). */
  accountProblem: UnipileError | null;
}

export async function profileViewsLeft(ctx: AppContext, account: AccountRow): Promise<number> {
  const today = localDayBounds(account.time_zone, ctx.clock.now());
  const [row] = await ctx.sql<{ n: number }[]>`
    select count(*)::int as n from profile_views
    where account_id = ${account.id} and viewed_at >= ${today.start} and viewed_at < ${today.end}`;
  return Math.max(0, account.daily_profile_view_budget - row!.n);
}

export async function checkConnections(ctx: AppContext, account: AccountRow, prospects: ProspectToCheck[]): Promise<CheckOutcome> {
  const results = new Map<string, Connection>();
  const identifiers = prospects.map((prospect) => prospect.public_identifier);
  // The identifiers go as ONE array parameter: a list of parameters (`in ${sql(list)}`) stops at
  // PostgreSQL's 65,535 and a campaign may hold 100,000 prospects.
  const relations = identifiers.length
    ? await ctx.sql<{ public_identifier: string; provider_id: string }[]>`
        select r.public_identifier, r.provider_id
        from unnest(${ctx.sql.array(identifiers)}::text[]) as u(public_identifier)
        join account_relations r on r.account_id = ${account.id} and r.public_identifier = u.public_identifier`
    : [];
  const connected = new Map(relations.map((row) => [row.public_identifier, row.provider_id]));
  const unknown: ProspectToCheck[] = [];
  for (const prospect of prospects) {
    const providerId = connected.get(prospect.public_identifier);
    if (!providerId && prospect.provider_id && prospect.connection_degree) {
      // Known already (e.g. an accepted connection moved from a connector campaign).
      results.set(prospect.id, {
        kind: "known",
        providerId: prospect.provider_id,
        degree: prospect.connection_degree as NetworkDistance,
        invitationPending: false,
      });
    } else if (providerId) results.set(prospect.id, { kind: "known", providerId, degree: "FIRST_DEGREE", invitationPending: false });
    else unknown.push(prospect);
  }

  let budget = await profileViewsLeft(ctx, account);
  let profileViews = 0;
  let accountProblem: UnipileError | null = null;
  for (const prospect of unknown) {
    if (budget <= 0 || accountProblem) {
      results.set(prospect.id, { kind: "waiting" });
      continue;
    }
    budget -= 1;
    profileViews += 1;
    // The view is spent whether or not the answer comes back, so it is recorded first.
    await ctx.sql`insert into profile_views (account_id, public_identifier, viewed_at)
                  values (${account.id}, ${prospect.public_identifier}, ${ctx.clock.now()})`;
    try {
      const profile = await ctx.unipile.getProfile(account.unipile_account_id, prospect.public_identifier);
      results.set(prospect.id, {
        kind: "known",
        providerId: profile.providerId,
        degree: profile.networkDistance ?? "OUT_OF_NETWORK",
        invitationPending: profile.invitation?.type === "SENT" && profile.invitation.status === "PENDING",
      });
    } catch (error) {
      if (!isUnipileError(error)) throw error;
      if (error.failureClass === "recipient_unreachable" || error.failureClass === "invalid_request") {
        results.set(prospect.id, { kind: "inaccessible", detail: error.title ?? error.type });
      } else if (error.failureClass === "account_rate_limited" || error.failureClass === "account_unavailable") {
        accountProblem = error;
        results.set(prospect.id, { kind: "waiting" });
      } else {
        // A passing fault: this prospect is checked again with the next batch.
        results.set(prospect.id, { kind: "waiting" });
      }
    }
  }
  return { results, profileViews, accountProblem };
}
