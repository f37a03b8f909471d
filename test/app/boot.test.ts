// The app boots on a real database with the worker and answers over HTTP: the health check,
// a signed `/sam help`, and 401 for anything not signed by Slack.
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { captureLogs, createLogger, setLogLevel } from "../../src/log.js";
import { createTestDatabase } from "../support/database.js";
import { startTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe("a running app", () => {
  it("answers GET /healthz with database, worker, Unipile and webhook state", async () => {
    const response = await request(`${t.app.url}/healthz`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toMatchObject({
      status: "ok",
      database: "ok",
      worker: "running",
      slack: "http",
      unipile: { mode: "configured", reachable: true, webhook: { state: "registered", error: null } },
    });
  });

  it("answers a signed /sam help with the command list, acknowledged in the response", async () => {
    const response = await t.driver.command("help");
    expect(response.status).toBe(200);
    const body = response.json as { response_type: string; text: string };
    expect(body.response_type).toBe("ephemeral");
    for (const command of ["new", "list", "status", "import", "launch", "pause", "resume", "cancel", "retry", "preview", "accounts", "export"]) {
      expect(body.text).toContain(`/sam ${command}`);
    }
  });

  it("answers an unknown subcommand with the help", async () => {
    const response = await t.driver.command("lanch c1");
    expect(response.status).toBe(200);
    expect((response.json as { text: string }).text).toMatch(/Unknown command `\/sam lanch`/);
  });

  it("refuses an unsigned request, a wrong signature and a stale timestamp with 401", async () => {
    const body = new URLSearchParams({ command: "/sam", text: "help", team_id: "T1", user_id: "U1" }).toString();
    const form = { "content-type": "application/x-www-form-urlencoded" };
    expect((await t.driver.raw(body, form)).status).toBe(401);

    const wrong = t.driver.sign(body);
    wrong["x-slack-signature"] = `v0=${"0".repeat(64)}`;
    expect((await t.driver.raw(body, { ...form, ...wrong })).status).toBe(401);

    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await t.driver.raw(body, { ...form, ...t.driver.sign(body, sixMinutesAgo) })).status).toBe(401);

    // The same body, correctly signed now, goes through: the refusals were about the signature.
    expect((await t.driver.raw(body, { ...form, ...t.driver.sign(body) })).status).toBe(200);
  });
});

describe("without Slack credentials", () => {
  it("still starts database, worker and HTTP, and says once what to set", async () => {
    const db = await createTestDatabase();
    const lines: string[] = [];
    setLogLevel("info");
    const restore = captureLogs(lines);
    try {
      const app = await startApp(loadConfig({ DATABASE_URL: db.url, PORT: "0" }), {
        clock: new Clock(new Date("2026-11-30T14:00:00Z"), 0),
        log: createLogger(),
      });
      try {
        const health = await request(`${app.url}/healthz`);
        expect(await health.body.json()).toMatchObject({
          database: "ok",
          worker: "running",
          slack: "not configured",
          unipile: { mode: "sandbox", reachable: true, webhook: { state: "registered" } },
        });
        const slackEvents = await request(`${app.url}/slack/events`, { method: "POST", body: "{}" });
        expect(slackEvents.statusCode).toBe(503);
        await slackEvents.body.dump();
      } finally {
        await app.stop();
      }
    } finally {
      restore();
      setLogLevel("warn");
      await db.drop();
    }
    const warnings = lines.map((line) => JSON.parse(line)).filter((entry) => /Slack is not configured/.test(entry.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/SLACK_BOT_TOKEN/);
    expect(warnings[0].msg).toMatch(/README/);
    // The in-process sandbox's generated key never reaches the log.
    expect(lines.join("\n")).not.toMatch(/sandbox-[0-9a-f]{24}/);
  });
});
