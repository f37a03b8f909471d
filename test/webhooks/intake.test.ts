// POST /unipile/webhook over real HTTP: the secret header is required, events are stored once,
// and each stored event gets exactly one processing job.
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/log.js";
import { WEBHOOK_SECRET_HEADER, webhookIntake } from "../../src/webhooks/intake.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testContext } from "../support/context.js";

const SECRET = "whsec-test-0123456789";
let db: TestDatabase;
let http: HttpServer;

beforeAll(async () => {
  db = await createTestDatabase();
  const ctx = testContext(db);
  http = await startHttpServer(
    0,
    { slackEvents: null, unipileWebhook: webhookIntake(ctx, () => SECRET), health: async () => ({ ok: true, body: {} }) },
    createLogger(),
  );
});
afterAll(async () => {
  await http.close();
  await db.drop();
});

const newRelation = {
  event: "new_relation",
  account_id: "acc-1",
  account_type: "LINKEDIN",
  webhook_name: "sam",
  user_full_name: "Jane Doe",
  user_provider_id: "ACoAAJaneDoe0000000000000000000000000",
  user_public_identifier: "janedoe456",
  user_profile_url: "https://www.linkedin.com/in/janedoe456/",
  user_picture_url: null,
};

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await request(`${http.url}/unipile/webhook`, {
    method: "POST",
    body: JSON.stringify(body),
    headers,
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

async function counts() {
  const [events] = await db.sql`select count(*)::int as n from webhook_events`;
  const [jobs] = await db.sql`
    select count(*)::int as n from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'process-webhook-event'`;
  return { events: events!.n as number, jobs: jobs!.n as number };
}

describe("Unipile webhook intake", () => {
  it("refuses a delivery without the secret header, and stores nothing", async () => {
    expect((await post(newRelation)).status).toBe(401);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("refuses a wrong secret, and stores nothing", async () => {
    expect((await post(newRelation, { [WEBHOOK_SECRET_HEADER]: "whsec-wrong" })).status).toBe(401);
    expect((await post(newRelation, { [WEBHOOK_SECRET_HEADER]: `${SECRET}x` })).status).toBe(401);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("stores a valid event once even when it is delivered twice, with one processing job", async () => {
    const first = await post(newRelation, { [WEBHOOK_SECRET_HEADER]: SECRET });
    const second = await post(newRelation, { [WEBHOOK_SECRET_HEADER]: SECRET });
    expect(first).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    expect(second).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(await counts()).toEqual({ events: 1, jobs: 1 });
    const [stored] = await db.sql`select source, event, payload from webhook_events`;
    expect(stored).toMatchObject({ source: "users", event: "new_relation", payload: newRelation });
  });

  it("keeps distinct messages apart and parses JSON whatever the content type", async () => {
    const message = (id: string) => ({
      account_id: "acc-1",
      event: "message_received",
      chat_id: "chat-1",
      message_id: id,
      message: "Thanks!",
      sender: { attendee_provider_id: "ACoAAJaneDoe0000000000000000000000000" },
    });
    await post(message("m-1"), { [WEBHOOK_SECRET_HEADER]: SECRET, "content-type": "text/plain" });
    await post(message("m-2"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    await post(message("m-1"), { [WEBHOOK_SECRET_HEADER]: SECRET });
    expect(await counts()).toEqual({ events: 3, jobs: 3 });
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const response = await request(`${http.url}/unipile/webhook`, {
      method: "POST",
      body: "not json",
      headers: { [WEBHOOK_SECRET_HEADER]: SECRET },
    });
    expect(response.statusCode).toBe(400);
    await response.body.dump();
  });
});
