// Secrets the app keeps (each workspace's Slack bot token) are stored sealed, never in clear:
// AES-256-GCM with a key derived from SECRETS_KEY for one purpose (HKDF-SHA256: the same setting
// also signs references elsewhere, and one key should not serve two algorithms), a random 12-byte
// nonce per seal, and what the secret belongs to (say, the Slack team) as associated data, so a
// sealed value copied to another row does not open. Layout: version (1 byte) | nonce (12) | tag (16)
// | ciphertext.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that does not open: another SECRETS_KEY, another owner, or altered bytes. */
export class SealedSecretError extends Error {}

export class SecretBox {
  private readonly key: Buffer;

  constructor(secretsKey: Buffer, purpose: string) {
    this.key = Buffer.from(hkdfSync("sha256", secretsKey, Buffer.alloc(0), `sam-campaigns/${purpose}`, 32));
  }

  /** `owner` is bound to the ciphertext: only the same owner opens it. */
  seal(secret: string, owner: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    cipher.setAAD(Buffer.from(owner, "utf8"));
    const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, owner: string): string {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
      throw new SealedSecretError("the sealed secret is not in a known format");
    }
    const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
    const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv("aes-256-gcm", this.key, nonce);
    decipher.setAAD(Buffer.from(owner, "utf8"));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new SealedSecretError("the sealed secret does not open: SECRETS_KEY changed, or it belongs to another owner, or it was altered");
    }
  }
}
