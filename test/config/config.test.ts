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

describe("OAuth installs", () => {
  const KEY = "a".repeat(64);
  const oauth = {
    SLACK_CLIENT_ID: "1111.2222",
    SLACK_CLIENT_SECRET: "client-secret",
    SLACK_STATE_SECRET: "state-secret-0123456789",
    SLACK_SIGNING_SECRET: "signing",
    SECRETS_KEY: KEY,
  };

  it("run in OAuth mode with the client id, secret, state secret, signing secret and SECRETS_KEY, and no bot token", () => {
    expect(slackMode(loadConfig(oauth))).toBe("oauth");
  });

  it.each([
    [{ SLACK_CLIENT_SECRET: "" }, "Invalid SLACK_CLIENT_SECRET: required for OAuth installs (with SLACK_CLIENT_ID and SLACK_STATE_SECRET)"],
    [{ SLACK_CLIENT_ID: "" }, "Invalid SLACK_CLIENT_ID: required for OAuth installs (with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET)"],
    [{ SLACK_STATE_SECRET: "short" }, "Invalid SLACK_STATE_SECRET: must be at least 16 characters"],
    [{ SLACK_SIGNING_SECRET: "" }, "Invalid SLACK_SIGNING_SECRET: required for OAuth installs (they are served over HTTP)"],
    [{ SECRETS_KEY: "" }, "Invalid SECRETS_KEY: required for OAuth installs (the workspaces' bot tokens are kept encrypted with it)"],
    [{ SLACK_APP_TOKEN: "xapp-1" }, "Invalid SLACK_APP_TOKEN: leave it unset with SLACK_CLIENT_ID (OAuth installs run in HTTP mode)"],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "Invalid SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID (each workspace's token comes from its install)"],
  ])("refuse %o", (change, message) => {
    expect(() => loadConfig({ ...oauth, ...change })).toThrow(new ConfigError(message));
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
