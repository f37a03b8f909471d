// The fake Slack refuses what Slack refuses: one payload per row of SLACK_RULES, sent through a
// real WebClient (or, for a view_submission's answer, through the driver), each answered with
// Slack's error and the offending json-pointer. A rule without an example here fails the test.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID, DEFAULT_TOKEN, DEFAULT_USER_ID, type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { createSlackDriver, SlackRefusedAnswer } from "./slack-driver.js";
import { RATE_LIMITS, type RuleId, SLACK_RULES } from "./slack-rules.js";

let fake: FakeSlack;
let client: WebClient;
/** The rate limiter's clock, held still so a burst is counted exactly. */
let now = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ rateLimitNow: () => now });
  client = new WebClient(DEFAULT_TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  now += 3_600_000; // every bucket full again
});

const long = (n: number) => "x".repeat(n);
const plain = (text: string) => ({ type: "plain_text", text });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const divider = (blockId?: string) => ({ type: "divider", ...(blockId ? { block_id: blockId } : {}) });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({ type: "button", action_id: actionId, text: plain("Go"), ...extra });
const option = (value: string, extra: Record<string, unknown> = {}) => ({ text: plain(value), value, ...extra });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`));
const input = (element: unknown, extra: Record<string, unknown> = {}) => ({ type: "input", block_id: "in", label: plain("Label"), element, ...extra });

type Call = () => Promise<unknown>;
/** `text: null` leaves the top-level text out. */
const post = (blocks: unknown[], text: string | null = "fallback"): Call => () =>
  client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, ...(text !== null ? { text } : {}), blocks: blocks as never[] });
const open = (view: Record<string, unknown>): Call => () =>
  client.views.open({ trigger_id: fake.triggerId(), view: { type: "modal", title: plain("Title"), submit: plain("Save"), blocks: [], ...view } as never });
const openWith = (blocks: unknown[]) => open({ blocks });

interface Example {
  call: Call;
  error: string;
  pointer: string;
}

/** One refused payload per rule (errorsKeyedByBlock goes through the driver, viewStack needs a stack: below). */
const EXAMPLES: Record<Exclude<RuleId, "errorsKeyedByBlock" | "viewStack">, Example> = {
  messageBlocks: { call: post(Array.from({ length: 51 }, () => divider())), error: "invalid_blocks", pointer: "/blocks" },
  viewBlocks: {
    call: () => client.views.publish({ user_id: DEFAULT_USER_ID, view: { type: "home", blocks: Array.from({ length: 101 }, () => divider()) as never[] } }),
    error: "invalid_arguments",
    pointer: "/view/blocks",
  },
  messageText: { call: () => client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: long(40_001) }), error: "msg_too_long", pointer: "/text" },
  textFallback: { call: post([{ type: "section", text: mrkdwn("hi") }], null), error: "invalid_blocks", pointer: "/text" },
  textNotEmpty: { call: post([{ type: "section", text: mrkdwn("") }]), error: "invalid_blocks", pointer: "/blocks/0/text/text" },
  textObjectLength: { call: post([{ type: "context", elements: [mrkdwn(long(3001))] }]), error: "invalid_blocks", pointer: "/blocks/0/elements/0/text" },
  plainTextOnly: { call: post([{ type: "header", text: mrkdwn("*Title*") }]), error: "invalid_blocks", pointer: "/blocks/0/text/type" },
  sectionText: { call: post([{ type: "section", text: mrkdwn(long(3001)) }]), error: "invalid_blocks", pointer: "/blocks/0/text/text" },
  sectionNeedsText: { call: post([{ type: "section", block_id: "empty" }]), error: "invalid_blocks", pointer: "/blocks/0" },
  sectionFields: {
    call: post([{ type: "section", fields: Array.from({ length: 11 }, () => mrkdwn("f")) }]),
    error: "invalid_blocks",
    pointer: "/blocks/0/fields",
  },
  sectionFieldText: { call: post([{ type: "section", fields: [mrkdwn(long(2001))] }]), error: "invalid_blocks", pointer: "/blocks/0/fields/0/text" },
  headerText: { call: post([{ type: "header", text: plain(long(151)) }]), error: "invalid_blocks", pointer: "/blocks/0/text/text" },
  contextElements: {
    call: post([{ type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("c")) }]),
    error: "invalid_blocks",
    pointer: "/blocks/0/elements",
  },
  actionsElements: {
    call: post([{ type: "actions", elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }]),
    error: "invalid_blocks",
    pointer: "/blocks/0/elements",
  },
  blockId: { call: post([divider(long(256))]), error: "invalid_blocks", pointer: "/blocks/0/block_id" },
  blockIdUnique: { call: post([divider("same"), divider("same")]), error: "invalid_blocks", pointer: "/blocks/1/block_id" },
  actionId: { call: post([{ type: "actions", elements: [button(long(256))] }]), error: "invalid_blocks", pointer: "/blocks/0/elements/0/action_id" },
  actionIdUnique: {
    call: post([{ type: "actions", elements: [button("go"), button("go")] }]),
    error: "invalid_blocks",
    pointer: "/blocks/0/elements/1/action_id",
  },
  unknownType: { call: post([{ type: "fancy_block" }]), error: "invalid_blocks", pointer: "/blocks/0/type" },
  buttonText: { call: post([{ type: "actions", elements: [button("go", { text: plain(long(76)) })] }]), error: "invalid_blocks", pointer: "/blocks/0/elements/0/text/text" },
  buttonValue: { call: post([{ type: "actions", elements: [button("go", { value: long(2001) })] }]), error: "invalid_blocks", pointer: "/blocks/0/elements/0/value" },
  buttonUrl: { call: post([{ type: "actions", elements: [button("go", { url: `https://x.example/${long(3000)}` })] }]), error: "invalid_blocks", pointer: "/blocks/0/elements/0/url" },
  optionText: {
    call: openWith([input({ type: "static_select", action_id: "v", options: [{ text: plain(long(76)), value: "a" }] })]),
    error: "invalid_arguments",
    pointer: "/view/blocks/0/element/options/0/text/text",
  },
  optionValue: {
    call: openWith([input({ type: "static_select", action_id: "v", options: [option(long(151))] })]),
    error: "invalid_arguments",
    pointer: "/view/blocks/0/element/options/0/value",
  },
  // The bug of issue 11: the Connector option's description was 82 characters.
  optionDescription: {
    call: openWith([input({ type: "radio_buttons", action_id: "v", options: [option("connector", { description: plain(long(82)) })] })]),
    error: "invalid_arguments",
    pointer: "/view/blocks/0/element/options/0/description/text",
  },
  selectOptions: { call: openWith([input({ type: "static_select", action_id: "v", options: options(101) })]), error: "invalid_arguments", pointer: "/view/blocks/0/element/options" },
  radioOptions: { call: openWith([input({ type: "radio_buttons", action_id: "v", options: options(11) })]), error: "invalid_arguments", pointer: "/view/blocks/0/element/options" },
  checkboxOptions: { call: openWith([input({ type: "checkboxes", action_id: "v", options: options(11) })]), error: "invalid_arguments", pointer: "/view/blocks/0/element/options" },
  initialOptionListed: {
    call: openWith([input({ type: "static_select", action_id: "v", options: options(2), initial_option: option("elsewhere") })]),
    error: "invalid_arguments",
    pointer: "/view/blocks/0/element/initial_option",
  },
  inputLabel: { call: openWith([input({ type: "plain_text_input", action_id: "v" }, { label: plain(long(2001)) })]), error: "invalid_arguments", pointer: "/view/blocks/0/label/text" },
  inputHint: { call: openWith([input({ type: "plain_text_input", action_id: "v" }, { hint: plain(long(2001)) })]), error: "invalid_arguments", pointer: "/view/blocks/0/hint/text" },
  inputElement: { call: openWith([{ type: "input", block_id: "in", label: plain("Label") }]), error: "invalid_arguments", pointer: "/view/blocks/0/element" },
  placeholder: {
    call: openWith([input({ type: "plain_text_input", action_id: "v", placeholder: plain(long(151)) })]),
    error: "invalid_arguments",
    pointer: "/view/blocks/0/element/placeholder/text",
  },
  textInputMaxLength: {
    call: openWith([input({ type: "plain_text_input", action_id: "v", max_length: 3001 })]),
    error: "invalid_arguments",
    pointer: "/view/blocks/0/element/max_length",
  },
  viewTitle: { call: open({ title: plain(long(25)) }), error: "invalid_arguments", pointer: "/view/title/text" },
  viewSubmit: { call: open({ submit: plain(long(25)) }), error: "invalid_arguments", pointer: "/view/submit/text" },
  viewClose: { call: open({ close: plain(long(25)) }), error: "invalid_arguments", pointer: "/view/close/text" },
  viewSubmitWithInputs: {
    call: open({ submit: undefined, blocks: [input({ type: "plain_text_input", action_id: "v" })] }),
    error: "invalid_arguments",
    pointer: "/view/submit",
  },
  privateMetadata: { call: open({ private_metadata: long(3001) }), error: "invalid_arguments", pointer: "/view/private_metadata" },
  callbackId: { call: open({ callback_id: long(256) }), error: "invalid_arguments", pointer: "/view/callback_id" },
};

