// A fresh, migrated database for one test file, cloned from the suite's template.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { connect, type Sql, withDatabase } from "../../src/db/database.js";

export interface TestDatabase {
  url: string;
  sql: Sql;
  drop: () => Promise<void>;
}


export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `${inject("pgPrefix")}_${randomBytes(4).toString("hex")}`;
  const admin = connect(adminUrl, { max: 1 });
  await admin.unsafe(`create database ${name} template ${inject("pgTemplate")}`);
  const url = withDatabase(adminUrl, name);
  const sql = connect(url, { max: 10 });
  return {
    url,
    sql,
    drop: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
