// A worker process killed with SIGKILL in the middle of a job: graphile-worker 0.17 would keep
// the job locked for 4 hours (the campaign stuck in 'launching', the thread saying nothing, the
// webhook event unprocessed). With heartbeats, the restarted process sees that the dead one stopped
// beating and releases its job, which then runs again from the start and completes.
// Each job is caught midway by a real hold: a Unipile call held open by the sandbox, or a row
// lock the test takes so that the job's own transaction waits on it.
// The worker processes judge a pool dead after 2 s of silence (WORKER_DEAD_AFTER_SECONDS) instead
// of 120, so that nothing sleeps for real minutes; the app clock runs at real speed, so each
// `eventually` bound of 60 s is also within the 5 virtual minutes the issue allows.
import { fileShareEvent } from "../support/file-share.js";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { Clock } from "../../src/clock.js";
import { WEBHOOK_SECRET_HEADER } from "../../src/webhooks/intake.js";
import { makeCampaign, threadOf } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp, WEBHOOK_SECRET } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process.js";

const QUICK_DEATH = { WORKER_DEAD_AFTER_SECONDS: "2" };
const RECOVERY_MS = 60_000;
const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };

let t: TestApp | null = null;
const children: WorkerProcess[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
  for (const child of children.splice(0)) await child.kill("SIGKILL");
  await t?.stop();
  t = null;
});

async function worker(app: TestApp, env: Record<string, string> = QUICK_DEATH): Promise<WorkerProcess> {
  const child = await startWorkerProcess(app, env);
  children.push(child);
  return child;
}

/** A row lock held by the test until `release`: the job that needs the row waits on it. */
async function holdRow(app: TestApp, lock: (sql: TestApp["db"]["sql"]) => Promise<unknown>) {
  const reserved = await app.db.sql.reserve();
  await reserved`begin`;
  await lock(reserved as unknown as TestApp["db"]["sql"]);
  const release = async () => {
    await reserved`rollback`;
    reserved.release();
  };
  cleanups.push(release);
  return { release };
}

/** Resolves once another session of the test database waits for a lock (the job reached the hold). */
async function jobWaitsOnLock(app: TestApp): Promise<void> {
  await eventually(async () => {
    const [row] = await app.db.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    return row!.n > 0;
  }, 30_000);
}

async function lockedJobs(app: TestApp, task: string): Promise<number> {
  const [row] = await app.db.sql<{ n: number }[]>`
    select count(*)::int as n from graphile_worker.jobs where task_identifier = ${task} and locked_by is not null`;
  return row!.n;
}

