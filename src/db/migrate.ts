// Plain SQL migrations from migrations/, applied in file-name order, each in its own transaction
// and recorded in schema_migrations. A transaction-scoped advisory lock lets several processes
// start at once: the second waits, then sees the file already recorded.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runMigrations, Logger as WorkerLogger } from "graphile-worker";
import type { Sql } from "postgres";
import type { Logger } from "../log.js";
import { connect, withDatabase } from "./database.js";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");
const LOCK_ID = 724_611_203;

export async function migrate(sql: Sql, connectionString: string, log: Logger): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith(".sql")).sort();
  await sql`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`;
  // One read for the usual start (nothing new): a file recorded here is never applied again, so
  // only the others need their transaction and lock (21 files took about 60 ms of round trips).
  const recorded = new Set((await sql<{ name: string }[]>`select name from schema_migrations`).map((row) => row.name));
  const applied: string[] = [];
  for (const name of files) {
    if (recorded.has(name)) continue;
    const text = await readFile(path.join(MIGRATIONS_DIR, name), "utf8");
    await sql
      .begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${LOCK_ID})`;
        const [done] = await tx`select 1 from schema_migrations where name = ${name}`;
        if (done) return;
        await tx.unsafe(text);
        await tx`insert into schema_migrations (name) values (${name})`;
        applied.push(name);
      })
      .catch((error: Error) => {
        throw new Error(`migration ${name} failed: ${error.message}`);
      });
  }
  await runMigrations({ connectionString, logger: workerLogger(log) });
  await vacuumJobsOften(sql);
  if (applied.length > 0) log.info("migrations applied", { applied });
  return applied;
}

/**
 * graphile-worker inserts and deletes a row per job: a busy day (every send, echo and Slack post
 * a job) leaves the job table mostly dead rows between autovacuum's default passes (20% of the
 * table, throttled), and every job fetch walks them: after tenant_day's 40,000 sends it held
 * 207,658 dead rows to 23,119 live. Vacuumed after 1% plus 1,000 changes, unthrottled, it keeps up.
 * The table is graphile-worker's, created by its own migrations (just above), so the setting is
 * applied here, and only when missing (ALTER TABLE takes a lock).
 */
async function vacuumJobsOften(sql: Sql): Promise<void> {
  const settings = ["autovacuum_vacuum_scale_factor=0.01", "autovacuum_vacuum_threshold=1000", "autovacuum_vacuum_cost_delay=0"];
  const [jobs] = await sql<{ reloptions: string[] | null }[]>`
    select reloptions from pg_class where oid = 'graphile_worker._private_jobs'::regclass`;
  if (settings.every((setting) => jobs?.reloptions?.includes(setting))) return;
  await sql.unsafe(`alter table graphile_worker._private_jobs set (${settings.join(", ")})`);
}

/** graphile-worker logs through our structured logger, its debug chatter dropped. */
export function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    if (level === "error") log.error(message, { worker: meta });
    else if (level === "warning") log.warn(message, { worker: meta });
    else log.debug(message);
  });
}

/** Creates a database on the server of `adminUrl` and, unless told not to, migrates it. Returns its URL. */
export async function createDatabase(
  adminUrl: string,
  name: string,
  log: Logger,
  options: { migrate?: boolean } = {},
): Promise<string> {
  const admin = connect(adminUrl, { max: 1 });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = withDatabase(adminUrl, name);
  if (options.migrate === false) return url;
  const sql = connect(url, { max: 2 });
  try {
    await migrate(sql, url, log);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return url;
}
