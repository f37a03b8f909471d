// The sealed form of a secret at rest (src/secret-box.ts): it opens only with the same key and
// owner, never shows the secret, and refuses altered bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SealedSecretError, SecretBox } from "../src/secret-box.js";

const KEY = Buffer.alloc(32, 7);
const box = new SecretBox(KEY, "slack-bot-token");
const TOKEN = "xoxb-12345678901-1234567890123-abcdefabcdefabcdefabcdef";

describe("SecretBox", () => {
  it("opens what it sealed, for the same owner, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ minLength: 1 }), (secret, owner) => {
        expect(box.open(box.seal(secret, owner), owner)).toBe(secret);
      }),
    );
  });

  it("never holds the secret in clear (nor in base64), and seals the same secret differently each time", () => {
    const sealed = box.seal(TOKEN, "T0ALPHA0001");
    for (const encoding of ["utf8", "latin1", "base64", "hex"] as const) {
      expect(sealed.toString(encoding)).not.toContain(encoding === "base64" || encoding === "hex" ? Buffer.from(TOKEN).toString(encoding) : TOKEN);
    }
    expect(sealed.equals(box.seal(TOKEN, "T0ALPHA0001"))).toBe(false);
  });

  it("refuses another owner, another key, another purpose and altered bytes", () => {
    const sealed = box.seal(TOKEN, "T0ALPHA0001");
    expect(() => box.open(sealed, "T0BETA00001")).toThrow(SealedSecretError);
    expect(() => new SecretBox(Buffer.alloc(32, 8), "slack-bot-token").open(sealed, "T0ALPHA0001")).toThrow(SealedSecretError);
    expect(() => new SecretBox(KEY, "something-else").open(sealed, "T0ALPHA0001")).toThrow(SealedSecretError);
    for (const index of [0, 5, 20, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[index] = altered[index]! ^ 1;
      expect(() => box.open(altered, "T0ALPHA0001")).toThrow(SealedSecretError);
    }
    expect(() => box.open(Buffer.alloc(10), "T0ALPHA0001")).toThrow(SealedSecretError);
  });
});
