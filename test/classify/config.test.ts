// The classifier's settings: offline unless ANTHROPIC_API_KEY is set, an 8 s default timeout, and
// a wrong value stops the app naming the variable.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("classifier settings", () => {
  it("default to offline with an 8 s LLM timeout", () => {
    const config = loadConfig({});
    expect(config.ANTHROPIC_API_KEY).toBeUndefined();
    expect(config.ANTHROPIC_BASE_URL).toBeUndefined();
    expect(config.ANTHROPIC_MODEL).toBe("claude-haiku-4-5");
    expect(config.CLASSIFY_TIMEOUT_MS).toBe(8000);
    expect(loadConfig({ ANTHROPIC_API_KEY: "  " }).ANTHROPIC_API_KEY).toBeUndefined();
  });

  it.each([
    [{ CLASSIFY_TIMEOUT_MS: "soon" }, /^Invalid CLASSIFY_TIMEOUT_MS: /],
    [{ CLASSIFY_TIMEOUT_MS: "10" }, /^Invalid CLASSIFY_TIMEOUT_MS: /],
    [{ ANTHROPIC_BASE_URL: "not a url" }, /^Invalid ANTHROPIC_BASE_URL: /],
  ])("refuse %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
