// Acceptance 3 (issue 10): PostgreSQL killed (its postmaster, SIGKILL) under an app and two worker
// processes while they send. All three must survive, say once that the database is unreachable
// and once that it is back, resume by themselves, and finish the campaign with every message sent
// exactly once. /healthz must answer 503 within 2 s while the database is down or hung.
//
// The suite's shared PostgreSQL serves every test file at once, so this file starts its own server
// in a temporary data directory and restarts it on the same port after the kill.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { connect, type Sql } from "../../src/db/database.js";
import { type EmbeddedServer, startEmbeddedPostgres } from "../../src/db/embedded.js";
import { createDatabase } from "../../src/db/migrate.js";
import { createLogger } from "../../src/log.js";
import { type Sandbox, startSandbox } from "../../src/unipile/sandbox/index.js";
import { eventually, SIGNING_SECRET, UNIPILE_KEY, WEBHOOK_SECRET } from "../support/app.js";
import { type AppProcess, startAppProcess } from "../support/app-process.js";
import { draftCampaign } from "../support/campaigns.js";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.js";
import { createSlackDriver } from "../support/slack-driver.js";

const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
const FAST = { daily_message_cap: 500, min_gap_minutes: 0, follow_up_min_gap_minutes: 0, jitter_fraction: 0 };
const PROSPECTS = 60;
const UNREACHABLE = "database unreachable";
const REACHABLE = "database reachable again";

const log = createLogger({ test: "database-restart" });
const dataDir = path.join(tmpdir(), `sam-outage-${randomBytes(4).toString("hex")}`);
let server: EmbeddedServer;
let port: number;
let url: string;
let sql: Sql;
let slack: FakeSlack;
let sandbox: Sandbox;
let app: AppProcess;
let workers: AppProcess[] = [];

function postmasterPid(): number {
  return Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

async function startServer(): Promise<EmbeddedServer> {
  // Right after a SIGKILL the old server's backends may still be exiting; PostgreSQL refuses to
  // start on the data directory until they are gone.
  return eventually(() => startEmbeddedPostgres(dataDir, log, { port }), 30_000);
}

/** GET /healthz with a 2 s limit: the status, or "timeout". */
async function health(): Promise<number | "timeout"> {
  try {
    const response = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return "timeout";
  }
}

const count = (output: string, text: string) => output.split("\n").filter((line) => line.includes(text)).length;

beforeAll(async () => {
  server = await startEmbeddedPostgres(dataDir, log);
  port = server.port;
  url = await createDatabase(server.url("postgres"), "sam", log);
  sql = connect(url, { max: 2 });
  slack = await startFakeSlack();
  sandbox = await startSandbox({ apiKey: UNIPILE_KEY, clock: new Clock(new Date(), 1) });
  const env = {
    DATABASE_URL: url,
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: UNIPILE_KEY,
    UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_PACING_MS: "0",
  };
  const started = await Promise.all([
    startAppProcess({ role: "app", env }),
    startAppProcess({ role: "worker", env }),
    startAppProcess({ role: "worker", env }),
  ]);
  app = started[0];
  workers = started.slice(1);
}, 120_000);

afterAll(async () => {
  for (const child of [app, ...workers]) await child?.kill("SIGKILL");
  await sql?.end({ timeout: 1 }).catch(() => {});
  await sandbox?.close();
  await slack?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a database restart under an app and two worker processes", () => {
  it("all three survive, resume by themselves, and the campaign completes with no duplicate and no loss", async () => {
    sandbox.faults.latency(20);
    const people = Array.from({ length: PROSPECTS }, (_, i) => `outage-${i}-1st-silent`);
    for (const identifier of people) sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(sql, {
      teamId: slack.teamId,
      window: ALWAYS,
      timeZone: "UTC",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
      account: FAST,
      prospects: people.map((identifier) => ({ identifier, firstName: identifier })),
    });
    const driver = createSlackDriver({ baseUrl: app.url, signingSecret: SIGNING_SECRET, fake: slack });
    await driver.command(`launch c${campaign.handle}`);
    const messages = () => sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message");
    await eventually(() => messages().length >= 5, 60_000);

    // Kill PostgreSQL mid-send. Our own connection dies with it.
    process.kill(postmasterPid(), "SIGKILL");
    await sql.end({ timeout: 1 }).catch(() => {});
    for (const child of [app, ...workers]) await eventually(() => count(child.output(), UNREACHABLE) >= 1, 30_000);
    expect(await health()).toBe(503);
    // An outage of a few seconds more, with every process still retrying.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const child of [app, ...workers]) expect(child.alive(), child.output().slice(-3000)).toBe(true);

    server = await startServer();
    sql = connect(url, { max: 2 });
    // Each process finds the database again by itself within a minute of its return.
    for (const child of [app, ...workers]) await eventually(() => count(child.output(), REACHABLE) >= 1, 60_000);
    await eventually(async () => (await health()) === 200, 60_000);
    const sent = async () => (await sql<{ n: number }[]>`select count(*)::int as n from send_queue where status = 'sent'`)[0]!.n;
    await eventually(async () => (await sent()) === PROSPECTS, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(messages()).toHaveLength(PROSPECTS);
    expect(new Set(messages().map((delivery) => delivery.recipientProviderId)).size).toBe(PROSPECTS);
    for (const child of [app, ...workers]) {
      expect(child.alive(), child.output().slice(-3000)).toBe(true);
      // One line per state change, not one per failed query.
      expect(count(child.output(), UNREACHABLE)).toBe(1);
      expect(count(child.output(), REACHABLE)).toBe(1);
    }
  }, 240_000);

  it("/healthz answers 503 within 2 s while the database is hung", async () => {
    const pids = [
      postmasterPid(),
      ...(await sql<{ pid: number }[]>`select pid from pg_stat_activity where pid is not null`).map((row) => row.pid),
    ];
    for (const pid of pids) process.kill(pid, "SIGSTOP");
    try {
      expect(await health()).toBe(503);
    } finally {
      for (const pid of pids) process.kill(pid, "SIGCONT");
    }
    await eventually(async () => (await health()) === 200, 30_000);
    for (const child of [app, ...workers]) expect(child.alive(), child.output().slice(-3000)).toBe(true);
  }, 60_000);
});
