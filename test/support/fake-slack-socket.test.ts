// The fake's Socket Mode behaves as Slack documents it (sources in fake-slack-socket.ts), seen
// from a raw WebSocket client (undici's, the one @slack/socket-mode uses): token checks on
// apps.connections.open, one-use tickets, `hello`, envelopes and their acks, retries of
// unacknowledged events, and `disconnect`.
import { WebSocket } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP_TOKEN, type FakeSlack, startFakeSlack } from "./fake-slack.js";

let slack: FakeSlack;
/** Short, so that expiry and retries take milliseconds; the default is Slack's 3 s. */
const DEADLINE_MS = 200;

beforeAll(async () => {
  slack = await startFakeSlack({ socketAckDeadlineMs: DEADLINE_MS });
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());
/** Every test leaves no connection behind, so the next one's envelopes go to its own client. */
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) {
    client.ws.close();
    await client.closed;
  }
});

async function connectionsOpen(token: string | undefined) {
  const response = await fetch(`${slack.apiUrl}apps.connections.open`, {
    method: "POST",
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { ok: boolean; error?: string; url?: string };
}

interface Client {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  closed: Promise<void>;
  next: (match: (message: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
}

async function connect(): Promise<Client> {
  const { url } = await connectionsOpen(slack.appToken);
  const ws = new WebSocket(url!);
  const messages: Array<Record<string, unknown>> = [];
  ws.addEventListener("message", (event) => messages.push(JSON.parse(String(event.data)) as Record<string, unknown>));
  const closed = new Promise<void>((resolve) => ws.addEventListener("close", () => resolve()));
  const next = async (match: (message: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 400; i++) {
      const found = messages.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
  };
  await next((message) => message.type === "hello");
  const client = { ws, messages, closed, next };
  clients.push(client);
  return client;
}

describe("apps.connections.open", () => {
  it.each([
    ["no token", undefined, "not_authed"],
    ["a bot token", "xoxb-test-token", "not_allowed_token_type"],
    ["a user token", "xoxp-1-2-3", "not_allowed_token_type"],
    ["another app's token", "xapp-1-A0OTHER-other", "invalid_auth"],
    ["not a Slack token", "hello", "invalid_auth"],
  ])("refuses %s with %s", async (_label, token, error) => {
    expect(await connectionsOpen(token)).toEqual({ ok: false, error });
    expect(slack.socketMode.connections).toHaveLength(0);
  });

  it("answers the app-level token with a WebSocket URL carrying a ticket", async () => {
    const answer = await connectionsOpen(DEFAULT_APP_TOKEN);
    expect(answer.ok).toBe(true);
    expect(answer.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f]{32}&app_id=A0SAMAPP001$/);
  });
});

describe("the WebSocket", () => {
  it("greets a connection with hello, and refuses a ticket used twice", async () => {
    const { url } = await connectionsOpen(slack.appToken);
    const first = new WebSocket(url!);
    const hello = await new Promise<Record<string, unknown>>((resolve) =>
      first.addEventListener("message", (event) => resolve(JSON.parse(String(event.data)) as Record<string, unknown>)),
    );
    expect(hello).toMatchObject({
      type: "hello",
      num_connections: 1,
      debug_info: { host: expect.any(String), approximate_connection_time: expect.any(Number) },
      connection_info: { app_id: slack.appId },
    });
    const again = new WebSocket(url!);
    const refused = await new Promise<string>((resolve) => {
      again.addEventListener("error", () => resolve("error"));
      again.addEventListener("open", () => resolve("open"));
    });
    expect(refused).toBe("error");
    first.close();
    await new Promise((resolve) => first.addEventListener("close", resolve));
  });

  it("delivers an envelope and hands back the ack's payload", async () => {
    const client = await connect();
    const delivered = slack.socketMode.deliver("slash_commands", { command: "/sam", text: "help" });
    const envelope = await client.next((message) => message.type === "slash_commands");
    expect(envelope).toMatchObject({ payload: { command: "/sam", text: "help" }, accepts_response_payload: true });
    client.ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: "hi" } }));
    const delivery = await delivered;
    expect(delivery?.ackPayload).toEqual({ text: "hi" });
    expect(delivery!.ackedAt! - delivery!.sentAt).toBeLessThan(DEADLINE_MS);
  });

  it("redelivers an unacknowledged event with retry_attempt and retry_reason, keeping its envelope_id", async () => {
    const client = await connect();
    const delivered = slack.socketMode.deliver("events_api", { type: "event_callback", event_id: "Ev1", event: { type: "app_home_opened" } });
    const first = await client.next((message) => message.type === "events_api");
    expect(first).toMatchObject({ retry_attempt: 0, retry_reason: "", accepts_response_payload: false });
    const retry = await client.next((message) => message.type === "events_api" && message.retry_attempt === 1);
    expect(retry).toMatchObject({ envelope_id: first.envelope_id, retry_reason: "timeout" });
    client.ws.send(JSON.stringify({ envelope_id: retry.envelope_id }));
    const delivery = await delivered;
    expect(delivery?.retry_attempt).toBe(1);
    expect(slack.socketMode.deliveries.map((d) => [d.retry_attempt, Boolean(d.expired)])).toEqual([
      [0, true],
      [1, false],
    ]);
  });

  it("gives up on an unacknowledged command at the deadline (the user sees Slack's error) and records a late ack", async () => {
    const client = await connect();
    const delivered = slack.socketMode.deliver("slash_commands", { command: "/sam", text: "list" });
    const envelope = await client.next((message) => message.type === "slash_commands");
    expect(await delivered).toBeNull();
    client.ws.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
    await expect.poll(() => slack.socketMode.deliveries[0]?.late).toBe(true);
    expect(slack.socketMode.deliveries.filter((d) => d.type === "slash_commands")).toHaveLength(1);
  });

  it("a lost ack is a missing ack: the event comes again", async () => {
    const client = await connect();
    slack.socketMode.loseNextAck();
    const delivered = slack.socketMode.deliver("events_api", { type: "event_callback", event_id: "Ev2", event: { type: "message" } });
    const first = await client.next((message) => message.type === "events_api");
    client.ws.send(JSON.stringify({ envelope_id: first.envelope_id }));
    const retry = await client.next((message) => message.type === "events_api" && message.retry_attempt === 1);
    client.ws.send(JSON.stringify({ envelope_id: retry.envelope_id }));
    expect((await delivered)?.retry_attempt).toBe(1);
    expect(slack.socketMode.deliveries[0]?.lost).toBe(true);
  });

  it.each(["warning", "refresh_requested", "link_disabled"] as const)(
    "sends disconnect (%s) and closes the connection itself if the client does not",
    async (reason) => {
      const client = await connect();
      slack.socketMode.disconnect(reason, { closeAfterMs: 50 });
      expect(await client.next((message) => message.type === "disconnect")).toMatchObject({ reason, debug_info: { host: expect.any(String) } });
      await client.closed;
      expect(slack.socketMode.connections.at(-1)?.closedBy).toBe(reason);
    },
  );

  it("keeps events for a later connection while nobody is connected; a command fails at once", async () => {
    expect(await slack.socketMode.deliver("slash_commands", { command: "/sam" })).toBeNull();
    const delivered = slack.socketMode.deliver("events_api", { type: "event_callback", event_id: "Ev3", event: { type: "message" } });
    const client = await connect();
    const envelope = await client.next((message) => message.type === "events_api");
    client.ws.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
    expect((await delivered)?.retry_attempt).toBe(0);
  });
});
