// startSandbox(): a Unipile-compatible server on loopback, for tests, demos and the app when no
// UNIPILE_DSN is configured. It runs in the caller's process and follows the injected clock.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, clock as appClock } from "../../clock.js";
import { createLogger, type Logger } from "../../log.js";
import { Faults } from "./faults.js";
import { createHandlers, type RequestContext } from "./handlers.js";
import { IdFactory } from "./hash.js";
import { HostedAuth } from "./hosted-auth.js";
import { HOSTED_AUTH_ROUTE } from "./routes.js";
import { applyScenario, parseScenario, type Scenario } from "./scenario.js";
import { createRequestListener } from "./server.js";
import { Stats } from "./stats.js";
import { DEFAULT_WEBHOOK_RETRY_DELAYS_MS, WebhookHub } from "./webhooks.js";
import { serveWizard, servesWizard } from "./wizard.js";
import { World } from "./world.js";

export type { ApiError } from "./api-error.js";
export type { FailStatus, HeldRequest, HoldHandle, LostAnswerMode, Reshape } from "./faults.js";
export type { HostedAuth, HostedLink, NotifyRecord } from "./hosted-auth.js";
export type { Faults } from "./faults.js";
export { providerIdFor } from "./hash.js";
export type * from "./model.js";
export { MARKERS, type Persona } from "./persona.js";
export { ROUTE_KEYS, type RouteKey } from "./routes.js";
export {
  loadScenarioFile,
  parseScenario,
  type ParsedScenario,
  type Scenario,
  ScenarioError,
} from "./scenario.js";
export type { Delivery, PostRecord, Stats, WebhookDeliveryRecord } from "./stats.js";
export type { WebhookRegistration } from "./webhooks.js";
export { DEFAULT_ACCOUNT, WITHDRAWAL_COOLDOWN_MS, type World } from "./world.js";

export interface SandboxOptions {
  /** 0 (default): a free port. */
  port?: number;
  host?: "127.0.0.1";
  /** Only this X-API-KEY is accepted; without it, any non-empty key. */
  apiKey?: string;
  scenario?: Scenario;
  /** Virtual time for acceptances, replies and timestamps; defaults to the app clock. */
  clock?: Clock;
  /** Changes who accepts and replies (identifiers stay mapped to the same provider ids). */
  seed?: number;
  webhooks?: {
    /** Real milliseconds before each retry of an unanswered delivery (default 1, 2, 4, 8, 16 s). */
    retryDelaysMs?: number[];
    /** Real milliseconds a receiver has to answer (default 30 s). */
    timeoutMs?: number;
    /** Virtual delay from an acceptance to its new_relation webhook (default 5 minutes). */
    newRelationDelayMs?: number;
  };
  /** Real milliseconds between checks for due events (default 25). */
  tickMs?: number;
  logger?: Logger;
}

export interface Sandbox {
  /** Base URL without /api/v1, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  readonly world: World;
  readonly faults: Faults;
  readonly stats: Stats;
  /** Hosted-auth links asked for and the notify_url calls made when their wizard finished. */
  readonly hostedAuth: HostedAuth;
  /** Runs what is due at the clock's current time (also done on each request and tick). */
  settle(): void;
  /** Resolves once every webhook delivery started so far has finished or given up. */
  webhooksIdle(): Promise<void>;
  /** Back to the scenario's starting world: faults cleared, stats zeroed, webhooks unregistered, hosted links forgotten. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_NEW_RELATION_DELAY_MS = 5 * 60_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? appClock;
  const logger = (options.logger ?? createLogger()).child({ component: "unipile-sandbox" });
  const scenario = parseScenario(options.scenario ?? {});
  const seed = options.seed ?? scenario.seed ?? 0;
  const stats = new Stats();
  const hub = new WebhookHub({
    retryDelaysMs: options.webhooks?.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
    timeoutMs: options.webhooks?.timeoutMs ?? 30_000,
    stats,
    logger,
    ids: new IdFactory(seed + 1),
  });
  const newRelationDelayMs =
    options.webhooks?.newRelationDelayMs ??
    (scenario.webhooks?.newRelationDelayMinutes ?? DEFAULT_NEW_RELATION_DELAY_MS / 60_000) * 60_000;

  let world: World;
  const faults = new Faults(() => world);
  const build = () => {
    world = new World({ clock, seed, hub, stats, newRelationDelayMs });
    applyScenario(world, faults, scenario, seed);
  };
  build();

  const settle = () => {
    try {
      world.settle();
    } catch (err) {
      logger.error("sandbox settle failed", { error: err instanceof Error ? err.message : String(err) });
    }
  };
  let url = "";
  const hostedAuth = new HostedAuth({ world: () => world, hub, baseUrl: () => url });
  const handlers = {
    ...createHandlers({ world: () => world, faults, hub }),
    [HOSTED_AUTH_ROUTE]: (request: RequestContext) => hostedAuth.createLink(request),
  };
  const api = createRequestListener({ apiKey: options.apiKey, world: () => world, faults, stats, handlers, logger });
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    // The wizard is a browser page, outside the API: no API key, no faults, not counted.
    if (!servesWizard(req)) return api(req, res);
    serveWizard(hostedAuth, req, res).catch((err: unknown) => {
      logger.error("sandbox wizard failed", { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const tick = setInterval(settle, options.tickMs ?? 25);
  tick.unref();
  const stopListening = clock.onChange(settle);

  return {
    url,
    port,
    get world() {
      return world;
    },
    faults,
    stats,
    hostedAuth,
    settle,
    webhooksIdle: () => hub.idle(),
    reset() {
      faults.clear();
      stats.reset();
      hub.clear();
      hostedAuth.clear();
      build();
    },
    async close() {
      clearInterval(tick);
      stopListening();
      faults.dropAllHolds();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
