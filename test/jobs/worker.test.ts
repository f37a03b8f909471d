// The real graphile-worker on a real database: two runners never run a job twice, and due times
// follow the app's virtual clock.
import type { JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { enqueue } from "../../src/db/job-queue.js";
import { startWorker, type WorkerHandle } from "../../src/worker.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testContext } from "../support/context.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("two runners on one database", () => {
  it("run each of 200 jobs exactly once", async () => {
    const runs: Array<{ runner: string; n: number }> = [];
    const ctx = testContext(db);
    const probe = (runner: string) => ({
      "test/record": async (payload: unknown, _helpers: JobHelpers) => {
        // A little work so both runners really compete for jobs.
        await new Promise((resolve) => setTimeout(resolve, 2));
        runs.push({ runner, n: (payload as { n: number }).n });
      },
    });
    const workers: WorkerHandle[] = [
      await startWorker(ctx, { concurrency: 4, pollIntervalMs: 100, extraTasks: probe("a") }),
      await startWorker(ctx, { concurrency: 4, pollIntervalMs: 100, extraTasks: probe("b") }),
    ];
    try {
      await db.sql.begin(async (tx) => {
        for (let n = 0; n < 200; n++) await enqueue(tx, "test/record", { n }, {}, ctx.clock);
      });
      await until(() => runs.length >= 200, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(runs).toHaveLength(200);
      expect(new Set(runs.map((run) => run.n)).size).toBe(200);
      // Both runners took part, so "once" is not just one runner doing everything.
      expect(new Set(runs.map((run) => run.runner))).toEqual(new Set(["a", "b"]));
    } finally {
      for (const worker of workers) await worker.stop();
    }
  });
});

describe("virtual time", () => {
  it("at CLOCK_SPEED=3600 a job due two virtual hours ahead runs after about two real seconds", async () => {
    const clock = new Clock(new Date("2026-11-30T09:00:00Z"), 3600);
    const ctx = testContext(db, { clock });
    const ran: number[] = [];
    const worker = await startWorker(ctx, {
      pollIntervalMs: 100,
      extraTasks: { "test/tick": async () => void ran.push(Date.now()) },
    });
    try {
      const scheduledAt = Date.now();
      await enqueue(ctx.sql, "test/tick", {}, { runAt: new Date(clock.nowMs() + 2 * 3_600_000) }, clock);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(ran).toEqual([]);
      await until(() => ran.length === 1, 5_000);
      const elapsed = ran[0]! - scheduledAt;
      expect(elapsed).toBeGreaterThanOrEqual(1_950);
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      await worker.stop();
    }
  });

  it("a frozen clock runs nothing early, and moving it runs what became due", async () => {
    const clock = new Clock(new Date("2026-11-30T09:00:00Z"), 0);
    const ctx = testContext(db, { clock });
    const ran: string[] = [];
    const worker = await startWorker(ctx, {
      pollIntervalMs: 50,
      extraTasks: { "test/named": async (payload) => void ran.push((payload as { name: string }).name) },
    });
    try {
      const day = 86_400_000;
      await enqueue(ctx.sql, "test/named", { name: "tomorrow" }, { runAt: new Date(clock.nowMs() + day) }, clock);
      await enqueue(ctx.sql, "test/named", { name: "in a week" }, { runAt: new Date(clock.nowMs() + 7 * day) }, clock);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ran).toEqual([]);
      await clock.advance(day + 1);
      await until(() => ran.length === 1, 3_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ran).toEqual(["tomorrow"]);
      await clock.advance(6 * day);
      await until(() => ran.length === 2, 3_000);
      expect(ran).toEqual(["tomorrow", "in a week"]);
    } finally {
      await worker.stop();
    }
  });
});
