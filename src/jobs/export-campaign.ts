// The job behind `/sam export`: reading and writing out 100,000 prospects takes longer than
// Slack waits for the command's acknowledgement, so the command only queues this.
import { campaignById } from "../campaigns/campaigns.js";
import { exportCampaign } from "../commands/export.js";
import type { AppContext } from "../context.js";

export interface ExportCampaignPayload {
  workspaceId: string;
  campaignId: string;
  requestedBy: string;
}

export async function exportCampaignJob(payload: ExportCampaignPayload, ctx: AppContext): Promise<void> {
  const campaign = await campaignById(ctx.sql, payload.workspaceId, payload.campaignId);
  if (campaign) await exportCampaign(ctx.sql, ctx, campaign, payload.requestedBy);
}
