// Runs once per `vitest run`: a PostgreSQL server for the whole suite (the embedded one in a
// throwaway data directory, or DATABASE_URL's server when set) and a migrated template database
// that every test file clones (fast: CREATE DATABASE … TEMPLATE).
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { connect, withDatabase } from "../../src/db/database.js";
import { removeEmbeddedData, startEmbeddedPostgres } from "../../src/db/embedded.js";
import { createDatabase } from "../../src/db/migrate.js";
import { createLogger, setLogLevel } from "../../src/log.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgPrefix: string;
  }
}


export default async function setup(project: TestProject) {
  setLogLevel("warn");
  const log = createLogger({ component: "test-setup" });
  const run = randomBytes(4).toString("hex");
  const prefix = `sam_test_${run}`;
  let adminUrl: string;
  let stopServer = async () => {};
  const dataDir = `.data/test-postgres-${run}`;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    const server = await startEmbeddedPostgres(dataDir, log);
    adminUrl = server.url("postgres");
    stopServer = async () => {
      await server.stop();
      await removeEmbeddedData(dataDir);
    };
  }
  const template = `${prefix}_template`;
  await createDatabase(adminUrl, template, log);
  const admin = connect(adminUrl, { max: 2 });

  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  project.provide("pgPrefix", prefix);

  return async () => {
    const databases = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${prefix}%`}`;
    for (const { datname } of databases) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
    await admin.end({ timeout: 5 });
    await stopServer();
  };
}
