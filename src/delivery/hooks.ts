// The engine's calls into replies, acceptances, account health and notice batching, which live
// in their own files. (Interim implementations until those files land.)
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { postInThread } from "../slack/notices.js";

export async function checkChatBeforeFollowUp(
  _ctx: AppContext,
  _input: { prospectId: string; chatId: string; unipileAccountId: string; lastSentAt: Date },
): Promise<"replied" | "manual" | "none"> {
  return "none";
}

export async function markAccountUnavailable(tx: TransactionSql, _ctx: AppContext, accountId: string, reason: string): Promise<void> {
  await tx`update workspace_accounts set status = 'unavailable', status_reason = ${reason}, updated_at = now() where id = ${accountId}`;
}

export async function noteFailure(tx: TransactionSql, ctx: AppContext, campaignId: string, line: string): Promise<void> {
  const [campaign] = await tx<{ id: string; workspace_id: string }[]>`select id, workspace_id from campaigns where id = ${campaignId}`;
  if (campaign) await postInThread(tx, ctx, campaign, line);
}

export async function completeIfDone(tx: TransactionSql, _ctx: AppContext, campaignId: string): Promise<void> {
  const [open] = await tx`select 1 from send_queue where campaign_id = ${campaignId} and status in ('pending', 'waiting', 'sending') limit 1`;
  if (open) return;
  await tx`update campaigns set status = 'completed', completed_at = now() where id = ${campaignId} and status = 'active'`;
}
