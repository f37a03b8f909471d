// The Bolt app: Socket Mode when SLACK_APP_TOKEN is set (socket-mode.ts), otherwise the HTTP receiver mounted on
// our own server at /slack/events. Listener registration lives in the commands/, views/,
// actions/ and events/ folders.
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import { registerActions } from "../actions/index.js";
import { registerCommands } from "../commands/index.js";
import { type Config, slackMode } from "../config.js";
import type { AppContext } from "../context.js";
import { registerEvents } from "../events/index.js";
import type { Logger } from "../log.js";
import { registerViews } from "../views/index.js";
import { socketModeReceiver } from "./socket-mode.js";

export interface SlackApp {
  app: App;
  mode: "socket" | "http";
  /** For HTTP mode: hand a request for /slack/events to Bolt. */
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

export function slackClientOptions(config: Config) {
  return config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
}

export function createSlackApp(ctx: AppContext): SlackApp | null {
  const { config } = ctx;
  const mode = slackMode(config);
  if (mode === "off") return null;
  const logger = boltLogger(ctx.log);
  let app: App;
  let receiver: HTTPReceiver | null = null;
  if (mode === "socket") {
    app = new App({
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
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: "/slack/events",
      logger,
      // Slack waits 3 s; listeners ack first and hand slow work to jobs.
      unhandledRequestTimeoutMillis: 3001,
    });
    app = new App({
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
