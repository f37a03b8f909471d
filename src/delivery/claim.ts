// Claiming the next row an account may send, in one transaction that re-checks every gate:
// the campaign is active and belongs to the workspace that owns the account now, the account
// is healthy and not cooling down, no other send of the account is in flight, the prospect has
// not replied or finished, a connector follow-up's invitation was accepted, the previous
// message was really sent long enough ago, and the sending window, caps and spacing allow it
// now. The account row lock serialises claims of one account across any number of worker
// processes; the 'sending' status keeps the row ours.
import { hostname } from "node:os";
import { pauseCampaignsOfFormerWorkspaces } from "../accounts/ownership.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { FINISHED_PROSPECT_STATUSES, type MessageType } from "../db/enums.js";
import { accountHistoryRows, pastSends } from "../planning/account-plan.js";
import type { PastSend } from "../schedule/index.js";
import { accountRulesNow, type BrakeRow } from "../planning/account-safety.js";
import { type AccountRow, windowOf } from "../planning/rules.js";
import { checkSendGate, describeReason, nextAllowedInstant, type StepKind } from "../schedule/index.js";
import { postInThread } from "../slack/notices.js";
import { completeIfDone } from "./hooks.js";
import { endProspect } from "./outcome.js";
import { renderTemplate } from "../templates/template.js";
import { type VariantLetter, variantText } from "../variants/index.js";
import { variantAtClaim } from "./variant-claim.js";
import { escapeMrkdwn } from "../slack/text.js";
import { companyPageOf, keysOf } from "../do-not-contact/keys.js";
import { cancelProspects, listedExpression } from "../do-not-contact/list.js";

export const WORKER_ID = `${hostname()}:${process.pid}`;
const CANDIDATES = 25;

export interface ClaimedRow {
  id: string;
  campaign: Campaign;
  account: AccountRow;
  prospect: ProspectRow;
  messageType: MessageType;
  step: number;
  text: string;
  attempts: number;
  /** When the previous message of this prospect was really sent (null for the first). */
  previousSentAt: Date | null;
  /**
   * Whether other rows were due when this one was claimed. When none were, the next claim of the
   * run could only find a row that fell due since, and re-arming finds that too (at once): the
   * run ends after this send instead of asking (four statements a send when sends are spread).
   */
  othersDue: boolean;
}

export interface ProspectRow {
  id: string;
  first_name: string;
  last_name: string;
  company_name: string | null;
  title: string | null;
  custom_fields: Record<string, string>;
  provider_id: string | null;
  public_identifier: string;
  status: string;
  chat_id: string | null;
  connection_accepted_at: Date | null;
}

export type Claim =
  | { kind: "claimed"; row: ClaimedRow }
  | { kind: "wait" }
  | { kind: "busy" }
  | { kind: "stopped"; reason: string };

interface Candidate {
  id: string;
  campaign_id: string;
  prospect_id: string;
  message_type: MessageType;
  step: number;
  requires_connection: boolean;
  attempts: number;
  delay_days: string;
  not_before: Date | null;
  variant: VariantLetter | null;
  /** md5 of the campaign's whole row: a cached campaign is reused only while it is unchanged. */
  campaign_digest: string;
}

/** A candidate as the claim's statement returns it (row_to_json: its time as text, its delay as a number). */
type CandidateJson = Omit<Candidate, "not_before" | "delay_days"> & { not_before: string | null; delay_days: number };

export function stepKind(campaign: Pick<Campaign, "campaign_type">, step: number): StepKind {
  if (step > 0) return "follow_up";
  return campaign.campaign_type === "connector" ? "invitation" : "first_message";
}

/** The current text of a step's variant (A, or no letter: the usual text; a removed variant falls back to A). */
export function templateFor(campaign: Campaign, step: number, variant: VariantLetter | null = null): string {
  return variantText(campaign.message_templates, step, variant) || variantText(campaign.message_templates, step, null);
}

export function renderFor(campaign: Campaign, prospect: ProspectRow, step: number, variant: VariantLetter | null = null) {
  return renderTemplate(templateFor(campaign, step, variant), {
    ...prospect.custom_fields,
    first_name: prospect.first_name,
    last_name: prospect.last_name,
    company_name: prospect.company_name,
    title: prospect.title,
  });
}

