// What a campaign's Slack thread hears from the delivery engine besides replies: failures,
// batched into a digest posted at most every 15 minutes per campaign; a summary at the end of
// each day the campaign is active; and one summary when it completes. Everything goes through
// the outbox, in the transaction of the change it reports.
import type { TransactionSql } from "postgres";
import type { Campaign } from "../campaigns/campaigns.js";
import { progressBar } from "../campaigns/progress.js";
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { localDayBounds } from "../schedule/index.js";
import { postInThread, refreshCampaignRoot, refreshHomes } from "../slack/notices.js";
import { digestJobKey, ensureAcceptancePolling, ensureDailySummary, scheduleDailySummary } from "./schedules.js";
import { escapeMrkdwn } from "../slack/text.js";
import type { Queryable } from "../db/queryable.js";

type Ctx = Pick<AppContext, "clock">;

/** At most one digest post per campaign in this much virtual time. */
export const DIGEST_EVERY_MS = 15 * 60_000;
/** A first failure waits this long for others of the same burst before it is posted. */
export const DIGEST_GATHER_MS = 60_000;
/** Lines listed in one digest; the rest are counted. */
const DIGEST_MAX_LINES = 20;

/** Records a failure notice for the campaign's next digest. */
export async function noteFailure(tx: TransactionSql, ctx: AppContext, campaignId: string, line: string): Promise<void> {
  const now = ctx.clock.now();
  await tx`insert into campaign_notes (campaign_id, line, noted_at) values (${campaignId}, ${line.slice(0, 1000)}, ${now})`;
  await armDigest(tx, ctx, campaignId);
}

/**
 * Due time of the campaign's digest: a short while after its oldest unposted note, and not
 * before 15 minutes after the last digest. It depends only on stored state, so arming again
 * (job key per campaign, replace mode) keeps the same time.
 */
async function armDigest(sql: Queryable, ctx: Ctx, campaignId: string): Promise<void> {
  const [row] = await sql<{ first: Date | null; last: Date | null }[]>`
    select (select min(noted_at) from campaign_notes where campaign_id = ${campaignId} and posted_at is null) as first,
           (select last_digest_at from campaigns where id = ${campaignId}) as last`;
  if (!row?.first) return;
  const due = Math.max(row.first.getTime() + DIGEST_GATHER_MS, (row.last?.getTime() ?? 0) + DIGEST_EVERY_MS);
  await enqueue(sql, "campaign-digest", { campaignId }, { runAt: new Date(due), jobKey: digestJobKey(campaignId), maxAttempts: 10 }, ctx.clock);
}

/** The campaign's unposted failure notes as digest lines (the rest counted), marked posted. */
async function takeNotes(tx: TransactionSql, ctx: Ctx, campaignId: string): Promise<{ total: number; lines: string[] }> {
  // Taken and marked in one statement: a list of ids as parameters would stop at PostgreSQL's
  // 65,535, and a 100,000-prospect campaign can gather more notes than that.
  const notes = await tx<{ id: string; line: string }[]>`
    with taken as (
      update campaign_notes set posted_at = ${ctx.clock.now()}
      where campaign_id = ${campaignId} and posted_at is null
      returning id, line
    )
    select id, line from taken order by id`;
  if (notes.length === 0) return { total: 0, lines: [] };
  const shown = notes.slice(0, DIGEST_MAX_LINES).map((note) => `• ${note.line}`);
  if (notes.length > DIGEST_MAX_LINES) {
    shown.push(`…and ${notes.length - DIGEST_MAX_LINES} more (\`/sam export\` lists every prospect's status).`);
  }
  return { total: notes.length, lines: shown };
}

/** The digest job: posts the campaign's unposted failure notes as one thread message. */
export async function postDigest(ctx: AppContext, campaignId: string): Promise<number> {
  return ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    const [campaign] = await tx<(Campaign & { last_digest_at: Date | null })[]>`
      select * from campaigns where id = ${campaignId} for update`;
    if (!campaign) return 0;
    if (campaign.last_digest_at && now.getTime() < campaign.last_digest_at.getTime() + DIGEST_EVERY_MS) {
      await armDigest(tx, ctx, campaignId);
      return 0;
    }
    const { total, lines } = await takeNotes(tx, ctx, campaignId);
    if (total === 0) return 0;
    const head = total === 1 ? ":warning: 1 problem to look at:" : `:warning: ${total} problems to look at:`;
    await postInThread(tx, ctx, campaign, `${head}\n${lines.join("\n")}`);
    await tx`update campaigns set last_digest_at = ${now} where id = ${campaignId}`;
    return total;
  });
}

interface Totals {
  prospects: number;
  contacted: number;
  sent: number;
  invitations: number;
  replied: number;
  failedRows: number;
  skipped: number;
  notAccepted: number;
}

