// One HTTP server on PORT for everything that comes from outside: Slack (/slack/events, handed
// to Bolt; in OAuth mode also the browser's /slack/install and /slack/oauth_redirect), Unipile
// webhooks (/unipile/webhook), the REST API (/api/v1/…, src/api), the health check (/healthz), and routes other parts add by exact
// path (Unipile's hosted-auth callback and the pages its wizard returns to).
// It faces unauthenticated clients, so it bounds what each may hold: time to send headers and a
// body, idle keep-alive time, body size (413) and connections per process (connection-cap.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log.js";
import { type BufferedRequest, readBody } from "./body.js";
import { capConnections, type ConnectionCap, defaultConnectionCap } from "./connection-cap.js";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A route matched by method and exact path; a POST's body is read (within the limit) first. */
export interface Route {
  method: "GET" | "POST";
  path: string;
  handler: Handler;
}

export interface HttpRoutes {
  slackEvents: Handler | null;
  /** OAuth mode: GET /slack/install and GET /slack/oauth_redirect (src/slack/oauth-install.ts). */
  slackInstall?: Handler | null;
  unipileWebhook: Handler;
  /** The REST API: every path under /api/v1 (src/api/router.ts reads its own bodies, up to 5 MB). */
  api?: Handler | null;
  health: () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
  more?: readonly Route[];
}

/** Limits against slow or oversized clients; tests shorten them. */
export interface ServerLimits {
  /** Time for a client to send its complete headers (slowloris). */
  headersTimeoutMs: number;
  /** Time for a client to send its complete request, body included (slow uploads). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (its default, 30 s, lets them overrun by that much). */
  timeoutCheckIntervalMs: number;
  /** Concurrent connections per process; default from the file-descriptor limit. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: Omit<ServerLimits, "maxConnections"> = {
  headersTimeoutMs: 10_000,
  // Slack and Unipile bodies are at most 1 MB; 30 s allows a slow but honest upload.
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  timeoutCheckIntervalMs: 1_000,
};

export interface HttpServer {
  server: Server;
  connections: ConnectionCap;
  port: number;
  url: string;
  close: () => Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

export async function startHttpServer(
  port: number,
  routes: HttpRoutes,
  log: Logger,
  overrides: Partial<ServerLimits> = {},
): Promise<HttpServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, maxConnections: defaultConnectionCap(), ...overrides };
  // Reads the body within MAX_BODY_BYTES (413 otherwise) before the handler sees it.
  const withBody = (handler: Handler) => async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, res);
    if (!body) return;
    (req as BufferedRequest).rawBody = body;
    return handler(req, res);
  };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    (req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      const handle = async () => {
        if (path === "/healthz" && req.method === "GET") {
          const { ok, body } = await routes.health();
          return json(res, ok ? 200 : 503, body);
        }
        if ((path === "/api/v1" || path?.startsWith("/api/v1/")) && routes.api) return routes.api(req, res);
        if (path === "/unipile/webhook" && req.method === "POST")
          return withBody(routes.unipileWebhook)(req, res);
        if ((path === "/slack/install" || path === "/slack/oauth_redirect") && req.method === "GET" && routes.slackInstall)
          return routes.slackInstall(req, res);
        const route = routes.more?.find((candidate) => candidate.path === path && candidate.method === req.method);
        if (route) return route.method === "POST" ? withBody(route.handler)(req, res) : route.handler(req, res);
        if (path === "/slack/events") {
          if (routes.slackEvents && req.method === "POST") return withBody(routes.slackEvents)(req, res);
          if (routes.slackEvents) return routes.slackEvents(req, res);
          return json(res, 503, { error: "Slack is not configured; see README.md, 'Slack app setup'" });
        }
        return json(res, 404, { error: "not found" });
      };
      Promise.resolve(handle()).catch((error: Error) => {
        log.error("http request failed", { path, error: error.message });
        if (!res.headersSent) json(res, 500, { error: "internal error" });
        else res.end();
      });
    },
  );
  const connections = capConnections(server, limits.maxConnections, log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "0.0.0.0", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    connections,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
