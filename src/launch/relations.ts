// The LinkedIn account's 1st-degree connections, synced from Unipile into account_relations.
// Matching prospects against this list proves a connection without a profile view; LinkedIn
// counts every profile look-up against a small daily allowance.
import type { AppContext } from "../context.js";
import type { AccountRow } from "../planning/rules.js";

export const RELATIONS_MAX_AGE_MS = 6 * 3_600_000;
const BATCH = 1000;

export function relationsAreFresh(account: Pick<AccountRow, "relations_synced_at">, now: Date): boolean {
  return account.relations_synced_at !== null && now.getTime() - account.relations_synced_at.getTime() < RELATIONS_MAX_AGE_MS;
}

/** Pages through every relation (1,000 a page in production) and replaces the stored list. Returns the count. */
export async function syncRelations(ctx: AppContext, account: AccountRow): Promise<number> {
  const syncedAt = ctx.clock.now();
  let batch: Array<{ public_identifier: string; provider_id: string }> = [];
  let total = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await ctx.sql`
      insert into account_relations (account_id, public_identifier, provider_id, synced_at)
      select ${account.id}, u.public_identifier, u.provider_id, ${syncedAt}
      from unnest(${ctx.sql.array(batch.map((r) => r.public_identifier))}::text[],
                  ${ctx.sql.array(batch.map((r) => r.provider_id))}::text[]) as u(public_identifier, provider_id)
      on conflict (account_id, public_identifier) do update
        set provider_id = excluded.provider_id, synced_at = excluded.synced_at`;
    total += batch.length;
    batch = [];
  };
  for await (const relation of ctx.unipile.relations(account.unipile_account_id)) {
    if (!relation.publicIdentifier) continue;
    batch.push({ public_identifier: relation.publicIdentifier.toLowerCase(), provider_id: relation.providerId });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  // People no longer connected drop out only after a complete sync.
  await ctx.sql.begin(async (tx) => {
    await tx`delete from account_relations where account_id = ${account.id} and synced_at < ${syncedAt}`;
    await tx`update workspace_accounts set relations_synced_at = ${syncedAt} where id = ${account.id}`;
  });
  return total;
}
