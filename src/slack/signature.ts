// Slack's v0 request signature, checked before Bolt sees a request. Bolt checks it too, but
// accepts timestamps any distance in the future: a request signed for tomorrow could be replayed
// all day. Here a timestamp more than 5 minutes away from the wall clock in either direction is
// refused. Slack signs with the wall clock, so this is real time, not the app's virtual clock.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: string };

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === "string" ? value : null;
}

export function checkSlackSignature(
  headers: IncomingHttpHeaders,
  body: string,
  signingSecret: string,
  nowMs = Date.now(),
): SignatureCheck {
  const stamp = header(headers, "x-slack-request-timestamp");
  const signature = header(headers, "x-slack-signature");
  if (!stamp || !/^\d{1,12}$/.test(stamp))
    return { ok: false, reason: "missing or malformed x-slack-request-timestamp" };
  if (!signature || !/^v0=[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: "missing or malformed x-slack-signature" };
  const timestamp = Number(stamp);
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "x-slack-request-timestamp is more than 5 minutes from now" };
  }
  const expected = createHmac("sha256", signingSecret).update(`v0:${stamp}:${body}`).digest();
  const given = Buffer.from(signature.slice(3), "hex");
  if (!timingSafeEqual(expected, given)) return { ok: false, reason: "signature mismatch" };
  return { ok: true, timestamp, signature };
}
