// The sandbox against Unipile's published OpenAPI reference (test/fixtures/unipile-openapi):
// every route it serves is an operation there; a valid request to each is answered in the
// documented shape; and every request that breaks the reference (a required parameter or field
// left out, a `limit` past its maximum, text past its `maxLength`, a value outside an enum or a
// pattern, JSON to a multipart operation) is refused with Unipile's error type and status. The
// broken requests are derived from the reference, not from the sandbox's rules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnipileClient } from "../../src/unipile/client.js";
import { ROUTE_KEYS } from "../../src/unipile/sandbox/index.js";
import {
  answerErrors,
  findOperation,
  referenceOperations,
  requestErrors,
} from "../support/unipile-openapi.js";
import { API_KEY, type Harness, startHarness, startReceiver } from "./helpers.js";
import { type Recorder, startRecorder } from "./recorder.js";

let h: Harness;
let recorder: Recorder;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let chatId: string;
/** Numbers fresh invitees, so each invitation is a first one. */
let invitations = 0;

interface Call {
  method: string;
  path: string;
  query?: Record<string, string>;
  json?: Record<string, unknown>;
  form?: Record<string, string[]>;
}

const providerId = (identifier: string) => h.sandbox.world.people.meet(identifier).providerId;

beforeAll(async () => {
  h = await startHarness({ scenario: { generatedRelations: 3 } });
  recorder = await startRecorder(h.sandbox.url);
  receiver = await startReceiver();
  const chat = await h.client.startChat({
    accountId: h.accountId,
    attendeeProviderId: providerId("ada-1st-silent"),
    text: "Hello Ada",
  });
  chatId = chat.chatId!;
});
afterAll(async () => {
  await receiver.close();
  await recorder.close();
  await h.close();
});

async function send(call: Call) {
  const url = new URL(`${recorder.url}${call.path}`);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  let body: string | FormData | undefined;
  const headers: Record<string, string> = { "x-api-key": API_KEY };
  if (call.json) {
    body = JSON.stringify(call.json);
    headers["content-type"] = "application/json";
  } else if (call.form) {
    body = new FormData();
    for (const [name, values] of Object.entries(call.form))
      for (const value of values) body.append(name, value);
  }
  const response = await fetch(url, { method: call.method, headers, body });
  await response.arrayBuffer();
  return recorder.exchanges.at(-1)!;
}

const get = async (path: string, query: Record<string, string> = {}): Promise<Call> => ({
  method: "GET",
  path,
  query,
});

