// Registering the app's Unipile webhooks: ours are found by request URL and secret header, never
// by a `source` Unipile's list need not carry; other tools' webhooks (account-scoped, listed with
// object account_ids, or unreadable) change nothing; a failure is told once in SAM_CHANNEL and
// in /healthz, and so is its end. The app, the sandbox (behind a proxy that gives the official
// SDK's list shape), the fake Slack and PostgreSQL.
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { UnipileClient } from "../../src/unipile/client.js";
import type { Sandbox } from "../../src/unipile/sandbox/index.js";
import type { Webhook } from "../../src/unipile/types.js";
import { WEBHOOK_SECRET_HEADER } from "../../src/webhooks/intake.js";
import { keepWebhookRegistered } from "../../src/webhooks/keeper.js";
import { planRegistration, WEBHOOK_SOURCES, webhookName } from "../../src/webhooks/register.js";
import { eventually, startTestApp, type TestApp, type TestAppOptions, UNIPILE_KEY, WEBHOOK_SECRET } from "../support/app.js";
import { sentToSlack, unsafeSlackText } from "../support/slack-text-safety.js";
import { type ProxyRules, sdkWebhookList, startUnipileProxy, type UnipileProxy } from "../support/unipile-proxy.js";

const URL_OF_APP = "https://sam.example.com/unipile/webhook";
const SECRET_HEADERS = [WEBHOOK_SECRET_HEADER, "Content-Type"];

const hook = (fields: Partial<Webhook>): Webhook => ({
  id: `wh-${Math.random().toString(36).slice(2)}`,
  requestUrl: URL_OF_APP,
  source: null,
  name: null,
  enabled: true,
  accountIds: null,
  headerNames: SECRET_HEADERS,
  ...fields,
});
const oursNamed = () => WEBHOOK_SOURCES.map((source) => hook({ name: webhookName(source) }));

describe("which webhooks are ours (planRegistration)", () => {
  it("an empty list: all three sources are created", () => {
    expect(planRegistration([], URL_OF_APP).missing).toEqual(["messaging", "users", "account_status"]);
  });

  it("ours listed without `source` are recognised by their names", () => {
    expect(planRegistration(oursNamed(), URL_OF_APP)).toEqual({ missing: [], disabled: [], withoutSecret: [] });
  });

  it("ours listed with `source` and another name are recognised by the source", () => {
    const listed = WEBHOOK_SOURCES.map((source) => hook({ source, name: `renamed-${source}` }));
    expect(planRegistration(listed, URL_OF_APP).missing).toEqual([]);
  });

  it("other tools' webhooks, account-scoped or to any other URL, count for nothing", () => {
    const foreign = [
      hook({ requestUrl: "https://crm.example.com/hooks", name: webhookName("messaging"), accountIds: ["acc-1"] }),
      hook({ requestUrl: "https://sam.example.com/other", source: "users", headerNames: [] }),
      hook({ requestUrl: null, name: null, headerNames: null }),
    ];
    expect(planRegistration(foreign, URL_OF_APP).missing).toEqual(["messaging", "users", "account_status"]);
  });

  it("our URL without our secret header is not ours: its deliveries are refused, so it is reported and ours created", () => {
    const stranger = hook({ name: webhookName("users"), headerNames: ["Content-Type"] });
    const plan = planRegistration([stranger], URL_OF_APP);
    expect(plan.missing).toEqual(["messaging", "users", "account_status"]);
    expect(plan.withoutSecret).toEqual([stranger]);
  });

  it("header names compare without case; a list that shows no headers is judged by the URL alone", () => {
    const upper = WEBHOOK_SOURCES.map((source) => hook({ name: webhookName(source), headerNames: ["X-SAM-WEBHOOK-SECRET"] }));
    expect(planRegistration(upper, URL_OF_APP).missing).toEqual([]);
    const hidden = WEBHOOK_SOURCES.map((source) => hook({ name: webhookName(source), headerNames: null }));
    expect(planRegistration(hidden, URL_OF_APP).missing).toEqual([]);
  });

  it("the same URL spelled with another host case or a final slash is still ours", () => {
    const spelled = WEBHOOK_SOURCES.map((source) => hook({ name: webhookName(source), requestUrl: "https://SAM.example.com:443/unipile/webhook/" }));
    expect(planRegistration(spelled, URL_OF_APP).missing).toEqual([]);
  });

  it("ours renamed with no source listed: as many as are missing count as those, so nothing is added again", () => {
    const renamed = WEBHOOK_SOURCES.map(() => hook({ name: "renamed in the dashboard" }));
    expect(planRegistration(renamed, URL_OF_APP).missing).toEqual([]);
    // One named, one renamed: which source the renamed one carries cannot be told, so both
    // others are created (a duplicate delivers twice, which intake absorbs; a gap loses events).
    const partial = [hook({ name: webhookName("messaging") }), hook({ name: "renamed" })];
    expect(planRegistration(partial, URL_OF_APP).missing).toEqual(["users", "account_status"]);
  });

  it("a disabled webhook of ours is reported, not created again", () => {
    const listed = oursNamed();
    listed[1] = { ...listed[1]!, enabled: false };
    expect(planRegistration(listed, URL_OF_APP)).toMatchObject({ missing: [], disabled: ["users"] });
  });
});

