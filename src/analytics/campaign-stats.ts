// A campaign's figures for `/sam stats` and its charts, computed in SQL from what we keep:
// campaign_prospects, send_queue, conversation_messages (their labels and the latest "Mark as…",
// which reply_marks keeps in full). Read-only; the campaign is looked up within the workspace, so
// another workspace's campaign id finds nothing.
//
// Definitions (where the issue was silent):
// - queued: prospects with a first-touch row in the queue (any status); sent: that row was sent.
// - a prospect's reply is its FIRST inbound message (or replied_at, whichever is earlier): the
//   answer to our outreach. Later messages in the conversation are not more replies.
// - a reply counts for the last message sent to that prospect before it (send_queue.sent_at <
//   the reply): the step's reply rate is those replies over the step's sent messages.
// - interested: a reply whose latest label (a person's mark over the classifier's label) is
//   interested or meeting booked; meeting booked: the latest mark is meeting_booked.
// - weekday and hour of the reply in the campaign's time zone; weekday 1 = Monday (ISO).

import type { Queryable } from "../db/queryable.js";

export interface ReasonCount {
  /** "prospect": a prospect skipped/failed (status_reason); "message": a queue row (error_class). */
  kind: "prospect" | "message";
  status: "skipped" | "failed";
  /** Stored text (outside text for prospects: escape before it reaches Slack). */
  reason: string;
  count: number;
}

export interface CampaignStats {
  campaignId: string;
  timeZone: string;
  funnel: {
    imported: number;
    queued: number;
    sent: number;
    /** Null for messenger campaigns (no invitations). */
    accepted: number | null;
    replied: number;
    interested: number;
    meetingBooked: number;
  };
  /**
   * Per step, 1-based (1 = first touch): every step of the sequence once anything is queued, and
   * any other step with a sent message (a step an edit removed after sending it).
   */
  steps: { step: number; sent: number; replied: number }[];
  /**
   * Per step (1-based) and variant letter, for the rows that were given a variant (issue 16):
   * sent, accepted (step 1 of a connector campaign; else null), replied and interested counted as
   * the steps' are (a reply for the last message sent before it). Empty without variants.
   */
  variantSteps: VariantStepFigures[];
  /** Whether any reply of the campaign carries a label or a person's mark (else "interested" is unknown). */
  repliesLabelled: boolean;
  timeToReply: {
    /** Replies with a sent first touch before them. */
    count: number;
    medianHours: number | null;
    /** Counts per bucket, in order: < 1 h, 1–24 h, 1–3 days, 3–7 days, 7–14 days, ≥ 14 days. */
    buckets: { label: string; count: number }[];
  };
  /** [weekday 0..6 = Monday..Sunday][hour 0..23] counts of replies, campaign time zone. */
  repliesByWeekdayHour: number[][];
  repliesByHour: number[];
  repliesByWeekday: number[];
  failuresAndSkips: ReasonCount[];
}

export interface VariantStepFigures {
  step: number;
  variant: string;
  sent: number;
  accepted: number | null;
  replied: number;
  interested: number;
}

export const REPLY_BUCKETS = ["< 1 h", "1–24 h", "1–3 days", "3–7 days", "7–14 days", "≥ 14 days"] as const;

