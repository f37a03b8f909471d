// The dispatch job of one LinkedIn account: claim the next row the rules allow, send it, record
// the outcome, and repeat while rows are due; then re-arm for the next due row. Pausing a
// campaign stops new claims; a send already in flight completes.
import type { JobHelpers } from "graphile-worker";
import type { AppContext } from "../context.js";
import { isUnipileError } from "../unipile/index.js";
import { armAccount } from "./arm.js";
import { type ClaimedRow, claimNext } from "./claim.js";
import { recordFailure, recordSent } from "./outcome.js";
import { findDelivered } from "./reconcile.js";
import { checkChatBeforeFollowUp } from "./hooks.js";
import { sendClaimed } from "./send.js";

export interface DispatchAccountPayload {
  accountId: string;
}

/** Sends per job run before handing the worker back (the job re-arms itself at once). */
const SENDS_PER_RUN = 25;
/** When another process has a send of this account in flight, look again shortly (virtual ms). */
const BUSY_RETRY_MS = 1_000;

export async function deliverClaimed(ctx: AppContext, row: ClaimedRow): Promise<void> {
  if (row.step > 0 && row.prospect.chat_id) {
    const found = await checkChatBeforeFollowUp(ctx, {
      prospectId: row.prospect.id,
      chatId: row.prospect.chat_id,
      unipileAccountId: row.account.unipile_account_id,
      lastSentAt: row.previousSentAt ?? row.campaign.launched_at ?? new Date(0),
    }).catch((error: unknown) => {
      ctx.log.warn("reply check before a follow-up failed; sending anyway is unsafe, retrying later", {
        row: row.id,
        error: (error as Error).message,
      });
      throw error;
    });
    if (found !== "none") {
      // stopForReply cancelled the prospect's rows; release this one too.
      await ctx.sql`update send_queue set status = 'cancelled', updated_at = now() where id = ${row.id} and status = 'sending'`;
      return;
    }
  }
  try {
    const result = await sendClaimed(ctx, row);
    await recordSent(ctx, row, result);
  } catch (error) {
    if (isUnipileError(error) && error.failureClass === "ambiguous") {
      const delivered = await findDelivered(ctx, {
        message_type: row.messageType,
        sent_text: row.text,
        claimed_at: null,
        unipile_account_id: row.account.unipile_account_id,
        provider_id: row.prospect.provider_id,
        chat_id: row.prospect.chat_id,
      }).catch(() => null);
      if (delivered) {
        await recordSent(ctx, row, delivered);
        return;
      }
    }
    await recordFailure(ctx, row, error);
  }
}

export async function dispatchAccount(payload: DispatchAccountPayload, ctx: AppContext, _helpers: JobHelpers): Promise<void> {
  for (let sent = 0; sent < SENDS_PER_RUN; sent++) {
    const claim = await claimNext(ctx, payload.accountId);
    if (claim.kind === "claimed") {
      await deliverClaimed(ctx, claim.row).catch(async (error) => {
        // Whatever happened, the row must not stay 'sending' for longer than the sweeper's look.
        await recordFailure(ctx, claim.row, error);
      });
      continue;
    }
    if (claim.kind === "busy") {
      await armAccount(ctx.sql, ctx.clock, payload.accountId, new Date(ctx.clock.nowMs() + BUSY_RETRY_MS));
      return;
    }
    if (claim.kind === "stopped") return;
    // Every row the claim passed over was moved to its next possible time (or settled), so the
    // account's next wake-up is simply its earliest pending row (or the end of a cooldown).
    await armAccount(ctx.sql, ctx.clock, payload.accountId);
    return;
  }
  await armAccount(ctx.sql, ctx.clock, payload.accountId);
}
