// Watches the database from one process and logs one line per state change ("unreachable",
// "reachable again"), probing with backoff while it is down. Jobs and queries retry on their own;
// this only makes an outage visible once instead of as a flood of failed queries.
import type { Sql } from "postgres";
import type { Logger } from "../log.js";

const HEALTHY_INTERVAL_MS = 2_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;
const PROBE_TIMEOUT_MS = 1_500;

export type DatabaseState = "reachable" | "unreachable";

export interface DatabaseMonitor {
  state: () => DatabaseState;
  stop: () => void;
}

/** `select 1` within `timeoutMs`; false when the database fails or does not answer in time. */
export async function probeDatabase(sql: Sql, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = sql`select 1`.then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function monitorDatabase(sql: Sql, log: Logger): DatabaseMonitor {
  let state: DatabaseState = "reachable";
  let downSince = 0;
  let retryMs = FIRST_RETRY_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(check, ms);
    timer.unref();
  };
  async function check() {
    const ok = await probeDatabase(sql);
    if (stopped) return;
    if (ok && state === "unreachable") {
      state = "reachable";
      log.info("database reachable again; work resumes", { downForMs: Date.now() - downSince });
    } else if (!ok && state === "reachable") {
      state = "unreachable";
      downSince = Date.now();
      retryMs = FIRST_RETRY_MS;
      log.warn("database unreachable; retrying with backoff until it is back", { retryUpToMs: MAX_RETRY_MS });
    }
    if (ok) return schedule(HEALTHY_INTERVAL_MS);
    schedule(retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }
  schedule(HEALTHY_INTERVAL_MS);
  return {
    state: () => state,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