async function refusalOf(call: Call): Promise<{ error?: string; messages: string[] }> {
  try {
    await call();
  } catch (error) {
    const data = (error as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
    return { error: data?.error, messages: data?.response_metadata?.messages ?? [] };
  }
  throw new Error("expected Slack to refuse the call");
}

describe("the fake Slack refuses each Block Kit rule as Slack does", () => {
  it("has one refused payload per rule of the table", () => {
    expect([...Object.keys(EXAMPLES), "errorsKeyedByBlock", "viewStack"].sort()).toEqual(Object.keys(SLACK_RULES).sort());
  });

  it(`viewStack: ${SLACK_RULES.viewStack.what}`, async () => {
    const view = (title: string) => ({ type: "modal", title: plain(title), blocks: [] }) as never;
    const root = await client.views.open({ trigger_id: fake.triggerId(), view: view("Root") });
    await client.views.push({ trigger_id: fake.triggerId(), view: view("Second") });
    const third = await client.views.push({ trigger_id: fake.triggerId(), view: view("Third") });
    expect(third.view?.root_view_id).toBe(root.view?.id);
    const refusal = await refusalOf(() => client.views.push({ trigger_id: fake.triggerId(), view: view("Fourth") }));
    expect(refusal.error).toBe("push_limit_reached");
    expect(fake.views()).toHaveLength(3);
  });

  for (const [rule, example] of Object.entries(EXAMPLES)) {
    it(`${rule}: ${SLACK_RULES[rule as RuleId].what}`, async () => {
      const refusal = await refusalOf(example.call);
      expect(refusal.error).toBe(example.error);
      expect(refusal.messages.some((message) => message.endsWith(`[json-pointer:${example.pointer}]`)), refusal.messages.join("\n")).toBe(true);
      expect(refusal.messages.every((message) => message.startsWith("[ERROR] "))).toBe(true);
      // Nothing refused is kept: no message posted, no view opened.
      expect(fake.messages()).toEqual([]);
      expect(fake.views()).toEqual([]);
    });
  }

  it("accepts the same surfaces when they keep to the rules", async () => {
    await post([{ type: "header", text: plain(long(150)) }, { type: "section", text: mrkdwn(long(3000)) }])();
    await openWith([input({ type: "radio_buttons", action_id: "v", options: [option("connector", { description: plain(long(75)) })] })])();
    expect(fake.messages()).toHaveLength(1);
    expect(fake.views()).toHaveLength(1);
  });
});

describe("a view_submission's answer is checked by the same rules", () => {
  let app: Server;
  let answer: unknown;
  let baseUrl: string;
  beforeAll(async () => {
    // A stand-in for the app's HTTP endpoint that acknowledges with `answer`.
    app = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => app.close(() => resolve())));

  const submit = () =>
    createSlackDriver({ baseUrl, signingSecret: "s", fake }).viewSubmission({
      callback_id: "form",
      blocks: [input({ type: "plain_text_input", action_id: "v" }, { block_id: "name" })],
      state: { values: {} },
    });

  it("errorsKeyedByBlock: errors must name input blocks of the submitted view", async () => {
    answer = { response_action: "errors", errors: { csv: "Choose a file." } };
    const error = await submit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackRefusedAnswer);
    expect((error as SlackRefusedAnswer).refusal.error).toBe("invalid_arguments");
    expect((error as SlackRefusedAnswer).refusal.messages).toEqual([
      '[ERROR] no input block with block_id "csv" in the view [json-pointer:/errors/csv]',
    ]);
    answer = { response_action: "errors", errors: { name: "Give it a name." } };
    expect((await submit()).json).toEqual(answer);
  });

  it("an updated view must itself be valid", async () => {
    answer = { response_action: "update", view: { type: "modal", title: plain(long(25)), blocks: [] } };
    const error = await submit().catch((e: unknown) => e);
    expect((error as SlackRefusedAnswer).refusal.messages).toEqual(["[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"]);
  });
});

