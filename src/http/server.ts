// One HTTP server on PORT for everything that comes from outside: Slack (/slack/events, handed
// to Bolt), Unipile webhooks (/unipile/webhook) and the health check (/healthz).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log.js";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpRoutes {
  slackEvents: Handler | null;
  unipileWebhook: Handler;
  health: () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
}

export interface HttpServer {
  server: Server;
  port: number;
  url: string;
  close: () => Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

export async function startHttpServer(port: number, routes: HttpRoutes, log: Logger): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const handle = async () => {
      if (path === "/healthz" && req.method === "GET") {
        const { ok, body } = await routes.health();
        return json(res, ok ? 200 : 503, body);
      }
      if (path === "/unipile/webhook" && req.method === "POST") return routes.unipileWebhook(req, res);
      if (path === "/slack/events") {
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
  });
  // Keep-alive sockets must not hold shutdown open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "0.0.0.0", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
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
