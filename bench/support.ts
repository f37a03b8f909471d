// Shared pieces of the bench's measurements: a fresh migrated database on the bench's PostgreSQL
// server, an app context over it with the Unipile sandbox, a seeded workspace/account/campaign,
// percentiles, and a logger that writes to stderr (stdout carries only the final JSON).
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { Clock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import type { AppContext } from "../src/context.js";
import { connect, type Sql, withDatabase } from "../src/db/database.js";
import { createDatabase as createMigratedDatabase } from "../src/db/migrate.js";
import { createLogger, type Logger } from "../src/log.js";
import { UnipileClient } from "../src/unipile/client.js";
import { type Sandbox, type Scenario, startSandbox } from "../src/unipile/sandbox/index.js";
import type { ThrowawayPostgres } from "../scripts/demo/postgres.js";

export const CORES = cpus().length;

export interface BenchDatabase {
  url: string;
  sql: Sql;
  drop: () => Promise<void>;
}


/** The server the bench runner started (its `postgres` database URL is passed in BENCH_PG_URL). */
export function serverUrl(): string {
  const url = process.env.BENCH_PG_URL;
  if (!url) throw new Error("BENCH_PG_URL is not set: run the bench with `npm run bench`");
  return url;
}

export async function createDatabase(
  log: Logger,
  options: { migrate?: boolean } = {},
): Promise<BenchDatabase> {
  const admin = connect(serverUrl(), { max: 1 });
  const name = `bench_${randomBytes(4).toString("hex")}`;
  const url = await createMigratedDatabase(serverUrl(), name, log, options);
  const sql = connect(url, { max: 10 });
  return {
    url,
    sql,
    drop: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** The bench server seen as the demo's throwaway server, so the demo can run on it. */
export function sharedServer(log: Logger): ThrowawayPostgres {
  return {
    url: (database) => withDatabase(serverUrl(), database),
    dataDir: "",
    createDatabase: (name, options) => createMigratedDatabase(serverUrl(), name, log, options),
    stop: async () => {},
  };
}

export const benchLog = (name: string): Logger => createLogger({ bench: name });

export interface SandboxContext {
  ctx: AppContext;
  sandbox: Sandbox;
  close: () => Promise<void>;
}

/** An app context over the database with the Unipile sandbox (no Slack, no worker). */
export async function sandboxContext(
  db: BenchDatabase,
  log: Logger,
  options: { scenario?: Scenario; clock?: Clock } = {},
): Promise<SandboxContext> {
  const clock = options.clock ?? new Clock(new Date("2026-11-30T13:00:00Z"), 0);
  const apiKey = "bench-unipile-key-0123456789";
  const sandbox = await startSandbox({ apiKey, clock, scenario: options.scenario, logger: log });
  const unipile = new UnipileClient({ baseUrl: sandbox.url, apiKey, logger: log });
  const ctx: AppContext = {
    config: loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: "warn" }),
    sql: db.sql,
    databaseUrl: db.url,
    clock,
    log,
    unipile,
    slack: null,
  };
  return {
    ctx,
    sandbox,
    close: async () => {
      await unipile.close();
      await sandbox.close();
    },
  };
}

/** p-th percentile (nearest rank) of the values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export const mb = (bytes: number) => round(bytes / 1048576, 1);

/**
 * A figure next to its limit, measured in the same run on the same machine and database: on a
 * shared machine absolute times move with the load, the ratio between two things measured side
 * by side does not. `atMost`: the figure may be at most that many times the limit (times, memory);
 * `atLeast`: at least that many times (rates). `absolute` adds a fixed bound that must hold too.
 */
export interface AgainstLimit {
  figure: number;
  limit: number;
  ratio: number;
  target: string;
  met: boolean;
}

export function againstLimit(
  figure: number,
  limit: number,
  rule: { atMost: number; absolute?: number; unit?: string } | { atLeast: number; absolute?: number; unit?: string },
): AgainstLimit {
  const ratio = limit > 0 ? round(figure / limit, 2) : Number.POSITIVE_INFINITY;
  const unit = rule.unit ? ` ${rule.unit}` : "";
  if ("atMost" in rule) {
    const absoluteOk = rule.absolute === undefined || figure <= rule.absolute;
    const bound = rule.absolute === undefined ? "" : ` and <= ${rule.absolute}${unit}`;
    return { figure, limit, ratio, target: `<= ${rule.atMost} × limit${bound}`, met: ratio <= rule.atMost && absoluteOk };
  }
  const absoluteOk = rule.absolute === undefined || figure >= rule.absolute;
  const bound = rule.absolute === undefined ? "" : ` and >= ${rule.absolute}${unit}`;
  return { figure, limit, ratio, target: `>= ${rule.atLeast} × limit${bound}`, met: ratio >= rule.atLeast && absoluteOk };
}

/** A fixed bound on a figure that has no limit to compare with (peak memory). */
export function withinBound(figure: number, atMost: number, unit: string): { figure: number; target: string; met: boolean } {
  return { figure, target: `<= ${atMost} ${unit}`, met: figure <= atMost };
}

/** The machine is quiet when the 1-minute load average is below this before and after a run. */
export const QUIET_LOAD = 1.5;

export const loadNow = (): number => round(loadavg()[0]!, 2);

/** CPU time used so far, in ms: this process (all its threads) and every `postgres` process. */
export interface CpuTime {
  processMs: number;
  /** Null where /proc cannot be read (not Linux): PostgreSQL's share is then not reported. */
  postgresMs: number | null;
}

/** Linux's /proc/<pid>/stat counts in clock ticks of 10 ms (USER_HZ 100 on every Linux build we run on). */
const TICK_MS = 10;

export function cpuTime(): CpuTime {
  const own = process.cpuUsage();
  return { processMs: (own.user + own.system) / 1000, postgresMs: postgresCpuMs() };
}

function postgresCpuMs(): number | null {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let total = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state …": comm may hold spaces, so fields are counted after its closing paren.
    const close = stat.lastIndexOf(")");
    if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
    const fields = stat.slice(close + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, 12th and 13th after comm.
    total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  }
  return total;
}
