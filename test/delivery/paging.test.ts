// The product walks Unipile's lists to their end, cursor by cursor: with pages of 1–3 items,
// the launch's relation sync, the check for a sent invitation whose answer was lost, and the
// check for a sent message (every chat with the person, every message of each) each need at
// least three pages to find what sits on the last one. The real app and worker, the sandbox
// and PostgreSQL; virtual time stands still.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDelivered } from "../../src/delivery/reconcile.js";
import type { RouteKey } from "../../src/unipile/sandbox/routes.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";

const ACCOUNT = "sandbox-linkedin-1";
const SMALL_PAGES = { relations: 3, invitations: 2, chats: 1, messages: 2 };
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ unipile: { pageSizes: SMALL_PAGES } });
});
afterAll(() => t.stop());

/** How many calls `route` gets while `work` runs. */
async function callsDuring<T>(route: RouteKey, work: () => Promise<T>): Promise<{ calls: number; result: T }> {
  const before = t.sandbox.stats.calls[route];
  const result = await work();
  return { calls: t.sandbox.stats.calls[route] - before, result };
}

const providerIdOf = (identifier: string) => t.sandbox.world.profile(identifier)!.providerId;

describe("paging through Unipile's lists", () => {
  it("relations: the launch syncs all three pages, and a connection on the last one saves a profile view", async () => {
    const people = ["rel-a-2nd", "rel-b-2nd", "rel-c-2nd", "rel-d-2nd", "rel-e-2nd", "rel-f-2nd", "rel-g-2nd", "rel-h-2nd"];
    // Listed newest first: rel-a, connected first, comes last (page 3 of 3, 3, 2).
    for (const [i, identifier] of people.entries()) t.sandbox.world.connect(ACCOUNT, identifier, new Date(Date.UTC(2026, 0, 1 + i)));
    const { campaign, accountId } = await draftCampaign(t.db.sql, {
      teamId: t.slack.teamId,
      prospects: [{ identifier: "rel-a-2nd" }, { identifier: "stranger-2nd" }],
    });
    const relationPages = t.sandbox.stats.calls["GET /api/v1/users/relations"];
    const lookups = await callsDuring("GET /api/v1/users/:id", async () => {
      await t.driver.command(`launch c${campaign.handle}`);
      await eventually(async () => (await t.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");
    });
    expect(t.sandbox.stats.calls["GET /api/v1/users/relations"] - relationPages).toBe(3);
    const synced = await t.db.sql`select public_identifier from account_relations where account_id = ${accountId}`;
    expect(synced.map((row) => row.public_identifier).sort()).toEqual(people);
    // Only the stranger was looked up; rel-a was known a connection from page 3.
    expect(lookups.calls).toBe(1);
    const statuses = await t.db.sql`select public_identifier, status from campaign_prospects where campaign_id = ${campaign.id} order by public_identifier`;
    expect(statuses.map((row) => [row.public_identifier, row.status])).toEqual([
      ["rel-a-2nd", "connected"],
      ["stranger-2nd", "skipped"],
    ]);
  });

  it("sent invitations: an invitation whose answer was lost is found on the third page; none is found after the last", async () => {
    // People who never accept ("ignores"): their invitations stay pending whatever the date.
    const invited = ["inv-a-2nd-ignores", "inv-b-2nd-ignores", "inv-c-2nd-ignores", "inv-d-2nd-ignores", "inv-e-2nd-ignores"];
    // Newest first: inv-a, sent first, is alone on page 3 (2, 2, 1).
    for (const [i, identifier] of invited.entries()) {
      t.sandbox.world.seedPendingInvitation(ACCOUNT, identifier, new Date(Date.UTC(2026, 10, 1 + i)));
    }
    const row = { message_type: "connection_request", sent_text: null, unipile_account_id: ACCOUNT, chat_id: null };
    const found = await callsDuring("GET /api/v1/users/invite/sent", () => findDelivered(t.app.ctx, { ...row, provider_id: providerIdOf("inv-a-2nd-ignores") }));
    expect(found.calls).toBe(3);
    const invitation = t.sandbox.world.pendingInvitationsNewestFirst(ACCOUNT).find((i) => i.persona.providerId === providerIdOf("inv-a-2nd-ignores"));
    expect(found.result).toEqual({ chatId: null, messageId: null, invitationId: invitation!.id });

    const missing = await callsDuring("GET /api/v1/users/invite/sent", () =>
      findDelivered(t.app.ctx, { ...row, provider_id: providerIdOf("never-invited-2nd") }),
    );
    expect(missing).toEqual({ calls: 3, result: null });
  });

  it("chats and messages: our follow-up is found in the person's third chat, on that chat's third page of messages", async () => {
    const world = t.sandbox.world;
    const account = world.account(ACCOUNT)!;
    const providerId = providerIdOf("chat-pat-1st");
    // The classic chat holds our follow-up first, then four more messages: it is on page 3 of 2, 2, 1.
    const { chat: classic, message: ours } = world.startChat(account, [providerId], "Pat, here is the case study I mentioned");
    world.replyNow(classic.id, "Thanks!");
    world.sendMessage(account, classic, "Glad it helps");
    world.replyNow(classic.id, "Talk next week");
    world.sendMessage(account, classic, "Sure");
    // Two newer threads with Pat (InMail, Sales Navigator): the classic one is on page 3 of 1, 1, 1.
    for (const text of ["InMail thread", "Sales Navigator thread"]) world.sendMessage(account, world.openAnotherChat(ACCOUNT, providerId), text);

    const row = {
      message_type: "direct_message_2",
      sent_text: "Pat, here is the case study I mentioned",
      unipile_account_id: ACCOUNT,
      provider_id: providerId,
      chat_id: null,
    };
    const chatPages = t.sandbox.stats.calls["GET /api/v1/chat_attendees/:id/chats"];
    const messagePages = await callsDuring("GET /api/v1/chats/:id/messages", () => findDelivered(t.app.ctx, row));
    expect(t.sandbox.stats.calls["GET /api/v1/chat_attendees/:id/chats"] - chatPages).toBe(3);
    // One page for each newer thread, three for the classic one.
    expect(messagePages.calls).toBe(5);
    expect(messagePages.result).toEqual({ chatId: classic.id, messageId: ours.id, invitationId: null });
  });
});
