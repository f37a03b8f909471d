// The official unipile-node-sdk drives the sandbox, with the SDK's strictest response validation
// (`validateRequestPayload: true`, level "error": an answer that does not match the SDK's typebox
// schema throws InvalidResponseTypeError instead of being returned). Every exchange also goes
// through a recorder and is checked against Unipile's OpenAPI reference (test/fixtures). Both
// checks were written by Unipile, not by us, so the sandbox cannot pass them by agreeing with
// itself.
import {
  InvalidResponseTypeError,
  UnipileClient as UnipileSdk,
  UnsuccessfulRequestError,
} from "unipile-node-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { answerErrors, requestErrors } from "../support/unipile-openapi.js";
import { API_KEY, type Harness, startHarness, startReceiver } from "./helpers.js";
import { type Recorder, startRecorder } from "./recorder.js";

/** What the SDK's `isBase64` accepts: standard alphabet, `=` padding, length a multiple of 4. */
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

let h: Harness;
let recorder: Recorder;
let sdk: UnipileSdk;
let accountId: string;

beforeAll(async () => {
  h = await startHarness({ scenario: { generatedRelations: 7 } });
  recorder = await startRecorder(h.sandbox.url);
  sdk = new UnipileSdk(recorder.url, API_KEY, {
    validateRequestPayload: true,
    validateRequestPayloadLevel: "error",
  });
  accountId = h.accountId;
});
afterAll(async () => {
  await recorder.close();
  await h.close();
});

// Each test's exchanges, requests and answers alike, as Unipile's reference describes them.
afterEach(async () => {
  const exchanges = recorder.exchanges.splice(0);
  for (const exchange of exchanges) {
    const errors = [...(await requestErrors(exchange)), ...answerErrors(exchange)];
    expect(errors, `${exchange.method} ${exchange.path} → ${exchange.status}`).toEqual([]);
  }
});

const providerId = (identifier: string) => h.sandbox.world.people.meet(identifier).providerId;

/** Walks a list with the SDK the way its users do: `cursor` from each page, until null. */
async function allPages<T>(fetchPage: (cursor?: string) => Promise<{ items: T[]; cursor: unknown }>) {
  const pages: T[][] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    pages.push(page.items);
    cursor = page.cursor === null ? undefined : String(page.cursor);
    if (cursor) cursors.push(cursor);
  } while (cursor);
  return { pages, cursors };
}

function expectPaddedCursors(cursors: string[]) {
  expect(cursors.length).toBeGreaterThan(0);
  for (const cursor of cursors) {
    expect(cursor).toMatch(PADDED_BASE64);
    expect(cursor.length % 4).toBe(0);
  }
}

describe("accounts and profiles", () => {
  it("lists the accounts and reads one (GET /accounts, /accounts/{id})", async () => {
    const accounts = await sdk.account.getAll();
    expect(accounts.items.map((account) => account.id)).toEqual([accountId]);
    const account = await sdk.account.getOne(accountId);
    expect(account).toMatchObject({ object: "Account", id: accountId, type: "LINKEDIN" });
  });

  it("reads the account owner's profile (GET /users/me)", async () => {
    const me = await sdk.users.getOwnProfile(accountId);
    expect(me).toMatchObject({
      object: "AccountOwnerProfile",
      provider: "LINKEDIN",
      provider_id: h.sandbox.world.account(accountId)!.providerId,
    });
  });

  it("reads a profile by public identifier, with every section", async () => {
    const profile = await sdk.users.getProfile({
      account_id: accountId,
      identifier: "ada-1st",
      linkedin_sections: "*",
    });
    expect(profile).toMatchObject({
      object: "UserProfile",
      provider_id: providerId("ada-1st"),
      public_identifier: "ada-1st",
      network_distance: "FIRST_DEGREE",
      work_experience: [expect.objectContaining({ current: true })],
      skills: [expect.objectContaining({ name: "Sales" })],
    });
  });

  it("reads a profile by provider id, with one section", async () => {
    const profile = await sdk.users.getProfile({
      account_id: accountId,
      identifier: providerId("ada-1st"),
      linkedin_sections: "education",
    });
    expect(profile).toMatchObject({ public_identifier: "ada-1st", education: [expect.any(Object)] });
    expect(profile).not.toHaveProperty("work_experience");
  });

  it("refuses sections joined with commas, as the SDK sends an array (SDK issue #18)", async () => {
    const asked = sdk.users.getProfile({
      account_id: accountId,
      identifier: "ada-1st",
      linkedin_sections: ["experience", "skills"],
    });
    await expect(asked).rejects.toBeInstanceOf(UnsuccessfulRequestError);
    await expect(asked).rejects.toMatchObject({
      body: {
        status: 400,
        type: "errors/invalid_parameters",
        message: "Expected union value at /linkedin_sections",
      },
    });
    // The recorder's check agrees: the request breaks the reference, so it is not kept for afterEach.
    const refused = recorder.exchanges.pop()!;
    expect(await requestErrors(refused)).toContain(
      "query linkedin_sections: must match at least one schema of anyOf (0 do)",
    );
    expect(answerErrors(refused)).toEqual([]);
  });
});