/** A request each operation accepts; fresh each time, since some consume what they name. */
function validCall(operationId: string): () => Promise<Call> {
  const account = () => ({ account_id: h.accountId });
  const calls: Record<string, () => Promise<Call>> = {
    __listAccounts: () => get("/api/v1/accounts", { limit: "10" }),
    __getAccountById: () => get(`/api/v1/accounts/${h.accountId}`),
    E_getAccountOwnerProfile: () => get("/api/v1/users/me", account()),
    E_getProfileByIdentifier: () =>
      get("/api/v1/users/bea-2nd", {
        ...account(),
        linkedin_sections: "skills",
        linkedin_api: "sales_navigator",
      }),
    E_getRelations: () => get("/api/v1/users/relations", { ...account(), limit: "2" }),
    E_listAllUserInvitationsSent: () => get("/api/v1/users/invite/sent", { ...account(), limit: "2" }),
    E_cancelInvitation: async () => {
      const invitation = await h.client.sendInvitation({
        accountId: h.accountId,
        providerId: providerId(`cat-2nd-ignores-${invitations++}`),
      });
      return {
        method: "DELETE",
        path: `/api/v1/users/invite/sent/${invitation.invitationId}`,
        query: account(),
      };
    },
    E_addUserByIdentifier: async () => ({
      method: "POST",
      path: "/api/v1/users/invite",
      json: {
        ...account(),
        provider_id: providerId(`dan-2nd-ignores-${invitations++}`),
        message: "n".repeat(300),
      },
    }),
    m_listAllChats: () =>
      get("/api/v1/chats", {
        ...account(),
        limit: "5",
        account_type: "LINKEDIN",
        after: "2025-01-01T00:00:00.000Z",
      }),
    m_startNewChat: async () => ({
      method: "POST",
      path: "/api/v1/chats",
      form: { account_id: [h.accountId], attendees_ids: [providerId("eve-1st-silent")], text: ["Hi Eve"] },
    }),
    m_getChat: () => get(`/api/v1/chats/${chatId}`),
    m_listChatMessages: () =>
      get(`/api/v1/chats/${chatId}/messages`, { limit: "5", before: "2030-01-01T00:00:00.000Z" }),
    m_sendMessageInChat: async () => ({
      method: "POST",
      path: `/api/v1/chats/${chatId}/messages`,
      form: { text: ["Again"] },
    }),
    m_listAttendees: () => get(`/api/v1/chats/${chatId}/attendees`),
    o_listAllMessages: () => get("/api/v1/messages", { ...account(), limit: "5" }),
    l_listAllAttendees: () => get("/api/v1/chat_attendees", { ...account(), limit: "5" }),
    l_listChatsByAttendee: () =>
      get(`/api/v1/chat_attendees/${providerId("ada-1st-silent")}/chats`, { ...account(), limit: "5" }),
    n_createWebhook: async () => ({
      method: "POST",
      path: "/api/v1/webhooks",
      json: { request_url: receiver.url, source: "users", events: ["new_relation"] },
    }),
    n_listWebhooks: () => get("/api/v1/webhooks", { limit: "5" }),
    I_requestLink: async () => ({
      method: "POST",
      path: "/api/v1/hosted/accounts/link",
      json: {
        type: "create",
        providers: ["LINKEDIN"],
        api_url: "https://api1.unipile.com:13111",
        expiresOn: "2099-01-01T00:00:00.000Z",
        notify_url: `${receiver.url}/notify`,
        name: "workspace-reference",
      },
    }),
    n_deleteWebhook: async () => {
      const { webhookId } = await h.client.createWebhook({ requestUrl: receiver.url, source: "messaging" });
      return { method: "DELETE", path: `/api/v1/webhooks/${webhookId}` };
    },
  };
  const call = calls[operationId];
  if (!call) throw new Error(`no valid request written for ${operationId}`);
  return call;
}

/** The operations the sandbox serves, each with the reference's definition of it. */
const served = ROUTE_KEYS.map((key) => {
  const [method, pattern] = key.split(" ") as [string, string];
  const found = findOperation(method, pattern.replace(":id", "some-id"));
  return { key, method, found };
});

describe("the sandbox's routes", () => {
  it("are all operations of Unipile's reference", () => {
    expect(served.filter(({ found }) => !found).map(({ key }) => key)).toEqual([]);
  });

  it.each(served.map(({ key, found }) => [key, found!.operation.operationId]))(
    "%s (%s) accepts a valid request and answers in the documented shape",
    async (_key, operationId) => {
      const exchange = await send(await validCall(operationId)());
      expect(exchange.status, JSON.stringify(exchange.answer)).toBeLessThan(300);
      expect(await requestErrors(exchange)).toEqual([]);
      expect(answerErrors(exchange)).toEqual([]);
    },
  );
});

interface Breach {
  name: string;
  operationId: string;
  breach: (call: Call) => Call;
  /** The error type the reference documents for it. */
  type: string;
}

