// The whole app in-process for an integration test: its own database, the fake Slack in HTTP
// mode, a Unipile sandbox, a test clock, and a signed driver to talk to it.
import { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type RunningApp, type StartOptions, startApp } from "../../src/app.js";
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
  /** Stops the app (not its database, Slack or sandbox) and starts it again on the same port. */
  restart: (env?: Record<string, string>) => Promise<RunningApp>;
  stop: () => Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  env?: Record<string, string>;
  worker?: boolean;
  scenario?: Scenario;
  /** Client page sizes and retries (StartOptions.unipile). */
  unipile?: StartOptions["unipile"];
  /** Where the app finds Unipile when not the sandbox itself (a proxy in front of it); may prepare the sandbox first. */
  unipileDsn?: (sandbox: Sandbox) => string | Promise<string>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new Clock(new Date("2026-11-30T14:00:00Z"), 0);
  const db = await createTestDatabase();
  const slack = await startFakeSlack();
  const sandbox = await startSandbox({ apiKey: UNIPILE_KEY, clock, scenario: options.scenario });
  const env = {
    DATABASE_URL: db.url,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    UNIPILE_DSN: (await options.unipileDsn?.(sandbox)) ?? sandbox.url,
    UNIPILE_API_KEY: UNIPILE_KEY,
    UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PORT: "0",
    WORKER: options.worker === false ? "off" : "on",
    SLACK_PACING_MS: "0",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const start = async (overrides: Record<string, string> = {}) => {
    const started = await startApp(loadConfig({ ...env, ...overrides }), {
      clock,
      log: createLogger({ test: true }),
      worker: { pollIntervalMs: 50 },
      unipile: options.unipile,
    });
    // The worker's start-up sweep (src/worker.ts) settles rows left 'sending' and the like; a
    // test that seeds such rows right after the start must not race it. The HTTP server listens
    // before the worker starts, so the sweep may still be queued when startApp returns.
    if (({ ...env, ...overrides }).WORKER === "on") await startUpSweepDone(started.ctx.sql);
    return started;
  };
  let app = await start();
  const driver = createSlackDriver({ baseUrl: app.url, signingSecret: SIGNING_SECRET, fake: slack });
  return {
    get app() {
      return app;
    },
    db,
    slack,
    sandbox,
    driver,
    clock,
    restart: async (overrides = {}) => {
      await app.stop();
      app = await start({ PORT: String(app.port), ...overrides });
      return app;
    },
    stop: async () => {
      await app.stop();
      await sandbox.close();
      await slack.close();
      await db.drop();
    },
  };
}

/** Waits (10 s at most: a test may start the app with its database unreachable) for the start-up sweep. */
async function startUpSweepDone(sql: RunningApp["ctx"]["sql"]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const pending = await sql`select 1 from graphile_worker._private_jobs where key = 'sweep:start'`.catch(() => []);
    if (pending.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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
