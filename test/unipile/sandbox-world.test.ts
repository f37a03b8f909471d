// The sandbox's people and time: deterministic behaviour per identifier, acceptances and replies
// that happen as the virtual clock moves, and LinkedIn's invitation rules.
import { afterEach, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { derivePersona } from "../../src/unipile/sandbox/persona.js";
import { DAY, type Harness, HOUR, START, startHarness } from "./helpers.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("people derived from identifiers", () => {
  it("are the same in every run: provider id, names, behaviour", () => {
    const a = derivePersona("Marie-Curie", 0);
    expect(a).toEqual(derivePersona("marie-curie", 0));
    expect(a).toMatchObject({ publicIdentifier: "marie-curie", firstName: "Marie", lastName: "Curie" });
    expect(a.providerId).toMatch(/^ACoAA[A-Za-z0-9_-]{34}$/);
    expect(derivePersona("marie-curie", 7).providerId).toBe(a.providerId);
  });

  it("follow the intended mix: ~80% first degree, ~60% accept, ~30% reply", () => {
    const people = Array.from({ length: 2_000 }, (_, i) => derivePersona(`prospect-${i}`, 0));
    const share = (test: (p: (typeof people)[number]) => boolean) =>
      people.filter(test).length / people.length;
    expect(share((p) => p.degree === "FIRST_DEGREE")).toBeCloseTo(0.8, 1);
    expect(share((p) => p.degree === "SECOND_DEGREE" || p.degree === "THIRD_DEGREE")).toBeCloseTo(0.2, 1);
    expect(share((p) => p.acceptAfterMs !== null)).toBeCloseTo(0.6, 1);
    expect(share((p) => p.replyAfterMs !== null)).toBeCloseTo(0.3, 1);
    for (const p of people) {
      if (p.acceptAfterMs !== null) expect(p.acceptAfterMs).toBeGreaterThanOrEqual(DAY);
      if (p.acceptAfterMs !== null) expect(p.acceptAfterMs).toBeLessThanOrEqual(5 * DAY);
      if (p.replyAfterMs !== null) expect(p.replyAfterMs).toBeLessThanOrEqual(3 * DAY);
    }
  });

  it("obey demo markers", () => {
    expect(derivePersona("ana-2nd-accepts-replies", 0)).toMatchObject({
      firstName: "Ana",
      degree: "SECOND_DEGREE",
      acceptAfterMs: expect.any(Number),
      replyAfterMs: expect.any(Number),
    });
    expect(derivePersona("ben-3rd-ignores-silent", 0)).toMatchObject({
      degree: "THIRD_DEGREE",
      acceptAfterMs: null,
      replyAfterMs: null,
    });
    expect(derivePersona("cy-unreachable", 0).unreachable).toBe(true);
    expect(derivePersona("dee-notfound", 0).notFound).toBe(true);
  });

  it("answer 404 for a notfound profile and the undocumented /users/profile route", async () => {
    h = await startHarness();
    await expect(h.client.getProfile(h.accountId, "dee-notfound")).rejects.toMatchObject({
      status: 404,
      type: "errors/resource_not_found",
      failureClass: "recipient_unreachable",
    });
    await expect(h.client.getProfile(h.accountId, "profile")).rejects.toMatchObject({ status: 404 });
  });

  it("keep first-degree people out of the relations list unless seeded or accepted", async () => {
    h = await startHarness({ scenario: { relations: ["seeded-1st"] } });
    const free = await h.client.getProfile(h.accountId, "free-1st");
    expect(free.networkDistance).toBe("FIRST_DEGREE");
    const listed = [];
    for await (const relation of h.client.relations(h.accountId)) listed.push(relation.publicIdentifier);
    expect(listed).toEqual(["seeded-1st"]);
  });
});

