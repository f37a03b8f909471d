// The answer pool's backends at a lower CPU priority: reniced on this machine, where the test
// database's server runs (the postmaster named by its data directory's postmaster.pid), and left
// alone where the role cannot tell which processes are its server's. The nice value is read back
// from /proc, not from the module.
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendPriority } from "../../src/db/backend-priority.js";
import { connect, type Sql } from "../../src/db/database.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** A process's nice value, field 19 of /proc/<pid>/stat (after the name in parentheses). */
function niceOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

async function backendPid(sql: Sql): Promise<number> {
  const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  return row!.pid;
}

describe.runIf(process.platform === "linux")("backendPriority", () => {
  let db: TestDatabase;
  const pools: Sql[] = [];
  /** Whether this process may renice the server's processes: root, or the server runs as our user. */
  let mayRenice = false;
  beforeAll(async () => {
    db = await createTestDatabase();
    mayRenice = process.getuid?.() === 0 || statSync(`/proc/${await backendPid(db.sql)}`).uid === process.getuid?.();
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end({ timeout: 2 });
    await db?.drop();
  });

  it("renices the backends of the pool it is given, and no other", async (ctx) => {
    if (!mayRenice) ctx.skip();
    const answers = connect(db.url, { max: 1, applicationName: "sam-test-answers" });
    const others = connect(db.url, { max: 1 });
    pools.push(answers, others);
    const answerPid = await backendPid(answers);
    const otherPid = await backendPid(others);
    expect(niceOf(answerPid)).toBe(0);

    expect(await backendPriority(answers, "sam-test-answers", 10).lower()).toBe(true);
    expect(niceOf(answerPid)).toBe(10);
    expect(niceOf(otherPid)).toBe(0);
  });

  it("renices a connection the pool opened after the last call", async (ctx) => {
    if (!mayRenice) ctx.skip();
    const answers = connect(db.url, { max: 2, applicationName: "sam-test-opened-later" });
    pools.push(answers);
    const priority = backendPriority(answers, "sam-test-opened-later", 7);
    expect(await priority.lower()).toBe(true);
    const first = await backendPid(answers);
    expect(niceOf(first)).toBe(7);
    // Two queries at once: the pool opens its second connection.
    const pids = await Promise.all([0, 1].map(async () => {
      const [row] = await answers<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(0.2)`;
      return row!.pid;
    }));
    const second = pids.find((pid) => pid !== first)!;
    expect(second).toBeDefined();
    expect(niceOf(second)).toBe(0);

    expect(await priority.lower()).toBe(true);
    expect(niceOf(second)).toBe(7);
    expect(niceOf(first)).toBe(7);
  });

  it("does nothing where the role may not read the data directory's setting", async () => {
    const role = `sam_plain_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(12).toString("hex");
    await db.sql.unsafe(`create role ${role} login password '${password}'`);
    try {
      const url = new URL(db.url);
      url.username = role;
      url.password = password;
      const plain = connect(url.toString(), { max: 1, applicationName: "sam-test-plain" });
      try {
        const pid = await backendPid(plain);
        const priority = backendPriority(plain, "sam-test-plain", 10);
        expect(await priority.lower()).toBe(false);
        expect(await priority.lower()).toBe(false);
        expect(niceOf(pid)).toBe(0);
      } finally {
        await plain.end({ timeout: 2 });
      }
    } finally {
      await db.sql.unsafe(`drop role ${role}`);
    }
  });
});
