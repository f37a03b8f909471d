// The launch result in the product specification's shape, and how the thread reports it.
import { DateTime } from "luxon";
import { escapeMrkdwn } from "../slack/text.js";

export interface ProspectResult {
  prospectId: string;
  name: string;
  status: "queued" | "skipped" | "error";
  messagesQueued?: number;
  reason?: string;
}

export interface LaunchResult {
  success: boolean;
  queued: number;
  skipped: number;
  errors: number;
  /** Prospects whose connection check waits for tomorrow's profile-view budget. */
  waiting: number;
  totalMessages: number;
  message: string;
  results: ProspectResult[];
}

export function launchMessage(
  result: LaunchResult,
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
  const reasons = new Map<string, number>();
  for (const entry of result.results) {
    if (entry.status === "skipped" && entry.reason) reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
  }
  for (const [reason, count] of reasons) lines.push(`• ${count} skipped: ${escapeMrkdwn(reason)}`);
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
