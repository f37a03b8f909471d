// The `name` the app puts in a Unipile hosted-auth link and gets back in the notify_url callback:
// an opaque reference to who asked (workspace, Slack user, the channel to answer in) and, for a
// reconnect, which account row. The callback itself carries no credential, so this reference is
// what makes it ours: HMAC-SHA256 under a key derived from SECRETS_KEY, with an expiry, and a
// nonce so that each link's callback counts once. Pure, so it is property-tested on its own.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export interface ConnectReference {
  workspaceId: string;
  /** The Slack user who clicked Connect or Reconnect. */
  userId: string;
  /** Where that user clicked, to answer them privately there; null when Slack gave none. */
  channelId: string | null;
  /** The workspace_accounts row to reconnect; null for a new connection. */
  accountId: string | null;
  /** Random; the callback's once-only key. */
  nonce: string;
  expiresAt: Date;
}

export type ReferenceCheck =
  | { ok: true; reference: ConnectReference }
  | { ok: false; reason: "malformed" | "forged" | "expired" };

const VERSION = "sam1";
/** 128 bits of HMAC-SHA256: plenty against forgery, and it keeps the reference short. */
const MAC_BYTES = 16;
const KEY_INFO = "sam-campaigns hosted-auth reference v1";

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const payloadSchema = z.strictObject({
  w: uuid,
  u: z.string().regex(/^[UW][A-Z0-9]{2,30}$/),
  c: z
    .string()
    .regex(/^[CDG][A-Z0-9]{2,30}$/)
    .nullable(),
  a: uuid.nullable(),
  n: z.string().regex(/^[A-Za-z0-9_-]{12,64}$/),
  e: z.number().int().positive(),
});

/** The signing key: its own derivation of SECRETS_KEY, so no other use of that key can produce a MAC that passes here. */
export function referenceKey(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", secretKey, Buffer.alloc(0), KEY_INFO, 32));
}

/** A Slack channel id the reference can carry (Slack may name none, e.g. for a click in the App Home). */
export function referenceChannel(channelId: string | undefined | null): string | null {
  return channelId && /^[CDG][A-Z0-9]{2,30}$/.test(channelId) ? channelId : null;
}

export function signReference(
  reference: Omit<ConnectReference, "nonce"> & { nonce?: string },
  key: Buffer,
): string {
  const payload = payloadSchema.parse({
    w: reference.workspaceId,
    u: reference.userId,
    c: reference.channelId,
    a: reference.accountId,
    n: reference.nonce ?? randomBytes(12).toString("base64url"),
    e: Math.ceil(reference.expiresAt.getTime() / 1000),
  });
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${body}.${mac(body, key).toString("base64url")}`;
}

/** Checks the signature before reading anything else, then the expiry against `now` (the app clock). */
export function verifyReference(text: string, key: Buffer, now: Date): ReferenceCheck {
  const parts = text.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: "malformed" };
  const body = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2]!, "base64url");
  const expected = mac(body, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
  let payload: z.infer<typeof payloadSchema>;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")));
  } catch {
    // Signed by us yet unreadable: only a change of format could do that.
    return { ok: false, reason: "malformed" };
  }
  const expiresAt = new Date(payload.e * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired" };
  return {
    ok: true,
    reference: {
      workspaceId: payload.w,
      userId: payload.u,
      channelId: payload.c,
      accountId: payload.a,
      nonce: payload.n,
      expiresAt,
    },
  };
}

function mac(body: string, key: Buffer): Buffer {
  return createHmac("sha256", key).update(body).digest().subarray(0, MAC_BYTES);
}
