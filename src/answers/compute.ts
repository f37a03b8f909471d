// The text of a slow answer (`/sam preview`, `/sam status`, `/sam list`), from the database and
// one instant. Pure of Slack: it runs in the answer thread (answer-thread.ts), away from the
// event loop that acknowledges Slack's requests.
import { campaignById } from "../campaigns/campaigns.js";
import { listText } from "../commands/list.js";
import { statusText } from "../commands/status.js";
import type { AppContext } from "../context.js";
import { previewCampaign } from "../planning/preview.js";

export type Question = "preview" | "status" | "list";

export interface AnswerRequest {
  question: Question;
  workspaceId: string;
  /** For preview and status. */
  campaignId?: string;
}

export async function computeAnswer(ctx: Pick<AppContext, "sql" | "clock">, request: AnswerRequest): Promise<string> {
  if (request.question === "list") return listText(ctx, request.workspaceId);
  const campaign = request.campaignId ? await campaignById(ctx.sql, request.workspaceId, request.campaignId) : null;
  if (!campaign) return "That campaign no longer exists in this workspace.";
  return request.question === "preview" ? previewCampaign(ctx.sql, campaign, ctx.clock.now()) : statusText(ctx, campaign);
}
