// The stats answers people read in Slack: a campaign's (`/sam stats <campaign>` and its weekly
// report) and the workspace's (`/sam stats` and the weekly report in SAM_CHANNEL). Each is the
// key figures as mrkdwn text and its charts as PNGs with their text alternatives. Pure of Slack:
// it runs in the answer thread (src/answers), since four charts take most of a second of CPU.
// Outside text (campaign and account names, skip reasons) is escaped here, where the text is made.

import { handleOf } from "../campaigns/campaigns.js";
import {
  type Chart,
  funnelChart,
  repliesByHourChart,
  replyRateChart,
  sendsPerDayChart,
} from "../charts/index.js";
import { count, percent } from "../charts/figures.js";
import { escapeMrkdwn } from "../slack/text.js";
import { accountStats } from "./account-stats.js";
import { campaignStats } from "./campaign-stats.js";
import { variantTables, variantTablesText } from "./variant-stats.js";
import { BEST_MIN_SENT, workspaceStats } from "./workspace-stats.js";
import type { Queryable } from "../db/queryable.js";

export interface ReportChart {
  filename: string;
  title: string;
  /** The chart's figures in words (the chart function's text alternative); may hold outside text. */
  alt: string;
  png: Uint8Array;
}

export interface StatsReport {
  /** mrkdwn, escaped. */
  text: string;
  charts: ReportChart[];
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function chart(filename: string, title: string, rendered: Chart): ReportChart {
  return { filename, title, alt: rendered.alt, png: rendered.png };
}

/** "4 (50%)": a count and its share of a base. */
function share(part: number, whole: number): string {
  return `${count(part)} (${percent(part, whole)})`;
}

export interface ReportOptions {
  /** Replaces the first line (the weekly report says which week). */
  heading?: string;
  /** False: the text only (an ephemeral answer cannot carry files). Default true. */
  charts?: boolean;
}

/** A campaign's report, or null when the campaign is not one of the workspace's. */
export async function campaignReport(
  sql: Queryable,
  workspaceId: string,
  campaignId: string,
  now: Date,
  options: ReportOptions = {},
): Promise<StatsReport | null> {
  const [campaign] = await sql<{ id: string; handle: number; name: string; campaign_type: string; status: string; account_id: string | null }[]>`
    select id, handle, name, campaign_type, status, account_id from campaigns
    where id = ${campaignId} and workspace_id = ${workspaceId}`;
  if (!campaign) return null;
  const stats = await campaignStats(sql, workspaceId, campaignId);
  if (!stats) return null;
  const account = campaign.account_id ? await accountStats(sql, workspaceId, campaign.account_id, now, 14) : null;
  const { funnel } = stats;
  const interestedKnown = stats.repliesLabelled;
  const lines = [
    options.heading ??
      `:bar_chart: *Stats of ${escapeMrkdwn(campaign.name)}* (${handleOf(campaign)}) · ${campaign.campaign_type} · ${campaign.status}`,
    `*Funnel:* imported ${count(funnel.imported)} · queued ${count(funnel.queued)} · sent ${count(funnel.sent)}` +
      (funnel.accepted === null ? "" : ` · accepted ${share(funnel.accepted, funnel.sent)}`) +
      ` · replied ${share(funnel.replied, funnel.sent)}` +
      (interestedKnown
        ? ` · interested ${share(funnel.interested, funnel.replied)} · meeting booked ${count(funnel.meetingBooked)}`
        : ""),
    `*Reply rate by step:* ${
      stats.steps.length === 0
        ? "nothing queued yet"
        : stats.steps.map((row) => `step ${row.step} ${percent(row.replied, row.sent)} (${row.replied} of ${row.sent})`).join(" · ")
    }`,
    `*Time to reply:* ${
      stats.timeToReply.medianHours === null
        ? "no replies yet"
        : `median ${stats.timeToReply.medianHours} h over ${stats.timeToReply.count} replies (` +
          stats.timeToReply.buckets.map((bucket) => `${bucket.label} ${bucket.count}`).join(" · ") +
          ")"
    }`,
    `*Replies by weekday* (${stats.timeZone}): ${stats.repliesByWeekday.map((n, day) => `${WEEKDAYS[day]} ${n}`).join(" · ")}`,
  ];
  if (stats.failuresAndSkips.length > 0) {
    lines.push(
      `*Failures and skips:* ${stats.failuresAndSkips
        .map((row) => `${escapeMrkdwn(row.reason)} ${row.count} (${row.kind} ${row.status})`)
        .join(" · ")}`,
    );
  }
  const tables = variantTables(stats, campaign.campaign_type);
  if (tables.length > 0) lines.push("", variantTablesText(tables));

  const charts = [
    chart("funnel.png", "Funnel", funnelChart({
      ...funnel,
      interested: interestedKnown ? funnel.interested : null,
      meetingBooked: interestedKnown ? funnel.meetingBooked : null,
    })),
    chart(
      tables.length > 0 ? "reply-rate-by-variant.png" : "reply-rate-by-step.png",
      tables.length > 0 ? "Reply rate by step and variant" : "Reply rate by step",
      replyRateChart({
        steps: stats.steps,
        ...(tables.length > 0
          ? { variants: stats.variantSteps.map((row) => ({ step: row.step, variant: row.variant, sent: row.sent, replied: row.replied })) }
          : {}),
      }),
    ),
  ];
  if (account) {
    charts.push(
      chart("sends-per-day.png", "Sends per day", sendsPerDayChart({
        account: account.name,
        days: account.days.map((day) => ({
          date: day.date,
          sent: day.messages + day.invitations,
          cap: day.messageCap + day.invitationCap,
        })),
      })),
    );
  }
  charts.push(chart("replies-by-hour.png", "Replies by hour", repliesByHourChart({ hours: stats.repliesByHour, timeZone: stats.timeZone })));
  lines.push("", `_${charts.length} charts follow, each with its figures in words._`);
  return { text: lines.join("\n"), charts };
}

function trend(now: number, before: number): string {
  if (before === 0) return now === 0 ? "no change" : "new this week";
  const change = Math.round(((now - before) / before) * 100);
  return change === 0 ? "no change" : `${change > 0 ? "+" : ""}${change}%`;
}

/** The workspace's report: campaigns, totals, best campaigns, the week's trend, and accounts. */
export async function workspaceReport(
  sql: Queryable,
  workspaceId: string,
  now: Date,
  options: ReportOptions = {},
): Promise<StatsReport> {
  const stats = await workspaceStats(sql, workspaceId, now);
  const statusOrder = ["active", "launching", "paused", "draft", "completed", "cancelled"];
  const byStatus = statusOrder
    .filter((status) => stats.campaignsByStatus[status])
    .map((status) => `${status} ${stats.campaignsByStatus[status]}`);
  const lines = [
    options.heading ?? ":bar_chart: *Workspace stats*",
    `*Campaigns:* ${byStatus.length > 0 ? byStatus.join(" · ") : "none yet"}`,
    `*Totals:* prospects ${count(stats.totals.prospects)} · messages sent ${count(stats.totals.sent)} · ` +
      `replied ${share(stats.totals.replied, stats.campaigns.reduce((sum, row) => sum + row.sent, 0))} of first touches`,
    `*Last 7 days:* sent ${count(stats.week.sent)} (${trend(stats.week.sent, stats.previousWeek.sent)} on the week before: ` +
      `${count(stats.previousWeek.sent)}) · replies ${count(stats.week.replied)} ` +
      `(${trend(stats.week.replied, stats.previousWeek.replied)} on ${count(stats.previousWeek.replied)})`,
  ];
  lines.push(
    stats.best.length === 0
      ? `*Best campaigns by reply rate:* none has ${BEST_MIN_SENT} first touches sent yet.`
      : `*Best campaigns by reply rate* (from ${BEST_MIN_SENT} first touches):`,
    ...stats.best.map(
      (row, i) =>
        `${i + 1}. ${escapeMrkdwn(row.name)} (c${row.handle}): ${percent(row.replied, row.sent)} (${row.replied} of ${row.sent})`,
    ),
  );
  lines.push("", `*Accounts* (${stats.accounts.length})`);
  if (stats.accounts.length === 0) lines.push("No LinkedIn account linked.");
  for (const account of stats.accounts) {
    const today = account.days.at(-1)!;
    const state: string[] = [];
    if (account.status !== "active") state.push(`:warning: ${escapeMrkdwn(account.status)}`);
    if (account.cooldownUntil && account.cooldownUntil > now) {
      state.push(`:hourglass: cooling down until ${account.cooldownUntil.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    }
    const acceptance = account.acceptance.rate === null
      ? "no invitations in 30 days"
      : `${percent(account.acceptance.accepted, account.acceptance.invitations)} accepted in 30 days (${account.acceptance.accepted} of ${account.acceptance.invitations})`;
    lines.push(
      `• ${escapeMrkdwn(account.name)}: today ${today.messages}/${today.messageCap} messages, ` +
        `${today.invitations}/${today.invitationCap} invitations · ${acceptance} · ` +
        `${account.pendingInvitations} pending${state.length > 0 ? ` · ${state.join(" · ")}` : ""}`,
    );
  }
  const totals = stats.campaigns.reduce(
    (sum, row) => ({ sent: sum.sent + row.sent, replied: sum.replied + row.replied }),
    { sent: 0, replied: 0 },
  );
  if (options.charts === false) return { text: lines.join("\n"), charts: [] };
  const [queued] = await sql<{ queued: number }[]>`
    select count(*)::int as queued from send_queue q join campaigns c on c.id = q.campaign_id
    where c.workspace_id = ${workspaceId} and q.step = 0`;
  const charts: ReportChart[] = [
    chart("funnel.png", "Funnel", funnelChart({
      imported: stats.totals.prospects,
      queued: queued!.queued,
      sent: totals.sent,
      accepted: null,
      replied: totals.replied,
      interested: null,
      meetingBooked: null,
    })),
    chart("sends-per-day.png", "Sends per day", sendsPerDayChart({ account: "all accounts", days: sumDays(stats.accounts) })),
  ];
  lines.push("", `_${charts.length} charts follow, each with its figures in words._`);
  return { text: lines.join("\n"), charts };
}

/** The accounts' days added up by date (their caps too), oldest first. */
function sumDays(accounts: Awaited<ReturnType<typeof workspaceStats>>["accounts"]) {
  const byDate = new Map<string, { date: string; sent: number; cap: number }>();
  for (const account of accounts) {
    for (const day of account.days) {
      const entry = byDate.get(day.date) ?? { date: day.date, sent: 0, cap: 0 };
      entry.sent += day.messages + day.invitations;
      entry.cap += day.messageCap + day.invitationCap;
      byDate.set(day.date, entry);
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
