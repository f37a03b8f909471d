// Configuration: defaults, and a wrong value stops the app with one line naming the variable.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, slackMode, unipileBaseUrl } from "../../src/config.js";

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      WORKER: "on",
      SAM_CHANNEL: "sam-campaigns",
      CLOCK_SPEED: 1,
      LOG_LEVEL: "info",
      SLACK_PACING_MS: 1000,
      INVITATION_WITHDRAW_DAYS: 21,
      ACCOUNT_COOLDOWN_HOURS: 24,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(slackMode(config)).toBe("off");
  });

  it.each([
    [{ PORT: "eighty" }, /^Invalid PORT: /],
    [{ WORKER: "maybe" }, /^Invalid WORKER: /],
    [{ CLOCK_SPEED: "-3" }, /^Invalid CLOCK_SPEED: /],
    [{ CLOCK_START: "yesterday" }, /^Invalid CLOCK_START: /],
    [{ DATABASE_URL: "mysql://x" }, /^Invalid DATABASE_URL: /],
    [{ SLACK_APP_TOKEN: "xoxb-not-an-app-token" }, /^Invalid SLACK_APP_TOKEN: /],
    [{ UNIPILE_DSN: "api1.unipile.com:13111" }, /^Invalid UNIPILE_API_KEY: required when UNIPILE_DSN is set$/],
  ])("refuses %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("reads the Unipile DSN as host:port (https) or a full URL", () => {
    expect(unipileBaseUrl("api1.unipile.com:13111")).toBe("https://api1.unipile.com:13111");
    expect(unipileBaseUrl("http://127.0.0.1:4000/api/v1/")).toBe("http://127.0.0.1:4000");
  });

  it("chooses Socket Mode with an app token, HTTP with a signing secret", () => {
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }))).toBe("socket");
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }))).toBe("http");
  });
});

describe("npm start with a wrong value", () => {
  it("prints one line naming the variable, no stack trace, and exits 2", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["src/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "eighty" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Invalid PORT: /)]);
    expect(result.stdout).toBe("");
  });
});
