// Who may use a LinkedIn account: only campaigns of the workspace that owns it NOW. Relinking
// moves the same workspace_accounts row (its send history, so its caps) to the new workspace,
// while campaigns keep pointing at it; so every use — launch, claim, resume, retry, and each
// webhook or poll event routed to a thread — asks this, instead of trusting campaigns.account_id.
import type { TransactionSql } from "postgres";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { postInThread, refreshAfterCommit } from "../slack/notices.js";
import { escapeMrkdwn } from "../slack/text.js";
import { firstDelivery } from "../workspaces.js";
import { type LinkResult, linkAccount, type NewLink } from "./accounts.js";
import type { Queryable } from "../db/queryable.js";

/** The reason a campaign is paused, and stays paused, once its account moved away. */
export const ACCOUNT_MOVED_REASON = "the LinkedIn account now belongs to another workspace";

/**
 * owned: the campaign's workspace owns the account and it is linked; moved: another workspace
 * owns it now; unlinked: nobody has it linked; none: the campaign has no account.
 */
export type Ownership = "owned" | "moved" | "unlinked" | "none";

/**
 * Whether the campaign may use its account. `lock` takes a share lock on the account row, so a
 * relink (which updates that row) waits until the caller's transaction has finished acting on
 * the answer, and then sees (and pauses) what the caller did.
 */
export async function campaignAccountOwnership(
  sql: Queryable,
  campaign: Pick<Campaign, "workspace_id" | "account_id">,
  options: { lock?: boolean } = {},
): Promise<Ownership> {
  if (!campaign.account_id) return "none";
  const [account] = options.lock
    ? await sql<{ workspace_id: string; unlinked_at: Date | null }[]>`
        select workspace_id, unlinked_at from workspace_accounts where id = ${campaign.account_id} for share`
    : await sql<{ workspace_id: string; unlinked_at: Date | null }[]>`
        select workspace_id, unlinked_at from workspace_accounts where id = ${campaign.account_id}`;
  if (!account) return "none";
  if (account.workspace_id !== campaign.workspace_id) return "moved";
  return account.unlinked_at ? "unlinked" : "owned";
}

/** The thread notice of a campaign whose account moved; names no other workspace. */
export function accountMovedNotice(accountName: string, campaignHandle: number): string {
  return (
    `:pause_button: Sending is paused: ${ACCOUNT_MOVED_REASON} (*${escapeMrkdwn(accountName)}*). ` +
    "Nothing more is sent from it for this campaign, and it cannot be resumed while the account is there. " +
    `Link it to this workspace again (it has to be unlinked there first) to resume, or \`/sam cancel c${campaignHandle}\`.`
  );
}

const STOPPABLE = ["launching", "active", "paused"] as const;
type Stoppable = (typeof STOPPABLE)[number];

/**
 * Pauses the campaigns of other workspaces than the account's current one that are in one of
 * `statuses`, with a notice in each thread. Called in the relink's transaction (every live
 * campaign of the former workspace is told) and by the claim as a backstop (active ones only,
 * so a campaign is told once). Rows stay pending: they are the old workspace's to resume if it
 * ever links the account again. Returns the campaigns paused.
 */
export async function pauseCampaignsOfFormerWorkspaces(
  tx: TransactionSql,
  ctx: Pick<AppContext, "clock">,
  account: { id: string; workspace_id: string; name: string },
  statuses: readonly Stoppable[] = STOPPABLE,
): Promise<Campaign[]> {
  const paused = await tx<Campaign[]>`
    update campaigns set status = 'paused', updated_at = now()
    where account_id = ${account.id} and workspace_id <> ${account.workspace_id}
      and status in ${tx([...statuses])}
    returning *`;
  for (const campaign of paused) await postInThread(tx, ctx, campaign, accountMovedNotice(account.name, campaign.handle));
  await refreshAfterCommit(tx, ctx, { campaignIds: paused.map((campaign) => campaign.id), workspaceIds: paused.map((campaign) => campaign.workspace_id) });
  return paused;
}

/**
 * Links the account once per delivery key (a Slack click, a hosted-auth callback). A relink from
 * another workspace pauses that workspace's campaigns on it in the same transaction, so none of
 * them can send from it once it is this workspace's. Null when the key was seen before; the key
 * and the link commit together, so a failed attempt leaves neither.
 */
export async function linkAccountOnce(
  tx: TransactionSql,
  ctx: Pick<AppContext, "clock">,
  deliveryKey: string,
  link: NewLink,
): Promise<LinkResult | null> {
  if (!(await firstDelivery(tx, deliveryKey))) return null;
  // A newly linked account warms up from now (src/schedule/caps.ts).
  const linked = await linkAccount(tx, { ...link, linkedAt: link.linkedAt ?? ctx.clock.now() });
  if (linked.outcome === "linked") await pauseCampaignsOfFormerWorkspaces(tx, ctx, linked.account);
  return linked;
}
