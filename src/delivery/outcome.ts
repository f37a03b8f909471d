// What a send's outcome does to the queue, the prospect, the account and the campaign. Every
// exit path leaves the row in a final or retry state (lessons-from-sam 2), and failures are
// acted on by class: one prospect's problem never stops the account, and an account's problem
// never fails a prospect.
import { DateTime } from "luxon";
import { recordLimitSignal } from "../accounts/health-brake.js";
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { plainCause } from "../internal-error.js";
import { windowOf } from "../planning/rules.js";
import { safeText } from "../safe-text.js";
import { nextAllowedInstant } from "../schedule/index.js";
import { postInThread, scheduleRootRefresh } from "../slack/notices.js";
import { type FailureClass, isUnipileError, type UnipileError } from "../unipile/index.js";
import { completeIfDone, markAccountUnavailable, noteFailure } from "./hooks.js";
import { armAccount } from "./arm.js";
import { progressRefresh } from "./progress-refresh.js";
import type { ClaimedRow } from "./claim.js";
import type { Campaign } from "../campaigns/campaigns.js";
import { releaseEventsWaitingForSend, settleEchoAndRelease } from "../webhooks/own-echo.js";
import type { SendResult } from "./send.js";
import { escapeMrkdwn } from "../slack/text.js";

/**
 * Tries of a row hit by passing faults (5xx, network). With the backoff below they span about
 * ten hours, so a Unipile outage delays messages rather than failing prospects.
 */
export const MAX_ATTEMPTS = 8;

/** Backoff for passing faults, in virtual minutes: 5, 10, 20, 40, 80, 160, 240 (capped). */
const retryDelayMs = (attempts: number) => Math.min(240 * 60_000, 5 * 60_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Records a send as sent in one transaction; its time, or null when the row was not 'sending'
 * any more (someone else recorded it). The row, the prospect and the next message's row are
 * read and written in one statement, since they can only be this prospect's.
 */
export interface Recorded {
  /** The send's time. */
  at: Date;
  /**
   * When the row was its run's last due one (`othersDue` false): when the account's next row is
   * due (its cooldown's end if later), or null when none is pending, read by the outcome's own
   * statement so that re-arming the account asks nothing more. Undefined otherwise.
   */
  accountNextDue?: Date | null;
}

export async function recordSent(ctx: AppContext, row: ClaimedRow, result: SendResult): Promise<Recorded | null> {
  const recorded = await ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    const invitation = row.messageType === "connection_request";
    // The next message counts its delay from this real send (not from launch: lesson 9). A
    // connector's first follow-up waits for the acceptance instead. The select reads the
    // statement's snapshot, which the updates beside it do not change (they touch other rows);
    // PostgreSQL runs a data-modifying WITH whether or not its rows are read.
    // It also tells whether the campaign has other rows open (and its status), which is all
    // completeIfDone needs when it does: the campaign cannot have completed; and, after a run's
    // last due row, when the account's other rows (this prospect's next one aside: it is timed
    // below) are next due, as armAccount would ask.
    const [written] = await tx<
      {
        sent: boolean;
        next_id: string | null;
        next_delay_days: string | null;
        others_open: boolean;
        campaign_status: Campaign["status"];
        account_due: Date | null;
        cooldown: Date | null;
      }[]
    >`
      with sent as (
        update send_queue set status = 'sent', sent_at = ${now}, unipile_chat_id = ${result.chatId},
          unipile_message_id = ${result.messageId}, unipile_invitation_id = ${result.invitationId},
          error_class = null, error_message = null, updated_at = now()
        where id = ${row.id} and status = 'sending'
        returning prospect_id
      ), prospect as (
        update campaign_prospects set
          status = case when status in ('replied', 'completed', 'cancelled', 'opted_out') then status
                        else ${invitation ? "connection_request_sent" : "messaging"} end,
          contacted_at = coalesce(contacted_at, ${now}),
          chat_id = coalesce(${result.chatId}, chat_id),
          invitation_id = coalesce(${result.invitationId}, invitation_id),
          updated_at = now()
        where id in (select prospect_id from sent)
        returning id
      )
      select exists (select 1 from sent) as sent, next.id as next_id, next.delay_days as next_delay_days,
        exists (select 1 from send_queue o where o.campaign_id = ${row.campaign.id} and o.status in ('pending', 'sending')
                and o.id <> ${row.id}) as others_open,
        (select status from campaigns where id = ${row.campaign.id}) as campaign_status,
        case when ${!row.othersDue} then (
          select min(q.scheduled_for) from send_queue q join campaigns c on c.id = q.campaign_id
          where q.account_id = ${row.account.id} and q.status = 'pending' and c.status = 'active' and q.id <> ${row.id}
            and not (q.prospect_id = ${row.prospect.id} and q.campaign_id = ${row.campaign.id} and q.step = ${row.step + 1})
        ) end as account_due,
        (select cooldown_until from workspace_accounts where id = ${row.account.id}) as cooldown
      from (select 1) as one
      left join lateral (
        select q.id, q.delay_days from send_queue q
        where ${!invitation} and q.prospect_id = ${row.prospect.id} and q.campaign_id = ${row.campaign.id}
          and q.step = ${row.step + 1} and q.status in ('pending', 'waiting')
      ) as next on true`;
    if (!written?.sent) return { sent: null, refreshAt: null };
    // Unipile's echo of this message, if it came before this answer was recorded, is settled; the
    // account's other events that waited for this send get their jobs. A statement of its own, so
    // that it sees an event the intake stored while this transaction waited for the row's lock.
    await settleEchoAndRelease(tx, ctx.clock, { messageId: result.messageId, unipileAccountId: row.account.unipile_account_id, at: now });
    let nextDue = written.account_due;
    if (written.next_id) {
      const due = new Date(now.getTime() + Number(written.next_delay_days) * 86_400_000);
      const at = nextAllowedInstant(windowOf(row.campaign), due).at;
      await tx`update send_queue set status = 'pending', scheduled_for = ${at}, updated_at = now() where id = ${written.next_id}`;
      if (written.campaign_status === "active" && (!nextDue || at < nextDue)) nextDue = at;
    }
    if (nextDue && written.cooldown && written.cooldown > nextDue) nextDue = written.cooldown;
    const open = written.others_open || written.next_id !== null;
    await completeIfDone(tx, ctx, row.campaign.id, open ? { ...row.campaign, status: written.campaign_status } : undefined);
    const sent: Recorded = row.othersDue ? { at: now } : { at: now, accountNextDue: nextDue };
    return { sent, refreshAt: await progressRefresh.schedule(tx, ctx, row.campaign) };
  });
  progressRefresh.committed(row.campaign.id, recorded.refreshAt);
  return recorded.sent;
}

