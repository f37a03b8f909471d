// The pure rules of outbound webhook endpoints: which URLs are accepted, event names, and the
// retry schedule (doubling from 30 s, capped at an hour, so 24 hours of failures are about 30
// attempts rather than thousands).
import { describe, expect, it } from "vitest";
import { checkEndpointUrl, checkEventNames, EndpointInputError } from "../../src/outbound-webhooks/endpoints.js";
import { GIVE_UP_AFTER_MS, retryDelayMs } from "../../src/outbound-webhooks/deliver.js";
import { redact } from "../../src/log.js";

const strict = { WEBHOOKS_ALLOW_LOOPBACK_HTTP: "off" as const };
const loopback = { WEBHOOKS_ALLOW_LOOPBACK_HTTP: "on" as const };

function refusal(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof EndpointInputError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error("accepted");
}

describe("endpoint URLs", () => {
  it("accepts https anywhere, and plain http only to a loopback host when the deployment allows it", () => {
    expect(checkEndpointUrl("https://crm.example.com/hooks/sam?x=1", strict)).toBe("https://crm.example.com/hooks/sam?x=1");
    expect(checkEndpointUrl("http://127.0.0.1:8080/hook", loopback)).toBe("http://127.0.0.1:8080/hook");
    expect(checkEndpointUrl("http://localhost/hook", loopback)).toBe("http://localhost/hook");
    expect(refusal(() => checkEndpointUrl("http://127.0.0.1:8080/hook", strict)).message).toMatch(/must start with https/);
    expect(refusal(() => checkEndpointUrl("http://10.0.0.1/hook", loopback)).message).toMatch(/must start with https/);
    expect(refusal(() => checkEndpointUrl("http://127.0.0.1.example.com/hook", loopback)).message).toMatch(/must start with https/);
  });

  it("refuses what is not a URL, other schemes, credentials and overlong URLs, naming the field", () => {
    expect(refusal(() => checkEndpointUrl("crm.example.com/hook", strict))).toEqual({ field: "url", message: expect.stringMatching(/not a URL/) });
    expect(refusal(() => checkEndpointUrl("javascript:alert(1)", strict)).message).toMatch(/https/);
    expect(refusal(() => checkEndpointUrl("https://a:b@example.com/", strict)).message).toMatch(/password/);
    expect(refusal(() => checkEndpointUrl(`https://example.com/${"a".repeat(2000)}`, strict)).message).toMatch(/2,000/);
  });
});

describe("event names", () => {
  it("none means every event; duplicates collapse; an unknown one is named", () => {
    expect(checkEventNames([])).toBeNull();
    expect(checkEventNames(["message.sent", "message.sent", "prospect.replied"])).toEqual(["message.sent", "prospect.replied"]);
    const refused = refusal(() => checkEventNames(["message.sent", "prospect.ghosted"]));
    expect(refused.field).toBe("events");
    expect(refused.message).toContain("“prospect.ghosted”");
    expect(refused.message).not.toContain("“message.sent”");
  });
});

describe("retry schedule", () => {
  it("doubles from 30 s up to an hour, and reaches 24 hours in a few dozen attempts", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(8)).toBe(3_600_000);
    expect(retryDelayMs(50)).toBe(3_600_000);
    let elapsed = 0;
    let attempts = 1;
    while (elapsed < GIVE_UP_AFTER_MS) elapsed += retryDelayMs(attempts++);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});

describe("signing secrets in logs", () => {
  it("are masked wherever they appear, like API keys", () => {
    const secret = `whsec_${"Ab3_-".repeat(9)}`;
    expect(redact({ note: `ack text: Signing secret: \`${secret}\`` })).toEqual({ note: "ack text: Signing secret: `[redacted]`" });
  });
});