/**
 * Campaigns as the claims last read them, each with a digest of its whole row that the candidates
 * query returns, so any change to a campaign (status, templates, window) makes the claim read it
 * again. Shared by every run of this process: when sends are spread out each run sends one
 * message, and reading its campaign again each time was a statement a send. Bounded: past the
 * limit the cache starts over.
 */
const campaignCache = new Map<string, { digest: string; campaign: Campaign }>();
const CAMPAIGN_CACHE_LIMIT = 2_000;

/**
 * What one dispatch run (holding the account's send lock) has learned and may reuse from one
 * claim to the next, so that a send does not read again what cannot have changed:
 * - the account's send history: only holders of the send lock add to it (the engine, the
 *   reconciliation, answers from Slack), so the run adds its own sends (`noteSent`);
 * - whether campaigns of a former workspace of the account were paused in this run.
 */
export interface ClaimSession {
  formerWorkspacesPaused: boolean;
  history: PastSend[] | null;
}

export const newClaimSession = (): ClaimSession => ({
  formerWorkspacesPaused: false,
  history: null,
});

/** A send of this run recorded as sent at `at` counts in the history of its next claims. */
export function noteSent(session: ClaimSession, row: Pick<ClaimedRow, "messageType" | "step">, at: Date): void {
  session.history?.push({
    at,
    kind: row.messageType === "connection_request" ? "invitation" : "message",
    isFirstTouch: row.step === 0,
  });
}

interface LockedAccount extends AccountRow {
  in_flight: boolean;
  /** An active campaign of another workspace still names this account (see below). */
  former_workspace_active: boolean;
  open_brakes: Array<{ kind: BrakeRow["kind"]; reason: string; started_at: string; until: string | null }>;
  /** The account's recent sends, when the session has none yet (the run's first claim). */
  history: Array<{ sent_at: string; message_type: string; step: number }> | null;
}

