// The signature receivers check, in the style of Stripe's: `Sam-Signature: t=<unix seconds>,
// v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Signing the timestamp with the body lets a receiver
// refuse a replayed delivery: one whose t is more than SIGNATURE_TOLERANCE_SECONDS from its clock.
import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "sam-signature";
export const EVENT_ID_HEADER = "sam-event-id";
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const digest = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${digest}`;
}

