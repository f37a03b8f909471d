// Job: apply or lift the account's health brakes (src/accounts/health-brake.ts). Queued after
// each acceptance poll and each LinkedIn limit signal, and by itself while a brake holds.
import { evaluateBrakes } from "../accounts/health-brake.js";
import type { AppContext } from "../context.js";

export interface EvaluateBrakesPayload {
  accountId: string;
}

export async function evaluateBrakesJob(payload: EvaluateBrakesPayload, ctx: AppContext): Promise<void> {
  await evaluateBrakes(ctx, payload.accountId);
}
