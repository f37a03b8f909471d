// The LLM path against a strict local fake of the Messages API (never the real one): its answer
// is used when well-formed; a timeout, an HTTP error, a refusal or a malformed answer falls back
// to the offline classifier, so no reply is left unlabelled; the key never reaches a log line.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { classifyReply } from "../../src/classify/classify-reply.js";
import { LLM_MAX_RETRIES, parseAnswer } from "../../src/classify/llm.js";
import { loadConfig } from "../../src/config.js";
import { captureLogs } from "../../src/log.js";
import { type FakeAnthropic, startFakeAnthropic } from "../support/fake-anthropic.js";

const KEY = "sk-ant-test-0123456789abcdef";
let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: KEY });
  // The app loads the SDK on the first classification (src/classify/llm.ts), outside the timeout;
  // loaded here, its one-time load and the collection after it do not land in the first test's
  // 300 ms attempts on a busy machine, where they made it fall back to the offline classifier.
  await import("@anthropic-ai/sdk");
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.requests.length = 0;
  fake.queue.length = 0;
  fake.delayMs = 0;
  fake.fallback = { kind: "label", label: "other", confidence: 0.5 };
});

const config = (overrides: Record<string, string> = {}) =>
  loadConfig({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url, CLASSIFY_TIMEOUT_MS: "600", ...overrides });

