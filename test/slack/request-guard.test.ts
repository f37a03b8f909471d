// What reaches Bolt on POST /slack/events, and what the HTTP server accepts at all, checked on a
// running app over real HTTP: signed bodies that are not objects (which crashed the process
// inside Bolt), timestamps from the future, replayed signed requests and redelivered events
// (which ran their side effects again), and bodies over 1 MB (answered with a TCP reset).
import { Readable } from "node:stream";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { WEBHOOK_SECRET_HEADER } from "../../src/webhooks/intake.js";
import { ackText, makeCampaign, settled } from "../campaigns/fixtures.js";
import { eventually, startTestApp, type TestApp, WEBHOOK_SECRET } from "../support/app.js";
import { DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";

const TEAM = "T0GUARD0001";
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const JSON_TYPE = { "content-type": "application/json" };
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

async function healthy(): Promise<number> {
  const response = await request(`${t.app.url}/healthz`);
  await response.body.dump();
  return response.statusCode;
}

describe("a signed body that is not a JSON object", () => {
  it("is answered 400, and the process keeps serving", async () => {
    for (const [body, type] of [
      ["null", JSON_TYPE],
      ["[]", JSON_TYPE],
      ["42", JSON_TYPE],
      ["payload=null", FORM],
      ["payload=%22text%22", FORM],
    ] as const) {
      const response = await t.driver.raw(body, { ...type, ...t.driver.sign(body) });
      expect(response.status, body).toBe(400);
    }
    expect(await healthy()).toBe(200);
    expect((await t.driver.command("help", { teamId: TEAM })).status).toBe(200);
  });
});

describe("the request timestamp", () => {
  const body = new URLSearchParams({
    command: "/sam",
    text: "help",
    team_id: TEAM,
    user_id: DEFAULT_USER_ID,
  }).toString();
  const now = () => Math.floor(Date.now() / 1000);

  it("is refused with 401 more than 5 minutes in the future", async () => {
    expect((await t.driver.raw(body, { ...FORM, ...t.driver.sign(body, now() + 6 * 60) })).status).toBe(401);
    expect((await t.driver.raw(body, { ...FORM, ...t.driver.sign(body, now() + 24 * 3600) })).status).toBe(
      401,
    );
  });

  // Bolt's own check is off (the guard's is the only one), so these must be refused here.
  it("is refused with 401 when the signature is wrong, missing or more than 5 minutes old", async () => {
    const wrong = { ...t.driver.sign(body), "x-slack-signature": `v0=${"0".repeat(64)}` };
    const otherBody = t.driver.sign(`${body}&extra=1`);
    const cases: Array<Record<string, string>> = [wrong, { ...otherBody }, { "x-slack-request-timestamp": String(now()) }, {}, { ...t.driver.sign(body, now() - 6 * 60) }];
    for (const headers of cases) {
      expect((await t.driver.raw(body, { ...FORM, ...headers })).status).toBe(401);
    }
  });

  it("is accepted within 5 minutes either way (clock skew)", async () => {
    expect((await t.driver.raw(body, { ...FORM, ...t.driver.sign(body, now() + 4 * 60) })).status).toBe(200);
    expect((await t.driver.raw(body, { ...FORM, ...t.driver.sign(body, now() - 4 * 60) })).status).toBe(200);
  });
});

describe("a replayed signed request", () => {
  let campaign: Campaign;
  let barrier: Campaign;
  beforeAll(async () => {
    campaign = await makeCampaign(t, { teamId: TEAM, name: "Replayed export" });
    barrier = await makeCampaign(t, { teamId: TEAM, name: "Barrier export" });
  });

  function exportBody(handle: string): string {
    return new URLSearchParams({
      team_id: TEAM,
      channel_id: DEFAULT_CHANNEL_ID,
      user_id: DEFAULT_USER_ID,
      command: "/sam",
      text: `export ${handle}`,
      response_url: t.slack.responseUrl("commands"),
      trigger_id: t.slack.triggerId(),
    }).toString();
  }

  it("/sam export sent three times with one signature uploads once; the copies are acknowledged", async () => {
    const body = exportBody(`c${campaign.handle}`);
    const headers = { ...FORM, ...t.driver.sign(body) };
    const first = await t.driver.raw(body, headers);
    const second = await t.driver.raw(body, headers);
    const third = await t.driver.raw(body, headers);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(ackText(first)).toMatch(/^Preparing the export of \*Replayed export\*/);
    expect([second.body, third.body]).toEqual(["", ""]);

    // A different export afterwards, run to the end: replays that were running would be done by then.
    const other = exportBody(`c${barrier.handle}`);
    expect((await t.driver.raw(other, { ...FORM, ...t.driver.sign(other) })).status).toBe(200);
    await eventually(() =>
      t.slack.uploads.find((u) => u.completed && u.thread_ts === barrier.slack_thread_ts),
    );
    await settled(t);
    expect(t.slack.uploads.filter((u) => u.thread_ts === campaign.slack_thread_ts)).toHaveLength(1);
  });

  it("a request without trigger_id or event_id is recognised by its signature", async () => {
    const body = new URLSearchParams({
      command: "/sam",
      text: "help",
      team_id: TEAM,
      user_id: DEFAULT_USER_ID,
    }).toString();
    const headers = { ...FORM, ...t.driver.sign(body) };
    expect(ackText(await t.driver.raw(body, headers))).toContain("/sam export");
    const again = await t.driver.raw(body, headers);
    expect([again.status, again.body]).toEqual([200, ""]);
  });

  it("an event redelivered by Slack (same event_id, x-slack-retry-num) is acknowledged, not run again", async () => {
    const opened = (user: string) => ({ type: "app_home_opened", user, tab: "home", channel: `D${user}` });
    const lastOpened = async (user: string) => {
      const [row] = await t.db.sql<
        { at: Date }[]
      >`select last_opened_at as at from home_viewers where user_id = ${user}`;
      return row?.at ?? null;
    };
    expect(
      (await t.driver.event(opened("U0REPLAY001"), { teamId: TEAM, eventId: "Ev0GUARD0001" })).status,
    ).toBe(200);
    const first = await eventually(() => lastOpened("U0REPLAY001"));
    const retry = await t.driver.event(opened("U0REPLAY001"), {
      teamId: TEAM,
      eventId: "Ev0GUARD0001",
      retryNum: 1,
    });
    expect(retry.status).toBe(200);
    // A new event afterwards, seen through: the redelivery, had it run, would have run by then.
    await t.driver.event(opened("U0REPLAY002"), { teamId: TEAM, eventId: "Ev0GUARD0002" });
    await eventually(() => lastOpened("U0REPLAY002"));
    expect(await lastOpened("U0REPLAY001")).toEqual(first);
  });
});

describe("a body over 1 MB", () => {
  const big = (bytes: number) =>
    JSON.stringify({ event: "message_received", message_id: "m1", padding: "x".repeat(bytes) });

  it("to /unipile/webhook is answered 413, not with a reset connection", async () => {
    const response = await request(`${t.app.url}/unipile/webhook`, {
      method: "POST",
      headers: { ...JSON_TYPE, [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      body: big(2_000_000),
    });
    expect(response.statusCode).toBe(413);
    expect(await response.body.json()).toEqual({ error: expect.stringMatching(/larger than/) });
    const [stored] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from webhook_events`;
    expect(stored!.n).toBe(0);
  });

  it("sent in chunks without a Content-Length is answered 413 too", async () => {
    const chunk = "x".repeat(100_000);
    async function* chunks() {
      yield '{"padding":"';
      for (let i = 0; i < 15; i++) yield chunk;
      yield '"}';
    }
    const response = await request(`${t.app.url}/unipile/webhook`, {
      method: "POST",
      headers: { ...JSON_TYPE, [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      body: Readable.from(chunks()),
    });
    expect(response.statusCode).toBe(413);
    await response.body.dump();
  });

  it("to /slack/events, signed, is answered 413", async () => {
    const body = new URLSearchParams({
      command: "/sam",
      text: `help ${"x".repeat(1_100_000)}`,
      team_id: TEAM,
    }).toString();
    const response = await t.driver.raw(body, { ...FORM, ...t.driver.sign(body) });
    expect(response.status).toBe(413);
  });

  it("just under the limit still reaches the webhook handler", async () => {
    const response = await request(`${t.app.url}/unipile/webhook`, {
      method: "POST",
      headers: { ...JSON_TYPE, [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      body: big(900_000),
    });
    expect(response.statusCode).toBe(200);
    await response.body.dump();
  });
});
