// The wire parsers against the shapes Unipile is known to answer in, each variant on its own:
// ids as strings or objects, optional fields absent or null, flags as 0/1 or booleans, instants
// as numbers or strings, and lists where one unreadable item is left out rather than failing
// the page (webhooks, relations, accounts) or must fail it (messages: "cannot tell").
import { describe, expect, it } from "vitest";
import {
  accountWire,
  chatWire,
  messageWire,
  pageOf,
  profileWire,
  relationWire,
  tolerantPageOf,
  webhookWire,
} from "../../src/unipile/wire.js";

const parse = <T>(schema: { parse: (value: unknown) => T }, value: unknown) => schema.parse(value);

describe("webhook list entries", () => {
  const base = { object: "Webhook", id: "wh-1", request_url: "https://sam.example.com/unipile/webhook" };

  it("account_ids as the official SDK lists them: objects { id, name?, type }", () => {
    const webhook = parse(webhookWire, {
      ...base,
      type: "AUTO",
      format: "json",
      data: [],
      account_ids: [{ id: "acc-1", name: "Jane's LinkedIn", type: "LINKEDIN" }, { id: "acc-2", type: "WHATSAPP" }],
    });
    expect(webhook.accountIds).toEqual(["acc-1", "acc-2"]);
    expect(webhook.source).toBeNull();
  });

  it("account_ids as bare strings, as the sandbox and older answers list them", () => {
    expect(parse(webhookWire, { ...base, account_ids: ["acc-1"] }).accountIds).toEqual(["acc-1"]);
  });

  it("strings and objects mixed in one list", () => {
    expect(parse(webhookWire, { ...base, account_ids: ["acc-1", { id: "acc-2", type: "LINKEDIN" }] }).accountIds).toEqual([
      "acc-1",
      "acc-2",
    ]);
  });

  it("only an id: every other field absent, or null", () => {
    const empty = { id: "wh-1", requestUrl: null, source: null, name: null, enabled: null, accountIds: null, headerNames: null };
    expect(parse(webhookWire, { id: "wh-1" })).toEqual(empty);
    expect(
      parse(webhookWire, { id: "wh-1", request_url: null, source: null, name: null, enabled: null, account_ids: null, headers: null }),
    ).toEqual(empty);
  });

  it("enabled as a boolean or as 0/1", () => {
    expect(parse(webhookWire, { ...base, enabled: false }).enabled).toBe(false);
    expect(parse(webhookWire, { ...base, enabled: 1 }).enabled).toBe(true);
  });

  it("header names from an array, from the SDK's single { key, value }, or from a name → value map", () => {
    expect(parse(webhookWire, { ...base, headers: [{ key: "X-Sam-Webhook-Secret" }, { key: "Content-Type", value: "application/json" }] }).headerNames).toEqual([
      "X-Sam-Webhook-Secret",
      "Content-Type",
    ]);
    expect(parse(webhookWire, { ...base, headers: { key: "X-Sam-Webhook-Secret", value: "••••" } }).headerNames).toEqual(["X-Sam-Webhook-Secret"]);
    expect(parse(webhookWire, { ...base, headers: { "X-Sam-Webhook-Secret": "••••" } }).headerNames).toEqual(["X-Sam-Webhook-Secret"]);
    expect(parse(webhookWire, { ...base, headers: [] }).headerNames).toEqual([]);
  });

  it("a list with an entry nobody can read keeps the others and counts the one left out", () => {
    const page = parse(tolerantPageOf(webhookWire), {
      object: "WebhookList",
      items: [{ ...base }, { object: "Webhook", account_ids: [{ id: 7 }] }, { ...base, id: "wh-3" }],
    });
    expect(page.items.map((webhook) => webhook.id)).toEqual(["wh-1", "wh-3"]);
    expect(page.cursor).toBeNull();
    expect(page.skipped).toEqual({ count: 1, firstIssue: expect.stringMatching(/^items\.1\./) });
  });

  it("a list with no cursor field (the SDK's WebhookList has none) is the last page", () => {
    expect(parse(tolerantPageOf(webhookWire), { object: "WebhookList", items: [] })).toEqual({ items: [], cursor: null });
  });
});