describe("relations and invitations", () => {
  it("pages through relations with padded cursors that remember the page size", async () => {
    const { pages, cursors } = await allPages((cursor) =>
      // Like Unipile's, the cursor carries the limit: later pages are asked for with the cursor alone.
      sdk.users.getAllRelations(
        cursor ? { account_id: accountId, cursor } : { account_id: accountId, limit: 3 },
      ),
    );
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    const ids = pages.flat().map((relation) => relation.member_id);
    expect(new Set(ids).size).toBe(7);
    expectPaddedCursors(cursors);
  });

  it("invites, pages through the sent invitations and cancels one", async () => {
    const people = [
      "ivy-2nd-ignores",
      "jon-2nd-ignores",
      "kim-3rd-ignores",
      "lea-2nd-ignores",
      "max-2nd-ignores",
    ];
    for (const person of people) {
      const sent = await sdk.users.sendInvitation({
        account_id: accountId,
        provider_id: providerId(person),
        message: `Hello ${person}, shall we connect?`,
      });
      expect(sent).toMatchObject({ object: "UserInvitationSent", invitation_id: expect.any(String) });
    }
    const { pages, cursors } = await allPages((cursor) =>
      sdk.users.getAllInvitationsSent({ account_id: accountId, limit: 2, cursor }),
    );
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((invitation) => invitation.invited_user_public_id)).toEqual(
      [...people].reverse(),
    );
    expectPaddedCursors(cursors);

    const newest = pages[0]![0]!;
    const canceled = await sdk.users.cancelInvitationSent({
      account_id: accountId,
      invitation_id: newest.id,
    });
    expect(canceled).toMatchObject({ object: "InvitationCanceled" });
    const after = await sdk.users.getAllInvitationsSent({ account_id: accountId, limit: 100 });
    expect(after.items.map((invitation) => invitation.id)).not.toContain(newest.id);
    expect(after.items).toHaveLength(4);
  });
});

describe("chats and messages", () => {
  const people = ["nora-1st-silent", "otto-1st-silent", "pia-1st-silent"];
  let chatId: string;

  beforeAll(async () => {
    for (const person of people) {
      await sdk.messaging.startNewChat({
        account_id: accountId,
        attendees_ids: [providerId(person)],
        text: `Hi ${person}`,
      });
      await h.clock.advance(60_000);
    }
    chatId = h.sandbox.world.chatWith(accountId, "pia-1st-silent")!.id;
  });

  it("starts a chat and sends in it (POST /chats, /chats/{id}/messages)", async () => {
    const started = await sdk.messaging.startNewChat({
      account_id: accountId,
      attendees_ids: [providerId("pia-1st-silent")],
      text: "One more thing",
    });
    expect(started).toMatchObject({ object: "ChatStarted", chat_id: chatId });
    for (const text of ["Two", "Three"]) {
      await h.clock.advance(1_000);
      expect(await sdk.messaging.sendMessage({ chat_id: chatId, text })).toMatchObject({
        object: "MessageSent",
      });
    }
  });

  it("pages through the chats, reads one and finds them by attendee", async () => {
    const { pages, cursors } = await allPages((cursor) =>
      sdk.messaging.getAllChats({ account_id: accountId, limit: 1, cursor }),
    );
    expect(pages.map((page) => page.length)).toEqual([1, 1, 1]);
    expectPaddedCursors(cursors);
    const chat = await sdk.messaging.getChat(chatId);
    expect(chat).toMatchObject({
      object: "Chat",
      id: chatId,
      lastMessage: expect.objectContaining({ text: "Three" }),
    });
    const byAttendee = await sdk.messaging.getAllChatsFromAttendee({
      attendee_id: providerId("pia-1st-silent"),
      account_id: accountId,
    });
    expect(byAttendee.items.map((found) => found.id)).toEqual([chatId]);
  });

  it("pages through the messages of a chat, newest first", async () => {
    const { pages, cursors } = await allPages((cursor) =>
      sdk.messaging.getAllMessagesFromChat({ chat_id: chatId, limit: 1, cursor }),
    );
    expect(pages.flat().map((message) => message.text)).toEqual([
      "Three",
      "Two",
      "One more thing",
      "Hi pia-1st-silent",
    ]);
    expectPaddedCursors(cursors);
  });

  it("lists a chat's attendees, every message and every attendee (GET /chats/{id}/attendees, /messages, /chat_attendees)", async () => {
    const attendees = await sdk.messaging.getAllAttendeesFromChat(chatId);
    expect(attendees.items.map((attendee) => [attendee.provider_id, attendee.is_self])).toEqual([
      [h.sandbox.world.account(accountId)!.providerId, 1],
      [providerId("pia-1st-silent"), 0],
    ]);

    const messages = await allPages((cursor) =>
      sdk.messaging.getAllMessages({ account_id: accountId, limit: 2, cursor }),
    );
    expect(messages.pages.flat()).toHaveLength(6);
    expect(messages.pages.flat()[0]).toMatchObject({ text: "Three", chat_id: chatId });
    expectPaddedCursors(messages.cursors);

    const everyone = await allPages((cursor) =>
      sdk.messaging.getAllAttendees({ account_id: accountId, limit: 2, cursor }),
    );
    expect(new Set(everyone.pages.flat().map((attendee) => attendee.provider_id))).toEqual(
      new Set(people.map(providerId)),
    );
    expectPaddedCursors(everyone.cursors);
  });
});

