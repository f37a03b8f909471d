// Where the embedded cluster's files really are. Normally the data directory asked for (such as
// .data/postgres). As root, the server runs as the `postgres` user; when that user cannot enter
// the data directory's folder (a checkout in a 0700 home directory), the cluster lives in the root
// cache instead, under a name derived from the asked-for path, and the asked-for path becomes a
// symbolic link to it: the next start finds it again, and removing it removes both.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { canEnter, type PostgresUser, POSTGRES_USER, ROOT_ADVICE } from "./postgres-user.js";
import { ensureRootOwnedDir } from "./root-cache.js";

export interface ClusterDir {
  /** Where the cluster's files are. */
  dir: string;
  /** Set when they are not where asked: the asked-for path, now a link to `dir`. */
  linkedFrom?: string;
}

function linkTarget(link: string): string | null {
  try {
    if (!lstatSync(link).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  return path.resolve(path.dirname(link), readlinkSync(link));
}

export function clusterDirFor(absolute: string, user: PostgresUser | null, cacheDir: string): ClusterDir {
  mkdirSync(path.dirname(absolute), { recursive: true });
  if (!user) return { dir: absolute };
  const linked = linkTarget(absolute);
  if (linked && canEnter(user, path.dirname(linked))) return { dir: linked, linkedFrom: absolute };
  if (!linked && canEnter(user, path.dirname(absolute))) return { dir: absolute };

  if (!linked && existsSync(path.join(absolute, "PG_VERSION"))) {
    throw new Error(
      `embedded PostgreSQL: running as root, the server runs as the "${POSTGRES_USER}" user, which cannot reach ` +
        `the existing cluster in ${absolute}; move the checkout to a folder that user can enter, or ${ROOT_ADVICE}.`,
    );
  }
  const root = ensureRootOwnedDir(user, path.join(cacheDir, "data"), `the data directory ${absolute}`);
  const name = path.basename(absolute).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40);
  const dir = path.join(root, `${name}-${createHash("sha256").update(absolute).digest("hex").slice(0, 16)}`);
  // What is there now is a link that leads nowhere reachable or a cluster never initialised.
  if (linked) unlinkSync(absolute);
  else rmSync(absolute, { recursive: true, force: true });
  symlinkSync(dir, absolute);
  return { dir, linkedFrom: absolute };
}

/** Removes a data directory, and the cluster it links to when it was relocated. */
export async function removeEmbeddedData(dataDir: string): Promise<void> {
  const absolute = path.resolve(dataDir);
  const linked = linkTarget(absolute);
  if (linked) await rm(linked, { recursive: true, force: true });
  await rm(absolute, { recursive: true, force: true });
}
