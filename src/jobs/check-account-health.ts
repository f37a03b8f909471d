// Job: while an account is unavailable, ask Unipile every 30 minutes whether it works again.
import { checkAccountHealth } from "../delivery/account-health.js";
import type { AppContext } from "../context.js";

export interface CheckAccountHealthPayload {
  accountId: string;
}

export async function checkAccountHealthJob(payload: CheckAccountHealthPayload, ctx: AppContext): Promise<void> {
  await checkAccountHealth(ctx, payload.accountId);
}
