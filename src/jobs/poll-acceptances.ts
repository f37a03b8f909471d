// Job: poll one account's relations and sent invitations for acceptances (a backup for the
// new_relation webhook, which can be 8 hours late) and withdraw invitations older than 21 days.
// Re-arms itself at a random instant of the account's business hours while prospects wait.
import { scheduleBrakeEvaluation } from "../accounts/health-brake.js";
import { runAcceptancePoll } from "../delivery/acceptances.js";
import type { AppContext } from "../context.js";

export interface PollAcceptancesPayload {
  accountId: string;
}

export async function pollAcceptancesJob(payload: PollAcceptancesPayload, ctx: AppContext): Promise<void> {
  const outcome = await runAcceptancePoll(ctx, payload.accountId);
  // Acceptances and withdrawals change the health brake's facts (acceptance rate, pending).
  if (!outcome.stopped) await scheduleBrakeEvaluation(ctx.sql, ctx, payload.accountId);
}
