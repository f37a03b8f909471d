// Hosted auth in the sandbox and the client: POST /api/v1/hosted/accounts/link checked as
// Unipile documents it, the client's request and its reading of the answer, and the wizard page
// (real HTTP, as a browser uses it) creating or reconnecting an account, calling notify_url with
// { status, account_id, name } and redirecting.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInThroughWizard } from "../support/wizard.js";
import { API_KEY, type Harness, HOUR, startHarness, startReceiver } from "./helpers.js";

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  h = await startHarness();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await h.close();
});
afterEach(() => {
  h.sandbox.reset();
  receiver.received.length = 0;
});

const inAnHour = () => new Date(h.clock.nowMs() + HOUR);

function linkRequest(overrides: Record<string, unknown> = {}) {
  return {
    type: "create",
    providers: ["LINKEDIN"],
    api_url: h.sandbox.url,
    expiresOn: inAnHour().toISOString(),
    name: "ref-123",
    notify_url: receiver.url,
    success_redirect_url: "https://app.example.com/ok",
    failure_redirect_url: "https://app.example.com/ko",
    ...overrides,
  };
}

async function post(body: unknown, key: string | null = API_KEY) {
  const response = await fetch(`${h.sandbox.url}/api/v1/hosted/accounts/link`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/v1/hosted/accounts/link", () => {
  it("answers 200 { object: HostedAuthUrl, url } for a valid request", async () => {
    const { status, body } = await post(linkRequest());
    expect(status).toBe(200);
    expect(body).toEqual({ object: "HostedAuthUrl", url: expect.stringMatching(new RegExp(`^${h.sandbox.url}/hosted/wizard/[A-Za-z0-9_-]+$`)) });
  });

  it("refuses what Unipile refuses, with its error body", async () => {
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ["expiresOn without milliseconds", linkRequest({ expiresOn: "2025-03-03T10:00:00Z" }), 400, "errors/invalid_parameters"],
      ["expiresOn in the past", linkRequest({ expiresOn: new Date(h.clock.nowMs() - 1000).toISOString() }), 400, "errors/invalid_parameters"],
      ["an unknown type", linkRequest({ type: "login" }), 400, "errors/invalid_parameters"],
      ["an unknown provider", linkRequest({ providers: ["MYSPACE"] }), 400, "errors/invalid_parameters"],
      ["no api_url", linkRequest({ api_url: undefined }), 400, "errors/invalid_parameters"],
      ["an empty name", linkRequest({ name: "" }), 400, "errors/invalid_parameters"],
      ["a notify_url that is no URL", linkRequest({ notify_url: "not a url" }), 400, "errors/invalid_parameters"],
      ["reconnect without reconnect_account", linkRequest({ type: "reconnect", providers: undefined }), 400, "errors/invalid_parameters"],
      ["reconnect of an unknown account", linkRequest({ type: "reconnect", reconnect_account: "nope" }), 404, "errors/resource_not_found"],
    ];
    for (const [what, body, status, type] of cases) {
      const answer = await post(body);
      expect(answer.status, what).toBe(status);
      expect(answer.body, what).toMatchObject({ status, type, instance: "/api/v1/hosted/accounts/link" });
    }
    expect((await post(linkRequest(), null)).status).toBe(401);
    expect(h.sandbox.hostedAuth.links).toEqual([]);
  });

  it("the client sends Unipile's field names and reads the url; apiUrl is the DSN", async () => {
    expect(h.client.apiUrl).toBe(h.sandbox.url);
    const link = await h.client.createHostedAuthLink({
      type: "reconnect",
      reconnectAccountId: h.accountId,
      expiresAt: inAnHour(),
      apiUrl: h.client.apiUrl,
      name: "ref-9",
      notifyUrl: receiver.url,
      successRedirectUrl: "https://app.example.com/ok",
      failureRedirectUrl: "https://app.example.com/ko",
    });
    expect(link.url).toBe(h.sandbox.hostedAuth.links[0]!.url);
    expect(h.sandbox.stats.posts.at(-1)).toMatchObject({
      route: "POST /api/v1/hosted/accounts/link",
      contentType: "application/json",
      json: {
        type: "reconnect",
        reconnect_account: h.accountId,
        expiresOn: inAnHour().toISOString(),
        api_url: h.sandbox.url,
        name: "ref-9",
        notify_url: receiver.url,
        success_redirect_url: "https://app.example.com/ok",
        failure_redirect_url: "https://app.example.com/ko",
      },
    });
  });
});