async function totalsOf(sql: Queryable, campaignId: string): Promise<Totals> {
  const [row] = await sql<Totals[]>`
    select
      (select count(*)::int from campaign_prospects where campaign_id = ${campaignId}) as prospects,
      (select count(distinct prospect_id)::int from send_queue where campaign_id = ${campaignId} and status = 'sent') as contacted,
      (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'sent') as sent,
      (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'sent'
         and message_type = 'connection_request') as invitations,
      (select count(*)::int from campaign_prospects where campaign_id = ${campaignId} and status = 'replied') as replied,
      (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'failed') as "failedRows",
      (select count(*)::int from campaign_prospects where campaign_id = ${campaignId} and status = 'skipped') as skipped,
      (select count(*)::int from campaign_prospects where campaign_id = ${campaignId} and status = 'not_accepted') as "notAccepted"`;
  return row!;
}

export function replyRate(replied: number, contacted: number): string {
  if (contacted === 0) return "—";
  return `${Math.round((replied / contacted) * 1000) / 10}%`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function completionText(campaign: Pick<Campaign, "name" | "campaign_type">, t: Totals): string {
  const lines = [
    `:checkered_flag: *${escapeMrkdwn(campaign.name)}* is complete.`,
    `• Sent: ${plural(t.sent, "message")}${campaign.campaign_type === "connector" ? ` (${plural(t.invitations, "invitation")})` : ""} to ${plural(t.contacted, "prospect")}`,
    `• Replied: ${t.replied} · reply rate ${replyRate(t.replied, t.contacted)}`,
    `• Failed: ${plural(t.failedRows, "message")} · Skipped: ${plural(t.skipped, "prospect")}`,
  ];
  if (campaign.campaign_type === "connector") lines.push(`• Invitations not accepted (withdrawn): ${t.notAccepted}`);
  return lines.join("\n");
}

/**
 * Rows that can never be sent: follow-ups waiting for an acceptance whose invitation failed, was
 * skipped or cancelled, or whose prospect is finished. Without this a connector campaign whose
 * invitation failed for good would wait forever.
 */
async function cancelDeadWaitingRows(tx: TransactionSql, campaignId: string): Promise<void> {
  await tx`
    update send_queue q set status = 'cancelled', updated_at = now()
    from campaign_prospects p
    where q.campaign_id = ${campaignId} and q.status = 'waiting' and p.id = q.prospect_id
      and (p.status in ('replied', 'completed', 'not_accepted', 'skipped', 'failed', 'opted_out', 'cancelled')
           or exists (select 1 from send_queue s0 where s0.prospect_id = q.prospect_id
                        and s0.campaign_id = q.campaign_id and s0.step = 0
                        and s0.status in ('failed', 'skipped', 'cancelled')))`;
}

/**
 * Completes the campaign when nothing is left to send (no pending, waiting or sending row, no
 * prospect still waiting for launch's look-up) and posts the summary once. Called after every
 * final row outcome; also keeps the campaign's daily summary and its account's acceptance poll
 * armed. `stillOpen`: the campaign's row, from a caller that knows rows are still open (a send's
 * outcome statement tells, with the campaign's status in its snapshot), which saves the look-up
 * every send would otherwise make.
 */
export async function completeIfDone(tx: TransactionSql, ctx: AppContext, campaignId: string, stillOpen?: Campaign): Promise<void> {
  let campaign: Campaign;
  let open: boolean;
  if (stillOpen) {
    campaign = stillOpen;
    open = true;
  } else {
    // The common case (rows still to send) costs this one look-up.
    const [found] = await tx<Array<Campaign & { has_open: boolean }>>`
      select c.*, exists (select 1 from send_queue q where q.campaign_id = c.id and q.status in ('pending', 'sending')) as has_open
      from campaigns c where c.id = ${campaignId}`;
    if (!found) return;
    ({ has_open: open, ...campaign } = found);
  }
  if (campaign.status !== "active" && campaign.status !== "paused") return;
  let done: Campaign | undefined;
  if (!open) {
    await cancelDeadWaitingRows(tx, campaignId);
    [done] = await tx<Campaign[]>`
      update campaigns set status = 'completed', completed_at = ${ctx.clock.now()}, updated_at = now()
      where id = ${campaignId} and status in ('active', 'paused')
        and not exists (select 1 from send_queue where campaign_id = ${campaignId} and status in ('pending', 'waiting', 'sending'))
        and not exists (select 1 from campaign_prospects where campaign_id = ${campaignId} and status = 'pending')
      returning *`;
  }
  if (done) {
    // Failures still waiting for a digest go out with the summary, so they are not told after it.
    const { total, lines } = await takeNotes(tx, ctx, campaignId);
    const problems = total > 0 ? `\nNot reported yet:\n${lines.join("\n")}` : "";
    await postInThread(tx, ctx, done, `${completionText(done, await totalsOf(tx, campaignId))}${problems}`);
    await refreshCampaignRoot(tx, ctx, campaignId);
    await refreshHomes(tx, ctx, done.workspace_id);
  } else if (campaign.status === "active") {
    await ensureDailySummary(tx, ctx, campaign);
  }
  if (campaign.campaign_type === "connector" && campaign.account_id) {
    // Each sender of the campaign (a sender pool has several) that still awaits an acceptance.
    const awaiting = await tx<{ account_id: string }[]>`
      select distinct coalesce(account_id, ${campaign.account_id}::uuid) as account_id from campaign_prospects
      where campaign_id = ${campaignId} and status = 'connection_request_sent' and connection_accepted_at is null`;
    for (const { account_id } of awaiting) await ensureAcceptancePolling(tx, ctx, account_id);
  }
}

interface DayCounts {
  invitations: number;
  messages: number;
  replies: number;
  accepted: number;
  problems: number;
}

export function dailySummaryText(campaign: Pick<Campaign, "name" | "campaign_type">, day: string, c: DayCounts, t: Totals, queued: number): string {
  const today = [
    c.invitations > 0 ? `${plural(c.invitations, "invitation")} sent` : null,
    c.messages > 0 ? `${plural(c.messages, "message")} sent` : null,
    c.accepted > 0 ? `${c.accepted} accepted` : null,
    c.replies > 0 ? plural(c.replies, "reply", "replies") : null,
    c.problems > 0 ? plural(c.problems, "problem") : null,
  ].filter(Boolean);
  const total = t.sent + queued;
  return [
    `:bar_chart: *${escapeMrkdwn(campaign.name)}*, ${day}: ${today.join(", ")}.`,
    `So far: ${progressBar(t.sent, total)} (${t.sent}/${total} sends) · replied ${t.replied} · reply rate ${replyRate(t.replied, t.contacted)}`,
  ].join("\n");
}

/**
 * The daily summary job: at the end of the campaign's sending window, what happened that local
 * day. Nothing is posted on a day without any activity; the job re-arms itself for the next day
 * while the campaign is active.
 */
export async function postDailySummary(ctx: AppContext, campaignId: string): Promise<boolean> {
  return ctx.sql.begin(async (tx) => {
    const now = ctx.clock.now();
    const [campaign] = await tx<(Campaign & { daily_summary_on: string | null })[]>`
      select *, daily_summary_on::text as daily_summary_on from campaigns where id = ${campaignId} for update`;
    if (campaign?.status !== "active") return false;
    await scheduleDailySummary(tx, ctx, campaign);
    // The day that is ending: the job runs at (or a little after) the window's end.
    const { start, end } = localDayBounds(campaign.time_zone, new Date(now.getTime() - 60_000));
    const day = start.toLocaleDateString("en-CA", { timeZone: campaign.time_zone });
    if (campaign.daily_summary_on === day) return false;
    const [counts] = await tx<DayCounts[]>`
      select
        (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'sent'
           and message_type = 'connection_request' and sent_at >= ${start} and sent_at < ${end}) as invitations,
        (select count(*)::int from send_queue where campaign_id = ${campaignId} and status = 'sent'
           and message_type <> 'connection_request' and sent_at >= ${start} and sent_at < ${end}) as messages,
        (select count(*)::int from campaign_prospects where campaign_id = ${campaignId}
           and replied_at >= ${start} and replied_at < ${end}) as replies,
        (select count(*)::int from campaign_prospects where campaign_id = ${campaignId}
           and connection_accepted_at >= ${start} and connection_accepted_at < ${end}) as accepted,
        (select count(*)::int from campaign_notes where campaign_id = ${campaignId}
           and noted_at >= ${start} and noted_at < ${end}) as problems`;
    const c = counts!;
    if (c.invitations + c.messages + c.replies + c.accepted + c.problems === 0) return false;
    const [{ queued }] = (await tx`
      select count(*)::int as queued from send_queue where campaign_id = ${campaignId}
        and status in ('pending', 'waiting', 'sending')`) as unknown as [{ queued: number }];
    const label = new Date(start.getTime() + 12 * 3_600_000).toLocaleDateString("en-US", {
      timeZone: campaign.time_zone,
      weekday: "short",
      day: "numeric",
      month: "short",
    });
    await postInThread(tx, ctx, campaign, dailySummaryText(campaign, label, c, await totalsOf(tx, campaignId), queued));
    await tx`update campaigns set daily_summary_on = ${day}::date where id = ${campaignId}`;
    return true;
  });
}
