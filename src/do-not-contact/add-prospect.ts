// A prospect who asked to stop (an `unsubscribe` reply, or the Do not contact action): their
// person goes on the workspace's do-not-contact list, with who, why and when, and every pending
// row for them in every campaign of the workspace is cancelled, in the caller's transaction.
// (Issue 14 replaces this placeholder.)
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";

export interface DoNotContactRequest {
  workspaceId: string;
  prospectId: string;
  /** e.g. "replied asking to stop" or "marked Do not contact by <@U…>" */
  reason: string;
  /** Slack user id of the person who decided, or null when the app did (a classified reply). */
  addedBy: string | null;
}

export async function addProspectToDoNotContact(
  _tx: TransactionSql,
  _ctx: Pick<AppContext, "clock">,
  _request: DoNotContactRequest,
): Promise<void> {}