export async function claimNext(ctx: AppContext, accountId: string, session: ClaimSession = newClaimSession()): Promise<Claim> {
  return ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    // One statement: the account row locked, whether a send of it is in flight, its open brakes
    // (and on the run's first claim its send history); then, the account locked, its due rows.
    // Follow-ups of running conversations first; new prospects from the campaign that sent
    // least recently, so campaigns sharing the account take turns. (Candidates read when the
    // account cannot send are only unlocked again at once.)
    const rows = await tx<Array<LockedAccount & { candidate: CandidateJson | null }>>`
      with locked as materialized (
        select a.*,
          exists (select 1 from send_queue s where s.account_id = a.id and s.status = 'sending') as in_flight,
          exists (select 1 from campaigns c where c.account_id = a.id and c.workspace_id <> a.workspace_id and c.status = 'active')
            as former_workspace_active,
          coalesce((select json_agg(json_build_object('kind', b.kind, 'reason', b.reason, 'started_at', b.started_at, 'until', b.until)
                                    order by b.started_at)
                    from account_brakes b where b.account_id = a.id and b.lifted_at is null), '[]'::json) as open_brakes,
          ${
            // The send history, on the run's first claim (the run adds its own sends after).
            session.history
              ? tx`null::json`
              : tx`coalesce((select json_agg(h) from (${accountHistoryRows(tx, accountId, now)}) as h), '[]'::json)`
          } as history
        from workspace_accounts a where a.id = ${accountId} for update of a
      )
      select locked.*, row_to_json(candidate) as candidate
      from locked left join lateral (
        select q.id, q.campaign_id, q.prospect_id, q.message_type, q.step, q.requires_connection, q.attempts, q.delay_days,
               q.not_before, q.variant, md5(c::text) as campaign_digest
        from send_queue q
        join campaigns c on c.id = q.campaign_id and c.status = 'active' and c.workspace_id = locked.workspace_id
        left join (
          select campaign_id, max(sent_at) as at from send_queue
          where account_id = ${accountId} and status = 'sent' group by campaign_id
        ) as last_sent on last_sent.campaign_id = q.campaign_id
        where q.account_id = ${accountId} and q.status = 'pending' and q.scheduled_for <= ${now}
        order by (q.step > 0) desc, last_sent.at asc nulls first, q.scheduled_for, q.id
        limit ${CANDIDATES}
        for update of q skip locked
      ) as candidate on true`;
    const locked = rows[0];
    if (!locked || locked.unlinked_at) return { kind: "stopped", reason: "account unlinked" };
    const {
      in_flight: inFlight,
      open_brakes: openBrakes,
      former_workspace_active: formerActive,
      history: pastRows,
      candidate: _candidate,
      ...account
    } = locked;
    // A campaign of a workspace the account has left never sends from it: the candidates below
    // are only the owning workspace's, and the relink paused the others; this pauses any that
    // slipped past (e.g. launched in the same instant), once per run, when there is one.
    if (formerActive && !session.formerWorkspacesPaused) {
      await pauseCampaignsOfFormerWorkspaces(tx, ctx, account, ["active"]);
      session.formerWorkspacesPaused = true;
    }
    if (account.status !== "active") return { kind: "stopped", reason: `account ${account.status}` };
    // armAccount wakes the account when the cooldown ends.
    if (account.cooldown_until && account.cooldown_until > now) return { kind: "wait" };
    if (inFlight) return { kind: "busy" };
    // Not before the in-flight check: settling a row in flight may add a send to the history.
    if (pastRows) session.history ??= pastSends(pastRows);

    const candidates: Candidate[] = rows.flatMap(({ candidate }) =>
      candidate ? [{ ...candidate, not_before: candidate.not_before === null ? null : new Date(candidate.not_before), delay_days: String(candidate.delay_days) }] : [],
    );
    if (candidates.length === 0) return { kind: "wait" };

    const history = session.history ?? [];
    // Configured caps lowered by the warm-up ramp and health brakes (src/schedule/caps.ts).
    const brakes = openBrakes.map((brake) => ({
      ...brake,
      started_at: new Date(brake.started_at),
      until: brake.until === null ? null : new Date(brake.until),
    }));
    const rules = await accountRulesNow(tx, account, now, brakes);
    for (const [index, candidate] of candidates.entries()) {
      const cached = campaignCache.get(candidate.campaign_id);
      let campaign = cached?.campaign;
      if (cached?.digest !== candidate.campaign_digest) {
        [campaign] = await tx<Campaign[]>`select * from campaigns where id = ${candidate.campaign_id}`;
        if (campaignCache.size >= CAMPAIGN_CACHE_LIMIT) campaignCache.clear();
        campaignCache.set(candidate.campaign_id, { digest: candidate.campaign_digest, campaign: campaign! });
      }
      const [prospect] = await tx<ProspectRow[]>`
        select id, first_name, last_name, company_name, title, custom_fields, provider_id, public_identifier, status,
               chat_id, connection_accepted_at
        from campaign_prospects where id = ${candidate.prospect_id} for update`;
      if (!prospect || (FINISHED_PROSPECT_STATUSES as readonly string[]).includes(prospect.status)) {
        await tx`update send_queue set status = 'cancelled', updated_at = now() where id = ${candidate.id}`;
        continue;
      }
      // The do-not-contact list, again: the person or their company may have been added since
      // launch (adding an entry cancels what it names; this closes the race). Asked by the claim's
      // own update below, so it costs no statement of its own.
      const keys = keysOf({ ...prospect, company_page: companyPageOf(prospect.custom_fields) });
      const stopListed = async () => {
        await cancelProspects(tx, [prospect.id]);
        await postInThread(tx, ctx, campaign!, `:no_entry: ${escapeMrkdwn(`${prospect.first_name} ${prospect.last_name}`)} is on the do-not-contact list: nothing more will be sent to them.`);
        await completeIfDone(tx, ctx, campaign!.id);
      };
      let previousSentAt: Date | null = null;
      // Held back by an out-of-office reply: not before the return (src/conversations/out-of-office.ts).
      if (candidate.not_before && candidate.not_before > now) {
        const at = nextAllowedInstant(windowOf(campaign!), candidate.not_before).at;
        await tx`update send_queue set scheduled_for = ${at}, updated_at = now() where id = ${candidate.id}`;
        continue;
      }
      if (candidate.requires_connection && !prospect.connection_accepted_at) {
        await tx`update send_queue set status = 'waiting', updated_at = now() where id = ${candidate.id}`;
        continue;
      }
      if (candidate.step > 0) {
        const [previous] = await tx<{ status: string; sent_at: Date | null; scheduled_for: Date }[]>`
          select status, sent_at, scheduled_for from send_queue
          where prospect_id = ${prospect.id} and campaign_id = ${campaign!.id} and step = ${candidate.step - 1}`;
        if (previous && previous.status !== "sent") {
          if (previous.status === "pending" || previous.status === "sending" || previous.status === "waiting") {
            // Not there yet: not due before the previous message's turn plus the delay, so the
            // account is not woken for it again and again meanwhile.
            const base = Math.max(previous.scheduled_for.getTime(), now.getTime());
            const later = new Date(base + Math.max(Number(candidate.delay_days) * 86_400_000, 60_000));
            await tx`update send_queue set scheduled_for = ${later}, updated_at = now() where id = ${candidate.id}`;
            continue;
          }
          // The sequence stopped (failed, cancelled, skipped).
          await tx`update send_queue set status = 'cancelled', updated_at = now() where id = ${candidate.id}`;
          continue;
        }
        previousSentAt = previous?.sent_at ?? null;
        const delayFrom = campaign!.campaign_type === "connector" && candidate.step === 1 ? prospect.connection_accepted_at : previous?.sent_at;
        const due = delayFrom ? new Date(delayFrom.getTime() + Number(candidate.delay_days) * 86_400_000) : now;
        if (due > now) {
          const at = nextAllowedInstant(windowOf(campaign!), due).at;
          await tx`update send_queue set scheduled_for = ${at}, updated_at = now() where id = ${candidate.id}`;
          continue;
        }
      }
      const kind = stepKind(campaign!, candidate.step);
      const gate = checkSendGate({ now, window: windowOf(campaign!), account: rules, history, kind });
      if (!gate.ok) {
        await tx`update send_queue set scheduled_for = ${gate.retryAt}, updated_at = now() where id = ${candidate.id}`;
        ctx.log.debug("send held back", { row: candidate.id, reason: describeReason(gate.reason) });
        continue;
      }
      // The row's variant: assigned at launch, or now when the campaign auto-optimises.
      const variant = await variantAtClaim(tx, campaign!, candidate);
      const rendered = renderFor(campaign!, prospect, candidate.step, variant);
      if (!rendered.ok) {
        const [list] = await tx<{ listed: boolean }[]>`select ${listedExpression(tx, campaign!.workspace_id, keys)} as listed`;
        if (list!.listed) {
          await stopListed();
          continue;
        }
        // Never sent with a placeholder left in it.
        const problem = `missing value for ${rendered.missing.map((name) => `{${name}}`).join(", ")}`;
        await tx`update send_queue set status = 'failed', error_class = 'invalid_request', error_message = ${problem}, updated_at = now()
                 where id = ${candidate.id}`;
        // The sequence cannot go on without this message: the prospect ends here, and the
        // campaign completes if this was its last open row.
        await endProspect(tx, { prospect, campaign: campaign! }, "failed", `${candidate.message_type} not sent: ${problem}`);
        await postInThread(tx, ctx, campaign!, `:warning: ${escapeMrkdwn(`${prospect.first_name} ${prospect.last_name}`)}: the ${candidate.message_type} was not sent (${escapeMrkdwn(problem)}): the prospect's data lacks a value the message needs.`);
        await completeIfDone(tx, ctx, campaign!.id);
        continue;
      }
      const [claimed] = await tx`
        update send_queue set status = 'sending', claimed_at = now(), claimed_by = ${WORKER_ID},
          attempts = attempts + 1, sent_text = ${rendered.text}, updated_at = now()
        where id = ${candidate.id} and not ${listedExpression(tx, campaign!.workspace_id, keys)}
        returning id`;
      if (!claimed) {
        // The row is ours (locked above): only the list can have refused it.
        await stopListed();
        continue;
      }
      return {
        kind: "claimed",
        row: {
          id: candidate.id,
          campaign: campaign!,
          account,
          prospect,
          messageType: candidate.message_type,
          step: candidate.step,
          text: rendered.text,
          attempts: candidate.attempts + 1,
          previousSentAt,
          othersDue: index < candidates.length - 1,
        },
      };
    }
    return { kind: "wait" };
  });
}
