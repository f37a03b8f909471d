// An AppContext over a test database, for tests that drive jobs or handlers without the whole app.
import { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { AppContext } from "../../src/context.js";
import { createLogger } from "../../src/log.js";
import type { TestDatabase } from "./database.js";

export function testContext(db: TestDatabase, overrides: Partial<AppContext> = {}): AppContext {
  return {
    config: loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: "warn" }),
    sql: db.sql,
    databaseUrl: db.url,
    clock: new Clock(new Date("2026-11-30T14:00:00Z"), 1),
    log: createLogger({ test: true }),
    unipile: undefined as never,
    slack: null,
    ...overrides,
  };
}
