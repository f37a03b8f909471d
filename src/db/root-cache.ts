// As root, what the `postgres` user cannot reach in the checkout (binaries, data) is kept in one
// root-owned, world-readable directory instead. Root runs the binaries found there (as that
// user), so the directory must be one no other user can write to; a directory someone else could
// have prepared is refused rather than trusted.
import { chmodSync, lstatSync, mkdirSync } from "node:fs";
import path from "node:path";
import { canEnter, type PostgresUser, POSTGRES_USER, ROOT_ADVICE } from "./postgres-user.js";

/** Persistent (not /var/tmp, whose cleaners would delete an idle database's files) and root-only. */
export const DEFAULT_ROOT_CACHE_DIR = "/var/lib/sam-campaigns/embedded-postgres";

export class RootCacheError extends Error {}

/** Creates the directory (0755) if needed and checks it is root's alone and reachable. */
export function ensureRootOwnedDir(user: PostgresUser, dir: string, purpose: string): string {
  const fail = (why: string) =>
    new RootCacheError(
      `embedded PostgreSQL: running as root, the server runs as the "${POSTGRES_USER}" user, which cannot reach ${purpose}; ` +
        `the copy it could reach, in ${dir}, ${why}. Fix that, or ${ROOT_ADVICE}.`,
    );
  try {
    const created = mkdirSync(dir, { recursive: true, mode: 0o755 });
    // A strict umask (077, common for root) would leave new folders closed to that user.
    for (let folder = dir; created && folder.startsWith(created); folder = path.dirname(folder)) {
      chmodSync(folder, 0o755);
    }
  } catch (error) {
    throw fail(`cannot be created (${(error as Error).message})`);
  }
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw fail("is not a directory");
  if (stat.uid !== 0) throw fail("is not owned by root");
  if ((stat.mode & 0o022) !== 0) throw fail("is writable by other users");
  if (!canEnter(user, dir)) throw fail(`cannot be entered by the "${POSTGRES_USER}" user either`);
  return dir;
}
