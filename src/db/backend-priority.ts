// A pool whose database work may wait for everyone else's: its PostgreSQL backends run at a lower
// CPU priority (a nice value), as the answer thread does in the app's process. A `/sam status` of
// 100,000 prospects is a third of a second of one backend's CPU; at normal priority, on two
// cores, the acknowledgements running meanwhile took twice as long (bench `slack_ack`).
// PostgreSQL has no priority of its own for a session, so this works where the server runs on
// this machine, as the embedded one does: each backend of the pool, found by its
// application_name, is reniced once, and only when it is a child of this server's postmaster as
// the server's own postmaster.pid names it (its data directory readable here, its start time the
// one the server reports). A server elsewhere (another host, another container) has other
// processes under those numbers: nothing is done there, nor where the role may not read the data
// directory's setting, or the data directory or the process table cannot be read.
import { readFileSync } from "node:fs";
import { setPriority } from "node:os";
import type { Sql } from "postgres";

export interface BackendPriority {
  /** Renices the pool's backends not yet reniced; false once it knows it cannot (then it does nothing). */
  lower(): Promise<boolean>;
}

/** A process's parent, from /proc/<pid>/stat (the field after its state), or null if it cannot be read. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/**
 * The postmaster's pid from the data directory's postmaster.pid (its first line), if this
 * machine's file is the server's own: its start time (third line, Unix seconds) is the one the
 * server reports. Null otherwise.
 */
function postmasterOf(dataDir: string, startedAt: number): number | null {
  try {
    const [pid, , started] = readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n");
    // Set a moment apart at the server's start (the file's in whole seconds): within 2 s.
    return Math.abs(Number(started) - startedAt) <= 2 ? Number(pid) : null;
  } catch {
    return null;
  }
}

/**
 * `sql` must connect with `applicationName` (its backends are found by it); `nice` is the value
 * they get (0 normal, 19 lowest).
 */
export function backendPriority(sql: Sql, applicationName: string, nice: number): BackendPriority {
  const done = new Set<number>();
  let possible = process.platform === "linux";
  let postmaster: number | null = null;
  return {
    async lower() {
      if (!possible) return false;
      let rows: { pid: number; dir: string; started: number }[];
      try {
        rows = await sql<{ pid: number; dir: string; started: number }[]>`
          select pid, current_setting('data_directory') as dir,
                 floor(extract(epoch from pg_postmaster_start_time()))::int as started
          from pg_stat_activity
          where application_name = ${applicationName} and datname = current_database()`;
      } catch {
        // The role may not read data_directory (pg_read_all_settings): no way to tell our server's processes.
        possible = false;
        return false;
      }
      if (rows.length === 0) return true;
      postmaster ??= postmasterOf(rows[0]!.dir, rows[0]!.started);
      if (postmaster === null) {
        // Not this machine's server, or its data directory is not readable from here.
        possible = false;
        return false;
      }
      for (const { pid } of rows) {
        if (done.has(pid)) continue;
        const parent = parentOf(pid);
        // Gone since the query (its connection closed): the next call looks again.
        if (parent === null) continue;
        if (parent !== postmaster) {
          // A process of something else under that number: the server is not the one seen here.
          possible = false;
          return false;
        }
        try {
          setPriority(pid, nice);
          done.add(pid);
        } catch {
          // Another user's process this one may not renice.
          possible = false;
          return false;
        }
      }
      // Backends of closed connections: their numbers may come back for other processes.
      const live = new Set(rows.map((row) => row.pid));
      for (const pid of done) if (!live.has(pid)) done.delete(pid);
      return true;
    },
  };
}
