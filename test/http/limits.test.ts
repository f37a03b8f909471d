// The HTTP server's own limits on one server in this process: sockets that never finish their
// headers or their body are closed, and at the connection cap a new client evicts the oldest
// connection that has no request in progress (never one that is being answered).
import { connect, type Socket } from "node:net";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_LIMITS,
  type HttpServer,
  type ServerLimits,
  startHttpServer,
} from "../../src/http/server.js";
import { createLogger } from "../../src/log.js";

let server: HttpServer | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = null;
});

async function start(
  limits: Partial<ServerLimits>,
  health: () => Promise<void> = async () => {},
): Promise<HttpServer> {
  server = await startHttpServer(
    0,
    {
      slackEvents: null,
      unipileWebhook: (_req, res) => {
        res.writeHead(200);
        res.end();
      },
      health: async () => {
        await health();
        return { ok: true, body: { status: "ok" } };
      },
    },
    createLogger({ test: true }),
    limits,
  );
  return server;
}

/** Connects and writes `text`; resolves once connected. */
function partial(port: number, text: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    socket.once("connect", () => {
      socket.write(text);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** Everything the server sends until it closes the socket. */
function untilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on("error", () => {});
    socket.once("close", () => resolve(received));
  });
}

describe("server limits", () => {
  it("defaults: headers within 10 s, a whole request within 30 s, keep-alive 5 s, checked every second", async () => {
    const { server: node } = await start({});
    expect(DEFAULT_LIMITS).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      timeoutCheckIntervalMs: 1_000,
    });
    expect([node.headersTimeout, node.requestTimeout, node.keepAliveTimeout]).toEqual([
      10_000, 30_000, 5_000,
    ]);
  });

  it("closes a socket that never finishes its headers", async () => {
    const { port } = await start({
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      timeoutCheckIntervalMs: 50,
    });
    const socket = await partial(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
    expect(await untilClosed(socket)).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes a socket that never finishes its body", async () => {
    const { port } = await start({
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      timeoutCheckIntervalMs: 50,
    });
    const socket = await partial(
      port,
      'POST /unipile/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    expect(await untilClosed(socket)).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe("at the connection cap", () => {
  it("a new client evicts the oldest connection that has not sent a request", async () => {
    const { port, connections } = await start({ maxConnections: 3 });
    const slow = [];
    for (let i = 0; i < 3; i++) slow.push(await partial(port, "GET /healthz HTTP/1.1\r\n"));
    const oldestClosed = untilClosed(slow[0]!);
    const response = await request(`http://127.0.0.1:${port}/healthz`);
    expect(response.statusCode).toBe(200);
    await response.body.dump();
    expect(await oldestClosed).toBe("");
    expect(slow[1]!.destroyed || slow[2]!.destroyed).toBe(false);
    expect(connections.evicted()).toBe(1);
  });

  it("connections being answered are never evicted: the newcomer is refused instead", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = 0;
    let bothEntered = () => {};
    const inHandler = new Promise<void>((resolve) => {
      bothEntered = resolve;
    });
    const { port } = await start({ maxConnections: 2 }, () => {
      if (++entered === 2) bothEntered();
      return gate;
    });
    const busy = [
      await partial(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
      await partial(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
    ];
    const answers = busy.map(untilClosedOrAnswered);
    await inHandler;
    const refused = await partial(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await untilClosed(refused)).toBe("");
    release();
    for (const answer of await Promise.all(answers)) expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });
});

/** The first response on a socket (or "" if it is closed before one arrives). */
function untilClosedOrAnswered(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      if (received.includes("\r\n\r\n")) resolve(received);
    });
    socket.on("error", () => {});
    socket.once("close", () => resolve(received));
  });
}