/** Every way the reference lets us break a valid request of a served operation. */
function breaches(): Breach[] {
  const servedIds = new Set(served.map(({ found }) => found!.operation.operationId));
  const list: Breach[] = [];
  for (const { method, template, operation } of referenceOperations()) {
    if (!servedIds.has(operation.operationId)) continue;
    const at = `${method} ${template}`;
    const id = operation.operationId;
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== "query") continue;
      const name = parameter.name;
      const schema = parameter.schema as {
        maximum?: number;
        enum?: string[];
        pattern?: string;
        anyOf?: unknown;
      };
      const withQuery = (value: string) => (call: Call) => ({
        ...call,
        query: { ...call.query, [name]: value },
      });
      if (parameter.required) {
        list.push({
          name: `${at} without ${name}`,
          operationId: id,
          type: "errors/invalid_parameters",
          breach: (call) => ({
            ...call,
            query: Object.fromEntries(Object.entries(call.query ?? {}).filter(([k]) => k !== name)),
          }),
        });
      }
      if (schema.maximum !== undefined) {
        const over = String(schema.maximum + 1);
        list.push({
          name: `${at} with ${name}=${over}`,
          operationId: id,
          type: "errors/invalid_parameters",
          breach: withQuery(over),
        });
      }
      if (schema.enum || schema.anyOf) {
        list.push({
          name: `${at} with ${name} outside its values`,
          operationId: id,
          type: "errors/invalid_parameters",
          breach: withQuery("not-a-value"),
        });
      }
      if (schema.pattern) {
        list.push({
          name: `${at} with ${name} without milliseconds`,
          operationId: id,
          type: "errors/invalid_parameters",
          breach: withQuery("2025-03-03T09:00:00Z"),
        });
      }
    }
    for (const [media, { schema }] of Object.entries(operation.requestBody?.content ?? {})) {
      type Body = {
        required?: string[];
        properties?: Record<string, { maxLength?: number; enum?: unknown[] }>;
      };
      // A body with variants (webhooks: one per source) requires what every variant requires.
      const variants = ((schema as { anyOf?: Body[] }).anyOf ?? [schema]) as Body[];
      const body: Body = {
        required: variants[0]!.required?.filter((field) =>
          variants.every((v) => v.required?.includes(field)),
        ),
        properties: Object.assign({}, ...variants.map((v) => v.properties)),
      };
      for (const [field, property] of Object.entries(body.properties ?? {})) {
        if (!property.enum || media !== "application/json") continue;
        list.push({
          name: `${at} with ${field} outside its values`,
          operationId: id,
          type: "errors/invalid_parameters",
          breach: (call) => ({ ...call, json: { ...call.json, [field]: "not-a-value" } }),
        });
      }
      for (const field of body.required ?? []) {
        list.push({
          name: `${at} without ${field}`,
          operationId: id,
          type: "errors/invalid_parameters",
          breach: (call) => omitField(call, field),
        });
      }
      for (const [field, property] of Object.entries(body.properties ?? {})) {
        if (property.maxLength === undefined) continue;
        list.push({
          name: `${at} with ${field} over ${property.maxLength} characters`,
          operationId: id,
          // The operation's documented 400 for it (E_addUserByIdentifier: "Too many characters").
          type: "errors/too_many_characters",
          breach: (call) => ({
            ...call,
            json: { ...call.json, [field]: "x".repeat(property.maxLength! + 1) },
          }),
        });
      }
      if (media === "multipart/form-data") {
        list.push({
          name: `${at} with a JSON body`,
          operationId: id,
          type: "errors/unsupported_media_type",
          breach: (call) => ({
            ...call,
            form: undefined,
            json: Object.fromEntries(Object.entries(call.form ?? {})),
          }),
        });
      }
    }
  }
  return list;
}

function omitField(call: Call, field: string): Call {
  if (call.json)
    return { ...call, json: Object.fromEntries(Object.entries(call.json).filter(([k]) => k !== field)) };
  return { ...call, form: Object.fromEntries(Object.entries(call.form ?? {}).filter(([k]) => k !== field)) };
}

describe("requests that break the reference", () => {
  const all = breaches();

  it("cover required parameters and fields, limits, lengths, enums, patterns and media types", () => {
    expect(all.length).toBeGreaterThan(30);
    for (const expected of [
      "POST /api/v1/users/invite without account_id",
      "GET /api/v1/users/relations without account_id",
      "GET /api/v1/users/relations with limit=1001",
      "POST /api/v1/users/invite with message over 300 characters",
      "POST /api/v1/chats with a JSON body",
      "POST /api/v1/chats without attendees_ids",
      "GET /api/v1/users/{identifier} with linkedin_sections outside its values",
    ]) {
      expect(all.map((breach) => breach.name)).toContain(expected);
    }
  });

  it.each(all.map((breach) => [breach.name, breach]))("%s is refused", async (_name, breach) => {
    const exchange = await send(breach.breach(await validCall(breach.operationId)()));
    // The reference itself says the request is wrong…
    expect(await requestErrors(exchange)).not.toEqual([]);
    // …and the sandbox refuses it the way the reference documents.
    expect(exchange.answer).toMatchObject({ type: breach.type });
    expect(answerErrors(exchange)).toEqual([]);
  });
});

