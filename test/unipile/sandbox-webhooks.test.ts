// Webhook deliveries from the sandbox to a loopback receiver: the documented flat bodies, the
// registered custom headers, filters, and retries until the receiver answers 200.
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, HOUR, startHarness, startReceiver } from "./helpers.js";

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

afterEach(async () => {
  await h?.close();
  await receiver?.close();
});

async function setUp(statuses: number[] = [], newRelationDelayMs?: number) {
  receiver = await startReceiver(statuses);
  h = await startHarness({
    webhooks: { retryDelaysMs: [10, 20, 30, 40, 50], newRelationDelayMs },
    scenario: {
      profiles: [
        {
          identifier: "rita-1st",
          firstName: "Rita",
          lastName: "Moreau",
          degree: "FIRST_DEGREE",
          replyAfterHours: 5,
          replyText: "Sure!",
        },
        {
          identifier: "sam-2nd",
          firstName: "Sam",
          lastName: "Berg",
          degree: "SECOND_DEGREE",
          acceptAfterHours: 10,
        },
      ],
    },
  });
}

const SECRET_HEADER = { key: "x-sam-webhook-secret", value: "hook-secret-93b1" };

describe("messaging webhooks", () => {
  it("announce our own sends and the prospect's reply, with the custom headers", async () => {
    await setUp();
    await h.client.createWebhook({
      requestUrl: receiver.url,
      source: "messaging",
      name: "sam-messages",
      headers: [SECRET_HEADER],
    });
    const account = await h.client.getAccount(h.accountId);
    const rita = await h.client.getProfile(h.accountId, "rita-1st");
    const { chatId, messageId } = await h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: rita.providerId,
      text: "Hi Rita",
    });
    await h.sandbox.webhooksIdle();
    await h.clock.advance(6 * HOUR);
    await h.sandbox.webhooksIdle();

    expect(receiver.received).toHaveLength(2);
    for (const hook of receiver.received) {
      expect(hook.headers[SECRET_HEADER.key]).toBe(SECRET_HEADER.value);
      expect(hook.headers["content-type"]).toBeUndefined(); // Unipile adds none unless registered
    }
    const [own, reply] = receiver.bodies();
    expect(own).toEqual({
      account_id: h.accountId,
      account_type: "LINKEDIN",
      event: "message_received",
      chat_id: chatId,
      timestamp: "2025-03-03T09:00:00.000Z",
      webhook_name: "sam-messages",
      message_id: messageId,
      message: "Hi Rita",
      sender: expect.objectContaining({ attendee_provider_id: account.ownProviderId }),
      attendees: expect.arrayContaining([expect.objectContaining({ attendee_provider_id: rita.providerId })]),
      attachments: [],
    });
    expect(reply).toMatchObject({
      event: "message_received",
      chat_id: chatId,
      message: "Sure!",
      timestamp: "2025-03-03T14:00:00.000Z",
      sender: {
        attendee_id: expect.any(String),
        attendee_name: "Rita Moreau",
        attendee_provider_id: rita.providerId,
        attendee_profile_url: "https://www.linkedin.com/in/rita-1st/",
      },
    });
  });

  it("skip webhooks registered for other accounts or other events", async () => {
    await setUp();
    await h.client.createWebhook({
      requestUrl: receiver.url,
      source: "messaging",
      accountIds: ["someone-else"],
    });
    await h.client.createWebhook({ requestUrl: receiver.url, source: "messaging", events: ["message_read"] });
    await h.client.createWebhook({ requestUrl: receiver.url, source: "messaging", enabled: false });
    const rita = await h.client.getProfile(h.accountId, "rita-1st");
    await h.client.startChat({ accountId: h.accountId, attendeeProviderId: rita.providerId, text: "Hi" });
    await h.sandbox.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
  });
});

