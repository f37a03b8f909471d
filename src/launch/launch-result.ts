// The launch result in the product specification's shape, what of it is stored, and how the
// thread reports it.
//
// The specification's result lists every prospect. That list is kept in memory for one run
// only: each prospect's outcome is stored where it belongs (campaign_prospects.status and
// status_reason, and its send_queue rows). campaigns.launch_result holds the counts alone: at
// 100,000 prospects the full list was ~12.7 MB of jsonb that every `select * from campaigns`
// (the claim, reconcile, every command) had to read back.
import { DateTime } from "luxon";
import { escapeMrkdwn } from "../slack/text.js";

export interface ProspectResult {
  prospectId: string;
  name: string;
  status: "queued" | "skipped" | "error";
  messagesQueued?: number;
  reason?: string;
}

/** What campaigns.launch_result holds: the counts so far, over the launch and its continuations. */
export interface LaunchSummary {
  success: boolean;
  queued: number;
  skipped: number;
  errors: number;
  /** Prospects whose connection check waits for tomorrow's profile-view budget. */
  waiting: number;
  totalMessages: number;
  message: string;
  /** How many prospects were skipped for each reason (a handful of distinct reasons). */
  skippedByReason: Record<string, number>;
}

/** The specification's shape: the summary and, for this run's prospects, each one's result. */
export interface LaunchResult extends LaunchSummary {
  results: ProspectResult[];
}

/** This run's results added to what earlier runs of the same launch stored. */
export function accumulate(previous: LaunchSummary | null, results: ProspectResult[], waiting: number): LaunchResult {
  const skippedByReason: Record<string, number> = { ...(previous?.skippedByReason ?? {}) };
  let queued = previous?.queued ?? 0;
  let skipped = previous?.skipped ?? 0;
  let errors = previous?.errors ?? 0;
  let totalMessages = previous?.totalMessages ?? 0;
  for (const result of results) {
    if (result.status === "queued") queued += 1;
    else if (result.status === "error") errors += 1;
    else {
      skipped += 1;
      const reason = result.reason ?? "no reason given";
      skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
    }
    totalMessages += result.messagesQueued ?? 0;
  }
  return {
    success: true,
    queued,
    skipped,
    errors,
    waiting,
    totalMessages,
    message: `Queued ${totalMessages} messages for ${queued} prospects`,
    skippedByReason,
    results,
  };
}

/** What is stored of a result: everything but the per-prospect list. */
export function summaryOf(result: LaunchResult): LaunchSummary {
  const { results: _perProspect, ...summary } = result;
  return summary;
}

export function launchMessage(
  result: LaunchSummary,
  context: {
    timeZone: string;
    firstSendAt: Date | null;
    profileViews: number;
    waiting: number;
    budget: number;
    notes: string[];
    continuation: boolean;
  },
): string {
  const lines = [
    `${context.continuation ? "Launch continued" : "*Launched*"}: ${result.message}; skipped ${result.skipped}${result.errors ? `, errors ${result.errors}` : ""}.`,
  ];
  for (const [reason, count] of Object.entries(result.skippedByReason)) lines.push(`• ${count} skipped: ${escapeMrkdwn(reason)}`);
  if (context.firstSendAt) {
    lines.push(`First message: ${DateTime.fromJSDate(context.firstSendAt).setZone(context.timeZone).toFormat("ccc d LLL HH:mm ZZZZ")}.`);
  }
  lines.push(`Profile look-ups used: ${context.profileViews} (connections were matched from the account's synced relations first).`);
  if (context.waiting > 0) {
    lines.push(`:hourglass: ${context.waiting} prospect(s) wait for tomorrow's profile-view budget (${context.budget} a day).`);
  }
  for (const note of context.notes) lines.push(`Note: ${escapeMrkdwn(note)}`);
  return lines.join("\n");
}
