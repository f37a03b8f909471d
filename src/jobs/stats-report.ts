// Jobs that post a stats report with its charts: `/sam stats <campaign>` in the campaign's thread
// (`stats-report`), and the weekly reports (`weekly-report`: a campaign's in its thread, the
// workspace's in SAM_CHANNEL). The report is computed and its charts rendered in the answer
// thread (src/answers), away from the event loop that acknowledges Slack; its text and each chart
// become outbox rows in one transaction, so a report is posted whole or not at all.
import { weekName, type WeeklyReportPayload } from "../analytics/weekly-report.js";
import { reportInThread } from "../answers/answer-thread.js";
import type { ReportRequest } from "../answers/compute.js";
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { logWithReference } from "../internal-error.js";
import type { OutboxTarget } from "../slack/outbox.js";
import { postReport } from "../slack/report-notices.js";
import { responder } from "../slack/response-url.js";

export interface StatsReportPayload {
  workspaceId: string;
  campaignId: string;
  /** The command's response_url, for a failure or a campaign deleted meanwhile. */
  responseUrl?: string;
}

/** Queue a campaign's report for its thread (the command and the App Home's Stats button). */
export async function queueStatsReport(ctx: Pick<AppContext, "sql" | "clock">, payload: StatsReportPayload): Promise<void> {
  await enqueue(ctx.sql, "stats-report", { ...payload }, { maxAttempts: 2 }, ctx.clock);
}

/** Computes the report and writes it to the outbox; false when there was nothing to report. */
async function postStatsReport(ctx: AppContext, request: ReportRequest, target: OutboxTarget): Promise<boolean> {
  const report = await reportInThread(ctx.databaseUrl, request, ctx.clock.nowMs());
  if (!report) return false;
  await ctx.sql.begin((tx) => postReport(tx, ctx.clock, request.workspaceId, target, report));
  return true;
}

export async function statsReportJob(payload: StatsReportPayload, ctx: AppContext): Promise<void> {
  const { workspaceId, campaignId, responseUrl } = payload;
  let failure: string | null = null;
  try {
    const posted = await postStatsReport(ctx, { report: "campaign", workspaceId, campaignId }, { kind: "campaign_thread", campaignId });
    if (!posted) failure = "That campaign no longer exists in this workspace.";
  } catch (error) {
    // Retrying would only fail the same way: the user hears it now, the log gets the details.
    const reference = logWithReference(ctx.log, "stats report failed", error, { campaignId });
    failure =
      `\`/sam stats\` failed unexpectedly (reference ${reference}). ` +
      "Try again in a minute; if it keeps failing, give the reference to whoever runs the app.";
  }
  if (failure && responseUrl) await responder(responseUrl)({ response_type: "ephemeral", text: failure });
}

export async function weeklyReportJob(payload: WeeklyReportPayload, ctx: AppContext): Promise<void> {
  const { workspaceId, campaignId, week } = payload;
  const heading = `:calendar: *Weekly report*, week of ${weekName(week)}`;
  if (campaignId) {
    await postStatsReport(ctx, { report: "campaign", workspaceId, campaignId, heading }, { kind: "campaign_thread", campaignId });
  } else {
    await postStatsReport(ctx, { report: "workspace", workspaceId, heading }, { kind: "sam_channel" });
  }
}
