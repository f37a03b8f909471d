// The summary shown before launch: when the first message goes out, how busy the next days
// are, when the last follow-up is expected, and which rules moved how many sends.
import { DateTime } from "luxon";
import { runInSlices, runToEnd } from "./in-slices.js";
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
  return runToEnd(previewSteps(planned, options));
}

/** The same preview, computed in slices that leave the event loop free (see in-slices.ts). */
export function previewPlanInSlices(planned: readonly PlannedSend[], options: PreviewOptions): Promise<PlanPreview> {
  return runInSlices(previewSteps(planned, options));
}

/** Sends looked at between two pauses of the generator. */
const SENDS_PER_STEP = 1000;

function* previewSteps(planned: readonly PlannedSend[], options: PreviewOptions): Generator<void, PlanPreview, void> {
  const { timeZone } = options;
  let first = Number.POSITIVE_INFINITY;
  let lastFollowUp = Number.NEGATIVE_INFINITY;
  const today = localDayOf(timeZone, options.now.getTime());
  const countsByDay = new Map<number, number>();
  const moves = new Map<string, number>();
  for (let index = 0; index < planned.length; index++) {
    const send = planned[index]!;
    const at = send.at.getTime();
    if (at < first) first = at;
    if (send.kind === "follow_up" && at > lastFollowUp) lastFollowUp = at;
    const day = localDayOf(timeZone, at);
    countsByDay.set(day, (countsByDay.get(day) ?? 0) + 1);
    countMoves(send, moves);
    if (index % SENDS_PER_STEP === SENDS_PER_STEP - 1) yield;
  }
  const firstSendAt = planned.length > 0 ? new Date(first) : null;
  const lastFollowUpAt = lastFollowUp > Number.NEGATIVE_INFINITY ? new Date(lastFollowUp) : null;
  const perDay = Array.from({ length: options.days ?? 14 }, (_, index) => ({
    date: isoDateOfDay(today + index),
    count: countsByDay.get(today + index) ?? 0,
  }));

  const moved = [...moves]
    .map(([text, count]) => ({ text, count }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
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

/** Counts the rules that moved this send (a send moved by three rules counts once for each). */
function countMoves(send: PlannedSend, counts: Map<string, number>): void {
  for (const text of new Set(send.reasons.map(describeReason))) counts.set(text, (counts.get(text) ?? 0) + 1);
}

function formatInstant(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).setLocale("en-GB").toFormat("ccc d LLL yyyy HH:mm");
}

function formatDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: "UTC" }).setLocale("en-GB").toFormat("ccc d LLL");
}
