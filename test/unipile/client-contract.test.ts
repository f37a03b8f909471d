// The client against the sandbox over real loopback HTTP: every call, the body encodings Unipile
// expects (JSON for invitations, multipart for chats), pagination to the end, error bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnipileClient } from "../../src/unipile/client.js";
import { UnipileError } from "../../src/unipile/errors.js";
import { API_KEY, type Harness, HOUR, quietLogger, startHarness, startReceiver } from "./helpers.js";

let h: Harness;
/** The same sandbox, one item a page: every list is walked cursor by cursor. */
let onePerPage: UnipileClient;

beforeAll(async () => {
  h = await startHarness({
    scenario: {
      generatedRelations: 2_500,
      relations: ["grace-hopper"],
      profiles: [
        {
          identifier: "grace-hopper",
          firstName: "Grace",
          lastName: "Hopper",
          degree: "FIRST_DEGREE",
          replyAfterHours: 2,
        },
        { identifier: "linus-second", degree: "SECOND_DEGREE", acceptAfterHours: 30 },
        {
          identifier: "margaret-pending",
          degree: "SECOND_DEGREE",
          acceptAfterHours: null,
          pendingInvitation: true,
        },
      ],
    },
  });
  onePerPage = new UnipileClient({
    baseUrl: h.sandbox.url,
    apiKey: API_KEY,
    logger: quietLogger,
    pageSizes: { invitations: 1, messages: 1 },
  });
});

afterAll(async () => {
  await onePerPage.close();
  await h.close();
});

