// Why a send was moved later than it could otherwise have gone. Structured so the delivery
// engine can act on them, and describable so Slack can show them to people.

export type MoveReason =
  | { kind: "outside_hours"; window: string }
  | { kind: "weekday_skipped"; days: string }
  | { kind: "holiday"; name: string; country: string; date: string }
  | { kind: "daily_cap"; cap: number; counts: "messages" | "invitations"; lowered?: "warm-up" | "brake" }
  | { kind: "weekly_cap"; cap: number }
  | { kind: "first_touch_spacing"; minutes: number }
  | { kind: "send_gap"; minutes: number };

export function describeReason(reason: MoveReason): string {
  switch (reason.kind) {
    case "outside_hours":
      return `outside ${reason.window}`;
    case "weekday_skipped":
      return `${reason.days} skipped`;
    case "holiday":
      return `${reason.name} (${reason.country}) skipped`;
    case "daily_cap": {
      if (reason.cap === 0 && reason.lowered === "brake") return "invitations stopped by the health brake";
      const why = reason.lowered === "warm-up" ? " (warming up)" : reason.lowered === "brake" ? " (health brake)" : "";
      return reason.counts === "messages"
        ? `daily cap ${reason.cap} reached${why}`
        : `daily invitation cap ${reason.cap} reached${why}`;
    }
    case "weekly_cap":
      return `weekly invitation cap ${reason.cap} reached`;
    case "first_touch_spacing":
      return `${reason.minutes} min spacing between new prospects`;
    case "send_gap":
      return `${reason.minutes} min gap between sends`;
  }
}

/** Appends a reason unless one reading the same is already there (a send skips many weekends). */
export function addReason(reasons: MoveReason[], reason: MoveReason): void {
  // Cheap checks first: the planner adds reasons in its innermost loop.
  if (reasons.includes(reason)) return;
  const sameKind = reasons.filter((existing) => existing.kind === reason.kind);
  if (sameKind.length === 0) {
    reasons.push(reason);
    return;
  }
  const text = describeReason(reason);
  if (!sameKind.some((existing) => describeReason(existing) === text)) reasons.push(reason);
}

const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** ISO weekdays as short ranges, e.g. [6, 7] → "Sat–Sun", [1, 3, 7] → "Wed, Sun–Mon" (weeks wrap). */
export function describeWeekdays(days: readonly number[]): string {
  const included = new Set(days);
  if (included.size === 7) return "Mon–Sun";
  // Start after a gap so a run through Sunday into Monday stays one range.
  const first = [1, 2, 3, 4, 5, 6, 7].find(
    (day) => included.has(day) && !included.has(day === 1 ? 7 : day - 1),
  );
  if (first === undefined) return "";
  const runs: string[] = [];
  let runStart: number | null = null;
  for (let step = 0; step <= 7; step++) {
    const day = ((first - 1 + step) % 7) + 1;
    const inRun = step < 7 && included.has(day);
    if (inRun && runStart === null) runStart = day;
    if (!inRun && runStart !== null) {
      const runEnd = day === 1 ? 7 : day - 1;
      runs.push(runStart === runEnd ? nameOf(runStart) : `${nameOf(runStart)}–${nameOf(runEnd)}`);
      runStart = null;
    }
  }
  return runs.join(", ");
}

function nameOf(isoWeekday: number): string {
  return WEEKDAY_NAMES[isoWeekday - 1] ?? "?";
}