export async function campaignStats(
  sql: Queryable,
  workspaceId: string,
  campaignId: string,
): Promise<CampaignStats | null> {
  const [campaign] = await sql<{ id: string; time_zone: string; campaign_type: string; steps: number }[]>`
    select id, time_zone, campaign_type, 1 + jsonb_array_length(message_templates -> 'follow_up_messages') as steps
    from campaigns where id = ${campaignId} and workspace_id = ${workspaceId}`;
  if (!campaign) return null;
  const zone = campaign.time_zone;

  const [prospects, firstTouches, sentPerStep, replies, reasons, variantRows] = await Promise.all([
    // A messenger campaign has no invitations to accept: its prospects are counted from the
    // (campaign_id, status) index alone, not read row by row.
    sql<{ imported: number; accepted: number }[]>`
      select count(*)::int as imported,
             ${
               campaign.campaign_type === "connector"
                 ? sql`count(*) filter (where connection_accepted_at is not null)::int`
                 : sql`0`
             } as accepted
      from campaign_prospects where campaign_id = ${campaign.id}`,
    // Counted from indexes, not from every queue row: the first touches from the partial index on
    // step 0, the sent rows per step from the (campaign_id, status, prospect_id) index's sent range.
    sql<{ queued: number }[]>`
      select count(*)::int as queued from send_queue where campaign_id = ${campaign.id} and step = 0`,
    sql<{ step: number; sent: number }[]>`
      select step, count(*)::int as sent from send_queue
      where campaign_id = ${campaign.id} and status = 'sent' group by step order by step`,
    sql<
      {
        step: number | null;
        variant: string | null;
        hours: number | null;
        labelled: boolean;
        weekday: number;
        hour: number;
        interested: boolean;
        meeting: boolean;
      }[]
    >`
      with inbound as (
        -- The workspace's inbound messages per prospect: one pass (a prospect belongs to one campaign).
        select m.prospect_id, min(m.at) as at,
               bool_or(coalesce(m.marked_as, m.label) in ('interested', 'meeting_booked')) as interested,
               bool_or(m.marked_as = 'meeting_booked') as meeting,
               bool_or(m.label is not null or m.marked_as is not null) as labelled
        from conversation_messages m
        where m.workspace_id = ${workspaceId} and m.direction = 'inbound'
        group by m.prospect_id
      ), replied as (
        select id, replied_at from campaign_prospects where campaign_id = ${campaign.id} and replied_at is not null
      ), first_reply as (
        -- Who replied: replied_at (its partial index) with the earlier of it and the first inbound
        -- message, and the campaign's prospects with an inbound message but no replied_at (an
        -- opt-out stops a prospect without one), found from the few messages left, not from
        -- every prospect of the campaign.
        select p.id as prospect_id, least(p.replied_at, i.at) as at, coalesce(i.interested, false) as interested,
               coalesce(i.meeting, false) as meeting, coalesce(i.labelled, false) as labelled
        from replied p left join inbound i on i.prospect_id = p.id
        union all
        select i.prospect_id, i.at, i.interested, i.meeting, i.labelled
        from inbound i
        where not exists (select 1 from replied r where r.id = i.prospect_id)
          and exists (select 1 from campaign_prospects c where c.id = i.prospect_id and c.campaign_id = ${campaign.id})
      )
      -- What was sent to each before the reply: its last step (and variant), and its first touch.
      -- The sent rows come from the (campaign_id, status, prospect_id) index in prospect order.
      select (array_agg(q.step order by q.sent_at desc))[1] as step,
             (array_agg(q.variant order by q.sent_at desc))[1] as variant, r.labelled,
             extract(epoch from (r.at - min(q.sent_at) filter (where q.step = 0))) / 3600 as hours,
             extract(isodow from r.at at time zone ${zone})::int - 1 as weekday,
             extract(hour from r.at at time zone ${zone})::int as hour,
             r.interested, r.meeting
      from first_reply r
      left join send_queue q
        on q.campaign_id = ${campaign.id} and q.status = 'sent' and q.prospect_id = r.prospect_id and q.sent_at < r.at
      group by r.prospect_id, r.at, r.labelled, r.interested, r.meeting`,
    sql<ReasonCount[]>`
      select 'message' as kind, status, coalesce(error_class, 'unknown') as reason, count(*)::int as count
      from send_queue where campaign_id = ${campaign.id} and status in ('failed', 'skipped')
      group by status, error_class
      union all
      select 'prospect', status, coalesce(status_reason, 'unknown'), count(*)::int
      from campaign_prospects where campaign_id = ${campaign.id} and status in ('failed', 'skipped')
      group by status, status_reason
      order by count desc, kind, status, reason`,
    sql<{ step: number; variant: string; sent: number; accepted: number }[]>`
      select q.step, q.variant, count(*)::int as sent,
             count(*) filter (where p.connection_accepted_at is not null)::int as accepted
      from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.campaign_id = ${campaign.id} and q.variant is not null and q.status = 'sent'
      group by q.step, q.variant order by q.step, q.variant`,
  ]);

  const repliesPerStep = new Map<number, number>();
  const perVariant = new Map<string, { replied: number; interested: number }>();
  const byWeekdayHour = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const waits: number[] = [];
  const buckets = REPLY_BUCKETS.map((label) => ({ label, count: 0 }));
  for (const reply of replies) {
    if (reply.step !== null) repliesPerStep.set(reply.step, (repliesPerStep.get(reply.step) ?? 0) + 1);
    if (reply.step !== null && reply.variant !== null) {
      const key = `${reply.step}:${reply.variant}`;
      const counts = perVariant.get(key) ?? { replied: 0, interested: 0 };
      counts.replied++;
      if (reply.interested) counts.interested++;
      perVariant.set(key, counts);
    }
    byWeekdayHour[reply.weekday]![reply.hour]!++;
    if (reply.hours !== null) {
      const hours = Number(reply.hours);
      waits.push(hours);
      const index = hours < 1 ? 0 : hours < 24 ? 1 : hours < 72 ? 2 : hours < 168 ? 3 : hours < 336 ? 4 : 5;
      buckets[index]!.count++;
    }
  }
  waits.sort((a, b) => a - b);
  // Every step of the sequence once anything is queued, and any other step with a sent message
  // (one an edit removed after it was sent): 0-based here, 1-based in the figures.
  const queued = firstTouches[0]!.queued;
  const sentByStep = new Map(sentPerStep.map((row) => [row.step, row.sent]));
  const stepNumbers = [
    ...new Set([...(queued > 0 ? Array.from({ length: campaign.steps }, (_, step) => step) : []), ...sentByStep.keys()]),
  ].sort((a, b) => a - b);
  return {
    campaignId: campaign.id,
    timeZone: zone,
    funnel: {
      imported: prospects[0]!.imported,
      queued,
      sent: sentByStep.get(0) ?? 0,
      accepted: campaign.campaign_type === "connector" ? prospects[0]!.accepted : null,
      replied: replies.length,
      interested: replies.filter((reply) => reply.interested).length,
      meetingBooked: replies.filter((reply) => reply.meeting).length,
    },
    steps: stepNumbers.map((step) => ({
      step: step + 1,
      sent: sentByStep.get(step) ?? 0,
      replied: repliesPerStep.get(step) ?? 0,
    })),
    variantSteps: variantRows.map((row) => ({
      step: row.step + 1,
      variant: row.variant,
      sent: row.sent,
      accepted: row.step === 0 && campaign.campaign_type === "connector" ? row.accepted : null,
      replied: perVariant.get(`${row.step}:${row.variant}`)?.replied ?? 0,
      interested: perVariant.get(`${row.step}:${row.variant}`)?.interested ?? 0,
    })),
    repliesLabelled: replies.some((reply) => reply.labelled),
    timeToReply: { count: waits.length, medianHours: median(waits), buckets },
    repliesByWeekdayHour: byWeekdayHour,
    repliesByHour: Array.from({ length: 24 }, (_, hour) =>
      byWeekdayHour.reduce((sum, day) => sum + day[hour]!, 0),
    ),
    repliesByWeekday: byWeekdayHour.map((day) => day.reduce((sum, n) => sum + n, 0)),
    failuresAndSkips: reasons.map((row) => ({ ...row })),
  };
}

/** The median of sorted numbers, rounded to 0.1; null when there are none. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}
