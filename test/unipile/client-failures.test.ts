// How the client fails: retries only for repeatable calls, timeouts, answers lost after the
// request reached the server (ambiguous) versus requests that never left (retry_later).
import { afterEach, describe, expect, it } from "vitest";
import { UnipileClient } from "../../src/unipile/client.js";
import { UnipileError } from "../../src/unipile/errors.js";
import {
  API_KEY,
  closedPort,
  type Harness,
  jsonReply,
  quietLogger,
  startHarness,
  startStub,
} from "./helpers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function harness(...args: Parameters<typeof startHarness>): Promise<Harness> {
  const h = await startHarness(...args);
  cleanups.push(() => h.close());
  return h;
}

function clientFor(baseUrl: string, options: Partial<ConstructorParameters<typeof UnipileClient>[0]> = {}) {
  const client = new UnipileClient({
    baseUrl,
    apiKey: API_KEY,
    logger: quietLogger,
    retry: { maxRetries: 3, minDelayMs: 5, maxDelayMs: 50 },
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

async function failure(promise: Promise<unknown>): Promise<UnipileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnipileError);
  return error as UnipileError;
}

describe("retries", () => {
  it("retries a GET after 503s with backoff, then succeeds", async () => {
    const h = await harness();
    h.sandbox.faults.failNext("GET /api/v1/users/:id", 2, 503);
    const started = performance.now();
    const profile = await h.client.getProfile(h.accountId, "ada-retry");
    expect(profile.publicIdentifier).toBe("ada-retry");
    expect(h.sandbox.stats.calls["GET /api/v1/users/:id"]).toBe(3);
    // minDelayMs 5: waits of at least 2.5 ms then 5 ms (half-to-full jitter)
    expect(performance.now() - started).toBeGreaterThanOrEqual(7);
  });

  it("gives up after maxRetries with the last failure and the number of attempts", async () => {
    const h = await harness();
    h.sandbox.faults.failNext("GET /api/v1/accounts/:id", 10, 500);
    const error = await failure(h.client.getAccount(h.accountId));
    expect(error).toMatchObject({
      status: 500,
      type: "errors/provider_error",
      failureClass: "retry_later",
      attempts: 4,
    });
    expect(h.sandbox.stats.calls["GET /api/v1/accounts/:id"]).toBe(4);
  });

  it("never retries a POST, even on 503", async () => {
    const h = await harness();
    const ada = await h.client.getProfile(h.accountId, "ada-1st");
    h.sandbox.faults.failNext("POST /api/v1/chats", 1, 503);
    const error = await failure(
      h.client.startChat({ accountId: h.accountId, attendeeProviderId: ada.providerId, text: "hi" }),
    );
    expect(error).toMatchObject({ status: 503, failureClass: "retry_later", attempts: 1, requestSent: true });
    expect(h.sandbox.stats.calls["POST /api/v1/chats"]).toBe(1);
    expect(h.sandbox.stats.deliveries).toHaveLength(0);
  });

  it("stops at once when Retry-After asks for longer than the longest allowed wait", async () => {
    const stub = await startStub((_req, res) =>
      jsonReply(
        res,
        503,
        { status: 503, type: "errors/service_unavailable", title: "Busy" },
        { "retry-after": "120" },
      ),
    );
    cleanups.push(stub.close);
    const error = await failure(clientFor(stub.url).getAccount("a"));
    expect(error).toMatchObject({ failureClass: "retry_later", retryAfterMs: 120_000, attempts: 1 });
    expect(stub.calls()).toBe(1);
  });

  it("retries a withdrawal whose answer was lost and reports it already done", async () => {
    const h = await harness();
    const person = await h.client.getProfile(h.accountId, "withdraw-me-2nd");
    const { invitationId } = await h.client.sendInvitation({
      accountId: h.accountId,
      providerId: person.providerId,
    });
    h.sandbox.faults.timeoutAfterReceive("DELETE /api/v1/users/invite/sent/:id", { mode: "reset" });
    const result = await h.client.cancelInvitation(h.accountId, invitationId);
    expect(result).toEqual({ invitationId, alreadyCanceled: true });
    expect(h.sandbox.stats.calls["DELETE /api/v1/users/invite/sent/:id"]).toBe(2);
  });
});

describe("transport failures", () => {
  it("is retry_later, not sent, when nothing listens (GETs retried, POSTs not)", async () => {
    const client = clientFor(`http://127.0.0.1:${await closedPort()}`);
    const get = await failure(client.getAccount("a"));
    expect(get).toMatchObject({
      type: "ECONNREFUSED",
      failureClass: "retry_later",
      requestSent: false,
      attempts: 4,
    });
    expect(get.status).toBeUndefined();
    const post = await failure(
      client.sendInvitation({ accountId: "a", providerId: "ACoAAxxxxxxxxxxxxxxxxxxxxxxxxxx" }),
    );
    expect(post).toMatchObject({
      type: "ECONNREFUSED",
      failureClass: "retry_later",
      requestSent: false,
      attempts: 1,
    });
  });

  it("is ambiguous when the server acted and then reset the connection (the message WAS delivered)", async () => {
    const h = await harness();
    const ada = await h.client.getProfile(h.accountId, "ada-1st");
    h.sandbox.faults.timeoutAfterReceive("POST /api/v1/chats", { mode: "reset" });
    const error = await failure(
      h.client.startChat({ accountId: h.accountId, attendeeProviderId: ada.providerId, text: "hello" }),
    );
    expect(error.failureClass).toBe("ambiguous");
    expect(error.requestSent).toBe(true);
    expect(["ECONNRESET", "UND_ERR_SOCKET"]).toContain(error.type);
    expect(h.sandbox.stats.calls["POST /api/v1/chats"]).toBe(1);
    expect(h.sandbox.stats.deliveries).toMatchObject([
      { kind: "message", recipientProviderId: ada.providerId, text: "hello" },
    ]);
  });

  it("is ambiguous when the answer never comes (headers timeout) after the server acted", async () => {
    const h = await harness({}, { timeouts: { headersMs: 150 } });
    const ada = await h.client.getProfile(h.accountId, "ada-1st");
    const { chatId } = await h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: ada.providerId,
      text: "one",
    });
    h.sandbox.faults.timeoutAfterReceive("POST /api/v1/chats/:id/messages", { mode: "hang" });
    const error = await failure(h.client.sendMessage({ chatId: chatId!, text: "two" }));
    expect(error).toMatchObject({
      type: "UND_ERR_HEADERS_TIMEOUT",
      failureClass: "ambiguous",
      requestSent: true,
      attempts: 1,
    });
    expect(h.sandbox.stats.deliveries.map((d) => d.text)).toEqual(["one", "two"]);
  });

  it("times out slow answers: a GET is retried, then fails as ambiguous", async () => {
    const h = await harness(
      {},
      { timeouts: { headersMs: 100 }, retry: { maxRetries: 1, minDelayMs: 5, maxDelayMs: 10 } },
    );
    h.sandbox.faults.latency(250, "GET /api/v1/accounts");
    const error = await failure(h.client.listAccounts());
    expect(error).toMatchObject({ type: "UND_ERR_HEADERS_TIMEOUT", failureClass: "ambiguous", attempts: 2 });
    h.sandbox.faults.latency(0, "GET /api/v1/accounts");
    expect((await h.client.listAccounts()).items).toHaveLength(1);
  });

  it("is ambiguous when the body stalls after the headers (body timeout)", async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.write('{"object":"Account",');
    });
    cleanups.push(stub.close);
    const client = clientFor(stub.url, { timeouts: { bodyMs: 100 }, retry: { maxRetries: 0 } });
    const error = await failure(client.getAccount("a"));
    expect(error).toMatchObject({
      type: "UND_ERR_BODY_TIMEOUT",
      failureClass: "ambiguous",
      requestSent: true,
    });
  });
});