let t: TestApp | null = null;
let proxy: UnipileProxy | null = null;
afterEach(async () => {
  await t?.stop();
  await proxy?.close();
  t = null;
  proxy = null;
});

/** The app, with the sandbox behind a proxy that follows `rules`; `prepare` runs on the sandbox first. */
async function startBehindProxy(
  rules: ProxyRules,
  options: TestAppOptions & { prepare?: (sandbox: Sandbox) => Promise<void> } = {},
): Promise<TestApp> {
  const started = await startUnipileProxy(rules);
  proxy = started;
  t = await startTestApp({
    ...options,
    unipileDsn: async (sandbox) => {
      started.target = sandbox.url;
      await options.prepare?.(sandbox);
      return started.url;
    },
  });
  return t;
}

interface Health {
  status: string;
  unipile: { reachable: boolean | null; lastAnswerAt: string | null; webhook: { state: string; error: string | null } };
}

async function health(app: TestApp) {
  const response = await request(`${app.app.url}/healthz`);
  return { status: response.statusCode, body: (await response.body.json()) as Health };
}

/** The sandbox's list as the sandbox keeps it (not through the proxy). */
async function sandboxWebhooks(sandboxUrl: string): Promise<Webhook[]> {
  const client = new UnipileClient({ baseUrl: sandboxUrl, apiKey: UNIPILE_KEY });
  try {
    return await client.listWebhooks();
  } finally {
    await client.close();
  }
}