describe("webhooks", () => {
  it("creates, lists (account_ids as objects, header values, no source) and deletes", async () => {
    const receiver = await startReceiver();
    try {
      const messaging = await sdk.webhook.create({
        request_url: receiver.url,
        source: "messaging",
        name: "sdk-messaging",
        headers: [{ key: "x-secret", value: "s3cr3t" }],
      });
      const status = await sdk.webhook.create({
        request_url: receiver.url,
        source: "account_status",
        account_ids: [accountId],
      });
      const listed = await sdk.webhook.getAll();
      expect(listed.items).toEqual([
        expect.objectContaining({
          id: status.webhook_id,
          type: "AUTO",
          format: "json",
          account_ids: [{ id: accountId, type: "LINKEDIN", name: "Demo LinkedIn account" }],
        }),
        expect.objectContaining({
          id: messaging.webhook_id,
          headers: [{ key: "x-secret", value: "s3cr3t" }],
          account_ids: [],
        }),
      ]);
      expect(listed.items[0]).not.toHaveProperty("source");
      for (const webhook of [messaging, status]) {
        expect(await sdk.webhook.delete(webhook.webhook_id)).toMatchObject({ object: "WebhookDeleted" });
      }
      expect((await sdk.webhook.getAll()).items).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});

describe("a broken sandbox answer", () => {
  it("fails the SDK's validation when a required field is missing", async () => {
    h.sandbox.faults.reshapeNext("GET /api/v1/users/relations", (body) => {
      const list = body as { items: Array<Record<string, unknown>> };
      delete list.items[0]!.member_id;
      return list;
    });
    const broken = sdk.users.getAllRelations({ account_id: accountId, limit: 2 });
    await expect(broken).rejects.toBeInstanceOf(InvalidResponseTypeError);
    await expect(broken).rejects.toMatchObject({
      body: expect.arrayContaining([
        expect.objectContaining({ path: "/items/0/member_id", message: "Required property" }),
      ]),
    });
    // The reference check sees it too.
    expect(answerErrors(recorder.exchanges.pop()!)).toContain("answer 200/items/0: must have member_id");
  });

  it("fails the SDK's validation on an unpadded base64url cursor, the sandbox's former format", async () => {
    // 31 characters of unpadded base64url, as the sandbox answered before issue 12.
    const former = Buffer.from(JSON.stringify({ l: "relations", s: 6 })).toString("base64url");
    expect(former).toHaveLength(31);
    h.sandbox.faults.reshapeNext("GET /api/v1/users/relations", (body) => ({
      ...(body as object),
      cursor: former,
    }));
    const broken = sdk.users.getAllRelations({ account_id: accountId, limit: 1 });
    await expect(broken).rejects.toMatchObject({
      body: expect.arrayContaining([expect.objectContaining({ path: "/cursor" })]),
    });
    recorder.exchanges.pop();
  });
});

describe("hosted authentication", () => {
  it("requests a link for the hosted sign-in wizard (POST /hosted/accounts/link)", async () => {
    const link = await sdk.account.createHostedAuthLink({
      type: "create",
      providers: ["LINKEDIN"],
      api_url: h.sandbox.url,
      expiresOn: "2099-01-01T00:00:00.000Z",
      notify_url: "http://127.0.0.1:9/notify",
      name: "signed-reference",
    });
    expect(link).toEqual({ object: "HostedAuthUrl", url: expect.stringContaining("/hosted/wizard/") });
  });
});