describe("unexpected answers", () => {
  it("treats a 2xx it cannot read as ambiguous and does not retry it", async () => {
    const stub = await startStub((_req, res) =>
      jsonReply(res, 201, { object: "ChatStarted", chat: "renamed" }),
    );
    cleanups.push(stub.close);
    const error = await failure(
      clientFor(stub.url).startChat({ accountId: "a", attendeeProviderId: "ACoAAx", text: "t" }),
    );
    expect(error).toMatchObject({
      type: "client/unexpected_response",
      failureClass: "ambiguous",
      status: 201,
      attempts: 1,
    });
    expect(error.detail).toMatch(/chat_id/);
  });

  it("classifies a non-JSON error page by its status", async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad gateway</html>");
    });
    cleanups.push(stub.close);
    const error = await failure(clientFor(stub.url, { retry: { maxRetries: 0 } }).getAccount("a"));
    expect(error).toMatchObject({ type: "http_502", status: 502, failureClass: "retry_later" });
  });

  it("accepts unknown extra fields in answers", async () => {
    const stub = await startStub((_req, res) =>
      jsonReply(res, 200, {
        object: "UserInvitationSent",
        invitation_id: "123",
        usage: 75,
        brand_new_field: { x: 1 },
      }),
    );
    cleanups.push(stub.close);
    const sent = await clientFor(stub.url).sendInvitation({
      accountId: "a",
      providerId: "ACoAAxxxxxxxxxxxxxxxxxxxxxxxxxx",
    });
    expect(sent).toEqual({ invitationId: "123", usagePercent: 75 });
  });
});

describe("shutting down", () => {
  it("destroy() abandons a call in flight, which fails as ambiguous", async () => {
    const h = await harness();
    const ada = await h.client.getProfile(h.accountId, "ada-1st");
    const hold = h.sandbox.faults.hold("POST /api/v1/chats");
    const sending = failure(
      h.client.startChat({ accountId: h.accountId, attendeeProviderId: ada.providerId, text: "bye" }),
    );
    await hold.arrived;
    await h.client.destroy();
    expect(await sending).toMatchObject({ failureClass: "ambiguous", requestSent: true });
    await hold.release();
    expect(h.sandbox.stats.deliveries).toHaveLength(1);
  });
});
