// The delivery engine's question at claim time: may this account send this kind of message
// right now, and if not, when next? Answered by the same slot search the planner uses, without
// jitter (the plan already spread sends out), so plan and engine never disagree (lesson 13:
// SAM's follow-up path skipped the caps and spacing).
import { AccountLedger, isFirstTouch, type PastSend, type StepKind, sendKindOf } from "./ledger.js";
import type { MoveReason } from "./reasons.js";
import { type AccountRules, accountRulesProblems } from "./rules.js";
import { findSlot } from "./slot.js";
import { calendarOf, type SendingWindow } from "./window.js";

export interface SendGateInput {
  now: Date;
  window: SendingWindow; // the campaign's
  account: AccountRules;
  history: readonly PastSend[]; // the account's sends of at least the last 7 local days, all campaigns
  kind: StepKind;
}

export type SendGateResult = { ok: true } | { ok: false; retryAt: Date; reason: MoveReason };

export function checkSendGate(input: SendGateInput): SendGateResult {
  const problems = accountRulesProblems(input.account);
  if (problems.length > 0) throw new RangeError(`invalid account rules: ${problems.join("; ")}`);
  const now = input.now.getTime();
  const slot = findSlot({
    earliestMs: now,
    calendar: calendarOf(input.window),
    ledger: new AccountLedger(input.account, input.history),
    kind: sendKindOf(input.kind),
    isFirstTouch: isFirstTouch(input.kind),
    jitterMs: 0,
  });
  if (slot.at === now) return { ok: true };
  const reason = slot.reasons[0];
  if (!reason) throw new Error("a send was held back without a reason");
  return { ok: false, retryAt: new Date(slot.at), reason };
}
