// Connections that hold a session-level advisory lock for the length of a job (the account send
// lock). They come from node-postgres, not postgres.js: postgres.js 3.4.9 hands a reserved
// connection that died in a database restart back to its pool, and the next query on it throws
// outside any promise and never settles (porsager/postgres#1208). node-postgres fails such a
// query cleanly, and a client released with an error is destroyed, taking its locks with it.
import pg from "pg";
import type { Logger } from "../log.js";

const pools = new Map<string, pg.Pool>();

function poolFor(url: string, log: Logger): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    const created = new pg.Pool({ connectionString: url, max: 20, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    const onError = (error: Error) => log.debug("lock connection error", { error: error.message });
    created.on("error", onError);
    created.on("connect", (client) => client.on("error", onError));
    pools.set(url, created);
    pool = created;
  }
  return pool;
}

/**
 * Runs `work` holding the session advisory lock `key` on a connection of its own; null when
 * another session holds it. If the connection dies (database restart) the lock is gone with it;
 * the unlock then fails and the connection is thrown away instead of being reused.
 */
export async function withAdvisoryLock<T>(url: string, log: Logger, key: string, work: () => Promise<T>): Promise<T | null> {
  const client = await poolFor(url, log).connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext($1)) as ok", [key]);
    if (!rows[0]?.ok) return null;
    try {
      return await work();
    } finally {
      await client.query("select pg_advisory_unlock(hashtext($1))", [key]).catch((error: Error) => {
        broken = true;
        log.debug("could not release an advisory lock; its connection is dropped", { key, error: error.message });
      });
    }
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Closes the lock connections to `url` (at shutdown). */
export async function closeLockConnections(url: string): Promise<void> {
  const pool = pools.get(url);
  if (!pool) return;
  pools.delete(url);
  await pool.end();
}
