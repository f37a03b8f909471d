// Sender pools: an account that stays unavailable does not hold up prospects it has not touched.
// Its prospects with a conversation (anything sent or being sent) wait for it: their chat is tied
// to that account. Prospects not yet touched move, once (reassigned_at), to another usable account
// of the campaign's pool after the workspace's wait (pool_reassign_after_hours, default 48 h):
// messenger prospects only to an account they are connected to (synced relations), connector
// prospects only to one they are not connected to, balanced by capacity as at launch. The job is
// armed when the account becomes unavailable (src/delivery/account-health.ts); it checks again
// when it runs, so an account back in time keeps its prospects.
import type { TransactionSql } from "postgres";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { assignByCapacity, queuedInvitations } from "../launch/sender-pool.js";
import { accountPace } from "../planning/account-safety.js";
import { replanAccount } from "../planning/account-plan.js";
import type { AccountRow } from "../planning/rules.js";
import { postInThread, refreshCampaignRoot } from "../slack/notices.js";
import { escapeMrkdwn } from "../slack/text.js";
import { armAccount } from "./arm.js";

const HOUR = 3_600_000;

export interface ReassignPoolPayload {
  accountId: string;
}

/** Arms the move of the account's untouched pool prospects for when the workspace's wait is over. */
export async function scheduleReassignment(tx: TransactionSql, ctx: AppContext, account: AccountRow): Promise<void> {
  const [workspace] = await tx<{ hours: number }[]>`
    select pool_reassign_after_hours as hours from workspaces where id = ${account.workspace_id}`;
  const since = (account as AccountRow & { status_changed_at: Date | null }).status_changed_at ?? ctx.clock.now();
  await enqueue(tx, "reassign-pool-prospects", { accountId: account.id }, {
    runAt: new Date(since.getTime() + (workspace?.hours ?? 48) * HOUR),
    jobKey: `pool-reassign:${account.id}`,
    maxAttempts: 5,
  }, ctx.clock);
}

interface Candidate {
  id: string;
  public_identifier: string;
}

