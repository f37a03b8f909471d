// enqueue() when graphile-worker's add_job returns no job: add_job first takes the key from a keyed
// job a worker has locked, then upserts, and a worker locking the job between the two steps leaves
// nothing to return (a null row). The race cannot be timed from a test, so add_job's answers are
// played here by a stand-in for the query function; what is checked is enqueue's handling of them.
import { describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { enqueue } from "../../src/db/job-queue.js";
import type { Queryable } from "../../src/db/queryable.js";

/** A query function answering each add_job with the next of `answers`; counts the calls. */
function addJobAnswering(answers: Array<Date | null>) {
  let calls = 0;
  const sql = ((_strings: TemplateStringsArray, ..._values: unknown[]) =>
    Promise.resolve([{ run_at: answers[Math.min(calls++, answers.length - 1)] }])) as unknown as Queryable;
  return { sql, calls: () => calls };
}

const clock = new Clock(new Date("2026-11-30T12:00:00Z"), 0);

describe("enqueue", () => {
  it("asks add_job again when it returned no job, and returns the job it then added", async () => {
    const at = new Date("2026-11-30T12:00:10Z");
    const fake = addJobAnswering([null, at]);
    expect(await enqueue(fake.sql, "refresh-campaign-root", { campaignId: "c" }, { jobKey: "root:c" }, clock)).toEqual(at);
    expect(fake.calls()).toBe(2);
  });

  it("fails naming the task and key when add_job returns no job twice", async () => {
    const fake = addJobAnswering([null]);
    await expect(enqueue(fake.sql, "refresh-campaign-root", {}, { jobKey: "root:c" }, clock)).rejects.toThrow(
      "graphile-worker added no refresh-campaign-root job (key root:c)",
    );
    expect(fake.calls()).toBe(2);
  });

  it("asks once when add_job returns the job", async () => {
    const at = new Date("2026-11-30T12:00:00Z");
    const fake = addJobAnswering([at]);
    expect(await enqueue(fake.sql, "sweep", {}, {}, clock)).toEqual(at);
    expect(fake.calls()).toBe(1);
  });
});