describe("relations", () => {
  const relation = { object: "UserRelation", member_id: "ACoAAA1", public_identifier: "jane-doe" };

  it("created_at as epoch milliseconds, as an ISO string, null or absent", () => {
    expect(parse(relationWire, { ...relation, created_at: 1_771_943_752_000 }).connectedAt).toEqual(new Date(1_771_943_752_000));
    expect(parse(relationWire, { ...relation, created_at: "2026-01-05T10:00:00.000Z" }).connectedAt).toEqual(new Date("2026-01-05T10:00:00.000Z"));
    expect(parse(relationWire, { ...relation, created_at: null }).connectedAt).toBeNull();
    expect(parse(relationWire, relation)).toMatchObject({ connectedAt: null, firstName: null, headline: null, publicProfileUrl: null });
  });

  it("a relation without member_id is left out of its page, not the page's end of the sync", () => {
    const page = parse(tolerantPageOf(relationWire), { items: [relation, { public_identifier: "no-id" }], cursor: "eyJwIjoxfQ==" });
    expect(page.items).toHaveLength(1);
    expect(page.cursor).toBe("eyJwIjoxfQ==");
    expect(page.skipped?.count).toBe(1);
  });
});

describe("profiles", () => {
  const profile = { object: "UserProfile", provider: "LINKEDIN", provider_id: "ACoAAA1" };

  it("network distance as the profile spells it, as chat attendees spell it, or unknown", () => {
    expect(parse(profileWire, { ...profile, network_distance: "SECOND_DEGREE" }).networkDistance).toBe("SECOND_DEGREE");
    expect(parse(profileWire, { ...profile, network_distance: "DISTANCE_1" }).networkDistance).toBe("FIRST_DEGREE");
    expect(parse(profileWire, { ...profile, network_distance: "SELF" }).networkDistance).toBeNull();
    expect(parse(profileWire, { ...profile, network_distance: null }).networkDistance).toBeNull();
  });

  it("an invitation of an undocumented status is read as none; a documented one is kept", () => {
    expect(parse(profileWire, { ...profile, invitation: { type: "SENT", status: "ACCEPTED" } }).invitation).toBeNull();
    expect(parse(profileWire, { ...profile, invitation: { type: "SENT", status: "PENDING" } }).invitation).toEqual({
      type: "SENT",
      status: "PENDING",
    });
  });

  it("every optional field absent or null", () => {
    expect(parse(profileWire, { ...profile, public_identifier: null, first_name: null, is_premium: null })).toMatchObject({
      providerId: "ACoAAA1",
      publicIdentifier: null,
      firstName: null,
      isPremium: null,
      canSendInmail: null,
      invitation: null,
    });
  });

  it("still refuses a profile without provider_id: nothing can be sent to it", () => {
    expect(profileWire.safeParse({ object: "UserProfile", public_identifier: "x" }).success).toBe(false);
  });
});

describe("accounts", () => {
  it("no name, no sources, connection_params null", () => {
    expect(parse(accountWire, { object: "Account", id: "acc-1", type: "LINKEDIN", name: null, sources: null, connection_params: null })).toEqual({
      id: "acc-1",
      type: "LINKEDIN",
      name: "acc-1",
      createdAt: null,
      status: "UNKNOWN",
      sources: [],
      ownProviderId: null,
    });
  });

  it("the worst source status is the account's", () => {
    const account = parse(accountWire, {
      id: "acc-1",
      type: "LINKEDIN",
      name: "Jane",
      created_at: "2026-01-01T00:00:00.000Z",
      sources: [
        { id: "s1", status: "OK" },
        { id: "s2", status: "CREDENTIALS" },
      ],
      connection_params: { im: { id: "ACoAAOwn", premiumContractId: null } },
    });
    expect(account).toMatchObject({ status: "CREDENTIALS", ownProviderId: "ACoAAOwn" });
  });
});

describe("chats and messages", () => {
  it("a chat with null name, timestamp and unread_count, and no attendee_provider_id", () => {
    expect(
      parse(chatWire, { object: "Chat", id: "c1", account_id: "acc-1", name: null, timestamp: null, unread_count: null, subject: null, content_type: null }),
    ).toEqual({ id: "c1", accountId: "acc-1", attendeeProviderId: null, name: null, lastActivityAt: null, unreadCount: null });
  });

  it("is_sender and is_event as 0/1 or booleans; is_event and message_type absent", () => {
    const message = { id: "m1", chat_id: "c1", sender_id: "ACoAAA1", text: null, timestamp: "2026-01-05T10:00:00.000Z" };
    expect(parse(messageWire, { ...message, is_sender: 1, is_event: 0 })).toMatchObject({ isSender: true, isEvent: false, messageType: null });
    expect(parse(messageWire, { ...message, is_sender: false })).toMatchObject({ isSender: false, isEvent: false });
  });

  it("an unreadable message fails its page: a reply left out would be a follow-up sent over it", () => {
    const page = pageOf(messageWire).safeParse({ items: [{ id: "m1", chat_id: "c1" }], cursor: null });
    expect(page.success).toBe(false);
  });
});