describe("classifyReply with ANTHROPIC_API_KEY", () => {
  it("uses the model's answer, sent as a valid Messages request", async () => {
    fake.queue.push({ kind: "label", label: "interested", confidence: 0.83 });
    const result = await classifyReply("Hmm, tell me what this costs and maybe we talk", config());
    expect(result).toEqual({ label: "interested", confidence: 0.83, source: "llm" });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.refused).toBeUndefined();
    expect(request!.headers.authorization ?? request!.headers["x-api-key"]).toContain(KEY);
    expect(request!.headers["anthropic-version"]).toBeTruthy();
    const body = request!.body as { model: string; max_tokens: number; messages: Array<{ content: string }> };
    expect(body.model).toBe("claude-haiku-4-5");
    expect(body.messages[0]!.content).toContain("tell me what this costs");
  });

  it("falls back to the offline classifier when the API does not answer in time, within the timeout", async () => {
    fake.delayMs = 10_000;
    const started = Date.now();
    const result = await classifyReply("Not interested, thanks.", config({ CLASSIFY_TIMEOUT_MS: "400" }));
    expect(result).toMatchObject({ label: "not_interested", source: "offline" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
    expect(fake.requests.length).toBeLessThanOrEqual(1 + LLM_MAX_RETRIES);
  });

  it.each([
    ["prose", { kind: "text" as const, text: "I would say this person is interested." }],
    ["broken JSON", { kind: "text" as const, text: '{"label": "interested", "confidence": ' }],
    ["an unknown label", { kind: "label" as const, label: "maybe", confidence: 0.9 }],
    ["a confidence above 1", { kind: "label" as const, label: "interested", confidence: 7 }],
    ["an empty answer", { kind: "text" as const, text: "" }],
    ["a refusal", { kind: "refusal" as const }],
  ])("falls back on %s", async (_name, answer) => {
    fake.queue.push(answer);
    const result = await classifyReply("Ich bin bis zum 12. Januar im Urlaub.", config());
    expect(result).toMatchObject({ label: "out_of_office", source: "offline" });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.refused).toBeUndefined();
  });

  it.each(["api_error", "overloaded_error", "rate_limit_error"] as const)(
    "falls back when every attempt ends in %s, after one retry",
    async (type) => {
      fake.fallback = { kind: "error", type };
      const result = await classifyReply("No me interesa, gracias.", config({ CLASSIFY_TIMEOUT_MS: "3000" }));
      expect(result).toMatchObject({ label: "not_interested", source: "offline" });
      expect(fake.requests.map((r) => r.refused)).toEqual(Array(1 + LLM_MAX_RETRIES).fill(type));
    },
  );

  it("retries a 529 once and uses the answer that follows", async () => {
    fake.queue.push({ kind: "error", type: "overloaded_error" }, { kind: "label", label: "referral", confidence: 0.7 });
    const result = await classifyReply("Talk to Jane instead", config({ CLASSIFY_TIMEOUT_MS: "3000" }));
    expect(result).toEqual({ label: "referral", confidence: 0.7, source: "llm" });
    expect(fake.requests).toHaveLength(2);
  });

  it("falls back when the key is refused (401), and does not retry it", async () => {
    const result = await classifyReply("Merci, pas intéressé.", config({ ANTHROPIC_API_KEY: "sk-ant-wrong-key-000" }));
    expect(result).toMatchObject({ label: "not_interested", source: "offline" });
    expect(fake.requests.map((r) => r.refused)).toEqual(["authentication_error"]);
  });

  it("never writes the key to a log line, even when the server echoes it back", async () => {
    fake.fallback = { kind: "echo-headers" };
    const lines: string[] = [];
    const restore = captureLogs(lines);
    try {
      const result = await classifyReply("Sounds good, let's talk", config({ CLASSIFY_TIMEOUT_MS: "3000" }));
      expect(result).toMatchObject({ label: "interested", source: "offline" });
    } finally {
      restore();
    }
    const logged = lines.join("\n");
    expect(logged).toContain("LLM classification failed");
    expect(logged).toContain("authorization"); // the echoed headers were logged…
    expect(logged).not.toContain(KEY); // …with the key's value masked
  });

  it("keeps an offline unsubscribe without asking the model (it could only undo it)", async () => {
    fake.queue.push({ kind: "label", label: "interested", confidence: 0.99 });
    const result = await classifyReply("Please remove me from your list", config());
    expect(result).toMatchObject({ label: "unsubscribe", source: "offline" });
    expect(fake.requests).toHaveLength(0);
  });

  it("stays offline without a key", async () => {
    const result = await classifyReply("Let's book a call", loadConfig({ ANTHROPIC_BASE_URL: fake.url }));
    expect(result).toMatchObject({ label: "interested", source: "offline" });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("parseAnswer", () => {
  it("reads the JSON object out of a code fence and rounds the confidence", () => {
    expect(parseAnswer('```json\n{"label": "question", "confidence": 0.6666}\n```')).toEqual({
      label: "question",
      confidence: 0.67,
    });
  });

  it.each(["", "interested", "[]", '{"label": "interested"}', '{"label": "INTERESTED", "confidence": 0.5}', '{"label": "other", "confidence": -0.1}'])(
    "refuses %j",
    (answer) => {
      expect(() => parseAnswer(answer)).toThrow();
    },
  );
});

describe("the fake Messages API is as strict as the real one", () => {
  const post = (headers: Record<string, string>, body: unknown) =>
    fetch(`${fake.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const valid = { model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] };

  it.each([
    ["no API key", { "anthropic-version": "2023-06-01" }, valid, 401, "authentication_error"],
    ["a wrong API key", { "x-api-key": "sk-ant-other", "anthropic-version": "2023-06-01" }, valid, 401, "authentication_error"],
    ["a wrong bearer key", { authorization: "Bearer sk-ant-other", "anthropic-version": "2023-06-01" }, valid, 401, "authentication_error"],
    ["no anthropic-version", { "x-api-key": KEY }, valid, 400, "invalid_request_error"],
    ["no max_tokens", { "x-api-key": KEY, "anthropic-version": "2023-06-01" }, { ...valid, max_tokens: undefined }, 400, "invalid_request_error"],
    ["no model", { "x-api-key": KEY, "anthropic-version": "2023-06-01" }, { ...valid, model: undefined }, 400, "invalid_request_error"],
    ["no messages", { "x-api-key": KEY, "anthropic-version": "2023-06-01" }, { ...valid, messages: [] }, 400, "invalid_request_error"],
  ])("refuses a request with %s", async (_name, headers, body, status, type) => {
    const response = await post(headers, body);
    expect(response.status).toBe(status);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    const json = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(json.type).toBe("error");
    expect(json.error.type).toBe(type);
    expect(json.error.message.length).toBeGreaterThan(0);
  });

  it("answers a valid request with a Message", async () => {
    const response = await post({ "x-api-key": KEY, "anthropic-version": "2023-06-01" }, valid);
    expect(response.status).toBe(200);
    const json = (await response.json()) as { type: string; role: string; content: Array<{ type: string }> };
    expect(json).toMatchObject({ type: "message", role: "assistant", stop_reason: "end_turn" });
    expect(json.content[0]!.type).toBe("text");
  });
});
