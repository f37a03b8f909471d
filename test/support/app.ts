// The whole app in-process for an integration test: its own database, the fake Slack in HTTP
// mode, a Unipile sandbox, a test clock, and a signed driver to talk to it.
import { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type RunningApp, startApp } from "../../src/app.js";
import { createLogger } from "../../src/log.js";
import { type Sandbox, type Scenario, startSandbox } from "../../src/unipile/sandbox/index.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { createSlackDriver, type SlackDriver } from "./slack-driver.js";

export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const UNIPILE_KEY = "unipile-test-key-0123456789";
export const WEBHOOK_SECRET = "webhook-test-secret-0123456789";

export interface TestApp {
  app: RunningApp;
  db: TestDatabase;
  slack: FakeSlack;
  sandbox: Sandbox;
  driver: SlackDriver;
  clock: Clock;
  stop: () => Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  env?: Record<string, string>;
  worker?: boolean;
  scenario?: Scenario;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new Clock(new Date("2026-11-30T14:00:00Z"), 0);
  const db = await createTestDatabase();
  const slack = await startFakeSlack();
  const sandbox = await startSandbox({ apiKey: UNIPILE_KEY, clock, scenario: options.scenario });
  const config = loadConfig({
    DATABASE_URL: db.url,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: UNIPILE_KEY,
    UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PORT: "0",
    WORKER: options.worker === false ? "off" : "on",
    SLACK_PACING_MS: "0",
    LOG_LEVEL: "warn",
    ...options.env,
  });
  const app = await startApp(config, {
    clock,
    log: createLogger({ test: true }),
    worker: { pollIntervalMs: 50 },
  });
  const driver = createSlackDriver({ baseUrl: app.url, signingSecret: SIGNING_SECRET, fake: slack });
  return {
    app,
    db,
    slack,
    sandbox,
    driver,
    clock,
    stop: async () => {
      await app.stop();
      await sandbox.close();
      await slack.close();
      await db.drop();
    },
  };
}

/** Polls until the check passes; for outcomes that jobs produce asynchronously. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<Exclude<NonNullable<T>, false>> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== false && result !== undefined && result !== null) return result as Exclude<NonNullable<T>, false>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw lastError instanceof Error ? lastError : new Error("condition not met in time");
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
