// The Slack outbox over real HTTP to the fake Slack: a Slack outage (500s, then 429s) delays
// notices but loses none, and a thread still reads in order once Slack recovers.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { notify, refresh } from "../../src/slack/outbox.js";
import { startWorker, type WorkerHandle } from "../../src/worker.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testContext } from "../support/context.js";
import { DEFAULT_CHANNEL_ID, type FakeSlack, startFakeSlack } from "../support/fake-slack.js";
import { seedCampaign } from "../support/seed.js";

let db: TestDatabase;
let fake: FakeSlack;
let worker: WorkerHandle;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack();
});
afterAll(async () => {
  await worker?.stop();
  await fake.close();
  await db.drop();
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("Slack outbox", () => {
  it("delivers every notice once Slack recovers from 500s and 429s, in order per thread", async () => {
    const seeded = await seedCampaign(db.sql);
    // The test clock starts on a Monday at 14:00 UTC (09:00 in New York), when the weekly reports
    // fall due: the worker's weekly-reports cron, which ticks at each real minute, would post them
    // into this channel whenever the test runs across a minute's turn. This test is about the
    // notices below alone.
    await db.sql`update workspaces set weekly_reports = false where id = ${seeded.workspaceId}`;
    const slack = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const ctx = testContext(db, {
      slack,
      config: loadConfig({ DATABASE_URL: db.url, SLACK_PACING_MS: "150", SLACK_BOT_TOKEN: fake.token }),
    });
    fake.fail("chat.postMessage", { status: 500, count: 2 });
    fake.fail("chat.postMessage", { status: 429, count: 1, retryAfterSeconds: 1 });

    const target = { kind: "campaign_root", campaignId: seeded.campaignId } as const;
    await notify(db.sql, ctx.clock, { workspaceId: seeded.workspaceId, target, text: "root v1" });
    for (let n = 1; n <= 5; n++) {
      await notify(db.sql, ctx.clock, {
        workspaceId: seeded.workspaceId,
        target: { kind: "campaign_thread", campaignId: seeded.campaignId },
        text: `reply ${n}`,
      });
    }
    // Two refreshes of the root while it waits: only the newest is worth sending.
    await refresh(db.sql, ctx.clock, { workspaceId: seeded.workspaceId, target, text: "root v2" });
    await refresh(db.sql, ctx.clock, { workspaceId: seeded.workspaceId, target, text: "root v3" });

    worker = await startWorker(ctx, { pollIntervalMs: 100 });
    await until(async () => {
      const [row] = await db.sql`select count(*)::int as n from slack_outbox where status = 'pending'`;
      return row!.n === 0;
    }, 20_000);

    const posted = fake.messages(DEFAULT_CHANNEL_ID);
    const root = posted[0]!;
    expect(root.text).toBe("root v3");
    expect(root.updates).toBe(1);
    expect(posted.slice(1).map((message) => [message.text, message.thread_ts])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`reply ${n}`, root.ts]),
    );
    // The failures really happened: 2 × 500 and 1 × 429 before the first success.
    const attempts = fake.callsTo("chat.postMessage");
    expect(attempts.slice(0, 3).map((call) => call.status)).toEqual([500, 500, 429]);
    // Paced: posts to the channel at least 150 ms apart (the job comes back rather than sleeping).
    const posts = fake.callsTo("chat.postMessage").filter((call) => call.ok);
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThanOrEqual(140);
    const [campaign] = await db.sql`select slack_thread_ts, slack_channel_id from campaigns where id = ${seeded.campaignId}`;
    expect(campaign).toEqual({ slack_thread_ts: root.ts, slack_channel_id: DEFAULT_CHANNEL_ID });
  });
});

// After the delivery test, so that this notice cannot be part of what that test paces.
describe("Slack outbox text", () => {
  // Issue 10: jsonb refuses NUL and lone surrogates, so one such character in a notice failed
  // the whole transaction that reported the change (an import, a reply) and everything in it.
  it("queues a notice with NUL and lone surrogates in its text, blocks and file, cleaned", async () => {
    const seeded = await seedCampaign(db.sql, { teamId: "T_DIRTY" });
    const clock = testContext(db).clock;
    const dirty = "a\u0000b\uD800c\uDC00d 😀";
    await db.sql.begin((tx) =>
      notify(tx, clock, {
        workspaceId: seeded.workspaceId,
        target: { kind: "campaign_thread", campaignId: seeded.campaignId },
        text: dirty,
        blocks: [{ type: "section", text: { type: "mrkdwn", text: dirty } }],
        file: { filename: `${dirty}.csv`, content: dirty },
      }),
    );
    const [row] = await db.sql<{ payload: Record<string, unknown> }[]>`
      select payload from slack_outbox where campaign_id = ${seeded.campaignId}`;
    expect(row!.payload).toMatchObject({
      text: "abcd 😀",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "abcd 😀" } }],
      file: { filename: "abcd 😀.csv", content: "abcd 😀" },
    });
  });
});
