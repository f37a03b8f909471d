// unipile_calls_per_message: Unipile calls per message delivered in the demo's messenger campaign
// (examples/prospects.csv, the demo scenario without its injected faults), from launch to the
// campaign's end. The launch's own calls (account check, relations, profile look-ups) are left
// out; reply checks (reading a chat before a follow-up, reply polling) are reported apart.
import type { RouteKey } from "../../src/unipile/sandbox/index.js";
import { runDemo } from "../../scripts/demo/run.js";
import { benchLog, round, sharedServer } from "../support.js";

const TARGET = 1.1;
const SENDS: RouteKey[] = [
  "POST /api/v1/chats",
  "POST /api/v1/chats/:id/messages",
  "POST /api/v1/users/invite",
];
const REPLY_CHECKS: RouteKey[] = [
  "GET /api/v1/chats/:id/messages",
  "GET /api/v1/chats/:id",
  "GET /api/v1/chats",
  "GET /api/v1/chat_attendees/:id/chats",
];

export async function unipileCalls(): Promise<Record<string, unknown>> {
  const log = benchLog("unipile_calls_per_message");
  const result = await runDemo({
    write: null,
    messengerOnly: true,
    faults: false,
    log,
    pg: sharedServer(log),
  });
  const calls: Partial<Record<RouteKey, number>> = {};
  for (const key of Object.keys(result.callsAtEnd) as RouteKey[]) {
    const n = result.callsAtEnd[key] - (result.callsAfterLaunch[key] ?? 0);
    if (n > 0) calls[key] = n;
  }
  const sum = (keys: RouteKey[]) => keys.reduce((total, key) => total + (calls[key] ?? 0), 0);
  const total = Object.values(calls).reduce((a, b) => a + (b ?? 0), 0);
  const replyChecks = sum(REPLY_CHECKS);
  const messages = result.messagesDelivered;
  const without = (total - replyChecks) / messages;
  const sendCalls = sum(SENDS);
  return {
    messages_delivered: messages,
    calls_after_launch: total,
    send_calls: sendCalls,
    // Sends that did not deliver (the unreachable prospect's 422): they count against the figure.
    undelivered_send_calls: sendCalls - messages,
    per_send_attempt_without_reply_checks: round((total - replyChecks) / sendCalls, 3),
    reply_check_calls: replyChecks,
    per_message_without_reply_checks: round(without, 3),
    per_message_with_reply_checks: round(total / messages, 3),
    calls_by_route: calls,
    campaign: "the demo's messenger campaign (8 prospects imported, 7 queued, 1 unreachable; faults off)",
    target: `<= ${TARGET} without reply checks`,
    met: without <= TARGET,
  };
}
