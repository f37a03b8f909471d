// Job: the end-of-day summary of an active campaign; re-arms itself for the next day.
import { postDailySummary } from "../delivery/digest.js";
import type { AppContext } from "../context.js";

export interface DailySummaryPayload {
  campaignId: string;
}

export async function dailySummaryJob(payload: DailySummaryPayload, ctx: AppContext): Promise<void> {
  await postDailySummary(ctx, payload.campaignId);
}