describe("profiles and relations", () => {
  it("looks a person up by public identifier, then by provider id, on /users/{identifier}", async () => {
    const byPublicId = await h.client.getProfile(h.accountId, "grace-hopper");
    expect(byPublicId).toMatchObject({
      publicIdentifier: "grace-hopper",
      firstName: "Grace",
      lastName: "Hopper",
      networkDistance: "FIRST_DEGREE",
      isRelationship: true,
      invitation: null,
    });
    expect(byPublicId.providerId).toMatch(/^ACoAA[A-Za-z0-9_-]{34}$/);
    const byProviderId = await h.client.getProfile(h.accountId, byPublicId.providerId);
    expect(byProviderId).toEqual(byPublicId);
    expect(h.sandbox.stats.calls["GET /api/v1/users/:id"]).toBeGreaterThanOrEqual(2);
  });

  it("reads the account owner's own profile", async () => {
    const own = await h.client.getOwnProfile(h.accountId);
    const account = await h.client.getAccount(h.accountId);
    expect(own.providerId).toBe(account.ownProviderId);
  });

  it("pages through 2,500+ relations to a null cursor, member_id read as the provider id", async () => {
    const before = h.sandbox.stats.calls["GET /api/v1/users/relations"];
    const providerIds = new Set<string>();
    for await (const relation of h.client.relations(h.accountId)) {
      expect(relation.providerId).toMatch(/^ACoAA/);
      expect(relation.connectedAt).toBeInstanceOf(Date);
      providerIds.add(relation.providerId);
    }
    expect(providerIds.size).toBe(2_501);
    expect(h.sandbox.stats.calls["GET /api/v1/users/relations"] - before).toBe(3);
    const grace = await h.client.getProfile(h.accountId, "grace-hopper");
    expect(providerIds.has(grace.providerId)).toBe(true);
  });

  it("returns one page with its cursor, and refuses limits above 1000 before sending", async () => {
    const page = await h.client.listRelations(h.accountId, { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.cursor).toEqual(expect.any(String));
    const next = await h.client.listRelations(h.accountId, { limit: 10, cursor: page.cursor! });
    expect(next.items[0]!.providerId).not.toBe(page.items[0]!.providerId);
    await expect(h.client.listRelations(h.accountId, { limit: 1001 })).rejects.toMatchObject({
      failureClass: "invalid_request",
      requestSent: false,
    });
  });
});

describe("invitations", () => {
  it("sends an invitation as JSON and gets 200 UserInvitationSent", async () => {
    const linus = await h.client.getProfile(h.accountId, "linus-second");
    expect(linus.networkDistance).toBe("SECOND_DEGREE");
    const sent = await h.client.sendInvitation({
      accountId: h.accountId,
      providerId: linus.providerId,
      message: "Hi Linus",
    });
    expect(sent.invitationId).toMatch(/^\d{19}$/);
    const post = h.sandbox.stats.posts.findLast((p) => p.route === "POST /api/v1/users/invite")!;
    expect(post.contentType).toBe("application/json");
    expect(post.json).toEqual({
      account_id: h.accountId,
      provider_id: linus.providerId,
      message: "Hi Linus",
    });
    expect((await h.client.getProfile(h.accountId, "linus-second")).invitation).toEqual({
      type: "SENT",
      status: "PENDING",
    });
  });

  it("lists pending invitations through every page and withdraws one with DELETE", async () => {
    const pending = [];
    for await (const invitation of onePerPage.sentInvitations(h.accountId))
      pending.push(invitation);
    expect(pending.map((i) => i.publicIdentifier).sort()).toEqual(["linus-second", "margaret-pending"]);
    const margaret = pending.find((i) => i.publicIdentifier === "margaret-pending")!;
    expect(margaret.sentAt).toBeInstanceOf(Date);

    const canceled = await h.client.cancelInvitation(h.accountId, margaret.invitationId);
    expect(canceled).toEqual({ invitationId: margaret.invitationId, alreadyCanceled: false });
    const after = await h.client.listSentInvitations(h.accountId, { limit: 100 });
    expect(after.items.map((i) => i.publicIdentifier)).toEqual(["linus-second"]);
    expect(after.cursor).toBeNull();
  });

  it("refuses a public identifier where a provider id is required (400 invalid_parameters)", async () => {
    const error = await h.client
      .sendInvitation({ accountId: h.accountId, providerId: "linus-second" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnipileError);
    expect(error).toMatchObject({
      status: 400,
      type: "errors/invalid_parameters",
      failureClass: "invalid_request",
    });
  });
});

describe("chats and messages", () => {
  it("starts a chat with multipart fields, attendees_ids repeated per id, and gets 201 ChatStarted", async () => {
    const grace = await h.client.getProfile(h.accountId, "grace-hopper");
    const started = await h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: grace.providerId,
      text: "Hello Grace",
    });
    expect(started.chatId).toEqual(expect.any(String));
    expect(started.messageId).toEqual(expect.any(String));
    const post = h.sandbox.stats.posts.findLast((p) => p.route === "POST /api/v1/chats")!;
    expect(post.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(post.fields).toEqual({
      account_id: [h.accountId],
      attendees_ids: [grace.providerId],
      text: ["Hello Grace"],
    });
  });

  it("sends in an existing chat (multipart, 201 MessageSent) and reads the history oldest first", async () => {
    const grace = await h.client.getProfile(h.accountId, "grace-hopper");
    const [chat] = await h.client.listChatsWithAttendee(h.accountId, grace.providerId);
    expect(chat).toMatchObject({ accountId: h.accountId, attendeeProviderId: grace.providerId });
    await h.clock.advance(HOUR);
    const sent = await h.client.sendMessage({
      chatId: chat!.id,
      text: "Following up",
      accountId: h.accountId,
    });
    expect(sent.messageId).toEqual(expect.any(String));
    const post = h.sandbox.stats.posts.findLast((p) => p.route === "POST /api/v1/chats/:id/messages")!;
    expect(post.fields).toEqual({ text: ["Following up"], account_id: [h.accountId] });

    await h.clock.advance(3 * HOUR); // Grace replies 2 h after each message
    const history = await h.client.chatHistory(chat!.id);
    expect(history.map((m) => [m.text, m.isSender])).toEqual([
      ["Hello Grace", true],
      ["Following up", true],
      [expect.any(String), false],
    ]);
    expect(history[2]!.senderProviderId).toBe(grace.providerId);
    const times = history.map((m) => m.timestamp.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const afterFirst = await h.client.listMessages(chat!.id, { after: history[0]!.timestamp, limit: 250 });
    expect(afterFirst.items.map((m) => m.id)).toEqual(history.slice(1).map((m) => m.id));
    const paged = [];
    for await (const message of onePerPage.messages(chat!.id)) paged.push(message.id);
    expect(paged.sort()).toEqual(history.map((m) => m.id).sort());
  });

  it("answers an empty list for a person never talked to (Unipile's 404 Attendee not found)", async () => {
    const stranger = await h.client.getProfile(h.accountId, "someone-never-met");
    expect(await h.client.listChatsWithAttendee(h.accountId, stranger.providerId)).toEqual([]);
  });

  it("rejects a start-chat to a second-degree person with 422 no_connection_with_recipient", async () => {
    const other = await h.client.getProfile(h.accountId, "someone-2nd");
    const error = await h.client
      .startChat({ accountId: h.accountId, attendeeProviderId: other.providerId, text: "hi" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 422,
      type: "errors/no_connection_with_recipient",
      title: expect.stringMatching(/^Recipient cannot be reached/),
      failureClass: "recipient_not_connected",
      method: "POST",
      path: "/api/v1/chats",
      requestSent: true,
    });
  });
});

describe("accounts and webhooks", () => {
  it("lists and reads accounts", async () => {
    const accounts = [];
    for await (const account of h.client.accounts()) accounts.push(account);
    expect(accounts).toEqual([await h.client.getAccount(h.accountId)]);
    expect(accounts[0]).toMatchObject({
      id: "sandbox-linkedin-1",
      name: "Demo LinkedIn account",
      type: "LINKEDIN",
      status: "OK",
    });
  });

  it("maps a missing account to 404 resource_not_found", async () => {
    await expect(h.client.getAccount("nope")).rejects.toMatchObject({
      status: 404,
      type: "errors/resource_not_found",
    });
  });

  it("creates, lists and deletes a webhook with the documented body", async () => {
    const receiver = await startReceiver();
    try {
      const { webhookId } = await h.client.createWebhook({
        requestUrl: receiver.url,
        source: "users",
        name: "sam-relations",
        headers: [{ key: "x-sam-secret", value: "s3cr3t-value" }],
        events: ["new_relation"],
        accountIds: [h.accountId],
      });
      const post = h.sandbox.stats.posts.findLast((p) => p.route === "POST /api/v1/webhooks")!;
      expect(post.json).toEqual({
        request_url: receiver.url,
        source: "users",
        name: "sam-relations",
        format: "json",
        headers: [{ key: "x-sam-secret", value: "s3cr3t-value" }],
        events: ["new_relation"],
        account_ids: [h.accountId],
      });
      // `source` is left out of the comparison: Unipile's list need not carry it (the SDK's has none).
      expect(await h.client.listWebhooks()).toEqual([
        expect.objectContaining({
          id: webhookId,
          requestUrl: receiver.url,
          name: "sam-relations",
          enabled: true,
          accountIds: [h.accountId],
          headerNames: ["x-sam-secret"],
        }),
      ]);
      await h.client.deleteWebhook(webhookId);
      expect(await h.client.listWebhooks()).toEqual([]);
      await expect(h.client.deleteWebhook(webhookId)).rejects.toMatchObject({ status: 404 });
    } finally {
      await receiver.close();
    }
  });
});
