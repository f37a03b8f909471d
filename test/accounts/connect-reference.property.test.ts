// The signed reference that a hosted-auth callback must carry: whatever is signed reads back the
// same; any change to any character, another key, or time past its expiry is refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referenceChannel, referenceKey, signReference, verifyReference } from "../../src/accounts/connect-reference.js";

const KEY = referenceKey(Buffer.alloc(32, 1));
const NOW = new Date("2026-11-30T14:00:00.000Z");

const slackId = (first: string) =>
  fc.stringMatching(/^[A-Z0-9]{8,12}$/).map((rest) => `${first}${rest}`);
const reference = fc.record({
  workspaceId: fc.uuid(),
  userId: slackId("U"),
  channelId: fc.option(fc.constantFrom("C", "D", "G").chain(slackId), { nil: null }),
  accountId: fc.option(fc.uuid(), { nil: null }),
  lifetimeSeconds: fc.integer({ min: 1, max: 7 * 86_400 }),
});

describe("hosted-auth references", () => {
  it("read back exactly what was signed while they have not expired", () => {
    fc.assert(
      fc.property(reference, ({ lifetimeSeconds, ...fields }) => {
        const expiresAt = new Date(NOW.getTime() + lifetimeSeconds * 1000);
        const check = verifyReference(signReference({ ...fields, expiresAt }, KEY), KEY, NOW);
        expect(check).toEqual({
          ok: true,
          reference: { ...fields, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/), expiresAt },
        });
      }),
    );
  });

  it("are refused once any character is changed", () => {
    fc.assert(
      fc.property(reference, fc.nat(), fc.constantFrom(..."ABCabc019-_.xyz"), ({ lifetimeSeconds, ...fields }, at, replacement) => {
        const signed = signReference({ ...fields, expiresAt: new Date(NOW.getTime() + lifetimeSeconds * 1000) }, KEY);
        const index = at % signed.length;
        fc.pre(signed[index] !== replacement);
        const changed = signed.slice(0, index) + replacement + signed.slice(index + 1);
        const check = verifyReference(changed, KEY, NOW);
        // 16 MAC bytes take 22 base64url characters, the last one with 4 unused bits: a change
        // there that decodes to the same bytes is the same MAC. Every other change must fail.
        const sameBytes = Buffer.from(changed.split(".")[2] ?? "", "base64url").equals(Buffer.from(signed.split(".")[2]!, "base64url"));
        if (!sameBytes || index < signed.lastIndexOf(".")) expect(check.ok).toBe(false);
      }),
    );
  });

  it("are refused under another key, and at and after their expiry", () => {
    fc.assert(
      fc.property(reference, fc.uint8Array({ minLength: 32, maxLength: 32 }), ({ lifetimeSeconds, ...fields }, other) => {
        const expiresAt = new Date(NOW.getTime() + lifetimeSeconds * 1000);
        const signed = signReference({ ...fields, expiresAt }, KEY);
        fc.pre(!Buffer.from(other).equals(Buffer.alloc(32, 1)));
        expect(verifyReference(signed, referenceKey(Buffer.from(other)), NOW)).toEqual({ ok: false, reason: "forged" });
        expect(verifyReference(signed, KEY, expiresAt)).toEqual({ ok: false, reason: "expired" });
        expect(verifyReference(signed, KEY, new Date(expiresAt.getTime() + 1))).toEqual({ ok: false, reason: "expired" });
      }),
    );
  });

  it("carry a fresh nonce each time, so two links never share a callback key", () => {
    const fields = { workspaceId: "6f1c0a8e-2b7d-4c3e-9a51-0d2f4b6c8e10", userId: "U0ALICE0001", channelId: null, accountId: null };
    const nonces = new Set(
      Array.from({ length: 200 }, () => {
        const check = verifyReference(signReference({ ...fields, expiresAt: new Date(NOW.getTime() + 60_000) }, KEY), KEY, NOW);
        return check.ok ? check.reference.nonce : "";
      }),
    );
    expect(nonces.size).toBe(200);
  });

  it("keep only channel ids Slack could have sent", () => {
    expect(referenceChannel("C0SAMCAMP01")).toBe("C0SAMCAMP01");
    expect(referenceChannel("D0DM000001")).toBe("D0DM000001");
    expect(referenceChannel(undefined)).toBeNull();
    expect(referenceChannel("#general")).toBeNull();
  });

  it("refuse what is not a reference at all", () => {
    for (const text of ["", "sam1", "sam1.a", "sam2.a.b", "sam1.a.b.c", "a.b.c"]) {
      expect(verifyReference(text, KEY, NOW)).toMatchObject({ ok: false });
    }
  });
});