describe("Slack's other refusals", () => {
  it("channel_not_found, not_in_channel and invalid_auth", async () => {
    expect((await refusalOf(() => client.chat.postMessage({ channel: "C0NOPE", text: "x" }))).error).toBe("channel_not_found");
    expect((await refusalOf(() => client.chat.postMessage({ channel: "general", text: "x" }))).error).toBe("not_in_channel");
    const intruder = new WebClient("xoxb-wrong", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    expect((await refusalOf(() => intruder.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "x" }))).error).toBe("invalid_auth");
  });

  it("ratelimited: chat.postMessage past its burst, per channel, with HTTP 429 and Retry-After", async () => {
    const limit = RATE_LIMITS["chat.postMessage"]!;
    fake.addChannel({ id: "C0OTHER0001", name: "other" });
    for (let i = 0; i < limit.burst; i++) await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: `n${i}` });
    const limited = await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "one too many" }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(fake.calls.at(-1)).toMatchObject({ method: "chat.postMessage", status: 429, error: "ratelimited" });
    // Another channel has its own allowance; a second later this one has one message more.
    await client.chat.postMessage({ channel: "C0OTHER0001", text: "elsewhere" });
    now += 1000;
    await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "after a second" });
    expect(fake.messages(DEFAULT_CHANNEL_ID)).toHaveLength(limit.burst + 1);
  });

  it("ratelimited: chat.update (Tier 3) and views.publish (Tier 4) by their tiers", async () => {
    const posted = await client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "root" });
    for (const [method, call] of [
      ["chat.update", () => client.chat.update({ channel: DEFAULT_CHANNEL_ID, ts: posted.ts as string, text: "edit" })],
      ["views.publish", () => client.views.publish({ user_id: DEFAULT_USER_ID, view: { type: "home", blocks: [] } })],
    ] as const) {
      const limit = RATE_LIMITS[method]!;
      for (let i = 0; i < limit.burst; i++) await call();
      const limited = await (call() as Promise<unknown>).catch((e: unknown) => e);
      expect(limited, method).toMatchObject({ code: ErrorCode.RateLimitedError });
      expect((limited as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);
    }
  });
});
