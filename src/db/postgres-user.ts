// PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` system
// user (created when missing). That user must be able to reach the binaries and the data
// directory, which a checkout in a 0700 home directory denies; these checks ask the system itself
// by running a probe as that user (Node drops the supplementary groups too, as for the server).
import { execFileSync, spawnSync } from "node:child_process";

export const POSTGRES_USER = "postgres";

export interface PostgresUser {
  uid: number;
  gid: number;
}

/** What every failure to serve root ends with: the two ways out. */
export const ROOT_ADVICE = "run as a normal user, or set DATABASE_URL to a PostgreSQL server you run yourself";

export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** The user the server runs as when we are root; null otherwise (it runs as ourselves). */
export function postgresUser(): PostgresUser | null {
  if (!isRoot()) return null;
  const id = (flag: string) =>
    Number(execFileSync("id", [flag, POSTGRES_USER], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", [
      "-c",
      `getent group ${POSTGRES_USER} >/dev/null || groupadd ${POSTGRES_USER}; useradd -g ${POSTGRES_USER} ${POSTGRES_USER}`,
    ]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Whether the user can enter the directory (search permission on it and every parent). */
export function canEnter(user: PostgresUser, dir: string): boolean {
  const probe = spawnSync("sh", ["-c", 'cd -- "$1"', "probe", dir], { ...user, cwd: "/", stdio: "ignore" });
  return probe.status === 0;
}

/** Whether the user can run the PostgreSQL server binary (and load its libraries). */
export function canRunServer(user: PostgresUser, postgresBinary: string): boolean {
  const probe = spawnSync(postgresBinary, ["--version"], { ...user, cwd: "/", stdio: "ignore", timeout: 10_000 });
  return probe.status === 0;
}
