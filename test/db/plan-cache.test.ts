// How each pool's prepared statements are planned, read back from PostgreSQL's own counters
// (pg_prepared_statements, PostgreSQL 14+): the app's pool reuses one generic plan, the answer
// thread's (planForValues) plans for the values. The statement has what made the send path's
// statements re-planned under PostgreSQL's default: a boolean value that lets a plan for the
// values drop a branch, as the outcome statement's flags do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Sql } from "../../src/db/database.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const RUNS = 8;

/** Runs the statement RUNS times on one connection; that connection's plan counters for it. */
async function plansOf(sql: Sql): Promise<{ generic: number; custom: number }> {
  const connection = await sql.reserve();
  try {
    for (let run = 0; run < RUNS; run++) {
      const flag = run % 2 === 0;
      await connection`select ${flag}::boolean and exists (
        select 1 from send_queue q where q.account_id = ${"00000000-0000-0000-0000-000000000000"}::uuid and q.status = 'pending'
      ) as due`;
    }
    const [row] = await connection<{ generic: number; custom: number }[]>`
      select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
      where statement like '%q.account_id = $2::uuid and q.status = ''pending''%'`;
    return row!;
  } finally {
    connection.release();
  }
}

describe("the pools' plans", () => {
  let db: TestDatabase;
  let answers: Sql;
  beforeAll(async () => {
    db = await createTestDatabase();
    answers = connect(db.url, { max: 1, planForValues: true });
  });
  afterAll(async () => {
    await answers.end({ timeout: 5 });
    await db.drop();
  });

  it("the app's pool plans a statement once and reuses the generic plan", async () => {
    expect(await plansOf(db.sql)).toEqual({ generic: RUNS, custom: 0 });
  });

  it("a pool that plans for the values (the answer thread's) plans each run for its values", async () => {
    const plans = await plansOf(answers);
    // PostgreSQL's default: the first five runs are always planned for their values.
    expect(plans.custom).toBeGreaterThanOrEqual(5);
    expect(plans.generic + plans.custom).toBe(RUNS);
  });
});
