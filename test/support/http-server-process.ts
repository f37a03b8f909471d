// The app's HTTP server alone in a child process, for tests that need a process of its own: the
// slowloris test runs it under a low file-descriptor limit (`ulimit -n`) so that slow sockets
// exhaust it long before they exhaust the test's. Prints one JSON line once it listens.
import { startHttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/log.js";

const server = await startHttpServer(
  0,
  {
    slackEvents: null,
    unipileWebhook: (_req, res) => {
      res.writeHead(200);
      res.end();
    },
    health: async () => ({ ok: true, body: { status: "ok" } }),
  },
  createLogger({ component: "http-server-process" }),
);
process.stdout.write(
  `${JSON.stringify({ port: server.port, maxConnections: server.connections?.max ?? null })}\n`,
);
process.on("SIGTERM", () => process.exit(0));
