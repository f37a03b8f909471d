// The production start (`npm start`): the JavaScript that `npm run build` writes to dist/, run by
// plain node without the TypeScript loader, on a migrated database with the Unipile sandbox and
// the fake Slack. It must find what it reads by path beside its own files (the migrations, the
// answer thread's bootstrap and entry), answer /healthz, and answer a slow command from its
// answer thread, which in dist/ loads JavaScript and no loader.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/unipile/sandbox/index.js";
import { eventually, SIGNING_SECRET, UNIPILE_KEY } from "../support/app.js";
import { type AppProcess, startAppProcess } from "../support/app-process.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.js";
import { seedCampaign } from "../support/seed.js";
import { createSlackDriver } from "../support/slack-driver.js";
import { processEnv } from "../support/worker-process.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** tsc over src/ on a shared two-core machine. */
const BUILD_MS = 240_000;

let db: TestDatabase;
let slack: FakeSlack;
let sandbox: Sandbox;
let app: AppProcess | undefined;

beforeAll(async () => {
  // What `npm start` runs first (prestart): a build when dist/ is missing or older than a source.
  const build = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: ROOT, encoding: "utf8", timeout: BUILD_MS });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  db = await createTestDatabase();
  slack = await startFakeSlack();
  sandbox = await startSandbox({ apiKey: UNIPILE_KEY });
  app = await startAppProcess({
    role: "app",
    compiled: true,
    env: processEnv(db.url, sandbox.url, slack),
  });
}, BUILD_MS + 60_000);

afterAll(async () => {
  await app?.kill("SIGTERM");
  await sandbox?.close();
  await slack?.close();
  await db?.drop();
});

it("the build writes the compiled entry and the files it reads by relative path", () => {
  for (const file of ["dist/src/main.js", "dist/src/answers/thread-boot.mjs", "dist/src/answers/thread-main.js", "dist/migrations/001_initial_schema.sql", "dist/assets/fonts/DejaVuSans.ttf"]) {
    expect(existsSync(path.join(ROOT, file)), file).toBe(true);
  }
  expect(app!.child.spawnargs.slice(1)).toEqual(["dist/src/main.js"]);
});

it("the compiled app answers GET /healthz with 200 and every part up", async () => {
  const response = await fetch(`${app!.url}/healthz`);
  const body = (await response.json()) as { status?: string; database?: string; slack?: string };
  expect(response.status).toBe(200);
  expect(body).toMatchObject({ status: "ok", database: "ok", slack: "http" });
  expect(app!.output()).not.toMatch(/"level":"error"/);
});

it("the compiled app answers /sam status from its answer thread (JavaScript entry, no TypeScript loader)", async () => {
  const seeded = await seedCampaign(db.sql, { teamId: slack.teamId, prospects: 3 });
  const driver = createSlackDriver({ baseUrl: app!.url, signingSecret: SIGNING_SECRET, teamId: slack.teamId });
  const responseUrl = slack.responseUrl("commands");
  const ack = await driver.command(`status c${seeded.handle}`, { responseUrl });
  expect(ack.status).toBe(200);
  const answer = await eventually(() => slack.responses.find((posted) => posted.url === responseUrl) ?? null, 60_000);
  expect((answer.body as { text?: string }).text).toContain("*Prospects* (3)");
  expect(app!.output()).not.toContain("the answer thread stopped");
}, 90_000);
