// Progress on a campaign's root message while it sends: every send asks for a refresh, which one
// job per campaign coalesces (scheduleRootRefresh: at most every 10 s, and in a large workspace
// less often, to stay within Slack's limit on message edits). Asking costs a statement
// per send, so after a send commits this process remembers when the refresh it asked for will
// run; sends committed well before then (MARGIN_MS) are read by that refresh and need not ask.
// A send after that, or in another process, asks again. If the waiting refresh runs early (a
// control's "run now" replaces it), the sends between are shown by the next refresh a send asks
// for, at most 10 s later, and a campaign's completion always refreshes its root.
import type { TransactionSql } from "postgres";
import { wallClock } from "../clock.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { scheduleRootRefresh } from "../slack/notices.js";

/** A refresh due this soon may already be reading: ask again rather than rely on it. */
const MARGIN_MS = 2_000;

const refreshAt = new Map<string, number>();

export const progressRefresh = {
  /**
   * Asks for the campaign's refresh unless one this process asked for will read this send; the
   * real time of the refresh asked for, to pass to `committed` once the transaction commits.
   */
  async schedule(tx: TransactionSql, ctx: AppContext, campaign: Pick<Campaign, "id" | "workspace_id">): Promise<number | null> {
    if ((refreshAt.get(campaign.id) ?? 0) - MARGIN_MS > wallClock().getTime()) return null;
    return (await scheduleRootRefresh(tx, ctx, campaign)).getTime();
  },
  /** The transaction that asked committed: its refresh is known to be waiting. */
  committed(campaignId: string, at: number | null): void {
    if (at !== null) refreshAt.set(campaignId, at);
  },
};
