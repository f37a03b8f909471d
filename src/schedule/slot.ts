// The earliest instant a send may go: inside its campaign's window, under the account's caps,
// and spaced from the account's other sends. Shared by the planner and the claim-time gate.
import type { DeadDays } from "./dead-days.js";
import type { AccountLedger, SendKind } from "./ledger.js";
import { localDayOf, localDayStartMs } from "./local-time.js";
import { addReason, type MoveReason } from "./reasons.js";
import type { WindowCalendar } from "./window-calendar.js";

export interface SlotRequest {
  earliestMs: number;
  calendar: WindowCalendar;
  ledger: AccountLedger;
  kind: SendKind;
  isFirstTouch: boolean;
  jitterMs: number;
  knownReasons?: readonly MoveReason[]; // why `earliestMs` is already later than the send's due time
  deadDays?: DeadDays; // for this calendar and kind, shared between searches of one plan
  limitMs?: number; // stop searching past this instant (the plan's horizon); see findSlot
}

// Every round moves the candidate forward by at least a gap or a day; this many rounds without
// a slot means the rules leave no room at all.
const MAX_ROUNDS = 1_000_000;

/**
 * With `limitMs`, a search that passes it returns at once with `at` past the limit: not a slot,
 * the caller refuses the plan (searching further would only take longer to say the same).
 */
export function findSlot(request: SlotRequest): { at: number; reasons: MoveReason[] } {
  const { calendar, ledger } = request;
  const reasons = [...(request.knownReasons ?? [])];
  let at = request.earliestMs;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (request.limitMs !== undefined && at > request.limitMs) return { at, reasons };
    const opening = calendar.nextOpen(at);
    for (const reason of opening.reasons) addReason(reasons, reason);
    // A first touch moved to a window's opening goes a random part of its jitter after it: every
    // account of a tenant starting on the same second at 09:00 is neither human nor easy on the
    // engine (bench key tenant_day). Follow-ups have no jitter; a window shorter than the jitter
    // keeps its opening.
    const moved = opening.at > at;
    at = opening.at;
    if (moved && request.jitterMs > 0) {
      const jittered = opening.at + request.jitterMs;
      if (calendar.nextOpen(jittered).at === jittered) at = jittered;
    }
    const block =
      ledger.capBlock(request.kind, at) ?? ledger.spacingBlock(at, request.isFirstTouch, request.jitterMs);
    if (!block) return { at, reasons };
    addReason(reasons, block.reason);
    at = block.until;
    if (block.reason.kind !== "send_gap" && block.reason.kind !== "first_touch_spacing" && request.deadDays) {
      const timeZone = ledger.timeZone;
      at = Math.max(at, localDayStartMs(timeZone, request.deadDays.firstLiveDay(localDayOf(timeZone, at))));
    }
  }
  throw new Error(`no slot found for a ${request.kind} after ${new Date(request.earliestMs).toISOString()}`);
}
