// The text of a slow answer (`/sam preview`, `/sam status`, `/sam list`, `/sam stats` of the
// workspace), and the stats reports with their charts (`computeReport`), from the database and
// one instant. Pure of Slack: it runs in the answer thread (answer-thread.ts), away from the
// event loop that acknowledges Slack's requests.
import type { StatsReport } from "../analytics/reports.js";
import { campaignById } from "../campaigns/campaigns.js";
import { listText } from "../commands/list.js";
import { statusText } from "../commands/status.js";
import type { AppContext } from "../context.js";
import { previewCampaign } from "../planning/preview.js";

export type Question = "preview" | "status" | "list" | "stats";

export interface AnswerRequest {
  question: Question;
  workspaceId: string;
  /** For preview and status. */
  campaignId?: string;
}

export async function computeAnswer(ctx: Pick<AppContext, "sql" | "clock">, request: AnswerRequest): Promise<string> {
  if (request.question === "list") return listText(ctx, request.workspaceId);
  if (request.question === "stats") {
    const { workspaceReport } = await import("../analytics/reports.js");
    return (await workspaceReport(ctx.sql, request.workspaceId, ctx.clock.now(), { charts: false })).text;
  }
  const campaign = request.campaignId ? await campaignById(ctx.sql, request.workspaceId, request.campaignId) : null;
  if (!campaign) return "That campaign no longer exists in this workspace.";
  return request.question === "preview" ? previewCampaign(ctx.sql, campaign, ctx.clock.now()) : statusText(ctx, campaign);
}

/** A stats report with its charts: a campaign's (null when it is not the workspace's) or the workspace's. */
export type ReportRequest =
  | { report: "campaign"; workspaceId: string; campaignId: string; heading?: string }
  | { report: "workspace"; workspaceId: string; heading?: string };

export async function computeReport(ctx: Pick<AppContext, "sql" | "clock">, request: ReportRequest): Promise<StatsReport | null> {
  // Loaded on the first report: the chart libraries take seconds to load on a busy machine, which
  // the thread's first `/sam status` should not wait for.
  const { campaignReport, workspaceReport } = await import("../analytics/reports.js");
  const options = request.heading === undefined ? {} : { heading: request.heading };
  if (request.report === "workspace") return workspaceReport(ctx.sql, request.workspaceId, ctx.clock.now(), options);
  return campaignReport(ctx.sql, request.workspaceId, request.campaignId, ctx.clock.now(), options);
}
