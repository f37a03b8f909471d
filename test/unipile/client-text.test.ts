// Text from Unipile is made safe where its answers are parsed: a NUL or a lone surrogate in an
// error's title or a reply's text used to reach send_queue.error_message, reply_text and Slack,
// where PostgreSQL refused it and the whole outcome transaction with it (issue 10).
import { afterEach, describe, expect, it } from "vitest";
import { UnipileClient } from "../../src/unipile/client.js";
import { UnipileError } from "../../src/unipile/errors.js";
import { API_KEY, quietLogger, startStub } from "./helpers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function clientAnswering(status: number, rawBody: string): Promise<UnipileClient> {
  const stub = await startStub((_req, res) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(rawBody);
  });
  cleanups.push(stub.close);
  const client = new UnipileClient({
    baseUrl: stub.url,
    apiKey: API_KEY,
    logger: quietLogger,
    retry: { maxRetries: 0, minDelayMs: 5, maxDelayMs: 5 },
  });
  cleanups.push(() => client.close());
  return client;
}

describe("text in Unipile's answers", () => {
  it("an error's title and detail come without NUL or lone surrogates", async () => {
    const client = await clientAnswering(
      400,
      '{"status":400,"type":"errors/invalid_parameters","title":"Bad\\u0000 value","detail":"x\\ud800y\\u0000z"}',
    );
    const error = await client.getAccount("acc-1").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnipileError);
    expect(error).toMatchObject({ title: "Bad value", detail: "xyz" });
  });

  it("a message's text comes without NUL or lone surrogates", async () => {
    const client = await clientAnswering(
      200,
      JSON.stringify({
        object: "MessageList",
        cursor: null,
        items: [
          {
            object: "Message",
            id: "m-1",
            chat_id: "chat-1",
            text: "PLACEHOLDER",
            timestamp: "2025-03-03T09:00:00.000Z",
            is_sender: 0,
            sender_id: "ACoAAx",
          },
        ],
      }).replace("PLACEHOLDER", "Hi\\u0000 \\udc00there 😀"),
    );
    const messages = await client.chatHistory("chat-1");
    expect(messages.map((message) => message.text)).toEqual(["Hi there 😀"]);
  });
});