describe("the wizard page", () => {
  it("signs in a new account, calls notify_url with CREATION_SUCCESS and the name, and redirects to success", async () => {
    const { body } = await post(linkRequest());
    const visit = await signInThroughWizard(String(body.url), { login: "Zoe.Quinn@example.com", outcome: "success" });
    expect(visit.page).toMatchObject({ status: 200 });
    expect(visit.answer).toMatchObject({ status: 303, location: "https://app.example.com/ok" });
    expect(receiver.bodies()).toEqual([{ status: "CREATION_SUCCESS", account_id: "hosted-zoe-quinn", name: "ref-123" }]);
    expect(receiver.received[0]!.headers["content-type"]).toBe("application/json");
    const account = await h.client.getAccount("hosted-zoe-quinn");
    expect(account).toMatchObject({ type: "LINKEDIN", name: "Zoe Quinn", status: "OK" });
    expect(await h.client.getOwnProfile("hosted-zoe-quinn")).toMatchObject({ firstName: "Zoe", lastName: "Quinn" });
  });

  it("reconnects a disconnected account with RECONNECTED, after which it works again", async () => {
    h.sandbox.faults.disconnect(h.accountId);
    const { body } = await post(linkRequest({ type: "reconnect", providers: undefined, reconnect_account: h.accountId }));
    const visit = await signInThroughWizard(String(body.url), { outcome: "success" });
    expect(visit.page.html).toContain("Reconnect Demo LinkedIn account");
    expect(visit.answer.location).toBe("https://app.example.com/ok");
    expect(receiver.bodies()).toEqual([{ status: "RECONNECTED", account_id: h.accountId, name: "ref-123" }]);
    expect((await h.client.getAccount(h.accountId)).status).toBe("OK");
  });

  it("a failed sign-in redirects to the failure URL and notifies nobody; the link stays usable until it expires", async () => {
    const { body } = await post(linkRequest());
    const failed = await signInThroughWizard(String(body.url), { outcome: "failure" });
    expect(failed.answer).toMatchObject({ status: 303, location: "https://app.example.com/ko" });
    expect(receiver.received).toEqual([]);
    await h.clock.advance(HOUR);
    const late = await signInThroughWizard(String(body.url), { login: "x", outcome: "success" });
    expect(late.page.status).toBe(410);
    expect(late.answer.status).toBe(410);
    expect(receiver.received).toEqual([]);
  });

  it("cannot create an account through a link whose api_url is another server, nor for a provider it does not offer", async () => {
    const elsewhere = await post(linkRequest({ api_url: "https://api1.unipile.com:13111" }));
    expect((await signInThroughWizard(String(elsewhere.body.url), { login: "y", outcome: "success" })).page.status).toBe(400);
    const mailOnly = await post(linkRequest({ providers: ["GOOGLE"] }));
    expect((await signInThroughWizard(String(mailOnly.body.url), { login: "y", outcome: "success" })).page.status).toBe(400);
    expect(receiver.received).toEqual([]);
    await expect(h.client.getAccount("hosted-y")).rejects.toMatchObject({ status: 404 });
  });

  it("escapes what it shows and answers 404 for an unknown link", async () => {
    h.sandbox.world.addAccount({ id: "acct-x", name: "<script>alert(1)</script>", publicIdentifier: "x-owner" });
    const { body } = await post(linkRequest({ type: "reconnect", providers: undefined, reconnect_account: "acct-x" }));
    const page = await fetch(String(body.url));
    expect(await page.text()).toContain("Reconnect &#60;script&#62;alert(1)&#60;/script&#62;");
    expect((await fetch(`${h.sandbox.url}/hosted/wizard/nope`)).status).toBe(404);
  });
});
