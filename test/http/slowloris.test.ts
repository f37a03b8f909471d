// Unauthenticated slow sockets must not make the app unreachable. 5,000 sockets that each send
// half a request line and then nothing are opened against the HTTP server running in a process
// limited to 1,024 file descriptors (so the test does not need 20,000 sockets to reach the
// limit); /healthz must still answer. Before the connection cap, the server ran out of
// descriptors and every new connection, /healthz included, was closed at once.
import { type ChildProcess, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import path from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SLOW_SOCKETS = 5_000;
const FD_LIMIT = 1_024;
const root = path.resolve(import.meta.dirname, "../..");

let child: ChildProcess;
let port: number;
let output = "";
const sockets: Socket[] = [];

beforeAll(async () => {
  child = spawn(
    "bash",
    [
      "-c",
      `ulimit -n ${FD_LIMIT} && exec "$0" --import tsx test/support/http-server-process.ts`,
      process.execPath,
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((entry) => entry.startsWith("{"));
      if (line) resolve(JSON.parse(line).port);
    });
    child.once("exit", (code) => reject(new Error(`server process exited (${code}):\n${output}`)));
  });
});

afterAll(() => {
  for (const socket of sockets) socket.destroy();
  child?.kill("SIGTERM");
});

/** A socket that connects and sends the start of a request line, then nothing. */
function slowSocket(): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    socket.once("connect", () => {
      socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      resolve();
    });
    // The server may close it (that is the defence); the attacker does not care.
    socket.on("error", () => resolve());
    socket.once("close", () => resolve());
  });
}

describe("5,000 slow sockets", () => {
  it("leave /healthz reachable on a process with 1,024 file descriptors", async () => {
    for (let opened = 0; opened < SLOW_SOCKETS; opened += 250) {
      await Promise.all(Array.from({ length: 250 }, slowSocket));
    }
    const response = await request(`http://127.0.0.1:${port}/healthz`, {
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ status: "ok" });
    const stillOpen = sockets.filter((socket) => !socket.destroyed && !socket.readableEnded).length;
    console.info(`slowloris: ${stillOpen} of ${SLOW_SOCKETS} slow sockets still open when /healthz answered`);
    // The server is alive and kept serving; it did not die of descriptor exhaustion.
    expect(child.exitCode).toBeNull();
  }, 60_000);
});
