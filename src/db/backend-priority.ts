// A pool whose database work may wait for everyone else's: its PostgreSQL backends run at a lower
// CPU priority (a nice value), as the answer thread does in the app's process. A `/sam status` of
// 100,000 prospects is a third of a second of one backend's CPU; at normal priority, on two
// cores, the acknowledgements running meanwhile took twice as long (bench `slack_ack`).
// PostgreSQL has no priority of its own for a session, so this works where the server runs on
// this machine, as the embedded one does: each backend of the pool, found by its
// application_name, is reniced once, and only after /proc shows it is a postgres process whose
// working directory is the server's data directory. A server elsewhere (another host, another
// container) has other processes under those numbers: nothing is done there, nor where the role
// may not read the data directory's setting or the process table cannot be read.
import { readFileSync, readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import type { Sql } from "postgres";

export interface BackendPriority {
  /** Renices the pool's backends not yet reniced; false once it knows it cannot (then it does nothing). */
  lower(): Promise<boolean>;
}

/** What /proc says of a process: its name and working directory, or null if it cannot be read. */
function processOf(pid: number): { name: string; cwd: string } | null {
  try {
    return { name: readFileSync(`/proc/${pid}/comm`, "utf8").trim(), cwd: readlinkSync(`/proc/${pid}/cwd`) };
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
  return {
    async lower() {
      if (!possible) return false;
      let rows: { pid: number; dir: string }[];
      try {
        rows = await sql<{ pid: number; dir: string }[]>`
          select pid, current_setting('data_directory') as dir from pg_stat_activity
          where application_name = ${applicationName} and datname = current_database()`;
      } catch {
        // The role may not read data_directory (pg_read_all_settings): no way to tell our server's processes.
        possible = false;
        return false;
      }
      for (const { pid, dir } of rows) {
        if (done.has(pid)) continue;
        const found = processOf(pid);
        // Gone since the query (its connection closed), or /proc hides it: the next call looks again.
        if (!found) continue;
        if (!found.name.startsWith("postgres") || found.cwd !== dir) {
          // Not this server's backend as seen from here: the server is not on this machine.
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
