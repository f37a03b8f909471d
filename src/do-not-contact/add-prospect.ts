// A prospect who asked to stop (an `unsubscribe` reply, or the Do not contact action): their
// person goes on the workspace's do-not-contact list, with who, why and when, and every pending
// row for them in every campaign of the workspace is cancelled, in the caller's transaction.
//
// The person is their normalised profile (public identifier) plus the provider id when known, so
// that the same person imported into another campaign under another URL form, or found again by
// provider id, is matched too. Their company is not added: one person asking to stop does not
// speak for their employer.
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { type Cancelled, addEntries, cancelListed } from "./list.js";

export interface DoNotContactRequest {
  workspaceId: string;
  prospectId: string;
  /** e.g. "replied asking to stop" or "marked Do not contact by <@U…>" */
  reason: string;
  /** Slack user id of the person who decided, or null when the app did (a classified reply). */
  addedBy: string | null;
}

export interface DoNotContactOutcome extends Cancelled {
  /** False when the person was already on the list (the entry keeps its first who/why/when). */
  added: boolean;
}

/**
 * Idempotent: a second call adds nothing and cancels nothing more. A prospect id of another
 * workspace is refused (nothing written), so a request's ids cannot reach another workspace.
 * The caller, which has the whole context, completes campaigns left with nothing to send
 * (`completeIfDone` for each of `campaignIds`).
 */
export async function addProspectToDoNotContact(
  tx: TransactionSql,
  ctx: Pick<AppContext, "clock">,
  request: DoNotContactRequest,
): Promise<DoNotContactOutcome> {
  const [prospect] = await tx<{ linkedin_url: string; public_identifier: string; provider_id: string | null }[]>`
    select linkedin_url, public_identifier, provider_id from campaign_prospects
    where id = ${request.prospectId} and workspace_id = ${request.workspaceId}`;
  if (!prospect) throw new Error(`prospect ${request.prospectId} is not in workspace ${request.workspaceId}`);
  const entry = { kind: "profile" as const, key: prospect.public_identifier, original: prospect.linkedin_url, providerId: prospect.provider_id };
  const added = await addEntries(tx, request.workspaceId, [entry], {
    reason: request.reason,
    addedBy: request.addedBy,
    source: request.addedBy === null ? "reply" : "action",
    addedAt: ctx.clock.now(),
  });
  const cancelled = await cancelListed(tx, request.workspaceId, [entry]);
  return { added: added > 0, ...cancelled };
}
