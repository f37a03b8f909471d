// The README's simplest setup, Socket Mode (SLACK_APP_TOKEN set), end to end against the fake
// Slack's Socket Mode (test/support/fake-slack-socket.ts): the app opens its connection with the
// app-level token at SLACK_API_URL, then `/sam new` → modal → CSV dropped in the thread → launch
// all arrive as envelopes, with Slack forcing a reconnect in the middle. Every envelope must be
// acknowledged within Slack's 3 s, and an envelope Slack delivers again (its ack was lost) must
// not run again.
import { fileShareEvent } from "../support/file-share.js";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scenario } from "../../src/unipile/sandbox/index.js";
import { eventually, SIGNING_SECRET, startTestApp, type TestApp } from "../support/app.js";
import { ACK_DEADLINE_MS } from "../support/fake-slack-socket.js";
import { DEFAULT_APP_TOKEN, DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";
import { createSlackDriver, type SlackDriver } from "../support/slack-driver.js";
import { newCampaignFormState } from "../support/new-campaign-form.js";

const mixed8 = JSON.parse(readFileSync(new URL("../unipile/fixtures/mixed-8.json", import.meta.url), "utf8")) as Scenario & {
  profiles: Array<{ identifier: string; firstName: string; lastName: string }>;
};

let t: TestApp;
/** Speaks to the app only through Socket Mode envelopes (the bridge), never its HTTP endpoint. */
let socket: SlackDriver;

beforeAll(async () => {
  t = await startTestApp({ scenario: mixed8, env: { SLACK_APP_TOKEN: DEFAULT_APP_TOKEN } });
  socket = createSlackDriver({ baseUrl: t.slack.socketMode.bridgeUrl, signingSecret: SIGNING_SECRET, fake: t.slack });
});
afterAll(() => t?.stop());

const BOB = "U0BOB000001";

const homePublishes = (user: string) => t.slack.callsTo("views.publish").filter((call) => call.ok && call.args.user_id === user);

describe("Socket Mode", () => {
  it("connects with the app-level token at SLACK_API_URL and is greeted", () => {
    const opens = t.slack.callsTo("apps.connections.open");
    expect(opens.map((call) => [call.ok, call.token])).toEqual([[true, DEFAULT_APP_TOKEN]]);
    expect(t.slack.socketMode.openConnections()).toHaveLength(1);
  });

  it("an event Slack delivers again because its ack was lost is acknowledged, not run twice", async () => {
    t.slack.addUser({ id: BOB, real_name: "Bob" });
    t.slack.socketMode.loseNextAck();
    const alice = await socket.event({ type: "app_home_opened", user: DEFAULT_USER_ID, tab: "home", channel: "D0ALICE" });
    expect(alice.status).toBe(200);
    const deliveries = t.slack.socketMode.deliveries.filter((d) => d.type === "events_api");
    expect(deliveries.map((d) => [d.retry_attempt, d.retry_reason, Boolean(d.lost)])).toEqual([
      [0, "", true],
      [1, "timeout", false],
    ]);
    // Bob's home, opened after the redelivery, is published once the redelivery was handled.
    await socket.event({ type: "app_home_opened", user: BOB, tab: "home", channel: "D0BOB" });
    await eventually(() => homePublishes(BOB).length === 1);
    expect(homePublishes(DEFAULT_USER_ID)).toHaveLength(1);
  });

  it("/sam new → modal → reconnect → CSV dropped in the thread → launch", async () => {
    const command = await socket.command("new");
    expect(command.status).toBe(200);
    const open = await eventually(() => t.slack.callsTo("views.open").find((call) => call.ok));
    const blocks = (open.args.view as { blocks: Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }> }).blocks;
    const accountChoice = blocks.find((block) => block.block_id === "account")!.element!.options![0]!.value;
    const modal = t.slack.views().filter((view) => view.type === "modal").at(-1)!;

    const submitted = await socket.viewSubmission({
      id: modal.id,
      callback_id: "new_campaign",
      private_metadata: modal.private_metadata,
      state: newCampaignFormState({ name: "Socket launch", account: accountChoice, followUps: ["Follow-up 1", "Follow-up 2"], delays: "3, 5" }),
    });
    expect([submitted.status, submitted.body]).toEqual([200, ""]);
    const [campaign] = await eventually(async () => {
      const rows = await t.db.sql<{ id: string; handle: number; slack_thread_ts: string | null }[]>`
        select id, handle, slack_thread_ts from campaigns where name = 'Socket launch'`;
      return rows[0]?.slack_thread_ts ? rows : null;
    });

    // Slack recycles the connection: the app closes it and opens a new one.
    t.slack.socketMode.disconnect("refresh_requested");
    await eventually(() => t.slack.socketMode.openConnections().length === 0);
    const csv = [
      "first_name,last_name,linkedin_url",
      ...mixed8.profiles.map((p) => `${p.firstName},${p.lastName},https://www.linkedin.com/in/${p.identifier}/`),
    ].join("\n");
    const file = t.slack.addFile({ name: "socket.csv", content: csv });
    // Dropped while the app is away: Slack keeps the event and delivers it on the new connection.
    const drop = socket.event(fileShareEvent({ threadTs: campaign!.slack_thread_ts, file, ts: "1764240000.000100" }));
    expect((await drop).status).toBe(200);
    const connections = t.slack.socketMode.connections;
    expect(connections).toHaveLength(2);
    expect(connections[0]!.closedAt).toBeDefined();
    expect(t.slack.callsTo("apps.connections.open").map((call) => call.ok)).toEqual([true, true]);
    const imported = await eventually(
      () => t.slack.messages(DEFAULT_CHANNEL_ID).find((message) => message.text?.startsWith("*Imported 8 prospect(s)*")),
      20_000,
    );
    expect(imported.thread_ts).toBe(campaign!.slack_thread_ts);

    const launch = await socket.command(`launch c${campaign!.handle}`);
    expect(launch.status).toBe(200);
    expect((launch.json as { text: string }).text).toMatch(/Launching/);
    const result = await eventually(async () => {
      const [row] = await t.db.sql<{ launch_result: { queued: number; skipped: number } | null }[]>`
        select launch_result from campaigns where id = ${campaign!.id}`;
      return row?.launch_result ?? null;
    }, 20_000);
    expect(result).toMatchObject({ queued: 5, skipped: 3 });
    const [{ count }] = (await t.db.sql`select count(*)::int as count from campaign_prospects where campaign_id = ${campaign!.id}`) as unknown as [{ count: number }];
    expect(count).toBe(8);
    const imports = t.slack.messages(DEFAULT_CHANNEL_ID).filter((message) => message.text?.startsWith("*Imported"));
    expect(imports).toHaveLength(1);
  });

  it("acknowledged every envelope within Slack's 3 seconds (except the ack lost on purpose)", () => {
    const deliveries = t.slack.socketMode.deliveries;
    expect(deliveries.map((d) => d.type)).toEqual([
      "events_api",
      "events_api",
      "events_api",
      "slash_commands",
      "interactive",
      "events_api",
      "slash_commands",
    ]);
    // The fake marks a delivery expired when its ack misses Slack's deadline (ACK_DEADLINE_MS).
    expect(ACK_DEADLINE_MS).toBe(3000);
    const notInTime = deliveries.filter((d) => !d.lost && (d.expired || d.ackedAt === undefined));
    expect(notInTime).toEqual([]);
    expect(t.slack.socketMode.strayAcks).toEqual([]);
  });
});
