// Faults on demand: daily 429 limits, held requests, disconnected accounts, unreachable people,
// 5xx bursts, latency and reshaped answers.
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { API_KEY, DAY, type Harness, startHarness } from "./helpers.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function providerIdOf(identifier: string): Promise<string> {
  return (await h.client.getProfile(h.accountId, identifier)).providerId;
}

describe("daily limits", () => {
  it("answer 429 too_many_requests after N invitations in a virtual day, and reset the next day", async () => {
    h = await startHarness();
    h.sandbox.faults.dailyLimit({ invitationsPerDay: 4 });
    const usages = [];
    for (let i = 0; i < 4; i++) {
      const sent = await h.client.sendInvitation({
        accountId: h.accountId,
        providerId: await providerIdOf(`lead-${i}-2nd`),
      });
      usages.push(sent.usagePercent);
    }
    expect(usages).toEqual([null, 50, 75, 100]);
    const fifth = h.client.sendInvitation({
      accountId: h.accountId,
      providerId: await providerIdOf("lead-4-2nd"),
    });
    await expect(fifth).rejects.toMatchObject({
      status: 429,
      type: "errors/too_many_requests",
      failureClass: "account_rate_limited",
    });
    expect(h.sandbox.stats.deliveries.filter((d) => d.kind === "invitation")).toHaveLength(4);

    await h.clock.advance(DAY);
    await expect(
      h.client.sendInvitation({ accountId: h.accountId, providerId: await providerIdOf("lead-4-2nd") }),
    ).resolves.toMatchObject({ invitationId: expect.any(String) });
  });

  it("count messages from both chat endpoints, per account", async () => {
    h = await startHarness();
    h.sandbox.faults.dailyLimit({ accountId: h.accountId, messagesPerDay: 2 });
    const first = await h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: await providerIdOf("m-1st"),
      text: "1",
    });
    await h.client.sendMessage({ chatId: first.chatId!, text: "2" });
    await expect(h.client.sendMessage({ chatId: first.chatId!, text: "3" })).rejects.toMatchObject({
      status: 429,
    });
    await expect(
      h.client.startChat({
        accountId: h.accountId,
        attendeeProviderId: await providerIdOf("n-1st"),
        text: "4",
      }),
    ).rejects.toMatchObject({ status: 429 });
  });
});

describe("hold", () => {
  it("keeps a send in flight until released, then delivers and answers", async () => {
    h = await startHarness();
    const target = await providerIdOf("held-1st");
    const hold = h.sandbox.faults.hold("POST /api/v1/chats");
    const sending = h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: target,
      text: "in flight",
    });
    const held = await hold.arrived;
    expect(held).toMatchObject({
      route: "POST /api/v1/chats",
      fields: { attendees_ids: [target], text: ["in flight"] },
    });
    expect(h.sandbox.stats.deliveries).toHaveLength(0);
    await hold.release();
    await expect(sending).resolves.toMatchObject({ chatId: expect.any(String) });
    expect(h.sandbox.stats.deliveries).toHaveLength(1);
  });

  it("delivers on release even when the caller died meanwhile (the crash-mid-send case)", async () => {
    h = await startHarness();
    const target = await providerIdOf("crash-1st");
    const hold = h.sandbox.faults.hold("POST /api/v1/chats", {
      match: (r) => r.fields?.text?.[0] === "before crash",
    });
    const form = new FormData();
    form.append("account_id", h.accountId);
    form.append("attendees_ids", target);
    form.append("text", "before crash");
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const caller = request(`${h.sandbox.url}/api/v1/chats`, {
      method: "POST",
      headers: { "x-api-key": API_KEY, "content-type": encoded.headers.get("content-type")! },
    });
    caller.on("error", () => {});
    caller.end(body);
    await hold.arrived;
    caller.destroy(); // the worker is killed while the request is held
    await hold.release();
    expect(h.sandbox.stats.deliveries).toMatchObject([{ kind: "message", text: "before crash" }]);
  });

  it("drops a held request without effect; the caller sees an ambiguous failure", async () => {
    h = await startHarness();
    const target = await providerIdOf("dropped-1st");
    const hold = h.sandbox.faults.hold("POST /api/v1/chats");
    const sending = h.client.startChat({ accountId: h.accountId, attendeeProviderId: target, text: "never" });
    await hold.arrived;
    await hold.drop();
    await expect(sending).rejects.toMatchObject({ failureClass: "ambiguous", requestSent: true });
    expect(h.sandbox.stats.deliveries).toHaveLength(0);
  });
});

