// Assembles the running app: database and migrations, the Unipile client (or the built-in
// sandbox), Slack, the worker and the HTTP server; and takes them down again in reverse order.
import { randomBytes } from "node:crypto";
import { type Clock, clock as appClock } from "./clock.js";
import { type Config, secretKeyBytes, slackMode } from "./config.js";
import type { AppContext } from "./context.js";
import { hostedAuthCallback } from "./accounts/hosted-auth-callback.js";
import { hostedAuthPage } from "./accounts/hosted-auth-pages.js";
import { HOSTED_AUTH_PATHS } from "./accounts/hosted-link.js";
import { openDatabase } from "./db/database.js";
import { drainAnswers } from "./answers/after-ack.js";
import { closeAnswerThread } from "./answers/answer-thread.js";
import { closeLockConnections } from "./db/lock-connections.js";
import { migrate } from "./db/migrate.js";
import { monitorDatabase, probeDatabase } from "./db/monitor.js";
import { healthReport } from "./http/health.js";
import { startHttpServer } from "./http/server.js";
import { apiHandler } from "./api/router.js";
import { addSecret, type Logger, log as rootLog } from "./log.js";
import { createSlackApp } from "./slack/app.js";
import { installedWorkspaces, jobClient } from "./slack/clients.js";
import { SlackInstallations } from "./slack/installations.js";
import { guardSlackRequests } from "./slack/request-guard.js";
import { UnipileClient, type UnipileClientOptions } from "./unipile/client.js";
import { webhookIntake } from "./webhooks/intake.js";
import { type KeeperTimings, keepWebhookRegistered, unmanagedWebhook, type WebhookKeeper } from "./webhooks/keeper.js";
import { isLoopback } from "./webhooks/register.js";
import { startWorker, type WorkerHandle, type WorkerOptions } from "./worker.js";

/** How long /healthz waits for `select 1` before reporting the database unreachable. */
const HEALTH_DATABASE_TIMEOUT_MS = 1_000;

export interface RunningApp {
  ctx: AppContext;
  url: string;
  port: number;
  /** The in-process Unipile sandbox's URL when UNIPILE_DSN is unset. */
  sandboxUrl: string | null;
  webhookSecret: string | undefined;
  /** Keeps the Unipile webhook registered; null in a worker-only process. */
  webhooks: WebhookKeeper | null;
  stop: () => Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  worker?: WorkerOptions;
  /** "worker": no HTTP server and no Slack listeners, only jobs (npm run worker). */
  role?: "app" | "worker";
  /** Tests: small pages (so lists are walked cursor by cursor) and short retries. */
  unipile?: Pick<UnipileClientOptions, "pageSizes" | "retry">;
  /** Tests: how often the webhook registration is checked again. */
  webhookChecks?: KeeperTimings;
}