describe("time", () => {
  it("accepts an invitation after the person's delay, then lists the relation", async () => {
    h = await startHarness({
      scenario: { profiles: [{ identifier: "ivy", degree: "SECOND_DEGREE", acceptAfterHours: 30 }] },
    });
    const ivy = await h.client.getProfile(h.accountId, "ivy");
    await h.client.sendInvitation({ accountId: h.accountId, providerId: ivy.providerId, message: "Hi Ivy" });

    await h.clock.advance(29 * HOUR);
    expect((await h.client.getProfile(h.accountId, "ivy")).networkDistance).toBe("SECOND_DEGREE");
    expect((await h.client.listSentInvitations(h.accountId)).items).toHaveLength(1);

    await h.clock.advance(2 * HOUR);
    expect(await h.client.getProfile(h.accountId, "ivy")).toMatchObject({
      networkDistance: "FIRST_DEGREE",
      invitation: null,
    });
    expect((await h.client.listSentInvitations(h.accountId)).items).toHaveLength(0);
    const [relation] = (await h.client.listRelations(h.accountId)).items;
    expect(relation).toMatchObject({
      providerId: ivy.providerId,
      connectedAt: new Date(START.getTime() + 30 * HOUR),
    });
  });

  it("never accepts for someone who never does", async () => {
    h = await startHarness({
      scenario: { profiles: [{ identifier: "nope", degree: "THIRD_DEGREE", acceptAfterHours: null }] },
    });
    const nope = await h.client.getProfile(h.accountId, "nope");
    await h.client.sendInvitation({ accountId: h.accountId, providerId: nope.providerId });
    await h.clock.advance(60 * DAY);
    expect((await h.client.getProfile(h.accountId, "nope")).invitation).toEqual({
      type: "SENT",
      status: "PENDING",
    });
  });

  it("replies at sentAt + the person's delay, after our message", async () => {
    h = await startHarness({
      scenario: {
        profiles: [
          { identifier: "rex", degree: "FIRST_DEGREE", replyAfterHours: 24, replyText: "Sounds good" },
        ],
      },
    });
    const rex = await h.client.getProfile(h.accountId, "rex");
    const { chatId } = await h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: rex.providerId,
      text: "Hi Rex",
    });
    await h.clock.advance(23 * HOUR);
    expect((await h.client.chatHistory(chatId!)).filter((m) => !m.isSender)).toEqual([]);
    await h.clock.advance(2 * HOUR);
    const history = await h.client.chatHistory(chatId!);
    expect(history.map((m) => ({ text: m.text, isSender: m.isSender, at: m.timestamp }))).toEqual([
      { text: "Hi Rex", isSender: true, at: START },
      { text: "Sounds good", isSender: false, at: new Date(START.getTime() + 24 * HOUR) },
    ]);
  });

  it("moves on its own when the clock runs (tick loop), without requests", async () => {
    const clock = new Clock(START, 0);
    h = await startHarness({
      clock,
      tickMs: 10,
      scenario: { profiles: [{ identifier: "fay", degree: "SECOND_DEGREE", acceptAfterHours: 1 }] },
    });
    const fay = await h.client.getProfile(h.accountId, "fay");
    const { invitationId } = await h.client.sendInvitation({
      accountId: h.accountId,
      providerId: fay.providerId,
    });
    await clock.set({ speed: 3_600_000 / 50 }); // one virtual hour per 50 real ms
    await expect
      .poll(() => h.sandbox.world.invitation(invitationId)?.status, { timeout: 1_000, interval: 10 })
      .toBe("ACCEPTED");
  });
});

describe("invitation rules", () => {
  it("refuses a second invitation while one is pending, and for 3 weeks after a withdrawal", async () => {
    h = await startHarness({
      scenario: { profiles: [{ identifier: "wes", degree: "SECOND_DEGREE", acceptAfterHours: null }] },
    });
    const wes = await h.client.getProfile(h.accountId, "wes");
    const invite = () => h.client.sendInvitation({ accountId: h.accountId, providerId: wes.providerId });
    const { invitationId } = await invite();
    await expect(invite()).rejects.toMatchObject({
      type: "errors/already_invited_recently",
      failureClass: "already_invited",
    });
    await h.client.cancelInvitation(h.accountId, invitationId);
    await h.clock.advance(20 * DAY);
    await expect(invite()).rejects.toMatchObject({ status: 422, failureClass: "already_invited" });
    await h.clock.advance(2 * DAY);
    await expect(invite()).resolves.toMatchObject({ invitationId: expect.any(String) });
  });

  it("refuses an invitation to a connection, and a note over 300 characters", async () => {
    h = await startHarness();
    const friend = await h.client.getProfile(h.accountId, "old-friend-1st");
    await expect(
      h.client.sendInvitation({ accountId: h.accountId, providerId: friend.providerId }),
    ).rejects.toMatchObject({
      type: "errors/action_already_performed",
      failureClass: "already_invited",
    });
    const stranger = await h.client.getProfile(h.accountId, "stranger-2nd");
    await expect(
      h.client.sendInvitation({
        accountId: h.accountId,
        providerId: stranger.providerId,
        message: "x".repeat(301),
      }),
    ).rejects.toMatchObject({
      status: 400,
      type: "errors/too_many_characters",
      failureClass: "invalid_request",
    });
  });

  it("reset() returns to the scenario's start", async () => {
    h = await startHarness({ scenario: { relations: ["kim-1st"] } });
    const other = await h.client.getProfile(h.accountId, "lee-2nd");
    await h.client.sendInvitation({ accountId: h.accountId, providerId: other.providerId });
    h.sandbox.faults.failNext("*", 5);
    h.sandbox.reset();
    expect(h.sandbox.stats.deliveries).toEqual([]);
    expect(h.sandbox.stats.calls["POST /api/v1/users/invite"]).toBe(0);
    expect((await h.client.listSentInvitations(h.accountId)).items).toEqual([]);
    expect((await h.client.listRelations(h.accountId)).items.map((r) => r.publicIdentifier)).toEqual([
      "kim-1st",
    ]);
  });
});
