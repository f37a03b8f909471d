// The app's PostgreSQL: DATABASE_URL when set, otherwise the embedded server in .data/postgres.
import postgres, { type Sql } from "postgres";
import type { Logger } from "../log.js";
import { startEmbeddedPostgres } from "./embedded.js";

export type { Sql };

export interface Database {
  sql: Sql;
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
}

export const EMBEDDED_DATA_DIR = ".data/postgres";
const APP_DATABASE = "sam";

/** The same server's URL for another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export interface ConnectOptions {
  max?: number;
  /**
   * Each query on one core: PostgreSQL would otherwise give a large scan (a campaign of 100,000
   * prospects counted) parallel workers on every core, and the acknowledgements and sends waiting
   * behind it took the difference (bench key slack_ack). For work that is answered later anyway.
   */
  oneCorePerQuery?: boolean;
  /**
   * Plan each run of a prepared statement for its values, as PostgreSQL chooses by default
   * (plan_cache_mode auto), instead of reusing one generic plan. For pools that run large reads
   * whose best plan depends on the values (a campaign of 300 prospects or of 100,000).
   */
  planForValues?: boolean;
  /** How the pool's sessions are named in pg_stat_activity (default "sam-campaigns"). */
  applicationName?: string;
}

export function connect(url: string, options: ConnectOptions = {}): Sql {
  return postgres(url, {
    // Each running dispatch job holds one connection for its account's send lock.
    max: options.max ?? 20,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    connection: {
      application_name: options.applicationName ?? "sam-campaigns",
      // One generic plan per statement and session. Under PostgreSQL's default (auto) the send
      // path's statements were planned again on nearly every run, about a quarter of the
      // database's time a send in dispatch's burst (README, Performance). The app's statements
      // are short and keyed, and the send path writes the statuses it filters on into the
      // statements' text, where a generic plan still uses the partial indexes.
      ...(options.planForValues ? {} : { plan_cache_mode: "force_generic_plan" }),
      ...(options.oneCorePerQuery ? { max_parallel_workers_per_gather: 0 } : {}),
    },
  });
}

export async function openDatabase(databaseUrl: string | undefined, log: Logger): Promise<Database> {
  if (databaseUrl) {
    const sql = connect(databaseUrl);
    return { sql, url: databaseUrl, embedded: false, close: () => sql.end({ timeout: 5 }) };
  }
  const server = await startEmbeddedPostgres(EMBEDDED_DATA_DIR, log);
  const admin = connect(server.url("postgres"), { max: 1 });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${APP_DATABASE}`;
    if (!exists) await admin.unsafe(`create database ${APP_DATABASE}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = server.url(APP_DATABASE);
  const sql = connect(url);
  return {
    sql,
    url,
    embedded: true,
    close: async () => {
      await sql.end({ timeout: 5 });
      await server.stop();
    },
  };
}
