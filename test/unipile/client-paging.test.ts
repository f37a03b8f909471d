// Paging as Unipile does it, seen from the wire: cursors are opaque strings handed back as they
// came (padded base64 carries + / =, which must be percent-encoded in the query), the page size
// is the client's configured one (Unipile's maximum by default), and a list ends at cursor null.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_PAGE_SIZES, UnipileClient, type UnipileClientOptions } from "../../src/unipile/client.js";
import { API_KEY, jsonReply, quietLogger, startStub } from "./helpers.js";

// Padded standard base64, as Unipile's cursors are: '+', '/' and '=' all occur.
const CURSORS = ["eyJwYWdlIjoyLCJrIjoiPj4/In0=", "eyJwYWdlIjozLCJrIjoiPz8+Pz8ifQ=="];

let stub: Awaited<ReturnType<typeof startStub>> | null = null;
let client: UnipileClient | null = null;
afterEach(async () => {
  await client?.close();
  await stub?.close();
  client = null;
  stub = null;
});

/** A three-page list on every route; records each request's raw target. */
async function threePages(item: (n: number) => unknown) {
  const targets: string[] = [];
  stub = await startStub((req: IncomingMessage, res: ServerResponse) => {
    targets.push(req.url ?? "");
    const cursor = new URL(req.url ?? "/", "http://x").searchParams.get("cursor");
    const page = cursor === null ? 0 : CURSORS.indexOf(cursor) + 1;
    if (page === 0 && cursor !== null) return jsonReply(res, 400, { status: 400, type: "errors/invalid_parameters" });
    jsonReply(res, 200, { object: "List", items: [item(page * 2), item(page * 2 + 1)], cursor: CURSORS[page] ?? null });
  });
  return targets;
}

function clientFor(options: Partial<UnipileClientOptions> = {}) {
  client = new UnipileClient({ baseUrl: stub!.url, apiKey: API_KEY, logger: quietLogger, ...options });
  return client;
}

const relation = (n: number) => ({ object: "UserRelation", member_id: `ACoAA${n}`, public_identifier: `person-${n}` });
const query = (target: string) => new URL(target, "http://x").searchParams;

describe("cursors", () => {
  it("are sent back exactly as received, percent-encoded, until the cursor is null", async () => {
    const targets = await threePages(relation);
    const people = [];
    for await (const person of clientFor({ pageSizes: { relations: 2 } }).relations("acc-1")) people.push(person.publicIdentifier);
    expect(people).toEqual(["person-0", "person-1", "person-2", "person-3", "person-4", "person-5"]);
    expect(targets).toHaveLength(3);
    expect(targets.map((target) => query(target).get("cursor"))).toEqual([null, ...CURSORS]);
    // On the wire: no raw '+' (a space to the server), '/' or '='.
    expect(targets[1]).toContain("cursor=eyJwYWdlIjoyLCJrIjoiPj4%2FIn0%3D");
    expect(targets[2]).toContain("cursor=eyJwYWdlIjozLCJrIjoiPz8%2BPz8ifQ%3D%3D");
    expect(targets.every((target) => query(target).get("limit") === "2")).toBe(true);
  });

  it("a cursor handed out twice ends the walk instead of looping", async () => {
    stub = await startStub((_req, res) => jsonReply(res, 200, { items: [relation(1)], cursor: CURSORS[0] }));
    const people = [];
    for await (const person of clientFor().relations("acc-1")) people.push(person);
    expect(people).toHaveLength(2);
    expect(stub.calls()).toBe(2);
  });
});

describe("page sizes", () => {
  it("default to Unipile's maximum for each list", async () => {
    const targets = await threePages((n) => ({ id: `x${n}`, chat_id: "c1", sender_id: "s", timestamp: "2026-01-01T00:00:00.000Z", is_sender: 0 }));
    const unipile = clientFor();
    await unipile.listRelations("acc-1");
    await unipile.listSentInvitations("acc-1");
    await unipile.listMessages("c1");
    await unipile.listAccounts();
    await unipile.listChatsWithAttendee("acc-1", "ACoAA1").catch(() => {});
    expect(targets.map((target) => [new URL(target, "http://x").pathname, query(target).get("limit")]).slice(0, 5)).toEqual([
      ["/api/v1/users/relations", String(MAX_PAGE_SIZES.relations)],
      ["/api/v1/users/invite/sent", String(MAX_PAGE_SIZES.invitations)],
      ["/api/v1/chats/c1/messages", String(MAX_PAGE_SIZES.messages)],
      ["/api/v1/accounts", String(MAX_PAGE_SIZES.accounts)],
      ["/api/v1/chat_attendees/ACoAA1/chats", String(MAX_PAGE_SIZES.chats)],
    ]);
  });

  it("refuse sizes Unipile would refuse, when the client is made", () => {
    expect(() => new UnipileClient({ baseUrl: "http://127.0.0.1:1", apiKey: API_KEY, pageSizes: { invitations: 101 } })).toThrow(
      /invitations must be an integer from 1 to 100/,
    );
    expect(() => new UnipileClient({ baseUrl: "http://127.0.0.1:1", apiKey: API_KEY, pageSizes: { messages: 0 } })).toThrow(TypeError);
  });
});