describe("registration against Unipile", () => {
  it("registers exactly once across three restarts, beside account-scoped webhooks listed with object account_ids and no source", async () => {
    const app = await startBehindProxy(
      {
        reshape: (method, path, json) => {
          const list = sdkWebhookList(method, path, json) as { items: unknown[] };
          // Another integration's entry the client cannot read at all (a numeric account id).
          if (method === "GET" && path === "/api/v1/webhooks") list.items.push({ object: "Webhook", id: "wh-odd", account_ids: [{ id: 7 }] });
          return list;
        },
      },
      {
        // Another tool's webhooks, scoped to single accounts, already in the organisation.
        prepare: async (sandbox) => {
          const other = new UnipileClient({ baseUrl: sandbox.url, apiKey: UNIPILE_KEY });
          await other.createWebhook({ requestUrl: "https://crm.example.com/hooks/unipile", source: "messaging", accountIds: [sandbox.world.defaultAccountId] });
          await other.createWebhook({ requestUrl: "https://crm.example.com/hooks/unipile", source: "account_status", accountIds: ["acc-of-someone-else"] });
          await other.createWebhook({ requestUrl: "https://zap.example.net/catch/1", source: "users", name: "zap" });
          await other.close();
        },
      },
    );

    // The list the app reads really is the SDK's shape: object account ids and no source.
    const raw = (await (await request(`${proxy!.url}/api/v1/webhooks`, { headers: { "x-api-key": UNIPILE_KEY } })).body.json()) as {
      items: Array<Record<string, unknown>>;
    };
    expect(raw.items.some((item) => "source" in item)).toBe(false);
    expect(raw.items.flatMap((item) => item.account_ids as unknown[])).toContainEqual({
      id: app.sandbox.world.defaultAccountId,
      name: expect.any(String),
      type: "LINKEDIN",
    });

    const createdAtFirstStart = app.sandbox.stats.calls["POST /api/v1/webhooks"];
    for (let restart = 1; restart <= 3; restart++) {
      await app.restart();
      expect((await health(app)).body.unipile.webhook).toMatchObject({ state: "registered", error: null });
    }
    // Three seeded by the other tool, three by the app at its first start, none after.
    expect(createdAtFirstStart).toBe(6);
    expect(app.sandbox.stats.calls["POST /api/v1/webhooks"]).toBe(6);
    const all = await sandboxWebhooks(app.sandbox.url);
    const ours = all.filter((hook) => hook.requestUrl === `${app.app.url}/unipile/webhook`);
    expect(ours.map((hook) => hook.name).sort()).toEqual(WEBHOOK_SOURCES.map(webhookName).sort());
    expect(ours.every((hook) => hook.headerNames?.includes(WEBHOOK_SECRET_HEADER))).toBe(true);
    expect(all).toHaveLength(6);
    expect(app.sandbox.stats.calls["DELETE /api/v1/webhooks/:id"]).toBe(0);
  });

  it("two processes checking at the same moment create one set between them: the second waits for the first's lock", async () => {
    t = await startTestApp();
    const app = t;
    const before = app.sandbox.stats.calls["POST /api/v1/webhooks"];
    // The first check's list is held open in the sandbox: without the lock the second would
    // list the same empty state meanwhile and create a second set.
    const firstList = app.sandbox.faults.hold("GET /api/v1/webhooks");
    const secondList = app.sandbox.faults.hold("GET /api/v1/webhooks");
    const target = { baseUrl: "https://sam-b.example.com", secret: WEBHOOK_SECRET };
    const keepers = [keepWebhookRegistered(app.app.ctx, target), keepWebhookRegistered(app.app.ctx, target)];
    try {
      const checks = Promise.all(keepers.map((keeper) => keeper.check()));
      await firstList.arrived;
      await eventually(async () => {
        const [waiting] = await app.db.sql<{ n: number }[]>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`;
        return waiting!.n === 1;
      });
      await firstList.release();
      await secondList.arrived;
      await secondList.release();
      expect((await checks).map((status) => status.state)).toEqual(["registered", "registered"]);
    } finally {
      // Whatever happened above, no check stays held open (a release after the fact does nothing).
      void firstList.release();
      void secondList.release();
      app.sandbox.faults.dropAllHolds();
      await Promise.all(keepers.map((keeper) => keeper.stop()));
    }
    expect(app.sandbox.stats.calls["POST /api/v1/webhooks"] - before).toBe(3);
  });

  it("a failure is told once in SAM_CHANNEL (escaped) and in /healthz, through restarts; its end once, on the next check", async () => {
    let refuse = true;
    const app = await startBehindProxy({
      // Unipile refusing the list, with a title no one should see as a mention.
      answer: (method, path) =>
        refuse && method === "GET" && path === "/api/v1/webhooks"
          ? { status: 403, json: { status: 403, type: "errors/insufficient_permissions", title: "<!channel> key lacks *webhooks* & more" } }
          : undefined,
    });
    const notices = () => app.slack.messages("sam-campaigns").filter((message) => /Unipile webhook/.test(message.text ?? ""));

    const failing = await health(app);
    expect(failing.status).toBe(200);
    expect(failing.body).toMatchObject({
      status: "degraded",
      unipile: { reachable: true, webhook: { state: "failed", error: "403 errors/insufficient_permissions" } },
    });
    const [notice] = await eventually(() => (notices().length === 1 ? notices() : false));
    expect(notice!.text).toContain("not registered");
    expect(notice!.text).toContain("&lt;!channel&gt; key lacks *webhooks* &amp; more");

    await app.restart();
    await app.restart();
    expect((await health(app)).body.unipile.webhook.state).toBe("failed");
    const [queued] = await app.db.sql<{ n: number }[]>`select count(*)::int as n from slack_outbox where ordering_key = 'sam_channel'`;
    expect(queued!.n).toBe(1);

    refuse = false;
    await app.app.webhooks!.check();
    expect((await health(app)).body).toMatchObject({ status: "ok", unipile: { webhook: { state: "registered", error: null } } });
    const both = await eventually(() => (notices().length === 2 ? notices() : false));
    expect(both[1]!.text).toMatch(/^:white_check_mark: The Unipile webhook is registered/);
    await app.app.webhooks!.check();
    await app.restart();
    const [after] = await app.db.sql<{ n: number }[]>`select count(*)::int as n from slack_outbox where ordering_key = 'sam_channel'`;
    expect(after!.n).toBe(2);
    expect(unsafeSlackText(sentToSlack(app.slack))).toEqual([]);
  });

  it("a webhook of ours disabled in the dashboard is reported, not created again", async () => {
    let disableUsers = false;
    const app = await startBehindProxy({
      reshape: (method, path, json) => {
        if (!disableUsers || method !== "GET" || path !== "/api/v1/webhooks") return json;
        const list = json as { items: Array<Record<string, unknown>> };
        return { ...list, items: list.items.map((item) => (item.name === webhookName("users") ? { ...item, enabled: false } : item)) };
      },
    });
    expect((await health(app)).body.unipile.webhook.state).toBe("registered");
    const created = app.sandbox.stats.calls["POST /api/v1/webhooks"];

    disableUsers = true;
    await app.app.webhooks!.check();
    expect((await health(app)).body).toMatchObject({ status: "degraded", unipile: { webhook: { state: "disabled", error: "disabled" } } });
    expect(app.sandbox.stats.calls["POST /api/v1/webhooks"]).toBe(created);
    const notice = await eventually(() => app.slack.messages("sam-campaigns").find((message) => /disabled in Unipile/.test(message.text ?? "")));
    expect(notice.text).toContain("(users)");
  });

  it("Unipile unreachable: /healthz says so from the last call, and the webhook is reported failed", async () => {
    const app = await startBehindProxy({ answer: () => ({ status: 503, json: { status: 503, type: "errors/service_unavailable" } }) }, {
      unipile: { retry: { maxRetries: 1, minDelayMs: 1, maxDelayMs: 5 } },
    });
    const { body } = await health(app);
    expect(body).toMatchObject({
      status: "degraded",
      database: "ok",
      unipile: { reachable: false, lastFailure: "http_503", webhook: { state: "failed", error: "503 errors/service_unavailable" } },
    });
    expect(body.unipile.lastAnswerAt).toBeNull();
  });
});
