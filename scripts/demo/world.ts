// Everything the demo (and the bench) runs in one process, with no credentials: a throwaway
// embedded PostgreSQL, the fake Slack of the integration tests in HTTP mode, the Unipile sandbox
// with a scenario, the real app (HTTP server, Bolt listeners, graphile-worker) on a virtual
// clock, and a driver that signs requests to /slack/events the way Slack does.
//
// The fake Slack and the signed driver are imported from test/support (they are the tests'
// stand-ins for slack.com and are plain modules, independent of vitest).
import { randomBytes } from "node:crypto";
import { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type RunningApp, startApp } from "../../src/app.js";
import type { Logger } from "../../src/log.js";
import { type Sandbox, type Scenario, startSandbox } from "../../src/unipile/sandbox/index.js";
import { DEFAULT_USER_ID, type FakeSlack, startFakeSlack } from "../../test/support/fake-slack.js";
import { createSlackDriver, type SlackDriver } from "../../test/support/slack-driver.js";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./postgres.js";

export const SIGNING_SECRET = "demo-signing-secret-0123456789";
const UNIPILE_KEY = "demo-unipile-key-0123456789";
const WEBHOOK_SECRET = "demo-webhook-secret-0123456789";

export interface DemoWorld {
  app: RunningApp;
  pg: ThrowawayPostgres;
  slack: FakeSlack;
  sandbox: Sandbox;
  driver: SlackDriver;
  clock: Clock;
  /** The Slack user who types the commands (Alice, in New York). */
  userId: string;
  stop: () => Promise<void>;
}

export interface DemoWorldOptions {
  scenario: Scenario;
  /** Virtual start; the clock stays frozen between the steps the driver takes. */
  start: Date;
  log: Logger;
  /** Extra settings (the same names as the app's environment). */
  env?: Record<string, string>;
  /** A PostgreSQL server already started (the bench shares one); default: a throwaway one. */
  pg?: ThrowawayPostgres;
  database?: string;
  worker?: { concurrency?: number; pollIntervalMs?: number };
  clockSpeed?: number;
  /** Whether the fake Slack enforces Slack's rate limits (default true). */
  slackRateLimits?: boolean;
}

export async function startDemoWorld(options: DemoWorldOptions): Promise<DemoWorld> {
  const stops: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | null = null;
  // Idempotent: Ctrl-C and the demo's own `finally` may both ask.
  const stop = () => {
    stopping ??= (async () => {
      for (const step of stops.reverse()) {
        await step().catch((error: Error) =>
          options.log.warn("demo shutdown step failed", { error: error.message }),
        );
      }
    })();
    return stopping;
  };
  try {
    const pg = options.pg ?? (await startThrowawayPostgres("demo-postgres", options.log));
    if (!options.pg) stops.push(() => pg.stop());
    const url = await pg.createDatabase(options.database ?? "sam_demo", { migrate: false });

    const slack = await startFakeSlack({ rateLimits: options.slackRateLimits ?? true });
    stops.push(() => slack.close());
    slack.addUser({ id: DEFAULT_USER_ID, tz: "America/New_York", real_name: "Alice Demo", name: "alice" });

    const clock = new Clock(options.start, options.clockSpeed ?? 0);
    const sandbox = await startSandbox({
      apiKey: UNIPILE_KEY,
      clock,
      scenario: options.scenario,
      logger: options.log,
    });
    stops.push(() => sandbox.close());

    // An explicit environment: the user's own DATABASE_URL, Slack or Unipile settings never leak in.
    const config = loadConfig({
      DATABASE_URL: url,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      UNIPILE_DSN: sandbox.url,
      UNIPILE_API_KEY: UNIPILE_KEY,
      UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORT: "0",
      SLACK_PACING_MS: "0",
      // Signs the hosted-auth links the demo connects its LinkedIn account with.
      SECRETS_KEY: randomBytes(32).toString("hex"),
      ...options.env,
    });
    const app = await startApp(config, {
      clock,
      log: options.log,
      worker: { pollIntervalMs: 50, ...options.worker },
    });
    stops.push(() => app.stop());
    const driver = createSlackDriver({ baseUrl: app.url, signingSecret: SIGNING_SECRET, fake: slack });
    return { app, pg, slack, sandbox, driver, clock, userId: DEFAULT_USER_ID, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