describe("a worker process killed midway through a job", () => {
  it("an import: the restarted worker imports the file and reports it in the thread", async () => {
    t = await startTestApp({ clock: new Clock(new Date(), 1), worker: false });
    const app = t;
    await worker(app);
    const campaign: Campaign = await makeCampaign(app, { teamId: app.slack.teamId, name: "Crash import" });
    const csv = "first_name,last_name,linkedin_url\nAda,Lovelace,https://www.linkedin.com/in/ada/\nAlan,Turing,https://www.linkedin.com/in/alan/\n";
    const file = app.slack.addFile({ name: "people.csv", content: csv, filetype: "csv" });
    // Inserting prospects checks their campaign row (foreign key): the import's transaction waits here.
    const hold = await holdRow(app, (sql) => sql`select id from campaigns where id = ${campaign.id} for update`);
    const response = await app.driver.event(
      fileShareEvent({ threadTs: campaign.slack_thread_ts, file, ts: "1764240000.000101" }),
      { teamId: app.slack.teamId },
    );
    expect(response.status).toBe(200);
    await jobWaitsOnLock(app);
    await children[0]!.kill("SIGKILL");
    await hold.release();
    expect(await lockedJobs(app, "import-prospects")).toBe(1);

    await worker(app);
    await eventually(async () => {
      const [row] = await app.db.sql<{ n: number }[]>`select count(*)::int as n from campaign_prospects where campaign_id = ${campaign.id}`;
      return row!.n === 2;
    }, RECOVERY_MS);
    const replies = await eventually(() => {
      const texts = threadOf(app, campaign).map((message) => message.text ?? "");
      return texts.some((text) => text.includes("people.csv")) ? texts : null;
    }, RECOVERY_MS);
    expect(replies.filter((text) => text.includes("people.csv"))).toHaveLength(1);
    expect(replies.join("\n")).not.toContain("could not be imported");
  }, 120_000);

  it("a launch: the restarted worker finishes it and the campaign leaves 'launching'", async () => {
    t = await startTestApp({ clock: new Clock(new Date(), 1), worker: false });
    const app = t;
    const people = ["cr1-1st-silent", "cr2-1st-silent"];
    for (const identifier of people) app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: ALWAYS,
      timeZone: "UTC",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
      prospects: people.map((identifier) => ({ identifier, firstName: identifier })),
    });
    // The launch's relation sync is held open by the sandbox: the launch is midway.
    const held = app.sandbox.faults.hold("GET /api/v1/users/relations");
    await worker(app);
    await app.driver.command(`launch c${campaign.handle}`);
    await held.arrived;
    await children[0]!.kill("SIGKILL");
    await held.release();
    const [stuck] = await app.db.sql`select status from campaigns where id = ${campaign.id}`;
    expect(stuck).toEqual({ status: "launching" });

    await worker(app);
    await eventually(async () => {
      const [row] = await app.db.sql`select status from campaigns where id = ${campaign.id}`;
      return row!.status === "active";
    }, RECOVERY_MS);
    const queued = await app.db.sql`select prospect_id from send_queue where campaign_id = ${campaign.id}`;
    expect(queued).toHaveLength(2);
  }, 120_000);

  it("a webhook event: the restarted worker processes it", async () => {
    t = await startTestApp({ clock: new Clock(new Date(), 1), worker: false });
    const app = t;
    const { accountId } = await draftCampaign(app.db.sql, { teamId: app.slack.teamId, prospects: [] });
    const response = await request(`${app.app.url}/unipile/webhook`, {
      method: "POST",
      body: JSON.stringify({ AccountStatus: { account_id: "sandbox-linkedin-1", message: "CREDENTIALS" } }),
      headers: { "content-type": "application/json", [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
    });
    await response.body.dump();
    expect(response.statusCode).toBe(200);
    const [event] = await app.db.sql<{ id: string }[]>`select id::text as id from webhook_events`;
    // The event's transaction locks its row first: it waits on the test's lock.
    const hold = await holdRow(app, (sql) => sql`select id from webhook_events where id = ${event!.id} for update`);
    await worker(app);
    await jobWaitsOnLock(app);
    await children[0]!.kill("SIGKILL");
    await hold.release();
    expect(await lockedJobs(app, "process-webhook-event")).toBe(1);

    await worker(app);
    await eventually(async () => {
      const [row] = await app.db.sql`select processed_at from webhook_events where id = ${event!.id}`;
      return row!.processed_at !== null;
    }, RECOVERY_MS);
    const [account] = await app.db.sql`select status from workspace_accounts where id = ${accountId}`;
    expect(account).toEqual({ status: "unavailable" });
  }, 120_000);
});

describe("a worker process stopped while a job runs past the shutdown deadline", () => {
  it("releases the job as it exits, so the next process runs it at once (not after the dead-worker delay)", async () => {
    t = await startTestApp({ clock: new Clock(new Date(), 1), worker: false });
    const app = t;
    app.sandbox.world.connect("sandbox-linkedin-1", "sd1-1st-silent", new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: ALWAYS,
      timeZone: "UTC",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
      prospects: [{ identifier: "sd1-1st-silent" }],
    });
    const held = app.sandbox.faults.hold("GET /api/v1/users/relations");
    // The default dead-worker delay (120 s): only the release on shutdown can free the job in time.
    const first = await worker(app, {});
    await app.driver.command(`launch c${campaign.handle}`);
    await held.arrived;
    await first.kill("SIGTERM");
    expect(first.child.exitCode).not.toBe(null);
    expect(await lockedJobs(app, "launch-campaign")).toBe(0);
    await held.release();

    await worker(app, {});
    await eventually(async () => {
      const [row] = await app.db.sql`select status from campaigns where id = ${campaign.id}`;
      return row!.status === "active";
    }, 30_000);
  }, 120_000);
});
