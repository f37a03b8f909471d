// A throwaway PostgreSQL for the demo and the bench: the embedded server (as `npm start` uses)
// in its own data directory under .data/, removed again when stopped. The user's own database
// (.data/postgres, or DATABASE_URL) is never touched. Directories left by a run that was killed
// are removed by the next run, once no server runs in them any more.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { type EmbeddedOptions, removeEmbeddedData, startEmbeddedPostgres } from "../../src/db/embedded.js";
import { createDatabase } from "../../src/db/migrate.js";
import type { Logger } from "../../src/log.js";

export interface ThrowawayPostgres {
  /** URL of a database on the server (created by createDatabase). */
  url: (database: string) => string;
  /** Creates a database (and applies the app's migrations unless told not to); returns its URL. */
  createDatabase: (name: string, options?: { migrate?: boolean }) => Promise<string>;
  dataDir: string;
  stop: () => Promise<void>;
}

const DATA_ROOT = ".data";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process is a PostgreSQL server on this data directory (pids get reused). */
function isPostgresOf(pid: number, dir: string): boolean {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    // As root the directory may be a link to where the cluster really is (src/db/embedded-data-dir.ts).
    return command.includes("postgres") && command.includes(realpathSync(dir));
  } catch {
    return false;
  }
}

/** Data directories of earlier runs with this prefix whose server is gone (the run was killed). */
async function removeLeftovers(prefix: string): Promise<void> {
  if (!existsSync(DATA_ROOT)) return;
  for (const name of readdirSync(DATA_ROOT)) {
    if (!name.startsWith(`${prefix}-`)) continue;
    const dir = path.join(DATA_ROOT, name);
    const pidFile = path.join(dir, "postmaster.pid");
    const owner = Number(/^[a-z-]+-(\d+)-/.exec(name)?.[1] ?? 0);
    if (owner > 0 && owner !== process.pid && alive(owner)) continue; // another run in progress
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : 0;
    if (pid > 0 && alive(pid) && isPostgresOf(pid, dir)) {
      // Its run was killed before it could stop the server: stop it now (fast shutdown).
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await removeEmbeddedData(dir);
  }
}

export async function startThrowawayPostgres(
  prefix: "demo-postgres" | "bench-postgres",
  log: Logger,
  options: Pick<EmbeddedOptions, "settings"> = {},
): Promise<ThrowawayPostgres> {
  await removeLeftovers(prefix);
  const dataDir = path.join(DATA_ROOT, `${prefix}-${process.pid}-${randomBytes(3).toString("hex")}`);
  const server = await startEmbeddedPostgres(dataDir, log, options);
  let stopped: Promise<void> | null = null;
  return {
    url: (database) => server.url(database),
    dataDir,
    createDatabase: (name, options = {}) => createDatabase(server.url("postgres"), name, log, options),
    stop() {
      stopped ??= (async () => {
        await server.stop();
        await removeEmbeddedData(dataDir);
      })();
      return stopped;
    },
  };
}
