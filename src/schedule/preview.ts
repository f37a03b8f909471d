// The summary shown before launch: when the first message goes out, how busy the next days
// are, when the last follow-up is expected, and which rules moved how many sends.
import { DateTime } from "luxon";
import { isoDateOfDay, localDayOf } from "./local-time.js";
import type { PlannedSend } from "./plan.js";
import { describeReason } from "./reasons.js";

export interface PreviewOptions {
  now: Date;
  days?: number; // how many local days, starting today, to count sends for (default 14)
  timeZone: string; // the zone people read the preview in, normally the campaign's
  notes?: string[]; // e.g. from resolveFollowUpDelays
}

export interface PlanPreview {
  firstSendAt: Date | null;
  perDay: Array<{ date: string; count: number }>;
  lastFollowUpAt: Date | null;
  moved: Array<{ text: string; count: number }>;
  text: string;
}

export function previewPlan(planned: readonly PlannedSend[], options: PreviewOptions): PlanPreview {
  const { timeZone } = options;
  const times = planned.map((send) => send.at.getTime());
  const followUpTimes = planned.filter((send) => send.kind === "follow_up").map((send) => send.at.getTime());
  const firstSendAt = times.length > 0 ? new Date(times.reduce((a, b) => Math.min(a, b))) : null;
  const lastFollowUpAt =
    followUpTimes.length > 0 ? new Date(followUpTimes.reduce((a, b) => Math.max(a, b))) : null;

  const today = localDayOf(timeZone, options.now.getTime());
  const countsByDay = new Map<number, number>();
  for (const at of times) {
    const day = localDayOf(timeZone, at);
    countsByDay.set(day, (countsByDay.get(day) ?? 0) + 1);
  }
  const perDay = Array.from({ length: options.days ?? 14 }, (_, index) => ({
    date: isoDateOfDay(today + index),
    count: countsByDay.get(today + index) ?? 0,
  }));

  const moved = countMoves(planned);
  const lines = [
    `${planned.length} ${planned.length === 1 ? "send" : "sends"} planned (times in ${timeZone})`,
    `First send: ${firstSendAt ? formatInstant(firstSendAt, timeZone) : "none"}`,
    `Next ${perDay.length} days: ${perDay.map(({ date, count }) => `${formatDate(date)}: ${count}`).join(", ")}`,
    `Last follow-up: ${lastFollowUpAt ? formatInstant(lastFollowUpAt, timeZone) : "none"}`,
  ];
  if (moved.length > 0) {
    lines.push(`Moved: ${moved.map(({ text, count }) => `${text} (${count})`).join(", ")}`);
  }
  for (const note of options.notes ?? []) lines.push(`Note: ${note}`);
  return { firstSendAt, perDay, lastFollowUpAt, moved, text: lines.join("\n") };
}

/** How many sends each rule moved (a send moved by three rules counts once for each). */
function countMoves(planned: readonly PlannedSend[]): Array<{ text: string; count: number }> {
  const counts = new Map<string, number>();
  for (const send of planned) {
    for (const text of new Set(send.reasons.map(describeReason)))
      counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts]
    .map(([text, count]) => ({ text, count }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
}

function formatInstant(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).setLocale("en-GB").toFormat("ccc d LLL yyyy HH:mm");
}

function formatDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: "UTC" }).setLocale("en-GB").toFormat("ccc d LLL");
}
