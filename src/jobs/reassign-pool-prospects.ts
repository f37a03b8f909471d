// Job: an unavailable pool account's untouched prospects move to the pool's other accounts once
// the workspace's wait is over (src/delivery/pool-reassign.ts).
import type { AppContext } from "../context.js";
import { type ReassignPoolPayload, reassignPoolProspects } from "../delivery/pool-reassign.js";

export type { ReassignPoolPayload };

export async function reassignPoolProspectsJob(payload: ReassignPoolPayload, ctx: AppContext): Promise<void> {
  await reassignPoolProspects(ctx, payload.accountId);
}