/** Moves the untouched prospects of an account unavailable for longer than the wait. Returns how many moved. */
export async function reassignPoolProspects(ctx: AppContext, accountId: string): Promise<number> {
  return ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    const [account] = await tx<AccountRow[]>`select * from workspace_accounts where id = ${accountId} for update`;
    if (!account || (account.status === "active" && !account.unlinked_at)) return 0;
    const [workspace] = await tx<{ hours: number }[]>`
      select pool_reassign_after_hours as hours from workspaces where id = ${account.workspace_id}`;
    const since = account.unlinked_at ?? (account as AccountRow & { status_changed_at: Date | null }).status_changed_at ?? now;
    if (now.getTime() - since.getTime() < (workspace?.hours ?? 48) * HOUR) {
      // Early: the workspace lengthened its wait since this was armed. Armed again for then.
      if (!account.unlinked_at) await scheduleReassignment(tx, ctx, account);
      return 0;
    }

    const campaigns = await tx<Campaign[]>`
      select c.* from campaigns c
      where c.workspace_id = ${account.workspace_id} and c.status in ('active', 'paused')
        and exists (select 1 from campaign_accounts ca where ca.campaign_id = c.id and ca.account_id = ${accountId})
        and (select count(*) from campaign_accounts ca where ca.campaign_id = c.id) > 1
      order by c.created_at`;
    let moved = 0;
    const touchedAccounts = new Set<string>();
    for (const campaign of campaigns) {
      const others = await tx<AccountRow[]>`
        select a.* from campaign_accounts ca join workspace_accounts a on a.id = ca.account_id
        where ca.campaign_id = ${campaign.id} and ca.account_id <> ${accountId}
          and a.workspace_id = ${campaign.workspace_id} and a.status = 'active' and a.unlinked_at is null
        order by ca.position`;
      if (others.length === 0) continue;
      // Not touched: nothing of its sequence sent or in flight; and never moved before.
      const candidates = await tx<Candidate[]>`
        select p.id, p.public_identifier from campaign_prospects p
        where p.campaign_id = ${campaign.id} and p.account_id = ${accountId} and p.reassigned_at is null
          and p.status in ('connected', 'approved')
          and not exists (select 1 from send_queue q where q.prospect_id = p.id and q.status in ('sent', 'sending'))
        order by p.source_row nulls last, p.created_at
        for update of p`;
      if (candidates.length === 0) continue;
      const ids = others.map((other) => other.id);
      const relations = await tx<{ public_identifier: string; account_id: string }[]>`
        select public_identifier, account_id from account_relations
        where account_id = any(${tx.array(ids)}::uuid[])
          and public_identifier = any(${tx.array(candidates.map((c) => c.public_identifier))}::text[])`;
      const connectedTo = new Map<string, Set<string>>();
      for (const row of relations) {
        const set = connectedTo.get(row.public_identifier) ?? new Set<string>();
        set.add(row.account_id);
        connectedTo.set(row.public_identifier, set);
      }
      const moves: Array<{ prospectId: string; accountId: string }> = [];
      if (campaign.campaign_type === "messenger") {
        for (const candidate of candidates) {
          const target = ids.find((id) => connectedTo.get(candidate.public_identifier)?.has(id));
          if (target) moves.push({ prospectId: candidate.id, accountId: target });
        }
      } else {
        const queuedNow = await queuedInvitations(tx, ids);
        const loads = [];
        for (const other of others) {
          const pace = await accountPace(tx, other, now);
          loads.push({ accountId: other.id, dailyCapacity: Math.max(0, pace.today.invitations), queued: queuedNow.get(other.id) ?? 0 });
        }
        for (const candidate of candidates) {
          const connected = connectedTo.get(candidate.public_identifier);
          const allowed = loads.filter((load) => !connected?.has(load.accountId));
          const [target] = assignByCapacity(allowed, 1);
          if (!target) continue;
          loads.find((load) => load.accountId === target)!.queued += 1;
          moves.push({ prospectId: candidate.id, accountId: target });
        }
      }
      if (moves.length === 0) continue;
      const prospectIds = tx.array(moves.map((move) => move.prospectId));
      const targets = tx.array(moves.map((move) => move.accountId));
      await tx`
        update campaign_prospects p set account_id = u.account_id, reassigned_at = ${now}, updated_at = now()
        from unnest(${prospectIds}::uuid[], ${targets}::uuid[]) as u(id, account_id) where p.id = u.id`;
      await tx`
        update send_queue q set account_id = u.account_id, updated_at = now()
        from unnest(${prospectIds}::uuid[], ${targets}::uuid[]) as u(id, account_id)
        where q.prospect_id = u.id and q.campaign_id = ${campaign.id} and q.status in ('pending', 'waiting')`;
      for (const move of moves) touchedAccounts.add(move.accountId);
      moved += moves.length;
      const stay = candidates.length - moves.length;
      await postInThread(tx, ctx, campaign,
        `:twisted_rightwards_arrows: *${escapeMrkdwn(account.name)}* has been unavailable for ${workspace?.hours ?? 48} hours: ` +
          `${moves.length} prospect${moves.length === 1 ? "" : "s"} not contacted yet moved to other accounts of this campaign` +
          (stay > 0 ? `; ${stay} with no other suitable account keep waiting for it` : "") +
          ". Prospects already in a conversation with it wait for it.");
      await refreshCampaignRoot(tx, ctx, campaign.id);
    }
    for (const id of touchedAccounts) {
      const [target] = await tx<AccountRow[]>`select * from workspace_accounts where id = ${id}`;
      await replanAccount(tx, target!, now);
      await armAccount(tx, ctx.clock, id);
    }
    return moved;
  });
}
