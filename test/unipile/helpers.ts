// Shared set-up for the Unipile tests: a sandbox on a frozen virtual clock with a client pointed
// at it, a quiet logger, and a tiny loopback receiver for webhook deliveries.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Clock } from "../../src/clock.js";
import type { Logger } from "../../src/log.js";
import { UnipileClient, type UnipileClientOptions } from "../../src/unipile/client.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/unipile/sandbox/index.js";

export const START = new Date("2025-03-03T09:00:00.000Z");
export const API_KEY = "test-unipile-key-5f2c9a";
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const quietLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => quietLogger,
};

export interface Harness {
  clock: Clock;
  sandbox: Sandbox;
  client: UnipileClient;
  accountId: string;
  close(): Promise<void>;
}

export async function startHarness(
  options: SandboxOptions = {},
  clientOptions: Partial<UnipileClientOptions> = {},
): Promise<Harness> {
  const clock = options.clock ?? new Clock(START, 0);
  const sandbox = await startSandbox({ apiKey: API_KEY, clock, logger: quietLogger, ...options });
  const client = new UnipileClient({
    baseUrl: sandbox.url,
    apiKey: API_KEY,
    logger: quietLogger,
    retry: { maxRetries: 3, minDelayMs: 5, maxDelayMs: 50 },
    ...clientOptions,
  });
  return {
    clock,
    sandbox,
    client,
    accountId: sandbox.world.defaultAccountId,
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver; `statuses` answers the first requests, then 200. */
export async function startReceiver(statuses: number[] = []) {
  const received: ReceivedHook[] = [];
  const queue = [...statuses];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(queue.shift() ?? 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/unipile/webhook`,
    received,
    bodies: () => received.map((hook) => JSON.parse(hook.body) as Record<string, unknown>),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A loopback server answering with a scripted handler, for responses the sandbox never gives. */
export async function startStub(
  handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void,
) {
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function jsonReply(
  res: import("node:http").ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
