// The API key never shows in logs, error messages or error objects, even when a server echoes it.
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { captureLogs, createLogger, setLogLevel } from "../../src/log.js";
import { UnipileClient } from "../../src/unipile/client.js";
import { UnipileError } from "../../src/unipile/errors.js";
import { type Sandbox, startSandbox } from "../../src/unipile/sandbox/index.js";
import { jsonReply, quietLogger, START, startStub } from "./helpers.js";

const SECRET = "sk-live-7Hq2pZx9SECRETkey0042";
let lines: string[];
let restore: () => void;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: SECRET, clock: new Clock(START, 0), logger: quietLogger });
});
afterAll(async () => {
  await sandbox.close();
});

afterEach(() => {
  restore?.();
  setLogLevel("info");
});

function capture() {
  lines = [];
  restore = captureLogs(lines);
  setLogLevel("debug");
}

function expectNoSecret(error: unknown) {
  expect(error).toBeInstanceOf(UnipileError);
  const texts = [
    (error as Error).message,
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    String((error as Error).stack),
    ...lines,
  ];
  for (const text of texts) expect(text).not.toContain(SECRET);
  expect(Object.keys(error as object)).not.toContain("headers");
  expect(lines.length).toBeGreaterThan(0);
}

describe("the API key stays secret", () => {
  it("on a failing call that was retried, then gave up", async () => {
    capture();
    const client = new UnipileClient({
      baseUrl: sandbox.url,
      apiKey: SECRET,
      logger: createLogger(),
      retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 5 },
    });
    sandbox.faults.failNext("GET /api/v1/accounts/:id", 5, 503);
    const error = await client.getAccount(sandbox.world.defaultAccountId).catch((e: unknown) => e);
    await client.close();
    expect(error).toMatchObject({ status: 503, attempts: 3 });
    expect(lines.some((line) => line.includes("retrying"))).toBe(true);
    expectNoSecret(error);
  });

  it("when the key is refused (401)", async () => {
    capture();
    const wrong = `${SECRET}-rotated`;
    const client = new UnipileClient({ baseUrl: sandbox.url, apiKey: wrong, logger: createLogger() });
    const error = await client.listAccounts().catch((e: unknown) => e);
    await client.close();
    expect(error).toMatchObject({ status: 401, failureClass: "account_unavailable" });
    expectNoSecret(error);
    for (const text of [...lines, (error as Error).message, JSON.stringify(error)])
      expect(text).not.toContain(wrong);
  });

  it("when a server echoes the key back in its error body", async () => {
    capture();
    const stub = await startStub((req, res) =>
      jsonReply(res, 422, {
        status: 422,
        type: "errors/invalid_message",
        title: `Bad key ${req.headers["x-api-key"]}`,
        detail: `You sent X-API-KEY: ${req.headers["x-api-key"]}`,
      }),
    );
    const client = new UnipileClient({ baseUrl: stub.url, apiKey: SECRET, logger: createLogger() });
    const error = await client.sendMessage({ chatId: "c1", text: "hi" }).catch((e: unknown) => e);
    await client.close();
    await stub.close();
    expect((error as UnipileError).detail).toContain("[redacted]");
    expectNoSecret(error);
  });
});

describe("unknown error types", () => {
  it("are classified by status and logged once per type", async () => {
    capture();
    const stub = await startStub((_req, res) =>
      jsonReply(res, 422, { status: 422, type: "errors/shiny_new_error", title: "New" }),
    );
    const client = new UnipileClient({ baseUrl: stub.url, apiKey: SECRET, logger: createLogger() });
    for (let i = 0; i < 3; i++) {
      await expect(client.sendMessage({ chatId: "c1", text: "hi" })).rejects.toMatchObject({
        type: "errors/shiny_new_error",
        failureClass: "invalid_request",
      });
    }
    await client.close();
    await stub.close();
    expect(lines.filter((line) => line.includes("unknown Unipile error type"))).toHaveLength(1);
  });
});
