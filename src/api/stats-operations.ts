// The stats resource: the analytics module's figures (src/analytics, those of `/sam stats`) as the
// API shows them. The analytics functions look the campaign or account up within the key's
// workspace, so another workspace's id finds nothing (404).
import { accountStats, campaignStats } from "../analytics/index.js";
import { findOr404 } from "./find-or-404.js";
import type { Operation } from "./operations.js";
import * as S from "./schemas.js";

export const STATS_OPERATIONS: Operation[] = [
  {
    method: "GET",
    path: "/campaigns/{campaign_id}/stats",
    operationId: "getCampaignStats",
    summary: "A campaign's figures (those of /sam stats): funnel, reply rate per step, time to reply, replies by hour and weekday, failures",
    scope: "read",
    response: { status: 200, name: "CampaignStats", schema: S.CampaignStats },
    errors: [404],
    run: async (call) => {
      const stats = await findOr404(call.params, { param: "campaign_id", noun: "campaign" }, (id) => campaignStats(call.tx, call.key.workspace_id, id));
      const body: S.CampaignStatsBody = {
        campaign_id: stats.campaignId,
        time_zone: stats.timeZone,
        funnel: {
          imported: stats.funnel.imported,
          queued: stats.funnel.queued,
          sent: stats.funnel.sent,
          accepted: stats.funnel.accepted,
          replied: stats.funnel.replied,
          interested: stats.funnel.interested,
          meeting_booked: stats.funnel.meetingBooked,
        },
        steps: stats.steps.map((step) => ({ step: step.step, sent: step.sent, replied: step.replied })),
        time_to_reply: { count: stats.timeToReply.count, median_hours: stats.timeToReply.medianHours, buckets: stats.timeToReply.buckets },
        replies_by_hour: stats.repliesByHour,
        replies_by_weekday: stats.repliesByWeekday,
        failures_and_skips: stats.failuresAndSkips.map((entry) => ({ kind: entry.kind, status: entry.status, reason: entry.reason, count: entry.count })),
      };
      return { status: 200, body };
    },
  },
  {
    method: "GET",
    path: "/accounts/{account_id}/stats",
    operationId: "getAccountStats",
    summary: "A LinkedIn account's last 14 days against each day's caps, its 30-day acceptance and pending invitations",
    scope: "read",
    response: { status: 200, name: "AccountStats", schema: S.AccountStats },
    errors: [404],
    run: async (call) => {
      const stats = await findOr404(call.params, { param: "account_id", noun: "LinkedIn account" }, (id) =>
        accountStats(call.tx, call.key.workspace_id, id, call.ctx.clock.now()),
      );
      const body: S.AccountStatsBody = {
        account_id: stats.accountId,
        name: stats.name,
        time_zone: stats.timeZone,
        status: stats.status,
        cooldown_until: stats.cooldownUntil ? stats.cooldownUntil.toISOString() : null,
        days: stats.days.map((day) => ({
          date: day.date,
          messages: day.messages,
          invitations: day.invitations,
          message_cap: day.messageCap,
          invitation_cap: day.invitationCap,
        })),
        acceptance: stats.acceptance,
        pending_invitations: stats.pendingInvitations,
      };
      return { status: 200, body };
    },
  },
];
