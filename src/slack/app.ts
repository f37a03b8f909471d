// The Bolt app: Socket Mode when SLACK_APP_TOKEN is set (socket-mode.ts), otherwise the HTTP receiver mounted on
// our own server at /slack/events; in OAuth mode that receiver also serves the install
// (oauth-install.ts) and Bolt authorizes each request with its workspace's token. Listener
// registration lives in the commands/, views/, actions/ and events/ folders.
import type { Logger as BoltLogger } from "@slack/bolt";
import { registerActions } from "../actions/index.js";
import { registerCommands } from "../commands/index.js";
import { slackMode } from "../config.js";
import type { AppContext } from "../context.js";
import { registerEvents } from "../events/index.js";
import type { Logger } from "../log.js";
import { registerViews } from "../views/index.js";
import { App, HTTPReceiver, LogLevel } from "./bolt.js";
import { slackClientOptions } from "./clients.js";
import type { SlackInstallations } from "./installations.js";
import { oauthInstallOptions } from "./oauth-install.js";
import { socketModeReceiver } from "./socket-mode.js";

export interface SlackApp {
  app: App;
  mode: "socket" | "http" | "oauth";
  /** For HTTP and OAuth mode: hand a request for /slack/events (and the install's GETs) to Bolt. */
  receiver: HTTPReceiver | null;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "bolt" });
  const text = (parts: unknown[]) => parts.map((part) => (typeof part === "string" ? part : String(part))).join(" ");
  let level = LogLevel.INFO;
  return {
    debug: (...parts) => child.debug(text(parts)),
    info: (...parts) => child.info(text(parts)),
    warn: (...parts) => child.warn(text(parts)),
    error: (...parts) => child.error(text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** `installations`: the workspaces' installs, in OAuth mode. */
export function createSlackApp(ctx: AppContext, installations: SlackInstallations | null): SlackApp | null {
  const { config } = ctx;
  const mode = slackMode(config);
  if (mode === "off") return null;
  const logger = boltLogger(ctx.log);
  let app: App;
  let receiver: HTTPReceiver | null = null;
  const http = {
    signingSecret: config.SLACK_SIGNING_SECRET!,
    endpoints: "/slack/events",
    logger,
    // Slack waits 3 s; listeners ack first and hand slow work to jobs.
    unhandledRequestTimeoutMillis: 3001,
    // Every POST reaches this receiver through guardSlackRequests (request-guard.ts), which has
    // checked its signature and timestamp already (stricter than Bolt: no future timestamps);
    // checking again cost a second HMAC and a slow constant-time compare per request (bench key
    // slack_ack). GETs (the OAuth install pages) carry no signature and run no listener.
    signatureVerification: false,
  };
  // Bolt's conversation store (per-channel state in memory) is unused here; it is a middleware
  // on every request otherwise.
  const convoStore = false as const;
  if (mode === "socket") {
    app = new App({
      convoStore,
      token: config.SLACK_BOT_TOKEN,
      receiver: socketModeReceiver({
        appToken: config.SLACK_APP_TOKEN!,
        sql: ctx.sql,
        log: ctx.log,
        boltLogger: logger,
        clientOptions: slackClientOptions(config),
      }),
      logger,
      clientOptions: slackClientOptions(config),
    });
  } else if (mode === "oauth") {
    if (!installations) throw new Error("OAuth mode needs the workspaces' installs");
    // No token: Bolt authorizes each request through the receiver's installer (the workspace's install).
    receiver = new HTTPReceiver({ ...http, ...oauthInstallOptions(config, installations, ctx.log) });
    app = new App({ convoStore, receiver, logger, clientOptions: slackClientOptions(config) });
  } else {
    receiver = new HTTPReceiver(http);
    app = new App({
      convoStore,
      token: config.SLACK_BOT_TOKEN,
      receiver,
      logger,
      clientOptions: slackClientOptions(config),
    });
  }
  registerCommands(app, ctx);
  registerViews(app, ctx);
  registerActions(app, ctx);
  registerEvents(app, ctx);
  app.error(async (error) => {
    ctx.log.error("slack listener failed", { error: error.message, code: error.code });
  });
  return {
    app,
    mode,
    receiver,
    start: async () => {
      if (mode === "socket") await app.start();
    },
    stop: async () => {
      if (mode === "socket") await app.stop();
    },
  };
}
