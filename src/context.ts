// What every job and listener needs, built once at start-up and passed explicitly.
import type { WebClient } from "@slack/web-api";
import type { Sql } from "postgres";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import type { UnipileClient } from "./unipile/client.js";

export interface AppContext {
  config: Config;
  sql: Sql;
  databaseUrl: string;
  clock: Clock;
  log: Logger;
  unipile: UnipileClient;
  /** Null when Slack is not configured: notices stay in the outbox until it is. */
  slack: WebClient | null;
  /**
   * The base URL Unipile can call back (hosted-auth notify_url and redirects): PUBLIC_URL, or our
   * loopback URL when Unipile is the loopback sandbox. Set once the HTTP server listens; unset in
   * worker-only processes, which serve no callbacks.
   */
  unipileCallbackUrl?: string | null;
}