describe("the refusals the issue names", () => {
  it("an invitation without account_id: 400 invalid_parameters naming the field", async () => {
    const exchange = await send({
      method: "POST",
      path: "/api/v1/users/invite",
      json: { provider_id: providerId("fay-2nd") },
    });
    expect(exchange.status).toBe(400);
    expect(exchange.answer).toEqual({
      status: 400,
      type: "errors/invalid_parameters",
      title: "Invalid parameters",
      detail: "One or more request parameters are invalid or missing.",
      instance: "/api/v1/users/invite",
      message: "Required property at /account_id",
    });
  });

  it("a 301-character note: 400 too_many_characters, and nothing sent; 300 characters go", async () => {
    const invite = (note: string) =>
      send({
        method: "POST",
        path: "/api/v1/users/invite",
        json: { account_id: h.accountId, provider_id: providerId("gus-2nd"), message: note },
      });
    const before = h.sandbox.stats.deliveries.length;
    const refused = await invite("é".repeat(301));
    expect(refused.status).toBe(400);
    expect(refused.answer).toMatchObject({
      type: "errors/too_many_characters",
      title: "Too many characters",
      detail: "The provided content exceeds the character limit.",
    });
    expect(h.sandbox.stats.deliveries.length).toBe(before);
    expect((await invite("é".repeat(300))).status).toBe(200);
  });

  it.each([
    ["POST /chats", () => "/api/v1/chats"],
    ["POST /chats/{id}/messages", () => `/api/v1/chats/${chatId}/messages`],
  ])("JSON to %s (multipart only): 415 unsupported_media_type", async (_name, path) => {
    const exchange = await send({
      method: "POST",
      path: path(),
      json: { account_id: h.accountId, attendees_ids: [providerId("ada-1st-silent")], text: "hi" },
    });
    expect(exchange.status).toBe(415);
    expect(exchange.answer).toMatchObject({ status: 415, type: "errors/unsupported_media_type" });
    expect(answerErrors(exchange)).toEqual([]);
  });
});

describe("the product's client", () => {
  it("sends only requests the reference accepts, and reads answers it documents", async () => {
    recorder.exchanges.length = 0;
    const client = new UnipileClient({
      baseUrl: recorder.url,
      apiKey: API_KEY,
      retry: { maxRetries: 0, minDelayMs: 1, maxDelayMs: 1 },
      // One item a page: every list is walked over several pages, each page's cursor checked.
      pageSizes: { invitations: 1, relations: 1, messages: 1 },
    });
    try {
      await client.listAccounts();
      await client.getAccount(h.accountId);
      const hal = await client.getProfile(h.accountId, "hal-2nd-ignores");
      await client.sendInvitation({
        accountId: h.accountId,
        providerId: hal.providerId,
        message: "Hello Hal",
      });
      for await (const _ of client.sentInvitations(h.accountId)) {
        // walks every page
      }
      for await (const _ of client.relations(h.accountId)) {
        // walks every page
      }
      const ivo = providerId("ivo-1st-silent");
      const started = await client.startChat({
        accountId: h.accountId,
        attendeeProviderId: ivo,
        text: "Hi Ivo",
      });
      await client.sendMessage({ chatId: started.chatId!, text: "Still there?", accountId: h.accountId });
      for await (const _ of client.messages(started.chatId!)) {
        // walks every page
      }
      await client.listChatsWithAttendee(h.accountId, ivo);
      const { webhookId } = await client.createWebhook({ requestUrl: receiver.url, source: "users" });
      await client.listWebhooks();
      await client.deleteWebhook(webhookId);
    } finally {
      await client.close();
    }
    expect(recorder.exchanges.length).toBeGreaterThan(12);
    for (const exchange of recorder.exchanges) {
      const errors = [...(await requestErrors(exchange)), ...answerErrors(exchange)];
      expect(errors, `${exchange.method} ${exchange.path}`).toEqual([]);
    }
  });
});