describe("accounts and recipients", () => {
  it("answer 401 disconnected_account on every call for a disconnected account until it reconnects", async () => {
    h = await startHarness();
    const target = await providerIdOf("dora-1st");
    const { chatId } = await h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: target,
      text: "hi",
    });
    h.sandbox.faults.disconnect(h.accountId);
    const calls = [
      () => h.client.getProfile(h.accountId, "dora-1st"),
      () => h.client.listRelations(h.accountId),
      () => h.client.listSentInvitations(h.accountId),
      () => h.client.sendMessage({ chatId: chatId!, text: "again" }),
      () => h.client.listMessages(chatId!),
      () => h.client.startChat({ accountId: h.accountId, attendeeProviderId: target, text: "x" }),
      () => h.client.sendInvitation({ accountId: h.accountId, providerId: target }),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({
        status: 401,
        type: "errors/disconnected_account",
        failureClass: "account_unavailable",
      });
    }
    h.sandbox.faults.reconnect(h.accountId);
    await expect(h.client.sendMessage({ chatId: chatId!, text: "back" })).resolves.toBeDefined();
  });

  it("answer 422 invalid_recipient for unreachable people", async () => {
    h = await startHarness();
    const target = await providerIdOf("gone-1st");
    h.sandbox.faults.unreachable("gone-1st");
    await expect(
      h.client.startChat({ accountId: h.accountId, attendeeProviderId: target, text: "hi" }),
    ).rejects.toMatchObject({
      status: 422,
      type: "errors/invalid_recipient",
      failureClass: "recipient_unreachable",
    });
  });
});

describe("5xx bursts and latency", () => {
  it("fail the next N calls of any route with '*'", async () => {
    h = await startHarness({}, { retry: { maxRetries: 0 } });
    h.sandbox.faults.failNext("*", 2, 504);
    await expect(h.client.listAccounts()).rejects.toMatchObject({
      status: 504,
      type: "errors/request_timeout",
    });
    await expect(h.client.getAccount(h.accountId)).rejects.toMatchObject({ status: 504 });
    await expect(h.client.getAccount(h.accountId)).resolves.toMatchObject({ id: h.accountId });
  });

  it("slow answers by the configured real milliseconds", async () => {
    h = await startHarness();
    h.sandbox.faults.latency(80);
    const started = performance.now();
    await h.client.listAccounts();
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });
});

describe("reshaped answers", () => {
  it("alter only the next successful answer of the route, after its effect", async () => {
    h = await startHarness();
    const target = await providerIdOf("rhea-2nd-ignores");
    h.sandbox.faults.reshapeNext("POST /api/v1/users/invite", () => ({ object: "UserInvitationSent" }));
    // A refused request leaves the reshape waiting: the 400 goes out as it is.
    await expect(
      h.client.sendInvitation({ accountId: h.accountId, providerId: target, message: "x".repeat(301) }),
    ).rejects.toMatchObject({ status: 400, type: "errors/too_many_characters" });
    // The invitation is sent, but its answer lacks invitation_id.
    await expect(h.client.sendInvitation({ accountId: h.accountId, providerId: target })).rejects.toThrow();
    expect(h.sandbox.world.pendingInvitationsNewestFirst(h.accountId)).toHaveLength(1);
    await expect(
      h.client.sendInvitation({ accountId: h.accountId, providerId: await providerIdOf("sven-2nd-ignores") }),
    ).resolves.toMatchObject({ invitationId: expect.any(String) });
  });
});
