// Workspaces this process found installed and unchanged in the last few seconds, by Slack team and
// name, per database pool (tests run several databases in one process). Every Slack request asks
// for its workspace (ensureWorkspace), and under a burst of commands that read was one of the few
// round trips before the acknowledgement (bench key slack_ack). A team whose access this process
// marks lost is forgotten at once; another process's mark is seen within KNOWN_FOR_MS, after which
// the next request clears it and releases the held notices, as before.
import { wallClock } from "./clock.js";

const KNOWN_FOR_MS = 10_000;
const KNOWN_LIMIT = 10_000;

interface Known {
  id: string;
  at: number;
}

const byPool = new WeakMap<object, Map<string, Known>>();
/** When each team was last forgotten: anything remembered before then is not trusted. */
const forgottenAt = new Map<string, number>();
const keyOf = (teamId: string, name: string | null) => `${teamId}\u0000${name ?? ""}`;

export const knownWorkspaces = {
  get(pool: object, teamId: string, name: string | null): string | null {
    const entry = byPool.get(pool)?.get(keyOf(teamId, name));
    if (!entry || wallClock().getTime() - entry.at >= KNOWN_FOR_MS) return null;
    return entry.at > (forgottenAt.get(teamId) ?? -1) ? entry.id : null;
  },
  remember(pool: object, teamId: string, name: string | null, id: string): void {
    const known = byPool.get(pool) ?? new Map<string, Known>();
    byPool.set(pool, known);
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(keyOf(teamId, name), { id, at: wallClock().getTime() });
  },
  /** The team's access is being marked lost: its next request reads the row again. */
  forget(teamId: string): void {
    const now = wallClock().getTime();
    for (const [team, at] of forgottenAt) if (now - at > KNOWN_FOR_MS) forgottenAt.delete(team);
    // Strictly after anything remembered in this same millisecond.
    forgottenAt.set(teamId, now + 1);
  },
};
