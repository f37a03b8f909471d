// A cap on concurrent connections per process that keeps the server reachable under a slowloris
// attack. Node's own server.maxConnections drops every new connection once the cap is reached,
// which hands the attacker the server; here a new connection instead evicts the oldest one that
// has no request in progress (still sending its headers, or idle between keep-alive requests),
// so a real client always gets in and slow sockets are the ones that lose. The cap stays below
// the process's file-descriptor limit so that accept() never starts failing with EMFILE, which
// also cut the database connections off.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../log.js";

export const DEFAULT_MAX_CONNECTIONS = 10_000;
/** Share of the file-descriptor limit HTTP connections may use; the rest is for the database, files, logs. */
const FD_SHARE = 0.75;

/** The soft "Max open files" limit of this process (Linux), or null where it cannot be read. */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("Max open files"));
    const soft = line?.split(/\s{2,}/)[1];
    const value = Number(soft);
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export function defaultConnectionCap(fdLimit = openFileLimit()): number {
  if (fdLimit === null) return DEFAULT_MAX_CONNECTIONS;
  return Math.max(16, Math.min(DEFAULT_MAX_CONNECTIONS, Math.floor(fdLimit * FD_SHARE)));
}

export interface ConnectionCap {
  readonly max: number;
  open: () => number;
  evicted: () => number;
}

export function capConnections(server: Server, max: number, log: Logger): ConnectionCap {
  const open = new Set<Socket>();
  // Connections without a request in progress, oldest first (a Set keeps insertion order).
  const evictable = new Set<Socket>();
  let evicted = 0;
  let saturated = false;

  const forget = (socket: Socket) => {
    open.delete(socket);
    evictable.delete(socket);
  };

  server.on("connection", (socket: Socket) => {
    if (open.size >= max) {
      if (!saturated) {
        saturated = true;
        log.warn("HTTP connection cap reached: closing the oldest connections that have not sent a request", {
          max,
        });
      }
      const oldest = evictable.values().next().value;
      if (!oldest) {
        // Every connection is busy with a real request: refuse the newcomer rather than one of them.
        socket.destroy();
        return;
      }
      forget(oldest);
      oldest.destroy();
      evicted++;
    } else if (saturated && open.size < max * 0.9) {
      saturated = false;
      log.info("HTTP connections back under the cap", { max, open: open.size });
    }
    open.add(socket);
    evictable.add(socket);
    socket.once("close", () => forget(socket));
  });

  server.on("request", (req, res) => {
    const socket = req.socket;
    evictable.delete(socket);
    // Once answered, a keep-alive connection is idle again and joins the end of the queue.
    res.once("close", () => {
      if (open.has(socket) && !socket.destroyed) evictable.add(socket);
    });
  });

  return { max, open: () => open.size, evicted: () => evicted };
}