describe("users webhooks", () => {
  it("send new_relation a few virtual minutes after the acceptance", async () => {
    await setUp([], 10 * 60_000);
    await h.client.createWebhook({
      requestUrl: receiver.url,
      source: "users",
      name: "sam-relations",
      headers: [SECRET_HEADER],
    });
    const sam = await h.client.getProfile(h.accountId, "sam-2nd");
    await h.client.sendInvitation({ accountId: h.accountId, providerId: sam.providerId });
    await h.clock.advance(10 * HOUR + 5 * 60_000);
    await h.sandbox.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
    await h.clock.advance(6 * 60_000);
    await h.sandbox.webhooksIdle();
    expect(receiver.bodies()).toEqual([
      {
        event: "new_relation",
        account_id: h.accountId,
        account_type: "LINKEDIN",
        webhook_name: "sam-relations",
        user_full_name: "Sam Berg",
        user_provider_id: sam.providerId,
        user_public_identifier: "sam-2nd",
        user_profile_url: "https://www.linkedin.com/in/sam-2nd/",
        user_picture_url: expect.any(String),
      },
    ]);
  });
});

describe("account_status webhooks", () => {
  it("report CREDENTIALS on disconnect and RECONNECTED on reconnect; messages wait for the reconnect", async () => {
    await setUp();
    await h.client.createWebhook({ requestUrl: receiver.url, source: "account_status" });
    await h.client.createWebhook({ requestUrl: receiver.url, source: "messaging" });
    const rita = await h.client.getProfile(h.accountId, "rita-1st");
    await h.client.startChat({ accountId: h.accountId, attendeeProviderId: rita.providerId, text: "Hi" });
    await h.sandbox.webhooksIdle();
    receiver.received.length = 0;

    h.sandbox.faults.disconnect();
    await h.clock.advance(6 * HOUR); // Rita replies while the account is disconnected
    await h.sandbox.webhooksIdle();
    expect(receiver.bodies()).toEqual([
      { AccountStatus: { account_id: h.accountId, account_type: "LINKEDIN", message: "CREDENTIALS" } },
    ]);
    expect((await h.client.getAccount(h.accountId)).status).toBe("CREDENTIALS");

    h.sandbox.faults.reconnect();
    await h.sandbox.webhooksIdle();
    const bodies = receiver.bodies();
    expect(bodies[1]).toEqual({
      AccountStatus: { account_id: h.accountId, account_type: "LINKEDIN", message: "RECONNECTED" },
    });
    expect(bodies[2]).toMatchObject({ event: "message_received", message: "Sure!" });
    expect((await h.client.getAccount(h.accountId)).status).toBe("OK");
  });
});

describe("delivery retries", () => {
  it("retry until the receiver answers 200", async () => {
    await setUp([500, 503]);
    await h.client.createWebhook({ requestUrl: receiver.url, source: "messaging" });
    const rita = await h.client.getProfile(h.accountId, "rita-1st");
    await h.client.startChat({ accountId: h.accountId, attendeeProviderId: rita.providerId, text: "Hi" });
    await h.sandbox.webhooksIdle();
    expect(receiver.received).toHaveLength(3);
    expect(h.sandbox.stats.webhookDeliveries).toMatchObject([
      { attempts: 3, delivered: true, lastOutcome: 200 },
    ]);
  });

  it("give up after five retries", async () => {
    await setUp([500, 500, 500, 500, 500, 500, 500]);
    await h.client.createWebhook({ requestUrl: receiver.url, source: "messaging" });
    const rita = await h.client.getProfile(h.accountId, "rita-1st");
    await h.client.startChat({ accountId: h.accountId, attendeeProviderId: rita.providerId, text: "Hi" });
    await h.sandbox.webhooksIdle();
    expect(receiver.received).toHaveLength(6);
    expect(h.sandbox.stats.webhookDeliveries).toMatchObject([
      { attempts: 6, delivered: false, lastOutcome: 500 },
    ]);
  });

  it("treat other 2xx answers as failures, as Unipile expects exactly 200", async () => {
    await setUp([204]);
    await h.client.createWebhook({ requestUrl: receiver.url, source: "messaging" });
    const rita = await h.client.getProfile(h.accountId, "rita-1st");
    await h.client.startChat({ accountId: h.accountId, attendeeProviderId: rita.providerId, text: "Hi" });
    await h.sandbox.webhooksIdle();
    expect(h.sandbox.stats.webhookDeliveries).toMatchObject([{ attempts: 2, delivered: true }]);
  });
});
