// Several worker processes on one database never send a message twice, and a process killed
// while a send is in flight leaves nothing sent twice or lost once another worker starts.
import { afterEach, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process.js";

const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
const FAST = { daily_message_cap: 500, min_gap_minutes: 0, follow_up_min_gap_minutes: 0, jitter_fraction: 0 };
let t: TestApp | null = null;
const children: WorkerProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await child.kill("SIGKILL");
  await t?.stop();
  t = null;
});

async function sent(app: TestApp): Promise<number> {
  const [row] = await app.db.sql`select count(*)::int as n from send_queue where status = 'sent'`;
  return row!.n;
}

describe("several worker processes", () => {
  it("two processes, 500 prospects on 10 accounts, a sandbox with latency: no duplicate, nothing lost", async () => {
    // Real time, so that both processes share one clock.
    t = await startTestApp({ clock: new Clock(new Date(), 1) });
    const app = t;
    app.sandbox.faults.latency(15);
    children.push(await startWorkerProcess(app));
    for (let a = 0; a < 10; a++) {
      const accountId = `acct-${a}`;
      app.sandbox.world.addAccount({ id: accountId, name: `Account ${a}` });
      const people = Array.from({ length: 50 }, (_, i) => `w${a}-${i}-1st-silent`);
      for (const identifier of people) app.sandbox.world.connect(accountId, identifier, new Date("2026-01-01T00:00:00Z"));
      const { campaign } = await draftCampaign(app.db.sql, {
        teamId: app.slack.teamId,
        unipileAccountId: accountId,
        window: ALWAYS,
        timeZone: "UTC",
        templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
        account: FAST,
        prospects: people.map((identifier) => ({ identifier, firstName: identifier })),
      });
      await app.driver.command(`launch c${campaign.handle}`);
    }
    await eventually(async () => (await sent(app)) === 500, 100_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const deliveries = app.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message");
    expect(deliveries).toHaveLength(500);
    expect(new Set(deliveries.map((delivery) => `${delivery.accountId}|${delivery.recipientProviderId}`)).size).toBe(500);
    const workers = await app.db.sql`select distinct split_part(claimed_by, ':', 2) as pid from send_queue`;
    expect(workers.length).toBe(2);
  }, 120_000);

  it("a worker killed with SIGKILL mid-send: after a restart the message exists once and the campaign goes on", async () => {
    t = await startTestApp({ clock: new Clock(new Date(), 1), worker: false });
    const app = t;
    const people = ["k1-1st-silent", "k2-1st-silent", "k3-1st-silent"];
    for (const identifier of people) app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: ALWAYS,
      timeZone: "UTC",
      templates: { connection_request: "Hi {first_name}", follow_up_messages: [], follow_up_delays: [] },
      account: FAST,
      prospects: people.map((identifier) => ({ identifier, firstName: identifier })),
    });
    const held = app.sandbox.faults.hold("POST /api/v1/chats");
    const first = await startWorkerProcess(app);
    children.push(first);
    await app.driver.command(`launch c${campaign.handle}`);
    // The launch job runs in the worker process; its first send reaches the sandbox and is held.
    await held.arrived;
    await first.kill("SIGKILL");
    await held.release();
    expect(app.sandbox.stats.deliveries).toHaveLength(1);
    const [inFlight] = await app.db.sql`select status from send_queue where status = 'sending'`;
    expect(inFlight).toEqual({ status: "sending" });

    children.push(await startWorkerProcess(app));
    await eventually(async () => (await sent(app)) === 3, 30_000);
    const deliveries = app.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message");
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((delivery) => delivery.recipientProviderId)).size).toBe(3);
  });
});
