// The dispatch job of one LinkedIn account: claim the next row the rules allow, send it, record
// the outcome, and repeat while rows are due; then re-arm for the next due row. Pausing a
// campaign stops new claims; a send already in flight completes.
//
// While it works, the job holds the account's send lock: a PostgreSQL advisory lock on its own
// connection. If the process dies the connection closes and the lock goes with it, so whoever
// takes the lock next knows that any row of the account still 'sending' has no owner, and
// settles it (did it arrive?) before sending anything else. No timeout has to guess.
import type { JobHelpers } from "graphile-worker";
import type { AppContext } from "../context.js";
import { withAdvisoryLock } from "../db/lock-connections.js";
import { isUnipileError } from "../unipile/index.js";
import { armAccount } from "./arm.js";
import { type ClaimedRow, claimNext, newClaimSession, noteSent } from "./claim.js";
import { checkChatBeforeFollowUp } from "./hooks.js";
import { type Recorded, recordFailure, recordSent } from "./outcome.js";
import { findDelivered, settleInFlight } from "./reconcile.js";
import { sendClaimed } from "./send.js";
import { releaseEventsWaitingForSend } from "../webhooks/own-echo.js";

export interface DispatchAccountPayload {
  accountId: string;
}

/** Sends per job run before handing the worker back (the job re-arms itself at once). */
const SENDS_PER_RUN = 25;
/** Another worker holds the account: look again shortly (virtual ms). */
const BUSY_RETRY_MS = 1_000;
/** A send whose outcome Unipile cannot tell yet: look again later (virtual ms). */
const UNSURE_RETRY_MS = 60_000;

const lockKey = (accountId: string) => `send:${accountId}`;

/** Runs `work` holding the account's send lock; null when another worker holds it. */
export function withSendLock<T>(ctx: AppContext, accountId: string, work: () => Promise<T>): Promise<T | null> {
  return withAdvisoryLock(ctx.databaseUrl, ctx.log, lockKey(accountId), work);
}

/**
 * Sends one claimed row and records what happened; the send's time (and, after the run's last
 * due row, when the account is next due) when it was recorded as sent. When the outcome is
 * unknown (Unipile acted but the answer was lost and cannot be checked, or recording the success
 * failed) the row is left 'sending': the next holder of the account's lock settles it before
 * anything else.
 */
export async function deliverClaimed(ctx: AppContext, row: ClaimedRow): Promise<Recorded | null> {
  if (row.step > 0) {
    let found: "replied" | "manual" | "held" | "none" = "none";
    try {
      // A connector's first follow-up has no chat of ours yet: the person may have answered
      // the invitation note in a chat of their own.
      const chatId =
        row.prospect.chat_id ??
        (row.prospect.provider_id
          ? (await ctx.unipile.listChatsWithAttendee(row.account.unipile_account_id, row.prospect.provider_id))[0]?.id
          : undefined);
      if (chatId) {
        found = await checkChatBeforeFollowUp(ctx, {
          prospectId: row.prospect.id,
          chatId,
          unipileAccountId: row.account.unipile_account_id,
          lastSentAt: row.previousSentAt ?? row.campaign.launched_at ?? new Date(0),
        });
      }
    } catch (error) {
      // Sending without knowing whether they replied is not safe: try again later.
      await recordFailure(ctx, row, error);
      return null;
    }
    if (found !== "none") {
      await ctx.sql`update send_queue set status = 'cancelled', updated_at = now() where id = ${row.id} and status = 'sending'`;
      await releaseEventsWaitingForSend(ctx.sql, ctx.clock, { unipileAccountId: row.account.unipile_account_id });
      return null;
    }
  }
  let result: Awaited<ReturnType<typeof sendClaimed>>;
  try {
    result = await sendClaimed(ctx, row);
  } catch (error) {
    if (isUnipileError(error) && error.failureClass === "ambiguous") {
      const delivered = await findDelivered(ctx, {
        message_type: row.messageType,
        sent_text: row.text,
        unipile_account_id: row.account.unipile_account_id,
        provider_id: row.prospect.provider_id,
        chat_id: row.prospect.chat_id,
      }).catch(() => undefined);
      if (delivered === undefined) throw error; // cannot tell: leave it 'sending' to be settled
      if (delivered) return recordSent(ctx, row, delivered);
    }
    await recordFailure(ctx, row, error);
    return null;
  }
  // Sent. If recording fails the row stays 'sending' and is settled from Unipile, never resent.
  return recordSent(ctx, row, result);
}

export async function dispatchAccount(payload: DispatchAccountPayload, ctx: AppContext, _helpers: JobHelpers): Promise<void> {
  const { accountId } = payload;
  const later = (ms: number) => armAccount(ctx.sql, ctx.clock, accountId, new Date(ctx.clock.nowMs() + ms));
  // When the run's last send knew the account's next due row (undefined: ask at the end).
  let nextDue: Date | null | undefined;
  const outcome = await withSendLock(ctx, accountId, async () => {
    const session = newClaimSession();
    let settled = false;
    for (let sent = 0; sent < SENDS_PER_RUN; sent++) {
      let claim = await claimNext(ctx, accountId, session);
      // A row 'sending' while we hold the account's lock has no owner (its process died): it is
      // settled (did it arrive?) before anything else is sent. The claim tells, so a run with
      // nothing in flight (nearly every run) does not ask separately.
      if (claim.kind === "busy" && !settled) {
        settled = true;
        const { unsure } = await settleInFlight(ctx, accountId);
        if (unsure > 0) return "unsure" as const;
        claim = await claimNext(ctx, accountId, session);
      }
      if (claim.kind === "claimed") {
        try {
          const recorded = await deliverClaimed(ctx, claim.row);
          if (recorded) noteSent(session, claim.row, recorded.at);
          if (!claim.row.othersDue) {
            nextDue = recorded?.accountNextDue;
            return "idle" as const;
          }
        } catch (error) {
          ctx.log.warn("a send's outcome is unknown; it will be settled before the account sends again", {
            row: claim.row.id,
            error: (error as Error).message,
          });
          return "unsure" as const;
        }
        continue;
      }
      if (claim.kind === "busy") return "unsure" as const;
      if (claim.kind === "stopped") return "stopped" as const;
      return "idle" as const;
    }
    return "more" as const;
  });
  if (outcome === null) await later(BUSY_RETRY_MS);
  else if (outcome === "unsure") await later(UNSURE_RETRY_MS);
  // Every row the claim passed over was moved to its next possible time (or settled), so the
  // account's next wake-up is simply its earliest pending row (or the end of a cooldown), which
  // the last send's outcome may already have read (none pending: nothing to arm). A change
  // committed since (a launch, an acceptance) arms the account itself; the arm below may then
  // replace that job's time with a later one, the race the select it replaces had (a few ms
  // narrower), and the sweep re-arms every account with rows due within a minute.
  else if (outcome === "idle" && nextDue !== undefined) {
    if (nextDue) await armAccount(ctx.sql, ctx.clock, accountId, nextDue);
  } else if (outcome !== "stopped") await armAccount(ctx.sql, ctx.clock, accountId);
}
