// What every job and listener needs, built once at start-up and passed explicitly.
import type { WebClient } from "@slack/web-api";
import type { Sql } from "postgres";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import type { InstalledWorkspaces } from "./slack/clients.js";
import type { UnipileClient } from "./unipile/client.js";

export interface AppContext {
  config: Config;
  sql: Sql;
  databaseUrl: string;
  clock: Clock;
  log: Logger;
  unipile: UnipileClient;
  /**
   * The one client of single-token mode, or in OAuth mode each workspace's install; reach a
   * workspace's Slack through slackFor (src/slack/clients.ts). Null when Slack is not
   * configured: notices stay in the outbox until it is.
   */
  slack: WebClient | InstalledWorkspaces | null;
  /**
   * The base URL Unipile can call back (hosted-auth notify_url and redirects): PUBLIC_URL, or our
   * loopback URL when Unipile is the loopback sandbox. Set once the HTTP server listens; unset in
   * worker-only processes, which serve no callbacks.
   */
  unipileCallbackUrl?: string | null;
}
