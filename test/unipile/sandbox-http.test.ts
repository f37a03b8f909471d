// The sandbox's HTTP surface seen raw, the way Unipile answers: exact content type, error bodies
// { status, type, title, detail, instance }, API key check, multipart-only chat endpoints,
// limit ranges and opaque cursors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, type Harness, startHarness } from "./helpers.js";

let h: Harness;
let ada: string;

beforeAll(async () => {
  h = await startHarness({ scenario: { generatedRelations: 30 } });
  ada = (await h.client.getProfile(h.accountId, "ada-1st")).providerId;
});
afterAll(async () => {
  await h.close();
});

interface Body {
  object?: string;
  type?: string;
  cursor: string | null;
  chat_id?: string;
  items: Array<Record<string, unknown>>;
}

async function call(path: string, init: RequestInit & { key?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set("x-api-key", init.key ?? API_KEY);
  const response = await fetch(`${h.sandbox.url}${path}`, { ...init, headers });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: (await response.json()) as Body,
  };
}

function chatForm(fields: Record<string, string[]>): FormData {
  const form = new FormData();
  for (const [name, values] of Object.entries(fields)) for (const value of values) form.append(name, value);
  return form;
}

describe("responses", () => {
  it("use exactly 'application/json; charset=utf-8', on success and on error", async () => {
    const ok = await call("/api/v1/accounts");
    expect(ok).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8" });
    expect(ok.body).toMatchObject({ object: "AccountList", cursor: null });
    const missing = await call("/api/v1/accounts/nope");
    expect(missing.contentType).toBe("application/json; charset=utf-8");
  });

  it("shape errors like Unipile v1", async () => {
    const { status, body } = await call(`/api/v1/users/relations?account_id=${h.accountId}&limit=0`);
    expect(status).toBe(400);
    expect(body).toEqual({
      status: 400,
      type: "errors/invalid_parameters",
      title: "Invalid parameters",
      detail: "One or more request parameters are invalid or missing.",
      instance: "/api/v1/users/relations",
      message: "Too small: expected number to be >=1 at /limit",
    });
  });

  it("answer 404 for endpoints that do not exist, such as POST /messages/send", async () => {
    const { status, body } = await call("/api/v1/messages/send", { method: "POST" });
    expect(status).toBe(404);
    expect(body).toMatchObject({
      type: "errors/resource_not_found",
      detail: "Cannot POST /api/v1/messages/send",
    });
    expect(h.sandbox.stats.unmatched).toBeGreaterThan(0);
  });
});

describe("the API key", () => {
  it("is required (401 with a Unipile-shaped body) and must match the configured one", async () => {
    for (const key of [null, "", "wrong-key"]) {
      const { status, body } = await call("/api/v1/accounts", { key });
      expect(status).toBe(401);
      expect(body).toMatchObject({
        status: 401,
        type: expect.stringMatching(/^errors\//),
        title: "Unauthorized",
      });
    }
  });

  it("may be anything non-empty when the sandbox has none configured", async () => {
    const open = await startHarness({ apiKey: undefined });
    try {
      const response = await fetch(`${open.sandbox.url}/api/v1/accounts`, {
        headers: { "x-api-key": "whatever" },
      });
      expect(response.status).toBe(200);
      const none = await fetch(`${open.sandbox.url}/api/v1/accounts`);
      expect(none.status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe("chat endpoints", () => {
  it("take multipart only (415 unsupported_media_type otherwise)", async () => {
    const json = await call("/api/v1/chats", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ account_id: h.accountId, attendees_ids: [ada], text: "hi" }),
    });
    expect(json.status).toBe(415);
    expect(json.body.type).toBe("errors/unsupported_media_type");
    const form = await call("/api/v1/chats/whatever/messages", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "text=hi",
    });
    expect(form.status).toBe(415);
  });

  it("read repeated attendees_ids fields (and refuse group chats)", async () => {
    const { status, body } = await call("/api/v1/chats", {
      method: "POST",
      body: chatForm({ account_id: [h.accountId], attendees_ids: [ada, ada], text: ["hi"] }),
    });
    expect(status).toBe(400);
    expect(body.type).toBe("errors/invalid_parameters");
    expect(h.sandbox.stats.posts.at(-1)!.fields!.attendees_ids).toEqual([ada, ada]);
  });

  it("answer 201 with ChatStarted and list messages newest first", async () => {
    const started = await call("/api/v1/chats", {
      method: "POST",
      body: chatForm({ account_id: [h.accountId], attendees_ids: [ada], text: ["one"] }),
    });
    expect(started).toMatchObject({
      status: 201,
      body: { object: "ChatStarted", chat_id: expect.any(String) },
    });
    await h.clock.advance(1_000);
    const sent = await call(`/api/v1/chats/${started.body.chat_id}/messages`, {
      method: "POST",
      body: chatForm({ text: ["two"] }),
    });
    expect(sent).toMatchObject({
      status: 201,
      body: { object: "MessageSent", message_id: expect.any(String) },
    });
    const list = await call(`/api/v1/chats/${started.body.chat_id}/messages`);
    expect(list.body.object).toBe("MessageList");
    expect(list.body.items.map((m) => m.text)).toEqual(["two", "one"]);
    expect(list.body.items[0]).toMatchObject({
      object: "Message",
      is_sender: 1,
      is_event: 0,
      sender_id: expect.stringMatching(/^ACoAA/),
    });
  });

  it("check the date filter format", async () => {
    const chat = h.sandbox.world.chatWith(h.accountId, ada)!;
    const bad = await call(`/api/v1/chats/${chat.id}/messages?after=2025-03-03T09:00:00Z`);
    expect(bad.status).toBe(400);
    const good = await call(`/api/v1/chats/${chat.id}/messages?after=2025-03-03T09:00:00.000Z`);
    expect(good.body.items.map((m) => m.text)).toEqual(["two"]);
  });
});

describe("pagination", () => {
  it.each([
    ["/api/v1/users/relations", 1000],
    ["/api/v1/users/invite/sent", 100],
    ["/api/v1/chats", 250],
    ["/api/v1/accounts", 250],
  ])("enforces the limit range of %s (1–%i)", async (path, max) => {
    const base = `${path}?account_id=${h.accountId}`;
    expect((await call(`${base}&limit=${max}`)).status).toBe(200);
    expect((await call(`${base}&limit=${max + 1}`)).status).toBe(400);
    expect((await call(`${base}&limit=0`)).status).toBe(400);
    expect((await call(`${base}&limit=abc`)).status).toBe(400);
  });

  it("hands out opaque cursors and ends with cursor null", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const { body } = await call(`/api/v1/users/relations?account_id=${h.accountId}&limit=7${query}`);
      seen.push(...body.items.map((r) => String(r.member_id)));
      cursor = body.cursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
  });

  it("refuses a cursor from another list", async () => {
    const { body } = await call(`/api/v1/users/relations?account_id=${h.accountId}&limit=1`);
    const reused = await call(`/api/v1/users/invite/sent?account_id=${h.accountId}&cursor=${body.cursor}`);
    expect(reused.status).toBe(400);
    expect((await call(`/api/v1/accounts?cursor=garbage`)).status).toBe(400);
  });
});