/** The prospect's queue ends here: its remaining rows are cancelled. */
/** Ends a prospect's sequence: its status and reason, and its messages not yet sent cancelled. */
export async function endProspect(
  tx: TransactionSql,
  row: Pick<ClaimedRow, "prospect" | "campaign">,
  status: "failed" | "skipped",
  reason: string,
) {
  await tx`update campaign_prospects set status = ${status}, status_reason = ${reason}, updated_at = now()
           where id = ${row.prospect.id} and status not in ('replied', 'completed', 'cancelled', 'opted_out')`;
  await tx`update send_queue set status = 'cancelled', updated_at = now()
           where prospect_id = ${row.prospect.id} and campaign_id = ${row.campaign.id} and status in ('pending', 'waiting')`;
}

function describe(error: UnipileError): string {
  return safeText([error.type, error.title, error.detail].filter(Boolean).join(": "), 300);
}

const name = (row: ClaimedRow) => escapeMrkdwn(`${row.prospect.first_name} ${row.prospect.last_name}`);

export async function recordFailure(ctx: AppContext, row: ClaimedRow, error: unknown): Promise<void> {
  const failure: UnipileError | null = isUnipileError(error) ? error : null;
  const failureClass: FailureClass = failure?.failureClass ?? "retry_later";
  // Unipile's own classified answer is kept (it says what LinkedIn refused); anything else (our
  // client's checks of Unipile's answer included) is stored and shown as a plain cause with a
  // reference, the error itself going to the log.
  const detail =
    failure && !failure.type.startsWith("client/")
      ? describe(failure)
      : plainCause(ctx.log, "send failed unexpectedly", error, { row: row.id });
  await ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    const back = async (at: Date, countAttempt: boolean) =>
      tx`update send_queue set status = 'pending', scheduled_for = ${at}, error_class = ${failureClass},
           error_message = ${detail}, attempts = attempts - ${countAttempt ? 0 : 1}, updated_at = now()
         where id = ${row.id} and status = 'sending'`;
    const fail = async () =>
      tx`update send_queue set status = 'failed', error_class = ${failureClass}, error_message = ${detail}, updated_at = now()
         where id = ${row.id} and status = 'sending'`;
    switch (failureClass) {
      case "retry_later":
      case "ambiguous": {
        if (row.attempts >= MAX_ATTEMPTS) {
          await fail();
          await endProspect(tx, row, "failed", `${row.messageType} failed after ${row.attempts} attempts: ${escapeMrkdwn(detail)}`);
          await noteFailure(tx, ctx, row.campaign.id, `${name(row)} — ${row.messageType} failed after ${row.attempts} attempts: ${escapeMrkdwn(detail)}`);
        } else {
          await back(new Date(now.getTime() + retryDelayMs(row.attempts)), true);
        }
        break;
      }
      case "account_rate_limited": {
        // The whole account rests; no prospect is failed for it.
        await back(now, false);
        const until = new Date(now.getTime() + ctx.config.ACCOUNT_COOLDOWN_HOURS * 3_600_000);
        await tx`update workspace_accounts set cooldown_until = ${until}, status_reason = ${detail}, updated_at = now()
                 where id = ${row.account.id}`;
        await recordLimitSignal(tx, ctx, row.account.id, detail);
        await noteFailure(tx, ctx, row.campaign.id, `LinkedIn asked *${escapeMrkdwn(row.account.name)}* to slow down (${escapeMrkdwn(failure?.type ?? "limit")}); its sends resume after ${DateTime.fromJSDate(until).setZone(row.account.time_zone).toFormat("ccc d LLL HH:mm ZZZZ")}.`);
        break;
      }
      case "account_unavailable":
        await back(now, false);
        await markAccountUnavailable(tx, ctx, row.account.id, detail);
        break;
      case "recipient_not_connected":
        await fail();
        await endProspect(tx, row, "skipped", "Not connected - messenger campaigns require existing connection");
        await noteFailure(tx, ctx, row.campaign.id, `${name(row)} — not a 1st-degree connection any more; skipped.`);
        break;
      case "recipient_unreachable":
        await fail();
        await endProspect(tx, row, "failed", `Recipient cannot be reached (${failure?.type ?? "unreachable"})`);
        await noteFailure(tx, ctx, row.campaign.id, `${name(row)} — cannot be reached on LinkedIn (${escapeMrkdwn(String(failure?.type))}).`);
        break;
      case "already_invited":
        await tx`update send_queue set status = 'skipped', error_class = ${failureClass}, error_message = ${detail}, updated_at = now()
                 where id = ${row.id} and status = 'sending'`;
        await endProspect(tx, row, "skipped", "Invitation already pending");
        break;
      case "insufficient_credits":
        await fail();
        await endProspect(tx, row, "failed", `Not enough LinkedIn credits (${failure?.type})`);
        await noteFailure(tx, ctx, row.campaign.id, `${name(row)} — ${escapeMrkdwn(detail)}`);
        break;
      case "invalid_request":
        await fail();
        await endProspect(tx, row, "failed", `Rejected by LinkedIn: ${detail}`);
        await postInThread(tx, ctx, row.campaign, `:warning: ${name(row)}: the ${row.messageType} was rejected (${escapeMrkdwn(detail)}). This is a template or data problem: check the message and the prospect's LinkedIn URL.`);
        break;
    }
    // No message went out: the events that waited for this send get their jobs now.
    await releaseEventsWaitingForSend(tx, ctx.clock, { unipileAccountId: row.account.unipile_account_id });
    await completeIfDone(tx, ctx, row.campaign.id);
    await scheduleRootRefresh(tx, ctx, row.campaign);
    await armAccount(tx, ctx.clock, row.account.id);
  });
}