export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const log = options.log ?? rootLog;
  const clock = options.clock ?? appClock;
  for (const secret of [
    config.SLACK_BOT_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
    config.SLACK_CLIENT_SECRET,
    config.SLACK_STATE_SECRET,
    config.SECRETS_KEY,
    config.UNIPILE_API_KEY,
    config.UNIPILE_WEBHOOK_SECRET,
    config.SECRETS_KEY,
  ])
    addSecret(secret);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) {
      await step().catch((error: Error) => log.warn("shutdown step failed", { error: error.message }));
    }
  };

  try {
    const database = await openDatabase(config.DATABASE_URL, log);
    stops.push(database.close);
    stops.push(() => closeLockConnections(database.url));
    stops.push(() => closeAnswerThread(database.url));
    // After the HTTP server and Socket Mode have stopped taking questions (they stop first).
    stops.push(async () => {
      const { left } = await drainAnswers(database.url);
      if (left > 0) log.warn("stopped with command answers still in flight", { answers: left });
    });
    await migrate(database.sql, database.url, log);
    const databaseMonitor = monitorDatabase(database.sql, log);
    stops.push(async () => databaseMonitor.stop());

    let sandboxUrl: string | null = null;
    let unipileBaseUrl = config.unipileBaseUrl;
    let apiKey = config.UNIPILE_API_KEY;
    let webhookSecret = config.UNIPILE_WEBHOOK_SECRET;
    if (!unipileBaseUrl && options.role === "worker") {
      throw new Error(
        "a worker-only process needs UNIPILE_DSN and UNIPILE_API_KEY (for the sandbox: run `npm run sandbox` and use its URL)",
      );
    }
    if (!unipileBaseUrl) {
      apiKey = `sandbox-${randomBytes(12).toString("hex")}`;
      webhookSecret ??= randomBytes(16).toString("hex");
      addSecret(apiKey);
      addSecret(webhookSecret);
      // Imported only here: a deployment with UNIPILE_DSN never loads the sandbox.
      const { startSandbox } = await import("./unipile/sandbox/index.js");
      const sandbox = await startSandbox({ apiKey, clock });
      stops.push(() => sandbox.close());
      sandboxUrl = sandbox.url;
      unipileBaseUrl = sandbox.url;
      log.info("UNIPILE_DSN is not set: using the built-in Unipile sandbox (no real LinkedIn account is touched)", {
        sandboxUrl,
      });
    }
    const unipile = new UnipileClient({
      baseUrl: unipileBaseUrl,
      apiKey: apiKey!,
      logger: log.child({ component: "unipile" }),
      ...options.unipile,
    });
    stops.push(async () => unipile.close());

    // OAuth mode: each workspace's token comes from its install, kept sealed with SECRETS_KEY.
    const installations =
      slackMode(config) === "oauth" ? new SlackInstallations(database.sql, secretKeyBytes(config.SECRETS_KEY!)!, log) : null;
    const slack = installations
      ? installedWorkspaces(installations, config)
      : slackMode(config) === "off"
        ? null
        : jobClient(config.SLACK_BOT_TOKEN!, config);

    const ctx: AppContext = { config, sql: database.sql, databaseUrl: database.url, clock, log, unipile, slack };

    const role = options.role ?? "app";
    const slackApp = role === "app" ? createSlackApp(ctx, installations) : null;
    if (!slackApp && role === "app") {
      log.warn(
        "Slack is not configured: set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for installs into any number of workspaces; see README.md, 'Slack app setup'. Everything else runs.",
      );
    }

    if (role === "worker") {
      const worker = await startWorker(ctx, options.worker);
      stops.push(worker.stop);
      log.info("SAM Campaigns worker is running", { worker: true });
      return { ctx, url: "", port: 0, sandboxUrl, webhookSecret, webhooks: null, stop };
    }

    // The app's HTTP server listens before the worker starts: starting graphile-worker takes
    // 0.1-0.2 s, and its first job (the start-up sweep) loads the holiday rules and works the
    // event loop, which /healthz waited behind. Requests taken meanwhile only queue jobs, which
    // the worker runs once started; /healthz says "starting" for it until then.
    let worker: WorkerHandle | null = null;
    const workerWanted = config.WORKER === "on";

    // Replaced by the keeper once the server's URL is known; /healthz reads whichever is current.
    let webhooks: WebhookKeeper = unmanagedWebhook();
    const http = await startHttpServer(
      config.PORT,
      {
        slackEvents: slackApp?.receiver
          ? guardSlackRequests({ sql: ctx.sql, signingSecret: config.SLACK_SIGNING_SECRET!, log }, slackApp.receiver.requestListener)
          : null,
        // A browser's GETs, unsigned by nature: the install provider checks their state itself.
        slackInstall: slackApp?.mode === "oauth" ? slackApp.receiver!.requestListener : null,
        unipileWebhook: webhookIntake(ctx, () => webhookSecret),
        api: apiHandler(ctx),
        more: [
          { method: "POST", path: HOSTED_AUTH_PATHS.notify, handler: hostedAuthCallback(ctx) },
          { method: "GET", path: HOSTED_AUTH_PATHS.connected, handler: hostedAuthPage("connected") },
          { method: "GET", path: HOSTED_AUTH_PATHS.failed, handler: hostedAuthPage("failed") },
        ],
        health: async () => {
          // Bounded: a hung database must not hang the health check (it answers 503 within 2 s).
          const database = (await probeDatabase(ctx.sql, HEALTH_DATABASE_TIMEOUT_MS)) ? "ok" : "unreachable";
          return healthReport({
            database,
            worker: worker ? worker.state() : workerWanted ? "starting" : "off",
            slack: slackApp ? slackApp.mode : "not configured",
            unipile: { mode: sandboxUrl ? "sandbox" : "configured", contact: unipile.lastContact(), webhook: webhooks.status() },
            clock: { now: clock.now(), speed: clock.speed },
          });
        },
      },
      log,
    );
    stops.push(http.close);

    // The sandbox (in-process or on loopback) reaches our loopback URL; real Unipile needs PUBLIC_URL.
    const reachableUrl = config.PUBLIC_URL ?? (isLoopback(unipileBaseUrl) ? http.url : null);
    ctx.unipileCallbackUrl = reachableUrl;

    if (workerWanted) {
      worker = await startWorker(ctx, options.worker);
      // Stopped after the HTTP server has closed, the order of when the worker started first.
      stops.splice(stops.indexOf(http.close), 0, worker.stop);
    }
    if (reachableUrl && webhookSecret) {
      webhooks = keepWebhookRegistered(ctx, { baseUrl: reachableUrl, secret: webhookSecret }, options.webhookChecks);
      stops.push(webhooks.stop);
      await webhooks.check();
    } else {
      log.info("Unipile webhook not registered automatically: set PUBLIC_URL and UNIPILE_WEBHOOK_SECRET, or register it in Unipile (README, 'Unipile setup')");
    }

    if (slackApp) {
      await slackApp.start();
      stops.push(slackApp.stop);
    }
    log.info("SAM Campaigns is running", {
      url: http.url,
      slack: slackApp?.mode ?? "not configured",
      worker: config.WORKER,
    });
    return { ctx, url: http.url, port: http.port, sandboxUrl, webhookSecret, webhooks, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
