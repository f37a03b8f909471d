// The recency rule at launch (src/prospects/recency.ts): prospects first-touched by another
// campaign of the workspace within its period are skipped before any profile is looked up.
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { anyRecentFirstTouch, recencyDays, recencyReason, recentFirstTouches } from "../prospects/recency.js";

export interface RecencySkip {
  /** Stored on the prospect: with the date and the campaign. */
  reason: string;
  /** Counted in the launch summary, where reasons are grouped. */
  summaryReason: string;
}

export async function recencySkips(
  ctx: AppContext,
  campaign: Campaign,
  prospects: ReadonlyArray<{ id: string; public_identifier: string; provider_id: string | null }>,
): Promise<Map<string, RecencySkip>> {
  const now = ctx.clock.now();
  const days = await recencyDays(ctx.sql, campaign.workspace_id);
  if (!(await anyRecentFirstTouch(ctx.sql, campaign.workspace_id, now, days))) return new Map();
  const touches = await recentFirstTouches(
    ctx.sql,
    { workspaceId: campaign.workspace_id, campaignId: campaign.id, now, days },
    prospects.map((prospect) => ({ key: prospect.id, publicIdentifier: prospect.public_identifier, providerId: prospect.provider_id })),
  );
  const summaryReason = `Contacted by another campaign in the last ${days} days`;
  return new Map(
    [...touches].map(([id, touch]) => [id, { reason: `Contacted recently: ${recencyReason(touch, days, campaign.time_zone)}`, summaryReason }]),
  );
}
