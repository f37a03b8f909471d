// Job: post the campaign's failure notices as one digest (at most every 15 minutes).
import { postDigest } from "../delivery/digest.js";
import type { AppContext } from "../context.js";

export interface CampaignDigestPayload {
  campaignId: string;
}

export async function campaignDigestJob(payload: CampaignDigestPayload, ctx: AppContext): Promise<void> {
  await postDigest(ctx, payload.campaignId);
}
